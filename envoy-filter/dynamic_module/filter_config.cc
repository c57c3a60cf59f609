#include "filter_config.h"

#include "envoy_log.h"

namespace tsproxylib::filter {

std::unique_ptr<FilterConfig> FilterConfig::create(envoy_dynamic_module_type_network_filter_config_envoy_ptr envoy,
                                                   std::string_view filter_name, std::string_view json,
                                                   std::string* error) {
  std::unique_ptr<FilterConfig> config;
  try {
    config.reset(new FilterConfig(std::string(filter_name), FilterSettings::parse(json)));
    config->library_ = std::make_unique<Library>(config->settings_.library);
  } catch (const std::exception& e) {
    *error = e.what();
    return nullptr;
  }
  if (!config->counters_.define(envoy, config->settings_.stat_prefix, error)) {
    return nullptr;
  }
  const bool debug = config->settings_.debug.value_or(logEnabled(envoy_dynamic_module_type_log_level_Debug));
  config->module_id_ = config->library_->openModule(config->settings_.params, debug);
  if (config->module_id_ == 0) {
    *error = "OpenModule of " + config->settings_.library + " rejected the parameters";
    return nullptr;
  }
  return config;
}

FilterConfig::~FilterConfig() {
  if (module_id_ != 0) {
    library_->closeModule(module_id_);
  }
}

} // namespace tsproxylib::filter
