#include "connection_selector.h"

#include <map>

#include "test/check.h"

namespace tsproxylib::filter {
namespace {

using json = nlohmann::json;

ConnectionFacts facts(std::map<std::string, std::string> state = {}) {
  ConnectionFacts f;
  f.local = Endpoint{"10.0.0.5", 8080};
  f.remote = Endpoint{"192.168.1.7", 40000};
  f.filter_state = [state](const std::string& key) -> std::optional<std::string> {
    const auto it = state.find(key);
    return it == state.end() ? std::nullopt : std::optional(it->second);
  };
  return f;
}

bool throwsConfigError(const json& j) {
  try {
    ConnectionSelector::parse(j);
  } catch (const ConfigError&) {
    return true;
  }
  return false;
}

TEST(selectorStaticFieldsAndCiliumDefaults) {
  const auto s = ConnectionSelector::parse(json::parse(R"({"l7_proto": "test.passer", "source_identity": 1,
                                                          "destination_identity": 173})"));
  std::string why;
  const auto info = s.select(facts(), &why);
  CHECK(info.has_value());
  CHECK_EQ(info->proto, "test.passer");
  CHECK(info->ingress);
  CHECK_EQ(info->src_id, 1u);
  CHECK_EQ(info->dst_id, 173u);
  CHECK_EQ(info->policy_name, "10.0.0.5"); // ingress: the local endpoint is the pod
  CHECK_EQ(info->src_addr, "192.168.1.7:40000");
  CHECK_EQ(info->dst_addr, "10.0.0.5:8080");
}

TEST(selectorEgressPolicyIsTheRemoteSide) {
  const auto s = ConnectionSelector::parse(json::parse(R"({"l7_proto": "r2d2", "ingress": "egress"})"));
  std::string why;
  CHECK_EQ(s.select(facts(), &why)->policy_name, "192.168.1.7");
}

TEST(selectorDerivesFromAddressesAndFilterState) {
  const auto s = ConnectionSelector::parse(json::parse(R"({
    "l7_proto": {"from": "filter_state", "key": "proto", "default": "test.passer"},
    "source_identity": {"from": "remote_ip", "cidr": {"192.168.0.0/16": 1001, "192.168.1.0/24": 1002}, "default": 2},
    "destination_identity": {"from": "local_port", "map": {"8080": 173}},
    "policy_name": {"from": "filter_state", "key": "pod"}
  })"));
  std::string why;
  auto info = s.select(facts({{"proto", "test.lineparser"}, {"pod", "web-1"}}), &why);
  CHECK(info.has_value());
  CHECK_EQ(info->proto, "test.lineparser");
  CHECK_EQ(info->src_id, 1002u);
  CHECK_EQ(info->dst_id, 173u);
  CHECK_EQ(info->policy_name, "web-1");
  // No policy name in filter state and no default: the connection is refused, with the reason.
  info = s.select(facts({{"proto", "x"}}), &why);
  CHECK(!info.has_value());
  CHECK_EQ(why, "no policy_name for this connection");
}

TEST(selectorUnmappedValueFallsBackToDefault) {
  const auto s = ConnectionSelector::parse(json::parse(R"({"l7_proto": "p",
      "source_identity": {"from": "remote_ip", "cidr": {"10.0.0.0/8": 5}, "default": 2}})"));
  std::string why;
  CHECK_EQ(s.select(facts(), &why)->src_id, 2u);
}

TEST(selectorIPv6AddressesAreBracketed) {
  const auto s = ConnectionSelector::parse(json::parse(R"({"l7_proto": "p"})"));
  ConnectionFacts f = facts();
  f.local = Endpoint{"::1", 80};
  std::string why;
  const auto info = s.select(f, &why);
  CHECK_EQ(info->dst_addr, "[::1]:80");
  CHECK_EQ(info->policy_name, "::1");
}

TEST(selectorRejectsBadConfig) {
  CHECK(throwsConfigError(json::parse(R"({})")));
  CHECK(throwsConfigError(json::parse(R"({"l7_proto": ""})")));
  CHECK(throwsConfigError(json::parse(R"({"l7_proto": "p", "ingress": "sideways"})")));
  CHECK(throwsConfigError(json::parse(R"({"l7_proto": "p", "source_identity": -1})")));
  CHECK(throwsConfigError(json::parse(R"({"l7_proto": "p", "source_identity": 4294967296})")));
  CHECK(throwsConfigError(json::parse(R"({"l7_proto": "p", "colour": 1})")));
  CHECK(throwsConfigError(json::parse(R"({"l7_proto": {"from": "moon"}})")));
  CHECK(throwsConfigError(json::parse(R"({"l7_proto": {"from": "filter_state"}})")));
  CHECK(throwsConfigError(json::parse(R"({"l7_proto": "p", "source_identity": {"from": "local_port", "cidr": {}}})")));
  CHECK(throwsConfigError(json::parse(R"({"l7_proto": "p", "source_identity": {"from": "remote_ip", "cidr": {"x/8": 1}}})")));
}

} // namespace
} // namespace tsproxylib::filter
