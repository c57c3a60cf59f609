// One downstream connection: cilium-envoy's network filter (Cilium's Instance) on Envoy's
// dynamic-module hooks, driving the shared algorithm (connection.h) over Envoy's buffers.
//
//   on_new_connection  choose the arguments (connection_selector.h), OnNewConnection; a refusal resets
//                      the connection before any byte flows
//   on_read / on_write Envoy's bytes → Connection::onIo → Envoy's buffer holds what may flow on;
//                      bytes the parser kept stay with the algorithm until its verdict allows them
//   reverse injection  bytes the parser queued for the other direction are sent at once, after this
//                      filter (inject_write_data / inject_read_data), without waiting for traffic
//   parser error       Close, then the connection is closed (reads: at once; writes: after flushing)
//   close event        Close, exactly once per opened connection
#pragma once

#include <memory>
#include <string>

#include "connection.h"
#include "envoy_abi.h"
#include "envoy_buffers.h"
#include "filter_config.h"

namespace tsproxylib::filter {

class NetworkFilter {
public:
  using Status = envoy_dynamic_module_type_on_network_filter_data_status;

  NetworkFilter(const FilterConfig& config, envoy_dynamic_module_type_network_filter_envoy_ptr envoy)
      : config_(config), envoy_(envoy), read_buffer_(envoy, false), write_buffer_(envoy, true) {}

  // Network::ReadFilter
  Status onNewConnection();
  Status onRead(bool end_stream);
  // Network::WriteFilter
  Status onWrite(bool end_stream);
  // Network::ConnectionCallbacks
  void onEvent(envoy_dynamic_module_type_network_connection_event event);

private:
  ConnectionFacts facts() const;
  Status process(bool reply, bool end_stream);
  bool flushInjected(bool reply);
  void failed(bool reply);
  void reject(const std::string& why);
  void countClose();

  const FilterConfig& config_;
  envoy_dynamic_module_type_network_filter_envoy_ptr envoy_;
  std::unique_ptr<Connection> conn_; // its destructor calls Close if no close event did
  bool counted_open_ = false;
  // Kept across calls so a call allocates nothing once the connection has warmed up.
  EnvoyBuffer read_buffer_;
  EnvoyBuffer write_buffer_;
  Buffer data_; // the bytes of the current call; empty between calls
};

} // namespace tsproxylib::filter
