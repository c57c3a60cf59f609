// Stops JavaScript calls that run past their budget. One process-wide thread samples every
// registered runtime each tick; a runtime whose same call is still running after the budget gets
// Isolate::TerminateExecution(). A call costs two atomic stores on entry and one uncontended lock on
// exit: the lock makes "call over" and "terminate" mutually exclusive, so a late termination can
// never hit the next call.
#ifndef TSPROXYLIB_NATIVE_RUNTIME_WATCHDOG_H
#define TSPROXYLIB_NATIVE_RUNTIME_WATCHDOG_H

#include <atomic>
#include <cstdint>
#include <mutex>

namespace v8 {
class Isolate;
}

namespace tsproxylib {

class WatchedCall {
 public:
  // `budget_floor_ms`: this runtime's calls may always run at least that long, whatever the global
  // budget (the control runtime compiles whole policies; it is never on the data path).
  explicit WatchedCall(v8::Isolate* isolate, uint32_t budget_floor_ms = 0)
      : isolate_(isolate), budget_floor_ms_(budget_floor_ms) {}
  void enter() {
    seq_.fetch_add(1, std::memory_order_release);
    in_call_.store(true, std::memory_order_release);
  }
  // Returns true when the watchdog terminated this call.
  bool leave() {
    std::lock_guard<std::mutex> g(mu_);
    in_call_.store(false, std::memory_order_relaxed);
    bool fired = fired_;
    fired_ = false;
    return fired;
  }

 private:
  friend class Watchdog;
  v8::Isolate* const isolate_;
  const uint32_t budget_floor_ms_;
  std::atomic<uint64_t> seq_{0};
  std::atomic<bool> in_call_{false};
  std::mutex mu_;
  bool fired_ = false;
  // Watchdog-thread state.
  uint64_t seen_seq_ = 0;
  uint32_t elapsed_ms_ = 0;
};

class Watchdog {
 public:
  static Watchdog& get();
  void add(WatchedCall* call);
  void remove(WatchedCall* call);
  void setBudgetMs(uint32_t ms) { budget_ms_.store(ms, std::memory_order_relaxed); }
  uint32_t budgetMs() const { return budget_ms_.load(std::memory_order_relaxed); }

 private:
  Watchdog() = default;
  void run();

  std::atomic<uint32_t> budget_ms_{100};
  std::mutex mu_;
  bool started_ = false;
  struct Node {
    WatchedCall* call;
    Node* next;
  };
  Node* head_ = nullptr;
};

}  // namespace tsproxylib

#endif
