// The access-log client: one serialized cilium.LogEntry per SOCK_SEQPACKET packet, as Cilium's agent
// expects. Sending never blocks an Envoy worker: the socket is non-blocking, and an entry that does
// not fit (the receiver is slow) or fails is dropped and counted. After a failure the next entry
// reconnects, as Cilium's client does.
#ifndef TSPROXYLIB_NATIVE_ACCESS_LOG_H
#define TSPROXYLIB_NATIVE_ACCESS_LOG_H

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>

namespace tsproxylib {

class AccessLogger {
 public:
  explicit AccessLogger(std::string path);
  ~AccessLogger();
  AccessLogger(const AccessLogger&) = delete;
  AccessLogger& operator=(const AccessLogger&) = delete;

  void send(const uint8_t* entry, size_t len);
  const std::string& path() const { return path_; }
  uint64_t sent() const { return sent_.load(std::memory_order_relaxed); }
  uint64_t dropped() const { return dropped_.load(std::memory_order_relaxed); }

 private:
  bool connectLocked();

  const std::string path_;
  std::mutex mu_;
  int fd_ = -1;
  std::atomic<uint64_t> sent_{0};
  std::atomic<uint64_t> dropped_{0};
};

}  // namespace tsproxylib

#endif
