#include "access_log_server.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "json_args.h"

namespace tsproxylib::harness {
namespace {

sockaddr_un unixAddress(const std::string& path) {
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  if (path.size() >= sizeof(addr.sun_path)) {
    throw HarnessError("unix socket path is too long: " + path);
  }
  std::memcpy(addr.sun_path, path.c_str(), path.size() + 1);
  return addr;
}

[[noreturn]] void fail(const std::string& what) { throw HarnessError(what + ": " + std::strerror(errno)); }

} // namespace

void AccessLogServer::start(const std::string& path) {
  if (running()) {
    throw HarnessError("access-log server is already running on " + path_);
  }
  const sockaddr_un addr = unixAddress(path);
  ::unlink(path.c_str());
  listen_fd_ = ::socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
  if (listen_fd_ < 0) {
    fail("socket");
  }
  if (::bind(listen_fd_, reinterpret_cast<const sockaddr*>(&addr), sizeof(addr)) != 0 ||
      ::listen(listen_fd_, 64) != 0 || ::pipe2(wake_pipe_, O_CLOEXEC) != 0) {
    const int err = errno;
    ::close(listen_fd_);
    listen_fd_ = -1;
    errno = err;
    fail("listening on " + path);
  }
  // Libraries may run as another user than the test; the real collector's socket is open to all too.
  ::chmod(path.c_str(), 0777);
  path_ = path;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    entries_.clear();
  }
  thread_ = std::thread([this] { serve(); });
}

void AccessLogServer::stop() {
  if (!running()) {
    return;
  }
  const char byte = 0;
  (void)!::write(wake_pipe_[1], &byte, 1);
  thread_.join();
  ::close(listen_fd_);
  ::close(wake_pipe_[0]);
  ::close(wake_pipe_[1]);
  listen_fd_ = wake_pipe_[0] = wake_pipe_[1] = -1;
  ::unlink(path_.c_str());
}

void AccessLogServer::serve() {
  std::vector<pollfd> fds{{wake_pipe_[0], POLLIN, 0}, {listen_fd_, POLLIN, 0}};
  std::vector<char> packet(kReceiveBuffer);
  for (;;) {
    if (::poll(fds.data(), fds.size(), -1) < 0) {
      if (errno == EINTR) {
        continue;
      }
      break;
    }
    if (fds[0].revents != 0) {
      break;
    }
    if (fds[1].revents & POLLIN) {
      const int client = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
      if (client >= 0) {
        fds.push_back({client, POLLIN, 0});
      }
    }
    for (size_t i = 2; i < fds.size();) {
      if (fds[i].revents == 0) {
        ++i;
        continue;
      }
      msghdr msg{};
      iovec iov{packet.data(), packet.size()};
      msg.msg_iov = &iov;
      msg.msg_iovlen = 1;
      const ssize_t n = ::recvmsg(fds[i].fd, &msg, MSG_DONTWAIT);
      if (n > 0 && (msg.msg_flags & MSG_TRUNC) == 0) {
        std::lock_guard<std::mutex> lock(mutex_);
        entries_.emplace_back(packet.data(), static_cast<size_t>(n));
        ++arrivals_;
        arrived_.notify_all();
      }
      // A packet larger than the buffer is dropped whole (MSG_TRUNC), like Cilium's test collector.
      if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
        ::close(fds[i].fd);
        fds.erase(fds.begin() + static_cast<std::ptrdiff_t>(i));
        continue;
      }
      ++i;
    }
  }
  for (size_t i = 2; i < fds.size(); ++i) {
    ::close(fds[i].fd);
  }
}

std::vector<std::string> AccessLogServer::take(size_t at_least, std::chrono::milliseconds timeout) {
  using Clock = std::chrono::steady_clock;
  constexpr auto kQuiet = std::chrono::milliseconds(20);
  std::unique_lock<std::mutex> lock(mutex_);
  const auto deadline = Clock::now() + timeout;
  arrived_.wait_until(lock, deadline, [&] { return entries_.size() >= at_least; });
  // Let stragglers arrive, but a library that never stops logging cannot hold the harness forever.
  const auto give_up = Clock::now() + std::max(timeout, std::chrono::milliseconds(1000));
  for (;;) {
    const uint64_t seen = arrivals_;
    if (!arrived_.wait_for(lock, kQuiet, [&] { return arrivals_ != seen; }) || Clock::now() >= give_up) {
      break;
    }
  }
  std::vector<std::string> out;
  out.swap(entries_);
  return out;
}

void AccessLogServer::send(const std::string& path, const std::vector<std::string>& packets) {
  const sockaddr_un addr = unixAddress(path);
  const int fd = ::socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    fail("socket");
  }
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof(addr)) != 0) {
    const int err = errno;
    ::close(fd);
    errno = err;
    fail("connecting to " + path);
  }
  for (const std::string& p : packets) {
    if (::send(fd, p.data(), p.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(p.size())) {
      const int err = errno;
      ::close(fd);
      errno = err;
      fail("sending to " + path);
    }
  }
  ::close(fd);
}

} // namespace tsproxylib::harness
