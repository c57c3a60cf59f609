// The parser bundle in force and what each isolate made of it.
//
// The control plane validates a bundle in its own isolate, then publishes its source here under a new
// sequence number. Every call into a worker isolate carries the current number (CallSlot.BUNDLE_SEQ);
// an isolate that sees a number it has not loaded reads the source from here and swaps its parsers
// before the call goes on, then reports the outcome. Isolates live on threads that only run while Envoy
// calls them, so "loaded" is reported per isolate as it happens and an idle isolate stays pending until
// its next call.
#ifndef TSPROXYLIB_NATIVE_BUNDLES_H
#define TSPROXYLIB_NATIVE_BUNDLES_H

#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "host_services.h"

namespace tsproxylib {

class BundleStore {
 public:
  static BundleStore& get();

  // The current version; 0 until a bundle is published. Read on every call, so lock-free.
  uint64_t seq() const { return seq_.load(std::memory_order_acquire); }
  uint64_t publish(std::string path, std::string source, std::string code_cache);
  // The current version, its path, its source ("" for version 0) and its V8 code cache.
  uint64_t current(std::string* path, std::string* source, std::string* code_cache) const;

  // Isolates register when created and leave when destroyed.
  uint64_t addIsolate(const std::string& role);
  void removeIsolate(uint64_t isolate);
  void reportLoaded(uint64_t isolate, uint64_t seq, const std::string& error, double load_ms);
  std::vector<IsolateReport> isolates() const;

 private:
  BundleStore() = default;

  mutable std::mutex mu_;
  std::atomic<uint64_t> seq_{0};
  std::string path_, source_, code_cache_;
  uint64_t next_isolate_ = 1;
  std::map<uint64_t, IsolateReport> isolates_;
};

}  // namespace tsproxylib

#endif
