// The global connection table: connection id → where the connection lives. Keyed by id alone and
// shared by all instances, as in Cilium (a duplicate id replaces the older entry). Calls for one
// connection come from one thread; different connections are called concurrently, so lookups take a
// shared lock and inserts/erases an exclusive one.
#ifndef TSPROXYLIB_NATIVE_CONNECTIONS_H
#define TSPROXYLIB_NATIVE_CONNECTIONS_H

#include <cstdint>
#include <memory>
#include <shared_mutex>
#include <unordered_map>

#include "instances.h"
#include "proxylib/types.h"

namespace tsproxylib {

class JsRuntime;

struct ConnectionRecord {
  JsRuntime* runtime = nullptr;  // the isolate holding the parser state
  uint32_t slot = 0;             // the connection's index in that isolate's table
  GoSlice* orig_buf = nullptr;   // caller-owned inject buffers, valid until Close
  GoSlice* reply_buf = nullptr;
  std::shared_ptr<Instance> instance;
};

class ConnectionTable {
 public:
  // Inserts; returns the record it replaced (same id), if any.
  std::shared_ptr<ConnectionRecord> insert(uint64_t id, std::shared_ptr<ConnectionRecord> rec);
  std::shared_ptr<ConnectionRecord> find(uint64_t id) const;
  std::shared_ptr<ConnectionRecord> erase(uint64_t id);
  size_t size() const;

 private:
  mutable std::shared_mutex mu_;
  std::unordered_map<uint64_t, std::shared_ptr<ConnectionRecord>> map_;
};

}  // namespace tsproxylib

#endif
