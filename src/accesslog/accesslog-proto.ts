/**
 * cilium/api/accesslog.proto, the messages the proxylib sends to Cilium's access-log socket (one
 * serialized LogEntry per SOCK_SEQPACKET packet). Field names and numbers must match Cilium's.
 * Kept as a string so the bundle needs no file loader.
 */
export const ACCESSLOG_PROTO = `
syntax = "proto3";
package cilium;

enum HttpProtocol {
  HTTP10 = 0;
  HTTP11 = 1;
  HTTP2 = 2;
}

enum EntryType {
  Request = 0;
  Response = 1;
  Denied = 2;
}

message KeyValue {
  string key = 1;
  string value = 2;
}

message HttpLogEntry {
  HttpProtocol http_protocol = 1;
  string scheme = 2;
  string host = 3;
  string path = 4;
  string method = 5;
  repeated KeyValue headers = 6;
  uint32 status = 7;
  repeated KeyValue missing_headers = 8;
  repeated KeyValue rejected_headers = 9;
}

message KafkaLogEntry {
  int32 correlation_id = 1;
  int32 error_code = 2;
  int32 api_version = 3;
  int32 api_key = 4;
  repeated string topics = 5;
}

message L7LogEntry {
  string proto = 1;
  map<string, string> fields = 2;
}

message LogEntry {
  uint64 timestamp = 1;
  bool is_ingress = 15;
  EntryType entry_type = 3;
  string policy_name = 4;
  uint32 proxy_id = 17;
  string cilium_rule_ref = 5;
  uint32 source_security_id = 6;
  uint32 destination_security_id = 16;
  string source_address = 7;
  string destination_address = 8;
  oneof l7 {
    HttpLogEntry http = 100;
    KafkaLogEntry kafka = 101;
    L7LogEntry generic_l7 = 102;
  }
}
`;
