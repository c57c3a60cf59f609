// How Module reaches the control plane: the JavaScript that runs each module instance's policy source
// (the NPDS client of `xds-path`, the watcher of `policy-file`) and the process-wide services an
// instance may name (the `parser-bundle` watcher, the `admin-socket`). In libcilium.so it lives in its own
// isolate on a dedicated thread (runtime/control_runtime.h), so it keeps running while no traffic
// flows; in the plain-Node addon it is the test process's isolate.
#ifndef TSPROXYLIB_NATIVE_CONTROL_CHANNEL_H
#define TSPROXYLIB_NATIVE_CONTROL_CHANNEL_H

#include <cstdint>
#include <memory>

namespace tsproxylib {

class Instance;

class ControlChannel {
 public:
  virtual ~ControlChannel() = default;
  // Starts the instance's policy source. Returns when its first attempt is over (instance marked
  // control-ready) or, at the latest, after the channel's bound; never fails the caller.
  virtual void openInstance(const std::shared_ptr<Instance>& instance) = 0;
  // Stops the instance's policy source (CloseModule released it). Does not wait.
  virtual void closeInstance(uint64_t id) = 0;
};

}  // namespace tsproxylib

#endif
