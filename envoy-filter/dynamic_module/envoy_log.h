// Log lines on Envoy's `dynamic_modules` logger (`--component-log-level dynamic_modules:debug`).
#pragma once

#include <string>

#include "envoy_abi.h"

namespace tsproxylib::filter {

inline bool logEnabled(envoy_dynamic_module_type_log_level level) {
  return envoy_dynamic_module_callback_log_enabled(level);
}

inline void log(envoy_dynamic_module_type_log_level level, const std::string& message) {
  const std::string line = "tsproxylib: " + message;
  envoy_dynamic_module_callback_log(level, {line.data(), line.size()});
}

inline void logError(const std::string& message) { log(envoy_dynamic_module_type_log_level_Error, message); }
inline void logWarn(const std::string& message) { log(envoy_dynamic_module_type_log_level_Warn, message); }

// Build the message only when it is printed.
#define TSPROXYLIB_DEBUG(expr)                                                                                 \
  do {                                                                                                         \
    if (::tsproxylib::filter::logEnabled(envoy_dynamic_module_type_log_level_Debug)) {                         \
      ::tsproxylib::filter::log(envoy_dynamic_module_type_log_level_Debug, (expr));                           \
    }                                                                                                          \
  } while (0)

} // namespace tsproxylib::filter
