#include "runtime/runtime_pool.h"

#include <cstdio>
#include <thread>

namespace tsproxylib {

RuntimePool& RuntimePool::get() {
  static RuntimePool* pool = new RuntimePool();
  return *pool;
}

void RuntimePool::prewarm(size_t count, const RuntimeOptions& options) {
  size_t missing;
  {
    std::lock_guard<std::mutex> g(mu_);
    if (count <= requested_) return;
    missing = count - requested_;
    requested_ = count;
  }
  std::thread([this, missing, options] {
    for (size_t i = 0; i < missing; i++) {
      std::string error;
      auto rt = EmbeddedRuntime::Create(options, &error);
      if (!rt) {
        std::fprintf(stderr, "[tsproxylib] error: runtime prewarm failed: %s\n", error.c_str());
        return;
      }
      rt->detach();
      std::lock_guard<std::mutex> g(mu_);
      ready_.push_back(std::move(rt));
    }
  }).detach();
}

std::unique_ptr<EmbeddedRuntime> RuntimePool::adopt() {
  std::unique_ptr<EmbeddedRuntime> rt;
  {
    std::lock_guard<std::mutex> g(mu_);
    if (ready_.empty()) return nullptr;
    rt = std::move(ready_.back());
    ready_.pop_back();
  }
  rt->attach();
  return rt;
}

}  // namespace tsproxylib
