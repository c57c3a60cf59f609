/**
 * The Envoy and xDS messages NPDS needs: the state-of-the-world discovery request and response, the
 * Node that identifies the client, SocketAddress.Protocol (the protocol of a port policy) and the
 * matcher messages a NetworkPolicy may embed (HTTP header matchers and metadata matchers). Only what
 * the proxylib sends or may receive is declared; field names and numbers are Envoy's wire contract,
 * so a message with fields declared here round-trips unchanged, and unknown fields are skipped.
 */
export const ENVOY_CORE_PROTO = `
syntax = "proto3";
package envoy.config.core.v3;

message Node {
  string id = 1;
  string cluster = 2;
  string user_agent_name = 6;
}

message ControlPlane {
  string identifier = 1;
}

message SocketAddress {
  enum Protocol {
    TCP = 0;
    UDP = 1;
  }
}

message TypedExtensionConfig {
  string name = 1;
  google.protobuf.Any typed_config = 2;
}
`;

export const ENVOY_DISCOVERY_PROTO = `
syntax = "proto3";
package envoy.service.discovery.v3;

message DiscoveryRequest {
  string version_info = 1;
  envoy.config.core.v3.Node node = 2;
  repeated string resource_names = 3;
  string type_url = 4;
  string response_nonce = 5;
  google.rpc.Status error_detail = 6;
}

message DiscoveryResponse {
  string version_info = 1;
  repeated google.protobuf.Any resources = 2;
  bool canary = 3;
  string type_url = 4;
  string nonce = 5;
  envoy.config.core.v3.ControlPlane control_plane = 6;
}
`;

export const ENVOY_TYPE_PROTO = `
syntax = "proto3";
package envoy.type.v3;

message Int64Range {
  int64 start = 1;
  int64 end = 2;
}

message DoubleRange {
  double start = 1;
  double end = 2;
}
`;

export const ENVOY_MATCHER_PROTO = `
syntax = "proto3";
package envoy.type.matcher.v3;

message RegexMatcher {
  message GoogleRE2 {
    google.protobuf.UInt32Value max_program_size = 1;
  }
  oneof engine_type {
    GoogleRE2 google_re2 = 1;
  }
  string regex = 2;
}

message StringMatcher {
  oneof match_pattern {
    string exact = 1;
    string prefix = 2;
    string suffix = 3;
    RegexMatcher safe_regex = 5;
    string contains = 7;
    envoy.config.core.v3.TypedExtensionConfig custom = 8;
  }
  bool ignore_case = 6;
}

message DoubleMatcher {
  oneof match_pattern {
    envoy.type.v3.DoubleRange range = 1;
    double exact = 2;
  }
}

message ValueMatcher {
  message NullMatch {}
  oneof match_pattern {
    NullMatch null_match = 1;
    DoubleMatcher double_match = 2;
    StringMatcher string_match = 3;
    bool bool_match = 4;
    bool present_match = 5;
    ListMatcher list_match = 6;
    OrMatcher or_match = 7;
  }
}

message ListMatcher {
  oneof match_pattern {
    ValueMatcher one_of = 1;
  }
}

message OrMatcher {
  repeated ValueMatcher value_matchers = 1;
}

message MetadataMatcher {
  message PathSegment {
    oneof segment {
      string key = 1;
    }
  }
  string filter = 1;
  repeated PathSegment path = 2;
  ValueMatcher value = 3;
  bool invert = 4;
}
`;

export const ENVOY_ROUTE_PROTO = `
syntax = "proto3";
package envoy.config.route.v3;

message HeaderMatcher {
  string name = 1;
  oneof header_match_specifier {
    string exact_match = 4;
    envoy.type.matcher.v3.RegexMatcher safe_regex_match = 11;
    envoy.type.v3.Int64Range range_match = 6;
    bool present_match = 7;
    string prefix_match = 9;
    string suffix_match = 10;
    string contains_match = 12;
    envoy.type.matcher.v3.StringMatcher string_match = 13;
  }
  bool invert_match = 8;
  bool treat_missing_header_as_empty = 14;
}
`;
