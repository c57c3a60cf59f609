// The library behind the five C functions. Semantics (Cilium's, see docs/abi.md):
//  - OpenModule validates parameters (unknown key → 0) and shares instances with shareable parameters.
//    An instance that needs the control plane (a policy source: xds-path, policy-file; a
//    parser-bundle; an admin-socket) has it started, and OpenModule returns once the first attempt is
//    over (bounded), as Cilium's NewClient blocks.
//  - CloseModule releases one open; the last one closes the instance and stops its policy source.
//  - OnNewConnection: unknown instance → INVALID_INSTANCE; then, in the calling thread's isolate,
//    unknown parser → UNKNOWN_PARSER, bad destination port → INVALID_ADDRESS, the factory refusing
//    (or throwing) → POLICY_DROP; otherwise the connection is stored under its id.
//  - OnData runs the framework's loop in the connection's isolate and appends ops to the caller's
//    array, never past its capacity. Any fault in JavaScript (exception, runaway loop, heap
//    exhaustion, process.exit) ends in PARSER_ERROR for that connection only.
//  - Close forgets the connection; nothing touches its inject buffers afterwards.
// Nothing here throws or aborts into the caller.
#ifndef TSPROXYLIB_NATIVE_MODULE_H
#define TSPROXYLIB_NATIVE_MODULE_H

#include <cstdint>
#include <functional>
#include <string>

#include "connections.h"
#include "control_channel.h"
#include "host_services.h"
#include "instances.h"
#include "proxylib/types.h"

namespace tsproxylib {

class JsRuntime;

class Module : public HostServices {
 public:
  static Module& get();

  // Makes the runtime for the calling thread when it has none (set by the host: embedded or addon).
  using RuntimeFactory = std::function<JsRuntime*(const ModuleParams& first_params)>;
  void setRuntimeFactory(RuntimeFactory factory);
  // Where instances that need the control plane get their sources run; set once by the host.
  void setControlChannel(ControlChannel* channel);

  uint64_t openModule(const GoSlice& params, bool debug);
  void closeModule(uint64_t id);
  FilterResult onNewConnection(uint64_t instance_id, const std::string& proto, uint64_t connection_id, bool ingress,
                               uint32_t src_id, uint32_t dst_id, const std::string& src_addr,
                               const std::string& dst_addr, const std::string& policy_name, GoSlice* orig_buf,
                               GoSlice* reply_buf);
  FilterResult onData(uint64_t connection_id, bool reply, bool end_stream, GoSlice* data, GoSlice* ops);
  void close(uint64_t connection_id);

  // Test and admin commands, run in the calling thread's isolate (see src/runtime/entry.ts).
  std::string control(uint64_t module_id, const std::string& request);
  size_t connectionCount() const { return connections_.size(); }
  // Whether the instance's policy source reported its first attempt over (tests).
  bool isControlReady(uint64_t module_id);
  bool debug() const { return debug_; }

  // HostServices
  bool instance(uint64_t id, InstanceView* out) override;
  void accessLog(uint64_t instance_id, const uint8_t* entry, size_t len) override;
  bool policy(uint64_t instance_id, uint64_t* seq, std::string* json) override;
  uint64_t setPolicy(uint64_t instance_id, std::string json) override;
  void accessLogLine(uint64_t instance_id, const std::string& line) override;
  void controlReady(uint64_t instance_id) override;
  void print(LogLevel level, const std::string& message) override;
  uint64_t bundle(std::string* path, std::string* source, std::string* code_cache) override;
  uint64_t setBundle(std::string path, std::string source, std::string code_cache) override;
  void bundleLoaded(uint64_t seq, const std::string& error, double load_ms) override;
  std::vector<IsolateReport> isolates() override;

 private:
  Module();
  JsRuntime* runtimeForThisThread(const ModuleParams& params);
  void closeInRuntime(JsRuntime* rt, uint32_t slot);

  InstanceTable instances_;
  ConnectionTable connections_;
  RuntimeFactory factory_;
  ControlChannel* control_ = nullptr;
  bool debug_ = false;
};

}  // namespace tsproxylib

#endif
