// The "connection" object of the filter config: how each connection's OnNewConnection arguments are
// chosen. Every field is a ValueSource (value_source.h):
//
//   "connection": {
//     "l7_proto": "r2d2",                        required: the parser
//     "ingress": true,                           default true
//     "policy_name": {"from": "local_ip"},       default: local_ip on ingress, remote_ip on egress
//     "source_identity": 1,                      default 0
//     "destination_identity": 173,               default 0
//     "source_address": ...,                     default {"from": "remote_address"}
//     "destination_address": ...                 default {"from": "local_address"}
//   }
//
// The defaults follow cilium-envoy, where the policy name is the pod IP and the addresses are the peer
// and the original destination.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "connection.h"
#include "value_source.h"

namespace tsproxylib::filter {

class ConnectionSelector {
public:
  // Throws ConfigError.
  static ConnectionSelector parse(const nlohmann::json& j);

  // The arguments for this connection, or nullopt with `why` naming the field that had no value.
  std::optional<ConnectionInfo> select(const ConnectionFacts& facts, std::string* why) const;

private:
  ConnectionSelector();

  ValueSource l7_proto_;
  ValueSource ingress_;
  std::optional<ValueSource> policy_name_;
  ValueSource source_identity_;
  ValueSource destination_identity_;
  ValueSource source_address_;
  ValueSource destination_address_;
};

// "true"/"1"/"ingress" and "false"/"0"/"egress".
std::optional<bool> parseIngress(const std::string& text);
// A decimal uint32.
std::optional<uint32_t> parseIdentity(const std::string& text);

} // namespace tsproxylib::filter
