// Process-wide Node initialisation, done once, lazily, on the first runtime. It keeps Node away from
// everything the host process owns: no signal handlers, no stdio changes, no rlimit changes, no
// NODE_OPTIONS, no inspector (which would take SIGUSR1 from Envoy).
#ifndef TSPROXYLIB_NATIVE_RUNTIME_NODE_PROCESS_H
#define TSPROXYLIB_NATIVE_RUNTIME_NODE_PROCESS_H

#include <cstdint>
#include <string>

namespace node {
class MultiIsolatePlatform;
}

namespace tsproxylib {

struct ProcessConfig {
  uint32_t heap_limit_mb = 256;  // per isolate; V8's old-space limit
};

// Returns the platform, or null (with a reason) if Node could not be initialised.
node::MultiIsolatePlatform* EnsureNodeProcess(const ProcessConfig& config, std::string* error);

// The directory this shared library was loaded from (bundles live beside it).
std::string LibraryDirectory();

}  // namespace tsproxylib

#endif
