/**
 * The google.* messages the xDS protocol carries (google/protobuf/any.proto, google/rpc/status.proto,
 * google/protobuf/wrappers.proto for UInt32Value). Field names and numbers are the wire contract.
 */
export const GOOGLE_PROTOS = `
syntax = "proto3";
package google.protobuf;

message Any {
  string type_url = 1;
  bytes value = 2;
}

message UInt32Value {
  uint32 value = 1;
}
`;

export const GOOGLE_RPC_PROTO = `
syntax = "proto3";
package google.rpc;

message Status {
  int32 code = 1;
  string message = 2;
  repeated google.protobuf.Any details = 3;
}
`;
