#include "value_source.h"

namespace tsproxylib::filter {
namespace {

using json = nlohmann::json;

bool isIpSource(const std::string& from) { return from == "local_ip" || from == "remote_ip"; }

} // namespace

std::string Endpoint::hostPort() const {
  const bool v6 = ip.find(':') != std::string::npos;
  return (v6 ? "[" + ip + "]" : ip) + ":" + std::to_string(port);
}

std::string scalarText(const json& j, const std::string& field) {
  if (j.is_string()) {
    return j.get<std::string>();
  }
  if (j.is_number_unsigned() || (j.is_number_integer() && j.get<int64_t>() >= 0)) {
    return std::to_string(j.get<uint64_t>());
  }
  if (j.is_boolean()) {
    return j.get<bool>() ? "true" : "false";
  }
  throw ConfigError(field + ": expected a string, a non-negative integer or a boolean");
}

ValueSource ValueSource::literal(std::string value) {
  ValueSource s;
  s.literal_ = std::move(value);
  return s;
}

ValueSource ValueSource::from(const std::string& what) { return parse(json{{"from", what}}, what); }

ValueSource ValueSource::parse(const json& j, const std::string& field) {
  if (!j.is_object()) {
    return literal(scalarText(j, field));
  }
  static const std::map<std::string, From> kFrom = {
      {"local_ip", From::LocalIp},           {"remote_ip", From::RemoteIp},
      {"local_port", From::LocalPort},       {"remote_port", From::RemotePort},
      {"local_address", From::LocalAddress}, {"remote_address", From::RemoteAddress},
      {"filter_state", From::FilterState},
  };
  ValueSource s;
  for (const auto& [key, value] : j.items()) {
    if (key != "from" && key != "key" && key != "cidr" && key != "map" && key != "default") {
      throw ConfigError(field + ": unknown key \"" + key + "\"");
    }
  }
  const auto from = j.find("from");
  if (from == j.end() || !from->is_string() || kFrom.count(from->get<std::string>()) == 0) {
    throw ConfigError(field + ".from: expected one of local_ip, remote_ip, local_port, remote_port, local_address, "
                              "remote_address, filter_state");
  }
  const std::string from_name = from->get<std::string>();
  s.from_ = kFrom.at(from_name);
  if (s.from_ == From::FilterState) {
    const auto key = j.find("key");
    if (key == j.end() || !key->is_string() || key->get<std::string>().empty()) {
      throw ConfigError(field + ".key: filter_state needs a non-empty key");
    }
    s.key_ = key->get<std::string>();
  } else if (j.contains("key")) {
    throw ConfigError(field + ".key: only filter_state takes a key");
  }
  if (const auto cidr = j.find("cidr"); cidr != j.end()) {
    if (!isIpSource(from_name) || !cidr->is_object()) {
      throw ConfigError(field + ".cidr: an object of prefixes, only for local_ip or remote_ip");
    }
    for (const auto& [prefix, value] : cidr->items()) {
      const auto parsed = Cidr::parse(prefix);
      if (!parsed) {
        throw ConfigError(field + ".cidr: \"" + prefix + "\" is not an IP prefix");
      }
      s.cidr_.add(*parsed, scalarText(value, field + ".cidr[\"" + prefix + "\"]"));
    }
  }
  if (const auto map = j.find("map"); map != j.end()) {
    if (!map->is_object()) {
      throw ConfigError(field + ".map: expected an object");
    }
    for (const auto& [text, value] : map->items()) {
      s.map_[text] = scalarText(value, field + ".map[\"" + text + "\"]");
    }
  }
  if (const auto d = j.find("default"); d != j.end()) {
    s.default_ = scalarText(*d, field + ".default");
  }
  return s;
}

std::optional<std::string> ValueSource::resolve(const ConnectionFacts& facts) const {
  std::optional<std::string> value = raw(facts);
  if (value) {
    value = mapped(*value);
  }
  return value ? value : default_;
}

std::optional<std::string> ValueSource::raw(const ConnectionFacts& facts) const {
  switch (from_) {
  case From::Literal:
    return literal_;
  case From::LocalIp:
    return facts.local ? std::optional(facts.local->ip) : std::nullopt;
  case From::RemoteIp:
    return facts.remote ? std::optional(facts.remote->ip) : std::nullopt;
  case From::LocalPort:
    return facts.local ? std::optional(std::to_string(facts.local->port)) : std::nullopt;
  case From::RemotePort:
    return facts.remote ? std::optional(std::to_string(facts.remote->port)) : std::nullopt;
  case From::LocalAddress:
    return facts.local ? std::optional(facts.local->hostPort()) : std::nullopt;
  case From::RemoteAddress:
    return facts.remote ? std::optional(facts.remote->hostPort()) : std::nullopt;
  case From::FilterState:
    return facts.filter_state ? facts.filter_state(key_) : std::nullopt;
  }
  return std::nullopt;
}

// With a cidr table or a map, only mapped values count: an address outside every prefix is "no value".
std::optional<std::string> ValueSource::mapped(const std::string& raw) const {
  if (cidr_.empty() && map_.empty()) {
    return raw;
  }
  if (!map_.empty()) {
    if (const auto it = map_.find(raw); it != map_.end()) {
      return it->second;
    }
  }
  if (!cidr_.empty()) {
    if (const auto ip = parseIp(raw)) {
      return cidr_.lookup(*ip);
    }
  }
  return std::nullopt;
}

} // namespace tsproxylib::filter
