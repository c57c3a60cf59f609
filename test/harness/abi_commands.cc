// Raw ABI commands: each is one call of an exported function with exactly the arguments the request
// gives, so tests see the library's own answers without the Envoy algorithm in between.
#include <cstring>

#include "close_counter.h"
#include "hex.h"
#include "session.h"

namespace tsproxylib::harness {
namespace {

std::string injected(const GoSlice& buf) {
  if (buf.len < 0 || buf.len > buf.cap) {
    throw HarnessError("library left an inject buffer length outside [0, cap]");
  }
  return toHex(std::string_view(static_cast<const char*>(buf.data), static_cast<size_t>(buf.len)));
}

} // namespace

json Session::openModule(const json& req) {
  filter::ModuleParams params;
  if (req.contains("params") && !req["params"].is_null()) {
    for (const json& pair : requireArray(req, "params")) {
      if (!pair.is_array() || pair.size() != 2 || !pair[0].is_string() || !pair[1].is_string()) {
        throw HarnessError("params must be a list of [key, value] string pairs");
      }
      params.emplace_back(pair[0].get<std::string>(), pair[1].get<std::string>());
    }
  }
  const uint64_t id = library().openModule(params, optionalBool(req, "debug", false));
  return json{{"id", decimal(id)}};
}

json Session::closeModule(const json& req) {
  library().closeModule(requireU64(req, "id"));
  return json{{"ok", true}};
}

json Session::newConnection(const json& req) {
  const filter::Library& lib = library();
  const uint64_t module = requireU64(req, "module");
  const uint64_t id = requireU64(req, "conn");
  const filter::ConnectionInfo info = connectionInfo(req);
  const size_t buf_size = optionalU64(req, "bufSize", filter::Connection::kDefaultInjectCapacity);

  auto rc = std::make_unique<RawConnection>();
  rc->orig_mem.resize(buf_size);
  rc->reply_mem.resize(buf_size);
  rc->orig = GoSlice{rc->orig_mem.data(), 0, static_cast<GoInt>(buf_size)};
  rc->reply = GoSlice{rc->reply_mem.data(), 0, static_cast<GoInt>(buf_size)};
  rc->thread = callerThread();
  const FilterResult res = lib.onNewConnection(module, info.proto, id, info.ingress, info.src_id, info.dst_id,
                                               info.src_addr, info.dst_addr, info.policy_name, &rc->orig, &rc->reply);
  if (res == FILTER_OK) {
    // The library now points at these buffers until Close. A duplicate id replaced the library's old
    // entry, so the old buffers are no longer referenced.
    std::lock_guard<std::mutex> lock(mutex_);
    raw_[id] = std::move(rc);
  }
  return json{{"result", res}};
}

json Session::onData(const json& req) {
  const filter::Library& lib = library();
  const uint64_t id = requireU64(req, "conn");
  const bool reply = optionalBool(req, "reply", false);
  const bool end = optionalBool(req, "end", false);
  const size_t ops_cap = optionalU64(req, "opsCap", filter::Connection::kDefaultOpsCapacity);

  std::vector<std::string> bytes;
  if (req.contains("slices")) {
    for (const json& s : requireArray(req, "slices")) {
      if (!s.is_string()) {
        throw HarnessError("slices must be hex strings");
      }
      bytes.push_back(fromHex(s.get<std::string>()));
    }
  }
  std::vector<GoSlice> slices;
  for (std::string& b : bytes) {
    slices.push_back(GoSlice{b.data(), static_cast<GoInt>(b.size()), static_cast<GoInt>(b.size())});
  }
  GoSlice input{slices.data(), static_cast<GoInt>(slices.size()), static_cast<GoInt>(slices.size())};
  std::vector<FilterOp> ops(ops_cap);
  GoSlice ops_header{ops.data(), 0, static_cast<GoInt>(ops_cap)};

  RawConnection* rc = nullptr;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = raw_.find(id);
    rc = it == raw_.end() ? nullptr : it->second.get();
  }
  const FilterResult res = lib.onData(id, reply, end, &input, &ops_header);

  if (ops_header.data != ops.data() || ops_header.cap != static_cast<GoInt>(ops_cap) || ops_header.len < 0 ||
      ops_header.len > ops_header.cap) {
    throw HarnessError("library broke the op array header (data, cap or len)");
  }
  json out_ops = json::array();
  for (GoInt i = 0; i < ops_header.len; ++i) {
    out_ops.push_back(json::array({ops[static_cast<size_t>(i)].op, ops[static_cast<size_t>(i)].n_bytes}));
  }
  json response{{"result", res}, {"ops", std::move(out_ops)}, {"orig", ""}, {"reply", ""}};
  if (rc != nullptr) {
    if (rc->orig.data != rc->orig_mem.data() || rc->reply.data != rc->reply_mem.data() ||
        rc->orig.cap != static_cast<GoInt>(rc->orig_mem.size()) ||
        rc->reply.cap != static_cast<GoInt>(rc->reply_mem.size())) {
      throw HarnessError("library changed an inject buffer's data pointer or capacity");
    }
    response["orig"] = injected(rc->orig);
    response["reply"] = injected(rc->reply);
  }
  return response;
}

json Session::clearBuf(const json& req) {
  const uint64_t id = requireU64(req, "conn");
  const std::string which = requireString(req, "which");
  if (which != "orig" && which != "reply") {
    throw HarnessError("which must be \"orig\" or \"reply\"");
  }
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = raw_.find(id);
  if (it == raw_.end()) {
    throw HarnessError("unknown raw connection " + decimal(id));
  }
  (which == "orig" ? it->second->orig : it->second->reply).len = 0;
  return json{{"ok", true}};
}

json Session::close(const json& req) {
  const filter::Library& lib = library();
  const uint64_t id = requireU64(req, "conn");
  // Close is called even for ids the harness does not know, to test that the library ignores them.
  lib.close(id);
  std::unique_ptr<RawConnection> freed;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = raw_.find(id);
    if (it != raw_.end()) {
      freed = std::move(it->second); // the library forgot the buffers in Close
      raw_.erase(it);
    }
  }
  return json{{"ok", true}, {"closeCalls", closeCalls(id)}};
}

} // namespace tsproxylib::harness
