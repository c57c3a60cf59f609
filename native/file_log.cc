#include "file_log.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

namespace tsproxylib {
namespace {

// Queue bound: enough to ride out a slow disk for a moment, small enough to cap memory.
constexpr size_t kMaxQueuedBytes = 8u * 1024 * 1024;
// While idle, how often the writer checks whether the file was rotated away.
constexpr auto kRotationCheck = std::chrono::seconds(1);

}  // namespace

// Shared by the sink and its writer thread, so the thread may outlive the sink to finish writing.
struct FileLogSink::State {
  std::mutex mu;
  std::condition_variable cv;
  std::deque<std::string> lines;
  size_t queued_bytes = 0;
  bool stopping = false;
  std::atomic<uint64_t> written{0};
  std::atomic<uint64_t> dropped{0};
};

namespace {

class Writer {
 public:
  Writer(std::string path, std::shared_ptr<FileLogSink::State> state) : path_(std::move(path)), state_(std::move(state)) {}
  ~Writer() {
    if (fd_ >= 0) ::close(fd_);
  }

  void run() {
    auto& s = *state_;
    for (;;) {
      std::deque<std::string> batch;
      bool stopping;
      {
        std::unique_lock<std::mutex> g(s.mu);
        s.cv.wait_for(g, kRotationCheck, [&] { return s.stopping || !s.lines.empty(); });
        batch.swap(s.lines);
        s.queued_bytes = 0;
        stopping = s.stopping;
      }
      reopenIfRotated();
      for (auto& line : batch) write(line);
      if (stopping) return;
    }
  }

 private:
  void open() {
    fd_ = ::open(path_.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ >= 0) {
      struct stat st {};
      if (::fstat(fd_, &st) == 0) {
        ino_ = st.st_ino;
        dev_ = st.st_dev;
      }
    }
  }

  // A rotated log (renamed or deleted) gets a fresh file under the configured name.
  void reopenIfRotated() {
    if (fd_ < 0) return open();
    struct stat st {};
    if (::stat(path_.c_str(), &st) != 0 || st.st_ino != ino_ || st.st_dev != dev_) {
      ::close(fd_);
      fd_ = -1;
      open();
    }
  }

  void write(std::string& line) {
    if (fd_ < 0) open();
    if (fd_ < 0) {
      state_->dropped.fetch_add(1, std::memory_order_relaxed);
      return;
    }
    line.push_back('\n');
    const char* p = line.data();
    size_t left = line.size();
    while (left > 0) {
      ssize_t n = ::write(fd_, p, left);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        // Drop the line and start over with a fresh descriptor next time.
        ::close(fd_);
        fd_ = -1;
        state_->dropped.fetch_add(1, std::memory_order_relaxed);
        return;
      }
      p += n;
      left -= static_cast<size_t>(n);
    }
    state_->written.fetch_add(1, std::memory_order_relaxed);
  }

  const std::string path_;
  std::shared_ptr<FileLogSink::State> state_;
  int fd_ = -1;
  ino_t ino_ = 0;
  dev_t dev_ = 0;
};

}  // namespace

FileLogSink::FileLogSink(std::string path) : path_(std::move(path)), state_(std::make_shared<State>()) {
  std::thread([w = std::make_shared<Writer>(path_, state_)] { w->run(); }).detach();
}

FileLogSink::~FileLogSink() {
  std::lock_guard<std::mutex> g(state_->mu);
  state_->stopping = true;
  state_->cv.notify_one();
}

void FileLogSink::append(const std::string& line) {
  std::lock_guard<std::mutex> g(state_->mu);
  if (state_->queued_bytes + line.size() > kMaxQueuedBytes) {
    state_->dropped.fetch_add(1, std::memory_order_relaxed);
    return;
  }
  state_->queued_bytes += line.size();
  state_->lines.push_back(line);
  state_->cv.notify_one();
}

uint64_t FileLogSink::written() const { return state_->written.load(std::memory_order_relaxed); }
uint64_t FileLogSink::dropped() const { return state_->dropped.load(std::memory_order_relaxed); }

}  // namespace tsproxylib
