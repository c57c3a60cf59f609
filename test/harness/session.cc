#include "session.h"

#include <cstdint>

#include "close_counter.h"

namespace tsproxylib::harness {

size_t callerThread() {
  const size_t index = Workers::currentIndex();
  return index == SIZE_MAX ? 0 : index;
}

filter::ConnectionInfo connectionInfo(const json& req) {
  filter::ConnectionInfo info;
  info.proto = requireString(req, "proto");
  info.ingress = optionalBool(req, "ingress", true);
  info.src_id = static_cast<uint32_t>(optionalU64(req, "srcId", 0));
  info.dst_id = static_cast<uint32_t>(optionalU64(req, "dstId", 0));
  info.src_addr = optionalString(req, "srcAddr", "");
  info.dst_addr = optionalString(req, "dstAddr", "");
  info.policy_name = optionalString(req, "policyName", "");
  return info;
}

Session::~Session() { access_log_.stop(); }

json Session::handle(const json& request) {
  try {
    if (!request.is_object()) {
      throw HarnessError("a request must be a JSON object");
    }
    return dispatch(requireString(request, "cmd"), request);
  } catch (const std::exception& e) {
    return json{{"error", e.what()}};
  }
}

json Session::dispatch(const std::string& cmd, const json& req) {
  using Handler = json (Session::*)(const json&);
  static const std::unordered_map<std::string, Handler> kHandlers = {
      {"load", &Session::load},
      {"openModule", &Session::openModule},
      {"closeModule", &Session::closeModule},
      {"newConnection", &Session::newConnection},
      {"onData", &Session::onData},
      {"clearBuf", &Session::clearBuf},
      {"close", &Session::close},
      {"control", &Session::control},
      {"closeCalls", &Session::closeCallsOf},
      {"envoyConnect", &Session::envoyConnect},
      {"envoyData", &Session::envoyData},
      {"envoyClose", &Session::envoyClose},
      {"accessLogServe", &Session::accessLogServe},
      {"accessLogTake", &Session::accessLogTake},
      {"accessLogStop", &Session::accessLogStop},
      {"accessLogSend", &Session::accessLogSend},
  };
  if (cmd == "quit") {
    return json{{"ok", true}};
  }
  if (cmd == "parallel") {
    throw HarnessError("parallel cannot be nested");
  }
  auto it = kHandlers.find(cmd);
  if (it == kHandlers.end()) {
    throw HarnessError("unknown cmd '" + cmd + "'");
  }
  return (this->*(it->second))(req);
}

const filter::Library& Session::library() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!library_) {
    throw HarnessError("no library loaded (send load first)");
  }
  return *library_;
}

json Session::load(const json& req) {
  const std::string path = requireString(req, "lib");
  std::lock_guard<std::mutex> lock(mutex_);
  if (library_) {
    throw HarnessError("a library is already loaded: " + library_->path());
  }
  auto lib = std::make_unique<filter::Library>(path);
  installCloseCounter(*lib);
  library_ = std::move(lib);
  return json{{"ok", true}, {"testControl", library_->hasTestControl()}};
}

json Session::control(const json& req) {
  const uint64_t module = requireU64(req, "module");
  auto it = req.find("request");
  if (it == req.end()) {
    throw HarnessError("missing field 'request'");
  }
  const std::string answer = library().testControl(module, it->dump());
  json parsed = json::parse(answer, nullptr, false);
  if (parsed.is_discarded()) {
    return json{{"error", "ProxylibTestControl answered with invalid JSON"}, {"raw", answer}};
  }
  return json{{"answer", std::move(parsed)}};
}

json Session::closeCallsOf(const json& req) {
  return json{{"closeCalls", closeCalls(requireU64(req, "conn"))}};
}

void Session::shutdown(Workers& workers) {
  std::unordered_map<uint64_t, EnvoyConnection> envoy;
  std::unordered_map<uint64_t, std::unique_ptr<RawConnection>> raw;
  const filter::Library* lib = nullptr;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    envoy.swap(envoy_);
    raw.swap(raw_);
    lib = library_.get();
  }
  for (auto& [id, ec] : envoy) {
    workers.run(ec.thread, [&ec] {
      ec.conn.reset();
      return json();
    });
  }
  for (auto& [id, rc] : raw) {
    const uint64_t conn_id = id;
    workers.run(rc->thread, [lib, conn_id] {
      lib->close(conn_id);
      return json();
    });
  }
  access_log_.stop();
}

} // namespace tsproxylib::harness
