// Numbered worker threads, created on first use. A request runs on the thread it names, because a
// library may keep one runtime per calling thread (as Envoy's workers each get their own), so which
// thread makes a call is part of what a test controls.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

namespace tsproxylib::harness {

class Workers {
public:
  static constexpr size_t kMaxThreads = 256;

  Workers();
  ~Workers();
  Workers(const Workers&) = delete;
  Workers& operator=(const Workers&) = delete;

  std::future<nlohmann::json> submit(size_t index, std::function<nlohmann::json()> job);
  nlohmann::json run(size_t index, std::function<nlohmann::json()> job) { return submit(index, std::move(job)).get(); }

  // The index of the worker running the caller, or SIZE_MAX on a thread that is not a worker.
  static size_t currentIndex();

private:
  class Worker;
  Worker& worker(size_t index);

  std::mutex mutex_;
  std::vector<std::unique_ptr<Worker>> workers_;
};

} // namespace tsproxylib::harness
