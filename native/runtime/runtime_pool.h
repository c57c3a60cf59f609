// Runtimes made ahead of the first connection (`runtimes` parameter): a helper thread creates them
// while Envoy starts, so a worker's first connection does not wait ~100 ms for an isolate. A worker
// without a pooled runtime left creates its own.
#ifndef TSPROXYLIB_NATIVE_RUNTIME_RUNTIME_POOL_H
#define TSPROXYLIB_NATIVE_RUNTIME_RUNTIME_POOL_H

#include <memory>
#include <mutex>
#include <vector>

#include "runtime/embedded_runtime.h"

namespace tsproxylib {

class RuntimePool {
 public:
  static RuntimePool& get();
  // Makes sure `count` runtimes exist or are being made (pooled or already adopted), in the background.
  void prewarm(size_t count, const RuntimeOptions& options);
  // A pooled runtime attached to the calling thread, or null.
  std::unique_ptr<EmbeddedRuntime> adopt();

 private:
  std::mutex mu_;
  std::vector<std::unique_ptr<EmbeddedRuntime>> ready_;
  size_t requested_ = 0;
};

}  // namespace tsproxylib

#endif
