// The filter config, as the JSON text of the listener's `filter_config` (a StringValue):
//
//   {
//     "library": "/usr/lib/libcilium.so",       required: any libcilium-ABI library (ours, Cilium's Go one)
//     "params": {"access-log-path": "..."},     OpenModule parameters, passed unchanged (default none)
//     "debug": false,                           OpenModule's debug flag (default: Envoy's dynamic_modules
//                                               logger is at debug level)
//     "connection": {...},                      how each connection's arguments are chosen
//                                               (connection_selector.h)
//     "stat_prefix": "r2d2_ingress"             prefix of this listener's counters (default none)
//   }
//
// Parsed and validated once per filter chain; any mistake rejects the config with a message.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "connection_selector.h"
#include "library.h"

namespace tsproxylib::filter {

struct FilterSettings {
  std::string library;
  ModuleParams params;
  std::optional<bool> debug;
  ConnectionSelector connection;
  std::string stat_prefix;

  // Throws ConfigError.
  static FilterSettings parse(std::string_view json_text);
};

} // namespace tsproxylib::filter
