#include "runtime/control_runtime.h"

#include <cstdlib>
#include <thread>

#include "instances.h"
#include "module.h"

namespace tsproxylib {
namespace {

// The one control runtime, for the atexit hook (the object itself is never destroyed).
ControlRuntime* g_control = nullptr;

// Longest the exit hook waits for the control thread to leave JavaScript.
constexpr auto kParkBound = std::chrono::seconds(1);

void Print(LogLevel level, const std::string& message) { Module::get().print(level, message); }

std::string Command(const char* cmd, uint64_t id) {
  return std::string("{\"cmd\":\"") + cmd + "\",\"module\":" + std::to_string(id) + "}";
}

}  // namespace

ControlRuntime::ControlRuntime(OptionsFor options_for) : options_for_(std::move(options_for)) {}

void ControlRuntime::openInstance(const std::shared_ptr<Instance>& instance) {
  {
    std::lock_guard<std::mutex> g(mu_);
    if (state_ == State::kIdle) startLocked(instance->params());
    if (state_ == State::kFailed || state_ == State::kParked) {
      // Without a control runtime the instance keeps the empty policy: every connection is denied.
      instance->markControlReady();
      return;
    }
    if (opened_.insert(instance->id()).second) {
      requests_.push_back(Command("controlOpen", instance->id()));
      if (state_ == State::kRunning) uv_async_send(&wake_);
    }
  }
  if (!instance->waitControlReady(kFirstAttemptBound)) {
    Print(LogLevel::kWarn, "instance " + std::to_string(instance->id()) + ": the policy source's first attempt is still running after " +
                               std::to_string(kFirstAttemptBound.count()) + " ms; OpenModule goes on");
  }
}

void ControlRuntime::closeInstance(uint64_t id) {
  std::lock_guard<std::mutex> g(mu_);
  if (opened_.erase(id) == 0) return;
  requests_.push_back(Command("controlClose", id));
  if (state_ == State::kRunning) uv_async_send(&wake_);
}

void ControlRuntime::startLocked(const ModuleParams& params) {
  state_ = State::kStarting;
  RuntimeOptions options = options_for_(params);
  options.role = "control";
  options.budget_floor_ms = kBudgetFloorMs;
  std::thread([this, options] { run(options); }).detach();
}

void ControlRuntime::run(RuntimeOptions options) {
  std::string error;
  auto rt = EmbeddedRuntime::Create(options, &error);
  if (!rt) {
    Print(LogLevel::kError, "control runtime failed to start, no policy source can run: " + error);
    std::lock_guard<std::mutex> g(mu_);
    state_ = State::kFailed;
    requests_.clear();
    cv_.notify_all();
    // Release every OpenModule waiting for a first attempt that will never happen.
    for (uint64_t id : opened_) Module::get().controlReady(id);
    return;
  }
  // The isolate reports its bundle loads like a worker's (Module finds it through current()).
  JsRuntime::setCurrent(rt.get());
  // Registered now that Node's process-wide statics (the platform) exist: exit handlers run in reverse
  // order of registration, so this one parks the thread before those are destroyed.
  g_control = this;
  std::atexit(&ControlRuntime::AtExit);
  // The async handle only wakes the loop; requests are served outside libuv, under the guards.
  uv_async_init(rt->eventLoop(), &wake_, [](uv_async_t*) {});
  {
    std::lock_guard<std::mutex> g(mu_);
    state_ = State::kRunning;
    cv_.notify_all();
  }
  for (;;) {
    serveRequests(*rt);
    rt->serviceEventLoop();
    {
      std::lock_guard<std::mutex> g(mu_);
      if (stopping_) break;
      if (!requests_.empty()) continue;
    }
    rt->waitForEvents(-1);
  }
  // Parked for good: the isolate must not run while the process tears Node down around it.
  {
    std::lock_guard<std::mutex> g(mu_);
    state_ = State::kParked;
    cv_.notify_all();
  }
  rt.release();
  for (;;) std::this_thread::sleep_for(std::chrono::hours(24));
}

void ControlRuntime::serveRequests(EmbeddedRuntime& rt) {
  for (;;) {
    std::string request;
    {
      std::lock_guard<std::mutex> g(mu_);
      if (requests_.empty() || stopping_) return;
      request = std::move(requests_.front());
      requests_.pop_front();
    }
    struct Ctx {
      const std::string* request;
      std::string answer;
    } ctx{&request, {}};
    JsOutcome out = rt.guarded([](Bridge& b, void* c) {
      auto* x = static_cast<Ctx*>(c);
      return b.control(*x->request, &x->answer);
    }, &ctx);
    if (!out.ok) Print(LogLevel::kError, "control runtime: " + request + " failed: " + out.error);
  }
}

void ControlRuntime::parkAtExit() {
  std::unique_lock<std::mutex> g(mu_);
  stopping_ = true;
  if (state_ == State::kStarting) {
    // Still creating its isolate: it parks as soon as it is running.
    cv_.wait_for(g, kParkBound, [this] { return state_ != State::kStarting; });
  }
  if (state_ != State::kRunning) return;
  uv_async_send(&wake_);
  cv_.wait_for(g, kParkBound, [this] { return state_ == State::kParked; });
}

void ControlRuntime::AtExit() {
  if (g_control != nullptr) g_control->parkAtExit();
}

}  // namespace tsproxylib
