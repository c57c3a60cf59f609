// The first JavaScript each embedded isolate runs: it fixes what Node's defaults would get wrong
// inside a host process, then loads the framework bundle and hands it the bridge.
#ifndef TSPROXYLIB_NATIVE_RUNTIME_BOOTSTRAP_H
#define TSPROXYLIB_NATIVE_RUNTIME_BOOTSTRAP_H

namespace tsproxylib {

// A function body with parameters (process, require, bundlePath, options).
extern const char kBootstrapSource[];

}  // namespace tsproxylib

#endif
