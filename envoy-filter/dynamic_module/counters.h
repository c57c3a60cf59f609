// The filter's counters, shown by Envoy's /stats as <metrics_namespace>.<stat_prefix>.<name>
// (metrics_namespace is set on the module config; Envoy's default is "dynamicmodulescustom").
// Envoy only lets a network filter define counters while its config is created.
#pragma once

#include <cstddef>
#include <string>

#include "envoy_abi.h"

namespace tsproxylib::filter {

enum class Counter {
  ConnectionsOpened,   // OnNewConnection answered OK
  ConnectionsRejected, // OnNewConnection refused, or no arguments could be chosen: the connection is reset
  ConnectionsClosed,   // Close called (each opened connection gets exactly one)
  ParserErrors,        // a parser error closed the connection
  Count,
};

class Counters {
public:
  // Defines every counter; false (with `error`) when Envoy refuses one.
  bool define(envoy_dynamic_module_type_network_filter_config_envoy_ptr config, const std::string& prefix,
              std::string* error);
  void add(envoy_dynamic_module_type_network_filter_envoy_ptr filter, Counter c, uint64_t n = 1) const;

private:
  size_t ids_[static_cast<size_t>(Counter::Count)] = {};
};

} // namespace tsproxylib::filter
