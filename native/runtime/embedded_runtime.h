// The runtime of one Envoy worker thread: an isolate + Node environment created on that thread and
// used only from it (the v8::Locker and scopes stay entered for the runtime's life, so a call pays
// for none of them). Every call into JavaScript runs under three guards: the watchdog (runaway
// loops), the near-heap-limit callback (heap exhaustion) and the process-exit handler
// (process.exit); each turns into a failed call for that one connection, and the isolate goes on.
#ifndef TSPROXYLIB_NATIVE_RUNTIME_EMBEDDED_RUNTIME_H
#define TSPROXYLIB_NATIVE_RUNTIME_EMBEDDED_RUNTIME_H

#include <node.h>
#include <uv.h>

#include <memory>
#include <optional>
#include <string>

#include "runtime/js_runtime.h"
#include "runtime/watchdog.h"

namespace tsproxylib {

struct RuntimeOptions {
  std::string bundle_path;         // the framework bundle (tsproxylib.cjs)
  uint32_t heap_limit_mb = 256;
  std::string role = "worker";     // handed to the bundle: "worker" or "control"
  uint32_t budget_floor_ms = 0;    // see WatchedCall
};

class EmbeddedRuntime : public JsRuntime {
 public:
  // Creates the runtime on (and for) the calling thread; null with a reason on failure.
  static std::unique_ptr<EmbeddedRuntime> Create(const RuntimeOptions& options, std::string* error);
  ~EmbeddedRuntime() override;

  JsOutcome guarded(JsCall call, void* context) override;
  void afterCall(bool async_pending) override;

  // For a thread that runs the event loop continuously (the control runtime): runs what is due
  // (ticks, microtasks, libuv callbacks, platform tasks) under the fault guards, without blocking.
  void serviceEventLoop() { pump(); }
  // Blocks until the event loop has something to do (I/O, a timer due, a uv_async_send) or
  // `max_wait_ms` passed (-1: no limit). JavaScript does not run while waiting.
  void waitForEvents(int max_wait_ms);
  uv_loop_t* eventLoop();

  // Hand-over between threads (runtimes made ahead of time by a helper thread): detach() leaves the
  // isolate on the creating thread, attach() enters it on the thread that will own it from now on.
  void detach();
  void attach();

 private:
  EmbeddedRuntime() = default;
  bool start(const RuntimeOptions& options, std::string* error);
  void pump();
  void recoverFromFault(JsOutcome* out, bool timed_out);
  static size_t OnNearHeapLimit(void* data, size_t current_limit, size_t initial_limit);

  node::MultiIsolatePlatform* platform_ = nullptr;
  std::unique_ptr<node::CommonEnvironmentSetup> setup_;
  v8::Isolate* isolate_ = nullptr;
  std::optional<v8::Locker> locker_;
  std::optional<v8::Isolate::Scope> isolate_scope_;
  std::optional<v8::HandleScope> handle_scope_;
  std::optional<v8::Context::Scope> context_scope_;
  std::unique_ptr<WatchedCall> watched_;

  bool heap_fault_ = false;
  size_t initial_heap_limit_ = 0;
  bool exit_fault_ = false;
  int exit_code_ = 0;
  uint32_t calls_since_pump_ = 0;
  // The event loop still had live work (a timer, a pending promise job) after the last pump.
  bool loop_alive_ = false;
};

}  // namespace tsproxylib

#endif
