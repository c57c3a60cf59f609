#include "counters.h"

namespace tsproxylib::filter {
namespace {

const char* const kNames[] = {"connections_opened", "connections_rejected", "connections_closed", "parser_errors"};
static_assert(sizeof(kNames) / sizeof(kNames[0]) == static_cast<size_t>(Counter::Count), "one name per counter");

} // namespace

bool Counters::define(envoy_dynamic_module_type_network_filter_config_envoy_ptr config, const std::string& prefix,
                      std::string* error) {
  for (size_t i = 0; i < static_cast<size_t>(Counter::Count); ++i) {
    const std::string name = prefix.empty() ? kNames[i] : prefix + "." + kNames[i];
    const auto res =
        envoy_dynamic_module_callback_network_filter_config_define_counter(config, {name.data(), name.size()}, &ids_[i]);
    if (res != envoy_dynamic_module_type_metrics_result_Success) {
      *error = "Envoy refused counter " + name + " (metrics result " + std::to_string(res) + ")";
      return false;
    }
  }
  return true;
}

void Counters::add(envoy_dynamic_module_type_network_filter_envoy_ptr filter, Counter c, uint64_t n) const {
  envoy_dynamic_module_callback_network_filter_increment_counter(filter, ids_[static_cast<size_t>(c)], n);
}

} // namespace tsproxylib::filter
