// One JavaScript runtime: an isolate with its bridge, owned by one OS thread. The embedded runtime
// (runtime/embedded_runtime.*) adds fault guards; the plain-Node addon wraps the test process's own
// isolate. Module talks to either through this interface only.
#ifndef TSPROXYLIB_NATIVE_RUNTIME_JS_RUNTIME_H
#define TSPROXYLIB_NATIVE_RUNTIME_JS_RUNTIME_H

#include <cstdint>
#include <mutex>
#include <vector>

#include "bridge.h"

namespace tsproxylib {

class JsRuntime {
 public:
  using JsCall = JsOutcome (*)(Bridge& bridge, void* context);

  virtual ~JsRuntime();
  Bridge& bridge() { return *bridge_; }

  // Runs one call into JavaScript under the runtime's fault guards (watchdog, heap limit,
  // process.exit). A contained fault comes back as !ok with its reason.
  virtual JsOutcome guarded(JsCall call, void* context) = 0;
  // Services the event loop (timers, promises, uncaught async errors) when due.
  virtual void afterCall(bool async_pending) = 0;

  // Per-isolate connection slots: small integers the framework indexes its table with.
  uint32_t allocSlot();
  void freeSlot(uint32_t slot);

  // Close requests from other threads wait here until the owning thread's next call.
  void queueClose(uint32_t slot);
  void drainQueuedCloses();

  // Registers the isolate in the bundle store's report under `role`; the destructor unregisters it.
  void registerIsolate(const char* role);
  uint64_t isolateId() const { return isolate_id_; }

  // While alive, starting() names `runtime` on this thread: calls back from a runtime's own start-up
  // (before it becomes any thread's current()) can tell whose they are.
  class StartingScope {
   public:
    explicit StartingScope(JsRuntime* runtime);
    ~StartingScope();

   private:
    JsRuntime* previous_;
  };
  static JsRuntime* starting();

  // The runtime of the calling thread (null when none exists yet).
  static JsRuntime* current();
  static void setCurrent(JsRuntime* runtime);

 protected:
  Bridge* bridge_ = nullptr;

 private:
  uint64_t isolate_id_ = 0;
  std::vector<uint32_t> free_slots_;
  uint32_t next_slot_ = 0;
  std::mutex queued_mu_;
  std::vector<uint32_t> queued_closes_;
  bool has_queued_ = false;
};

}  // namespace tsproxylib

#endif
