// The five exported functions and nothing else; each forwards to modules.cc or connections.cc. No
// exception may cross into the caller (Envoy), so each is guarded.
#include "connections.h"
#include "modules.h"
#include "proxylib/types.h"

#define FLOOR_EXPORT extern "C" __attribute__((visibility("default")))

FLOOR_EXPORT uint64_t OpenModule(GoSlice params, uint8_t /*debug: the floor does not log*/) {
  try {
    return tsproxylib::floorlib::Modules::get().open(params);
  } catch (...) {
    return 0;
  }
}

FLOOR_EXPORT void CloseModule(uint64_t id) {
  try {
    tsproxylib::floorlib::Modules::get().close(id);
  } catch (...) {
  }
}

FLOOR_EXPORT FilterResult OnNewConnection(uint64_t instance_id, GoString proto, uint64_t connection_id,
                                          uint8_t /*ingress*/, uint32_t /*src_id*/, uint32_t /*dst_id*/,
                                          GoString /*src_addr*/, GoString dst_addr, GoString policy_name,
                                          GoSlice* orig_buf, GoSlice* reply_buf) {
  try {
    return tsproxylib::floorlib::Connections::get().open(instance_id, proto, connection_id, dst_addr, policy_name,
                                                         orig_buf, reply_buf);
  } catch (...) {
    return FILTER_UNKNOWN_ERROR;
  }
}

FLOOR_EXPORT FilterResult OnData(uint64_t connection_id, uint8_t reply, uint8_t end_stream, GoSlice* data,
                                 GoSlice* filter_ops) {
  if (filter_ops == nullptr) {
    return FILTER_UNKNOWN_ERROR;
  }
  try {
    return tsproxylib::floorlib::Connections::get().onData(connection_id, reply != 0, end_stream != 0, data,
                                                           filter_ops);
  } catch (...) {
    return FILTER_UNKNOWN_ERROR;
  }
}

FLOOR_EXPORT void Close(uint64_t connection_id) {
  try {
    tsproxylib::floorlib::Connections::get().close(connection_id);
  } catch (...) {
  }
}
