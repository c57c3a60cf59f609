#include "workers.h"

#include <cstdint>

#include "json_args.h"

namespace tsproxylib::harness {
namespace {

thread_local size_t current_index = SIZE_MAX;

} // namespace

class Workers::Worker {
public:
  explicit Worker(size_t index) : thread_([this, index] { loop(index); }) {}

  ~Worker() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
    }
    cv_.notify_one();
    thread_.join();
  }

  std::future<nlohmann::json> submit(std::function<nlohmann::json()> job) {
    std::packaged_task<nlohmann::json()> task(std::move(job));
    auto result = task.get_future();
    {
      std::lock_guard<std::mutex> lock(mutex_);
      queue_.push_back(std::move(task));
    }
    cv_.notify_one();
    return result;
  }

private:
  void loop(size_t index) {
    current_index = index;
    for (;;) {
      std::packaged_task<nlohmann::json()> task;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
        if (queue_.empty()) {
          return; // stopping, and every queued job has run
        }
        task = std::move(queue_.front());
        queue_.pop_front();
      }
      task();
    }
  }

  std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<std::packaged_task<nlohmann::json()>> queue_;
  bool stopping_ = false;
  std::thread thread_; // last: it starts running loop() in the constructor
};

Workers::Workers() = default;

Workers::~Workers() {
  std::lock_guard<std::mutex> lock(mutex_);
  workers_.clear();
}

Workers::Worker& Workers::worker(size_t index) {
  if (index >= kMaxThreads) {
    throw HarnessError("thread index must be below " + std::to_string(kMaxThreads));
  }
  std::lock_guard<std::mutex> lock(mutex_);
  if (workers_.size() <= index) {
    workers_.resize(index + 1);
  }
  if (!workers_[index]) {
    workers_[index] = std::make_unique<Worker>(index);
  }
  return *workers_[index];
}

std::future<nlohmann::json> Workers::submit(size_t index, std::function<nlohmann::json()> job) {
  return worker(index).submit(std::move(job));
}

size_t Workers::currentIndex() { return current_index; }

} // namespace tsproxylib::harness
