#include "runtime/js_runtime.h"

#include "bundles.h"

namespace tsproxylib {
namespace {
thread_local JsRuntime* t_current = nullptr;
thread_local JsRuntime* t_starting = nullptr;
}

JsRuntime::~JsRuntime() {
  if (isolate_id_ != 0) BundleStore::get().removeIsolate(isolate_id_);
}

void JsRuntime::registerIsolate(const char* role) {
  if (isolate_id_ == 0) isolate_id_ = BundleStore::get().addIsolate(role);
}

JsRuntime::StartingScope::StartingScope(JsRuntime* runtime) : previous_(t_starting) { t_starting = runtime; }
JsRuntime::StartingScope::~StartingScope() { t_starting = previous_; }
JsRuntime* JsRuntime::starting() { return t_starting; }

JsRuntime* JsRuntime::current() { return t_current; }
void JsRuntime::setCurrent(JsRuntime* runtime) { t_current = runtime; }

uint32_t JsRuntime::allocSlot() {
  if (!free_slots_.empty()) {
    uint32_t s = free_slots_.back();
    free_slots_.pop_back();
    return s;
  }
  return next_slot_++;
}

void JsRuntime::freeSlot(uint32_t slot) { free_slots_.push_back(slot); }

void JsRuntime::queueClose(uint32_t slot) {
  std::lock_guard<std::mutex> g(queued_mu_);
  queued_closes_.push_back(slot);
  has_queued_ = true;
}

void JsRuntime::drainQueuedCloses() {
  std::vector<uint32_t> slots;
  {
    std::lock_guard<std::mutex> g(queued_mu_);
    if (!has_queued_) return;
    slots.swap(queued_closes_);
    has_queued_ = false;
  }
  for (uint32_t s : slots) {
    guarded([](Bridge& b, void* ctx) { return b.close(*static_cast<uint32_t*>(ctx)); }, &s);
    freeSlot(s);
  }
}

}  // namespace tsproxylib
