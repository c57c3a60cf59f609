// Envoy-algorithm commands: the connection is driven through filter::Connection exactly as
// cilium-envoy drives it, and the answers say what reached each peer.
#include "close_counter.h"
#include "filter_glue.h"
#include "hex.h"
#include "session.h"

namespace tsproxylib::harness {

json Session::envoyConnect(const json& req) {
  const filter::Library& lib = library();
  const uint64_t module = requireU64(req, "module");
  const uint64_t id = requireU64(req, "conn");
  const filter::ConnectionInfo info = connectionInfo(req);
  const size_t buf_size = optionalU64(req, "bufSize", filter::Connection::kDefaultInjectCapacity);
  const size_t ops_cap = optionalU64(req, "opsCap", filter::Connection::kDefaultOpsCapacity);
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (envoy_.count(id) != 0) {
      throw HarnessError("envoy connection " + decimal(id) + " already exists");
    }
  }
  auto conn = std::make_unique<filter::Connection>(lib, module, id, buf_size, ops_cap);
  const FilterResult res = conn->open(info);
  if (res == FILTER_OK) {
    std::lock_guard<std::mutex> lock(mutex_);
    envoy_[id] = EnvoyConnection{std::move(conn), callerThread()};
  }
  return json{{"result", res}};
}

json Session::envoyData(const json& req) {
  const uint64_t id = requireU64(req, "conn");
  const bool reply = optionalBool(req, "reply", false);
  const bool end = optionalBool(req, "end", false);
  const std::string bytes = fromHex(optionalString(req, "data", ""));
  filter::Connection* conn = nullptr;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = envoy_.find(id);
    if (it == envoy_.end()) {
      throw HarnessError("unknown envoy connection " + decimal(id));
    }
    conn = it->second.conn.get();
  }
  if (!conn->isOpen()) {
    return json{{"ok", false}, {"out", ""}, {"reverse", ""}, {"closed", true}, {"reason", conn->error()}};
  }
  const IoOutcome outcome = deliver(*conn, reply, bytes, end);
  json response{{"ok", outcome.result == FILTER_OK},
                {"out", toHex(outcome.out)},
                {"reverse", toHex(outcome.reverse)},
                {"closed", !conn->isOpen()}};
  if (outcome.result != FILTER_OK) {
    response["reason"] = conn->error();
  }
  return response;
}

json Session::envoyClose(const json& req) {
  const uint64_t id = requireU64(req, "conn");
  std::unique_ptr<filter::Connection> doomed;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = envoy_.find(id);
    if (it == envoy_.end()) {
      throw HarnessError("unknown envoy connection " + decimal(id));
    }
    doomed = std::move(it->second.conn);
    envoy_.erase(it);
  }
  doomed.reset(); // Close, if the connection is still open
  return json{{"ok", true}, {"closeCalls", closeCalls(id)}};
}

} // namespace tsproxylib::harness
