#include "connection_selector.h"

namespace tsproxylib::filter {
namespace {

using json = nlohmann::json;

const char* const kFields[] = {"l7_proto",        "ingress",        "policy_name",        "source_identity",
                               "destination_identity", "source_address", "destination_address"};

ValueSource field(const json& j, const char* name, ValueSource fallback) {
  const auto it = j.find(name);
  return it == j.end() ? fallback : ValueSource::parse(*it, std::string("connection.") + name);
}

// A literal that could never convert would reject every connection: refuse the config instead.
template <class Parse> void checkLiteral(const ValueSource& s, const char* name, Parse parse, const char* expected) {
  if (s.isLiteral() && !parse(*s.resolve({}))) {
    throw ConfigError(std::string("connection.") + name + ": expected " + expected);
  }
}

} // namespace

std::optional<bool> parseIngress(const std::string& text) {
  if (text == "true" || text == "1" || text == "ingress") {
    return true;
  }
  if (text == "false" || text == "0" || text == "egress") {
    return false;
  }
  return std::nullopt;
}

std::optional<uint32_t> parseIdentity(const std::string& text) {
  if (text.empty() || text.size() > 10) {
    return std::nullopt;
  }
  uint64_t v = 0;
  for (char c : text) {
    if (c < '0' || c > '9') {
      return std::nullopt;
    }
    v = v * 10 + static_cast<uint64_t>(c - '0');
  }
  if (v > UINT32_MAX) {
    return std::nullopt;
  }
  return static_cast<uint32_t>(v);
}

ConnectionSelector::ConnectionSelector()
    : l7_proto_(ValueSource::literal("")), ingress_(ValueSource::literal("true")),
      source_identity_(ValueSource::literal("0")), destination_identity_(ValueSource::literal("0")),
      source_address_(ValueSource::from("remote_address")),
      destination_address_(ValueSource::from("local_address")) {}

ConnectionSelector ConnectionSelector::parse(const json& j) {
  if (!j.is_object()) {
    throw ConfigError("connection: expected an object");
  }
  for (const auto& [key, value] : j.items()) {
    bool known = false;
    for (const char* f : kFields) {
      known = known || key == f;
    }
    if (!known) {
      throw ConfigError("connection: unknown field \"" + key + "\"");
    }
  }
  if (!j.contains("l7_proto")) {
    throw ConfigError("connection.l7_proto: required (the parser name)");
  }
  ConnectionSelector s;
  s.l7_proto_ = field(j, "l7_proto", s.l7_proto_);
  s.ingress_ = field(j, "ingress", s.ingress_);
  if (j.contains("policy_name")) {
    s.policy_name_ = ValueSource::parse(j.at("policy_name"), "connection.policy_name");
  }
  s.source_identity_ = field(j, "source_identity", s.source_identity_);
  s.destination_identity_ = field(j, "destination_identity", s.destination_identity_);
  s.source_address_ = field(j, "source_address", s.source_address_);
  s.destination_address_ = field(j, "destination_address", s.destination_address_);
  checkLiteral(s.l7_proto_, "l7_proto", [](const std::string& t) { return !t.empty(); }, "a parser name");
  checkLiteral(s.ingress_, "ingress", parseIngress, "true/false (or \"ingress\"/\"egress\")");
  checkLiteral(s.source_identity_, "source_identity", parseIdentity, "a uint32 identity");
  checkLiteral(s.destination_identity_, "destination_identity", parseIdentity, "a uint32 identity");
  return s;
}

std::optional<ConnectionInfo> ConnectionSelector::select(const ConnectionFacts& facts, std::string* why) const {
  auto fail = [why](const std::string& what) {
    *why = what;
    return std::nullopt;
  };
  ConnectionInfo info;
  const auto proto = l7_proto_.resolve(facts);
  if (!proto || proto->empty()) {
    return fail("no l7_proto for this connection");
  }
  info.proto = *proto;
  const auto ingress_text = ingress_.resolve(facts);
  const auto ingress = ingress_text ? parseIngress(*ingress_text) : std::nullopt;
  if (!ingress) {
    return fail("no ingress flag for this connection");
  }
  info.ingress = *ingress;
  const ValueSource policy = policy_name_ ? *policy_name_ : ValueSource::from(info.ingress ? "local_ip" : "remote_ip");
  const auto policy_name = policy.resolve(facts);
  if (!policy_name) {
    return fail("no policy_name for this connection");
  }
  info.policy_name = *policy_name;
  const auto src_text = source_identity_.resolve(facts);
  const auto src_id = src_text ? parseIdentity(*src_text) : std::nullopt;
  if (!src_id) {
    return fail("no source_identity for this connection");
  }
  info.src_id = *src_id;
  const auto dst_text = destination_identity_.resolve(facts);
  const auto dst_id = dst_text ? parseIdentity(*dst_text) : std::nullopt;
  if (!dst_id) {
    return fail("no destination_identity for this connection");
  }
  info.dst_id = *dst_id;
  const auto src_addr = source_address_.resolve(facts);
  const auto dst_addr = destination_address_.resolve(facts);
  if (!src_addr || !dst_addr) {
    return fail("no source or destination address for this connection");
  }
  info.src_addr = *src_addr;
  info.dst_addr = *dst_addr;
  return info;
}

} // namespace tsproxylib::filter
