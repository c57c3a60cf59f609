// The hooks Envoy resolves in this module, and nothing else: each is one guarded forward to
// FilterConfig or NetworkFilter. No exception crosses into Envoy; a failure in a connection's hook
// closes that connection, a failure in config_new rejects the config.
#include <exception>
#include <string>

#include "envoy_abi.h"
#include "envoy_log.h"
#include "filter_config.h"
#include "network_filter.h"

using tsproxylib::filter::FilterConfig;
using tsproxylib::filter::NetworkFilter;

namespace {

constexpr auto kStop = envoy_dynamic_module_type_on_network_filter_data_status_StopIteration;

const FilterConfig* configOf(envoy_dynamic_module_type_network_filter_config_module_ptr p) {
  return static_cast<const FilterConfig*>(p);
}
NetworkFilter* filterOf(envoy_dynamic_module_type_network_filter_module_ptr p) {
  return static_cast<NetworkFilter*>(const_cast<void*>(p));
}

std::string what(std::exception_ptr e) {
  try {
    std::rethrow_exception(e);
  } catch (const std::exception& ex) {
    return ex.what();
  } catch (...) {
    return "unknown exception";
  }
}

// Runs a connection hook; on an exception logs it and resets the connection.
template <class Fn>
envoy_dynamic_module_type_on_network_filter_data_status guarded(envoy_dynamic_module_type_network_filter_envoy_ptr envoy,
                                                                const char* hook, Fn fn) {
  try {
    return fn();
  } catch (...) {
    tsproxylib::filter::logError(std::string(hook) + ": " + what(std::current_exception()));
    static const std::string kDetails = "proxylib error";
    envoy_dynamic_module_callback_network_filter_close_with_details(
        envoy, envoy_dynamic_module_type_network_connection_close_type_NoFlush, {kDetails.data(), kDetails.size()});
    return kStop;
  }
}

} // namespace

#define HOOK extern "C" __attribute__((visibility("default")))

HOOK envoy_dynamic_module_type_abi_version_module_ptr envoy_dynamic_module_on_program_init(void) {
  return TSPROXYLIB_ENVOY_ABI_VERSION;
}

HOOK envoy_dynamic_module_type_network_filter_config_module_ptr envoy_dynamic_module_on_network_filter_config_new(
    envoy_dynamic_module_type_network_filter_config_envoy_ptr filter_config_envoy_ptr,
    envoy_dynamic_module_type_envoy_buffer name, envoy_dynamic_module_type_envoy_buffer config) {
  const std::string filter_name(name.ptr == nullptr ? "" : std::string(name.ptr, name.length));
  try {
    std::string error;
    auto created = FilterConfig::create(filter_config_envoy_ptr, filter_name,
                                        config.ptr == nullptr ? "" : std::string_view(config.ptr, config.length), &error);
    if (!created) {
      tsproxylib::filter::logError("filter config \"" + filter_name + "\" rejected: " + error);
      return nullptr;
    }
    return created.release();
  } catch (...) {
    tsproxylib::filter::logError("filter config \"" + filter_name + "\" rejected: " + what(std::current_exception()));
    return nullptr;
  }
}

HOOK void envoy_dynamic_module_on_network_filter_config_destroy(
    envoy_dynamic_module_type_network_filter_config_module_ptr filter_config_ptr) {
  try {
    delete configOf(filter_config_ptr);
  } catch (...) {
    tsproxylib::filter::logError("config_destroy: " + what(std::current_exception()));
  }
}

HOOK envoy_dynamic_module_type_network_filter_module_ptr envoy_dynamic_module_on_network_filter_new(
    envoy_dynamic_module_type_network_filter_config_module_ptr filter_config_ptr,
    envoy_dynamic_module_type_network_filter_envoy_ptr filter_envoy_ptr) {
  try {
    return new NetworkFilter(*configOf(filter_config_ptr), filter_envoy_ptr);
  } catch (...) {
    // Envoy closes a connection whose filter could not be made.
    tsproxylib::filter::logError("filter_new: " + what(std::current_exception()));
    return nullptr;
  }
}

HOOK envoy_dynamic_module_type_on_network_filter_data_status envoy_dynamic_module_on_network_filter_new_connection(
    envoy_dynamic_module_type_network_filter_envoy_ptr filter_envoy_ptr,
    envoy_dynamic_module_type_network_filter_module_ptr filter_module_ptr) {
  return guarded(filter_envoy_ptr, "on_new_connection", [&] { return filterOf(filter_module_ptr)->onNewConnection(); });
}

HOOK envoy_dynamic_module_type_on_network_filter_data_status envoy_dynamic_module_on_network_filter_read(
    envoy_dynamic_module_type_network_filter_envoy_ptr filter_envoy_ptr,
    envoy_dynamic_module_type_network_filter_module_ptr filter_module_ptr, size_t, bool end_stream) {
  return guarded(filter_envoy_ptr, "on_read", [&] { return filterOf(filter_module_ptr)->onRead(end_stream); });
}

HOOK envoy_dynamic_module_type_on_network_filter_data_status envoy_dynamic_module_on_network_filter_write(
    envoy_dynamic_module_type_network_filter_envoy_ptr filter_envoy_ptr,
    envoy_dynamic_module_type_network_filter_module_ptr filter_module_ptr, size_t, bool end_stream) {
  return guarded(filter_envoy_ptr, "on_write", [&] { return filterOf(filter_module_ptr)->onWrite(end_stream); });
}

HOOK void envoy_dynamic_module_on_network_filter_event(envoy_dynamic_module_type_network_filter_envoy_ptr filter_envoy_ptr,
                                                       envoy_dynamic_module_type_network_filter_module_ptr filter_module_ptr,
                                                       envoy_dynamic_module_type_network_connection_event event) {
  try {
    filterOf(filter_module_ptr)->onEvent(event);
  } catch (...) {
    (void)filter_envoy_ptr;
    tsproxylib::filter::logError("on_event: " + what(std::current_exception()));
  }
}

HOOK void envoy_dynamic_module_on_network_filter_destroy(envoy_dynamic_module_type_network_filter_module_ptr filter_module_ptr) {
  try {
    delete filterOf(filter_module_ptr);
  } catch (...) {
    tsproxylib::filter::logError("destroy: " + what(std::current_exception()));
  }
}
