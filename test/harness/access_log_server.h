// A stand-in for Cilium's access-log collector: a unix SOCK_SEQPACKET listener where every packet is
// one serialized log entry. Runs on its own thread and keeps entries until a test takes them.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace tsproxylib::harness {

class AccessLogServer {
public:
  static constexpr size_t kReceiveBuffer = 64 * 1024;

  AccessLogServer() = default;
  ~AccessLogServer() { stop(); }
  AccessLogServer(const AccessLogServer&) = delete;
  AccessLogServer& operator=(const AccessLogServer&) = delete;

  // Removes a stale socket file and listens on `path`. Throws HarnessError if already serving.
  void start(const std::string& path);
  // Stops serving, closes every client and removes the socket file. Idempotent.
  void stop();
  bool running() const { return thread_.joinable(); }

  // Waits until at least `at_least` entries arrived (or `timeout` passed), then until 20 ms go by with
  // no new entry, and returns every entry received so far, removing them.
  std::vector<std::string> take(size_t at_least, std::chrono::milliseconds timeout);

  // Connects to `path` as a client and sends each entry as one packet (tests of the server itself).
  static void send(const std::string& path, const std::vector<std::string>& packets);

private:
  void serve();

  std::string path_;
  int listen_fd_ = -1;
  int wake_pipe_[2] = {-1, -1};
  std::thread thread_;

  std::mutex mutex_;
  std::condition_variable arrived_;
  std::vector<std::string> entries_;
  uint64_t arrivals_ = 0;
};

} // namespace tsproxylib::harness
