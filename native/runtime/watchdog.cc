#include "runtime/watchdog.h"

#include <v8.h>

#include <algorithm>
#include <chrono>
#include <thread>

namespace tsproxylib {

Watchdog& Watchdog::get() {
  static Watchdog* w = new Watchdog();
  return *w;
}

void Watchdog::add(WatchedCall* call) {
  std::lock_guard<std::mutex> g(mu_);
  head_ = new Node{call, head_};
  if (!started_) {
    started_ = true;
    std::thread([this] { run(); }).detach();
  }
}

void Watchdog::remove(WatchedCall* call) {
  std::lock_guard<std::mutex> g(mu_);
  for (Node** p = &head_; *p; p = &(*p)->next) {
    if ((*p)->call == call) {
      Node* dead = *p;
      *p = dead->next;
      delete dead;
      return;
    }
  }
}

void Watchdog::run() {
  for (;;) {
    uint32_t budget = budget_ms_.load(std::memory_order_relaxed);
    // Sample often enough to stop a call within ~10% of its budget, but never spin.
    uint32_t tick = std::clamp<uint32_t>(budget / 10, 1, 50);
    std::this_thread::sleep_for(std::chrono::milliseconds(tick));
    std::lock_guard<std::mutex> g(mu_);
    for (Node* n = head_; n; n = n->next) {
      WatchedCall* c = n->call;
      std::lock_guard<std::mutex> cg(c->mu_);
      // The flag first: a call seen "in call" is then at least as new as the counter read after it.
      bool in_call = c->in_call_.load(std::memory_order_acquire);
      uint64_t seq = c->seq_.load(std::memory_order_acquire);
      if (!in_call || seq != c->seen_seq_) {
        c->seen_seq_ = seq;
        c->elapsed_ms_ = 0;
        continue;
      }
      c->elapsed_ms_ += tick;
      if (c->elapsed_ms_ >= std::max(budget, c->budget_floor_ms_) && !c->fired_) {
        c->fired_ = true;
        c->isolate_->TerminateExecution();
      }
    }
  }
}

}  // namespace tsproxylib
