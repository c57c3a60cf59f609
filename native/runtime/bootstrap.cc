#include "runtime/bootstrap.h"

namespace tsproxylib {

const char kBootstrapSource[] = R"JS(
'use strict';
const os = require('os');
// Node's process.dlopen defaults to RTLD_LAZY: an addon with a missing symbol would kill the host at
// its first call. RTLD_NOW makes require() of such an addon throw instead.
const dlopen = process.dlopen;
process.dlopen = (module, filename, flags) =>
  dlopen(module, filename, flags === undefined ? os.constants.dlopen.RTLD_NOW : flags);
const bridge = process._linkedBinding('tsproxylib');
// Until the framework installs its own handlers, an asynchronous error must never be fatal.
process.on('uncaughtException', (err) => bridge.print(3, 'uncaught exception: ' + (err && err.stack || err)));
process.on('unhandledRejection', (err) => bridge.print(3, 'unhandled rejection: ' + (err && err.stack || err)));
const load = require('module').createRequire(bundlePath);
const entry = load(bundlePath);
entry.init(bridge, options);
)JS";

}  // namespace tsproxylib
