// The control runtime: one more embedded isolate, on a dedicated native thread that runs its event
// loop continuously. It runs the control plane (src/control/: NPDS clients, policy-file watchers),
// which must keep going while no traffic flows, whereas worker isolates only run during Envoy's calls.
//
// Created lazily by the first OpenModule that needs it, on its own thread (never on an Envoy worker),
// with the same bundle in the "control" role. Native talks to it by posting control commands to a
// queue and waking its loop with a uv_async_t; it answers through the bridge (setPolicy, controlReady).
// Its JavaScript runs under the same guards as a worker's (watchdog, heap limit, process.exit), so a
// fault there never takes the process down. At process exit the thread is parked before Node's
// platform is torn down.
#ifndef TSPROXYLIB_NATIVE_RUNTIME_CONTROL_RUNTIME_H
#define TSPROXYLIB_NATIVE_RUNTIME_CONTROL_RUNTIME_H

#include <uv.h>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <set>
#include <string>

#include "control_channel.h"
#include "params.h"
#include "runtime/embedded_runtime.h"

namespace tsproxylib {

class ControlRuntime : public ControlChannel {
 public:
  // How long OpenModule waits for an instance's first attempt (Cilium waits for the first connection
  // attempt; ours also covers starting the control isolate, about 100 ms, on the first instance).
  static constexpr std::chrono::milliseconds kFirstAttemptBound{5000};
  // A control call (e.g. compiling a whole policy) may take this long before the watchdog stops it.
  static constexpr uint32_t kBudgetFloorMs = 10000;

  using OptionsFor = std::function<RuntimeOptions(const ModuleParams&)>;
  explicit ControlRuntime(OptionsFor options_for);

  void openInstance(const std::shared_ptr<Instance>& instance) override;
  void closeInstance(uint64_t id) override;

 private:
  enum class State { kIdle, kStarting, kRunning, kFailed, kParked };

  void startLocked(const ModuleParams& params);
  void run(RuntimeOptions options);
  void serveRequests(EmbeddedRuntime& rt);
  void post(std::string request);
  void parkAtExit();
  static void AtExit();

  const OptionsFor options_for_;
  std::mutex mu_;
  std::condition_variable cv_;
  State state_ = State::kIdle;
  bool stopping_ = false;
  std::deque<std::string> requests_;
  std::set<uint64_t> opened_;
  uv_async_t wake_{};
};

}  // namespace tsproxylib

#endif
