// One filter chain's configuration: the settings, the loaded library and its OpenModule instance,
// the counters. Made on the main thread by config_new and then only read, by every worker, for as
// long as any of its connections lives (Envoy keeps it alive that long).
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "counters.h"
#include "filter_settings.h"
#include "library.h"

namespace tsproxylib::filter {

class FilterConfig {
public:
  // nullptr with `error` set when the settings are invalid, the library does not load or OpenModule
  // refuses the parameters: Envoy then rejects the listener, as cilium-envoy does.
  static std::unique_ptr<FilterConfig> create(envoy_dynamic_module_type_network_filter_config_envoy_ptr envoy,
                                              std::string_view filter_name, std::string_view json,
                                              std::string* error);
  // CloseModule; the library stays loaded if it was linked -z nodelete (ours and Cilium's are).
  ~FilterConfig();

  const std::string& name() const { return name_; }
  const FilterSettings& settings() const { return settings_; }
  const Library& library() const { return *library_; }
  uint64_t moduleId() const { return module_id_; }
  const Counters& counters() const { return counters_; }

private:
  FilterConfig(std::string name, FilterSettings settings) : name_(std::move(name)), settings_(std::move(settings)) {}

  std::string name_;
  FilterSettings settings_;
  std::unique_ptr<Library> library_;
  uint64_t module_id_ = 0;
  Counters counters_;
};

} // namespace tsproxylib::filter
