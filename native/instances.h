// Module instances: what OpenModule returns an id for. Instances with shareable parameters are
// reused and reference-counted (Cilium's rule, extended to our keys); ids start at 1, are never
// reused, and 0 means failure. An instance holds the published policy that every isolate compiles
// lazily, and its access log. Connections keep their instance alive after CloseModule, as Cilium's
// connections keep their pointer.
#ifndef TSPROXYLIB_NATIVE_INSTANCES_H
#define TSPROXYLIB_NATIVE_INSTANCES_H

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "access_log.h"
#include "file_log.h"
#include "params.h"

namespace tsproxylib {

class Instance {
 public:
  Instance(uint64_t id, ModuleParams params, std::string node_id);

  uint64_t id() const { return id_; }
  const ModuleParams& params() const { return params_; }
  const std::string& nodeId() const { return node_id_; }
  AccessLogger& accessLog() { return access_log_; }
  // The JSON-lines access-log file, or null without `access-log-file`.
  FileLogSink* fileLog() { return file_log_.get(); }

  // Whether the control plane runs something for the instance: a policy source (`xds-path`,
  // `policy-file`), the watcher of its `parser-bundle`, or its `admin-socket`.
  bool needsControlPlane() const;
  // The control plane reports the end of the source's first attempt; OpenModule waits for it.
  void markControlReady();
  // True when marked ready within `timeout`.
  bool waitControlReady(std::chrono::milliseconds timeout);

  uint64_t policySeq() const { return policy_seq_.load(std::memory_order_acquire); }
  // The policy text (proto3 JSON of the NetworkPolicy resources) and its sequence number.
  uint64_t policy(std::string* json) const;
  uint64_t publishPolicy(std::string json);

 private:
  friend class InstanceTable;
  const uint64_t id_;
  const ModuleParams params_;
  const std::string node_id_;
  AccessLogger access_log_;
  std::unique_ptr<FileLogSink> file_log_;
  int open_count_ = 1;

  std::mutex ready_mu_;
  std::condition_variable ready_cv_;
  bool control_ready_ = false;

  mutable std::mutex policy_mu_;
  std::string policy_json_;
  std::atomic<uint64_t> policy_seq_{0};
};

class InstanceTable {
 public:
  // Reuses a shareable open instance or creates one; returns its id.
  uint64_t open(ModuleParams params, bool* created);
  // Releases one open; true when that was the last one and the instance is now closed.
  bool close(uint64_t id);
  // An open instance, or one that was closed but is still used by connections.
  std::shared_ptr<Instance> find(uint64_t id);
  std::shared_ptr<Instance> findOpen(uint64_t id);

 private:
  std::mutex mu_;
  uint64_t last_id_ = 0;
  std::map<uint64_t, std::shared_ptr<Instance>> open_;
  std::map<uint64_t, std::weak_ptr<Instance>> retired_;
};

}  // namespace tsproxylib

#endif
