#include "access_log.h"

#include <cerrno>
#include <cstring>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

namespace tsproxylib {

AccessLogger::AccessLogger(std::string path) : path_(std::move(path)) {
  std::lock_guard<std::mutex> g(mu_);
  if (!path_.empty()) connectLocked();
}

AccessLogger::~AccessLogger() {
  if (fd_ >= 0) ::close(fd_);
}

bool AccessLogger::connectLocked() {
  if (fd_ >= 0) {
    ::close(fd_);
    fd_ = -1;
  }
  sockaddr_un addr{};
  if (path_.size() >= sizeof(addr.sun_path)) return false;
  int fd = ::socket(AF_UNIX, SOCK_SEQPACKET | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  addr.sun_family = AF_UNIX;
  std::memcpy(addr.sun_path, path_.c_str(), path_.size() + 1);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    ::close(fd);
    return false;
  }
  fd_ = fd;
  return true;
}

void AccessLogger::send(const uint8_t* entry, size_t len) {
  if (path_.empty()) return;
  std::lock_guard<std::mutex> g(mu_);
  if (fd_ < 0 && !connectLocked()) {
    dropped_.fetch_add(1, std::memory_order_relaxed);
    return;
  }
  ssize_t n = ::send(fd_, entry, len, MSG_DONTWAIT | MSG_NOSIGNAL);
  if (n == static_cast<ssize_t>(len)) {
    sent_.fetch_add(1, std::memory_order_relaxed);
    return;
  }
  dropped_.fetch_add(1, std::memory_order_relaxed);
  // A full socket buffer only costs this entry; anything else means the peer is gone: reconnect on
  // the next entry.
  if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
    ::close(fd_);
    fd_ = -1;
  }
}

}  // namespace tsproxylib
