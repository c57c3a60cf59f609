// The part of Envoy's network-filter dynamic-module ABI this module uses, declared here so it builds
// without the Envoy source tree. Names, layouts and enum values are Envoy's (its abi.h); only what we
// call or implement is listed. Every callback below exists in Envoy 1.38.0, the oldest release we
// support: 1.40 loads modules with RTLD_NOW, so one callback newer than the running Envoy would make
// the whole module fail to load. Do not add a callback without checking the 1.38 header.
#pragma once

#include <cstddef>
#include <cstdint>

// The ABI version of the 1.38/1.39 header we build against. Envoy 1.38+ only logs a mismatch (1.40
// records it for diagnostics), so a newer Envoy loads us and says we were built for an older ABI.
#define TSPROXYLIB_ENVOY_ABI_VERSION "v0.1.0"
#define TSPROXYLIB_ENVOY_MIN_VERSION "1.38.0"

extern "C" {

typedef const char* envoy_dynamic_module_type_abi_version_module_ptr;
typedef const char* envoy_dynamic_module_type_buffer_module_ptr;
typedef const char* envoy_dynamic_module_type_buffer_envoy_ptr;
typedef void* envoy_dynamic_module_type_network_filter_config_envoy_ptr;
typedef const void* envoy_dynamic_module_type_network_filter_config_module_ptr;
typedef void* envoy_dynamic_module_type_network_filter_envoy_ptr;
typedef const void* envoy_dynamic_module_type_network_filter_module_ptr;

typedef struct envoy_dynamic_module_type_envoy_buffer {
  envoy_dynamic_module_type_buffer_envoy_ptr ptr;
  size_t length;
} envoy_dynamic_module_type_envoy_buffer;

typedef struct envoy_dynamic_module_type_module_buffer {
  envoy_dynamic_module_type_buffer_module_ptr ptr;
  size_t length;
} envoy_dynamic_module_type_module_buffer;

typedef enum envoy_dynamic_module_type_log_level {
  envoy_dynamic_module_type_log_level_Trace,
  envoy_dynamic_module_type_log_level_Debug,
  envoy_dynamic_module_type_log_level_Info,
  envoy_dynamic_module_type_log_level_Warn,
  envoy_dynamic_module_type_log_level_Error,
  envoy_dynamic_module_type_log_level_Critical,
  envoy_dynamic_module_type_log_level_Off,
} envoy_dynamic_module_type_log_level;

typedef enum envoy_dynamic_module_type_metrics_result {
  envoy_dynamic_module_type_metrics_result_Success,
  envoy_dynamic_module_type_metrics_result_MetricNotFound,
  envoy_dynamic_module_type_metrics_result_InvalidLabels,
  envoy_dynamic_module_type_metrics_result_Frozen,
} envoy_dynamic_module_type_metrics_result;

typedef enum envoy_dynamic_module_type_on_network_filter_data_status {
  envoy_dynamic_module_type_on_network_filter_data_status_Continue,
  envoy_dynamic_module_type_on_network_filter_data_status_StopIteration,
} envoy_dynamic_module_type_on_network_filter_data_status;

typedef enum envoy_dynamic_module_type_network_connection_close_type {
  envoy_dynamic_module_type_network_connection_close_type_FlushWrite,
  envoy_dynamic_module_type_network_connection_close_type_NoFlush,
  envoy_dynamic_module_type_network_connection_close_type_FlushWriteAndDelay,
  envoy_dynamic_module_type_network_connection_close_type_Abort,
  envoy_dynamic_module_type_network_connection_close_type_AbortReset,
} envoy_dynamic_module_type_network_connection_close_type;

typedef enum envoy_dynamic_module_type_network_connection_event {
  envoy_dynamic_module_type_network_connection_event_RemoteClose,
  envoy_dynamic_module_type_network_connection_event_LocalClose,
  envoy_dynamic_module_type_network_connection_event_Connected,
  envoy_dynamic_module_type_network_connection_event_ConnectedZeroRtt,
} envoy_dynamic_module_type_network_connection_event;

// ---- Hooks: Envoy resolves these in the module with dlsym ----

envoy_dynamic_module_type_abi_version_module_ptr envoy_dynamic_module_on_program_init(void);

envoy_dynamic_module_type_network_filter_config_module_ptr envoy_dynamic_module_on_network_filter_config_new(
    envoy_dynamic_module_type_network_filter_config_envoy_ptr filter_config_envoy_ptr,
    envoy_dynamic_module_type_envoy_buffer name, envoy_dynamic_module_type_envoy_buffer config);
void envoy_dynamic_module_on_network_filter_config_destroy(
    envoy_dynamic_module_type_network_filter_config_module_ptr filter_config_ptr);
envoy_dynamic_module_type_network_filter_module_ptr envoy_dynamic_module_on_network_filter_new(
    envoy_dynamic_module_type_network_filter_config_module_ptr filter_config_ptr,
    envoy_dynamic_module_type_network_filter_envoy_ptr filter_envoy_ptr);
envoy_dynamic_module_type_on_network_filter_data_status envoy_dynamic_module_on_network_filter_new_connection(
    envoy_dynamic_module_type_network_filter_envoy_ptr filter_envoy_ptr,
    envoy_dynamic_module_type_network_filter_module_ptr filter_module_ptr);
envoy_dynamic_module_type_on_network_filter_data_status envoy_dynamic_module_on_network_filter_read(
    envoy_dynamic_module_type_network_filter_envoy_ptr filter_envoy_ptr,
    envoy_dynamic_module_type_network_filter_module_ptr filter_module_ptr, size_t data_length, bool end_stream);
envoy_dynamic_module_type_on_network_filter_data_status envoy_dynamic_module_on_network_filter_write(
    envoy_dynamic_module_type_network_filter_envoy_ptr filter_envoy_ptr,
    envoy_dynamic_module_type_network_filter_module_ptr filter_module_ptr, size_t data_length, bool end_stream);
void envoy_dynamic_module_on_network_filter_event(envoy_dynamic_module_type_network_filter_envoy_ptr filter_envoy_ptr,
                                                  envoy_dynamic_module_type_network_filter_module_ptr filter_module_ptr,
                                                  envoy_dynamic_module_type_network_connection_event event);
void envoy_dynamic_module_on_network_filter_destroy(envoy_dynamic_module_type_network_filter_module_ptr filter_module_ptr);

// ---- Callbacks: Envoy's executable defines these ----

void envoy_dynamic_module_callback_log(envoy_dynamic_module_type_log_level level,
                                       envoy_dynamic_module_type_module_buffer message);
bool envoy_dynamic_module_callback_log_enabled(envoy_dynamic_module_type_log_level level);

size_t envoy_dynamic_module_callback_network_filter_get_read_buffer_chunks_size(
    envoy_dynamic_module_type_network_filter_envoy_ptr filter_envoy_ptr);
bool envoy_dynamic_module_callback_network_filter_get_read_buffer_chunks(
    envoy_dynamic_module_type_network_filter_envoy_ptr filter_envoy_ptr,
    envoy_dynamic_module_type_envoy_buffer* result_buffer_vector);
bool envoy_dynamic_module_callback_network_filter_drain_read_buffer(
    envoy_dynamic_module_type_network_filter_envoy_ptr filter_envoy_ptr, size_t length);
bool envoy_dynamic_module_callback_network_filter_append_read_buffer(
    envoy_dynamic_module_type_network_filter_envoy_ptr filter_envoy_ptr, envoy_dynamic_module_type_module_buffer data);

size_t envoy_dynamic_module_callback_network_filter_get_write_buffer_chunks_size(
    envoy_dynamic_module_type_network_filter_envoy_ptr filter_envoy_ptr);
bool envoy_dynamic_module_callback_network_filter_get_write_buffer_chunks(
    envoy_dynamic_module_type_network_filter_envoy_ptr filter_envoy_ptr,
    envoy_dynamic_module_type_envoy_buffer* result_buffer_vector);
bool envoy_dynamic_module_callback_network_filter_drain_write_buffer(
    envoy_dynamic_module_type_network_filter_envoy_ptr filter_envoy_ptr, size_t length);
bool envoy_dynamic_module_callback_network_filter_append_write_buffer(
    envoy_dynamic_module_type_network_filter_envoy_ptr filter_envoy_ptr, envoy_dynamic_module_type_module_buffer data);

void envoy_dynamic_module_callback_network_filter_inject_read_data(
    envoy_dynamic_module_type_network_filter_envoy_ptr filter_envoy_ptr, envoy_dynamic_module_type_module_buffer data,
    bool end_stream);
void envoy_dynamic_module_callback_network_filter_inject_write_data(
    envoy_dynamic_module_type_network_filter_envoy_ptr filter_envoy_ptr, envoy_dynamic_module_type_module_buffer data,
    bool end_stream);
void envoy_dynamic_module_callback_network_filter_close_with_details(
    envoy_dynamic_module_type_network_filter_envoy_ptr filter_envoy_ptr,
    envoy_dynamic_module_type_network_connection_close_type close_type, envoy_dynamic_module_type_module_buffer details);

uint64_t envoy_dynamic_module_callback_network_filter_get_connection_id(
    envoy_dynamic_module_type_network_filter_envoy_ptr filter_envoy_ptr);
bool envoy_dynamic_module_callback_network_filter_get_remote_address(
    envoy_dynamic_module_type_network_filter_envoy_ptr filter_envoy_ptr, envoy_dynamic_module_type_envoy_buffer* address_out,
    uint32_t* port_out);
bool envoy_dynamic_module_callback_network_filter_get_local_address(
    envoy_dynamic_module_type_network_filter_envoy_ptr filter_envoy_ptr, envoy_dynamic_module_type_envoy_buffer* address_out,
    uint32_t* port_out);
bool envoy_dynamic_module_callback_network_get_filter_state_bytes(
    envoy_dynamic_module_type_network_filter_envoy_ptr filter_envoy_ptr, envoy_dynamic_module_type_module_buffer key,
    envoy_dynamic_module_type_envoy_buffer* value_out);

envoy_dynamic_module_type_metrics_result envoy_dynamic_module_callback_network_filter_config_define_counter(
    envoy_dynamic_module_type_network_filter_config_envoy_ptr config_envoy_ptr, envoy_dynamic_module_type_module_buffer name,
    size_t* counter_id_ptr);
envoy_dynamic_module_type_metrics_result envoy_dynamic_module_callback_network_filter_increment_counter(
    envoy_dynamic_module_type_network_filter_envoy_ptr filter_envoy_ptr, size_t id, uint64_t value);

} // extern "C"
