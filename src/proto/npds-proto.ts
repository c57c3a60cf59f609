/**
 * cilium/api/npds.proto: the NetworkPolicy resources NPDS serves and the service the proxylib streams
 * them from. Field names and numbers must match Cilium's; validation rules (protoc-gen-validate) are
 * not part of the wire format and live in src/policy/validate-policy.ts.
 */
export const NPDS_PROTO = `
syntax = "proto3";
package cilium;

service NetworkPolicyDiscoveryService {
  rpc StreamNetworkPolicies(stream envoy.service.discovery.v3.DiscoveryRequest)
      returns (stream envoy.service.discovery.v3.DiscoveryResponse);
  rpc FetchNetworkPolicies(envoy.service.discovery.v3.DiscoveryRequest)
      returns (envoy.service.discovery.v3.DiscoveryResponse);
}

message NetworkPolicy {
  repeated string endpoint_ips = 1;
  uint64 endpoint_id = 2;
  repeated PortNetworkPolicy ingress_per_port_policies = 3;
  repeated PortNetworkPolicy egress_per_port_policies = 4;
  reserved 5;
}

message PortNetworkPolicy {
  uint32 port = 1;
  uint32 end_port = 4;
  envoy.config.core.v3.SocketAddress.Protocol protocol = 2;
  repeated PortNetworkPolicyRule rules = 3;
}

message TLSContext {
  string trusted_ca = 1;
  string certificate_chain = 2;
  string private_key = 3;
  repeated string server_names = 4;
  string validation_context_sds_secret = 5;
  string tls_sds_secret = 6;
  repeated string alpn_protocols = 7;
}

message PortNetworkPolicyRule {
  uint32 precedence = 10;
  oneof verdict {
    uint32 pass_precedence = 1;
    bool deny = 8;
  }
  uint32 proxy_id = 9;
  string name = 5;
  repeated uint32 remote_policies = 7;
  TLSContext downstream_tls_context = 3;
  TLSContext upstream_tls_context = 4;
  repeated string server_names = 6;
  string l7_proto = 2;
  oneof l7 {
    HttpNetworkPolicyRules http_rules = 100;
    KafkaNetworkPolicyRules kafka_rules = 101;
    L7NetworkPolicyRules l7_rules = 102;
  }
}

message HttpNetworkPolicyRules {
  repeated HttpNetworkPolicyRule http_rules = 1;
}

message HeaderMatch {
  enum MatchAction {
    CONTINUE_ON_MATCH = 0;
    FAIL_ON_MATCH = 1;
    DELETE_ON_MATCH = 2;
  }
  enum MismatchAction {
    FAIL_ON_MISMATCH = 0;
    CONTINUE_ON_MISMATCH = 1;
    ADD_ON_MISMATCH = 2;
    DELETE_ON_MISMATCH = 3;
    REPLACE_ON_MISMATCH = 4;
  }
  string name = 1;
  string value = 2;
  MatchAction match_action = 3;
  MismatchAction mismatch_action = 4;
  string value_sds_secret = 5;
}

message HttpNetworkPolicyRule {
  repeated envoy.config.route.v3.HeaderMatcher headers = 1;
  repeated HeaderMatch header_matches = 2;
}

message KafkaNetworkPolicyRules {
  repeated KafkaNetworkPolicyRule kafka_rules = 1;
}

message KafkaNetworkPolicyRule {
  int32 api_version = 1;
  repeated int32 api_keys = 2;
  string client_id = 3;
  string topic = 4;
}

message L7NetworkPolicyRules {
  repeated L7NetworkPolicyRule l7_allow_rules = 1;
  repeated L7NetworkPolicyRule l7_deny_rules = 2;
}

message L7NetworkPolicyRule {
  string name = 3;
  map<string, string> rule = 1;
  repeated envoy.type.matcher.v3.MetadataMatcher metadata_rule = 2;
}

message NetworkPoliciesConfigDump {
  repeated NetworkPolicy networkpolicies = 1;
}
`;
