#include "bundles.h"

namespace tsproxylib {

BundleStore& BundleStore::get() {
  // Never destroyed: worker threads may still report while the process exits.
  static BundleStore* store = new BundleStore();
  return *store;
}

uint64_t BundleStore::publish(std::string path, std::string source, std::string code_cache) {
  std::lock_guard<std::mutex> g(mu_);
  path_ = std::move(path);
  source_ = std::move(source);
  code_cache_ = std::move(code_cache);
  uint64_t seq = seq_.load(std::memory_order_relaxed) + 1;
  // Published after the text, so an isolate that reads the new number also finds its source.
  seq_.store(seq, std::memory_order_release);
  return seq;
}

uint64_t BundleStore::current(std::string* path, std::string* source, std::string* code_cache) const {
  std::lock_guard<std::mutex> g(mu_);
  *path = path_;
  *source = source_;
  *code_cache = code_cache_;
  return seq_.load(std::memory_order_relaxed);
}

uint64_t BundleStore::addIsolate(const std::string& role) {
  std::lock_guard<std::mutex> g(mu_);
  uint64_t id = next_isolate_++;
  IsolateReport& r = isolates_[id];
  r.isolate = id;
  r.role = role;
  return id;
}

void BundleStore::removeIsolate(uint64_t isolate) {
  std::lock_guard<std::mutex> g(mu_);
  isolates_.erase(isolate);
}

void BundleStore::reportLoaded(uint64_t isolate, uint64_t seq, const std::string& error, double load_ms) {
  std::lock_guard<std::mutex> g(mu_);
  auto it = isolates_.find(isolate);
  if (it == isolates_.end()) return;
  IsolateReport& r = it->second;
  if (error.empty()) {
    r.bundle_seq = seq;
    r.load_ms = load_ms;
  } else {
    r.failed_seq = seq;
    r.error = error;
  }
}

std::vector<IsolateReport> BundleStore::isolates() const {
  std::lock_guard<std::mutex> g(mu_);
  std::vector<IsolateReport> out;
  out.reserve(isolates_.size());
  for (const auto& kv : isolates_) out.push_back(kv.second);
  return out;
}

}  // namespace tsproxylib
