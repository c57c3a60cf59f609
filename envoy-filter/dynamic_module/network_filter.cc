#include "network_filter.h"

#include "envoy_log.h"
#include "result_names.h"

namespace tsproxylib::filter {
namespace {

constexpr auto kContinue = envoy_dynamic_module_type_on_network_filter_data_status_Continue;
constexpr auto kStop = envoy_dynamic_module_type_on_network_filter_data_status_StopIteration;

using AddressGetter = bool (*)(envoy_dynamic_module_type_network_filter_envoy_ptr,
                               envoy_dynamic_module_type_envoy_buffer*, uint32_t*);

std::optional<Endpoint> endpoint(envoy_dynamic_module_type_network_filter_envoy_ptr envoy, AddressGetter get) {
  envoy_dynamic_module_type_envoy_buffer ip{nullptr, 0};
  uint32_t port = 0;
  if (!get(envoy, &ip, &port) || ip.ptr == nullptr) {
    return std::nullopt; // not an IP address (a pipe, an internal listener)
  }
  return Endpoint{std::string(ip.ptr, ip.length), port};
}

void closeConnection(envoy_dynamic_module_type_network_filter_envoy_ptr envoy,
                     envoy_dynamic_module_type_network_connection_close_type type, const std::string& details) {
  envoy_dynamic_module_callback_network_filter_close_with_details(envoy, type, {details.data(), details.size()});
}

} // namespace

ConnectionFacts NetworkFilter::facts() const {
  ConnectionFacts f;
  f.local = endpoint(envoy_, envoy_dynamic_module_callback_network_filter_get_local_address);
  f.remote = endpoint(envoy_, envoy_dynamic_module_callback_network_filter_get_remote_address);
  f.filter_state = [envoy = envoy_](const std::string& key) -> std::optional<std::string> {
    envoy_dynamic_module_type_envoy_buffer value{nullptr, 0};
    if (!envoy_dynamic_module_callback_network_get_filter_state_bytes(envoy, {key.data(), key.size()}, &value) ||
        value.ptr == nullptr) {
      return std::nullopt;
    }
    return std::string(value.ptr, value.length);
  };
  return f;
}

NetworkFilter::Status NetworkFilter::onNewConnection() {
  std::string why;
  const auto info = config_.settings().connection.select(facts(), &why);
  if (!info) {
    reject(why);
    return kStop;
  }
  const uint64_t id = envoy_dynamic_module_callback_network_filter_get_connection_id(envoy_);
  conn_ = std::make_unique<Connection>(config_.library(), config_.moduleId(), id);
  const FilterResult res = conn_->open(*info);
  if (res != FILTER_OK) {
    reject("parser \"" + info->proto + "\" refused the connection: " + resultName(res));
    return kStop;
  }
  counted_open_ = true;
  config_.counters().add(envoy_, Counter::ConnectionsOpened);
  TSPROXYLIB_DEBUG("[" + config_.name() + "] connection " + std::to_string(id) + " opened with parser " + info->proto +
                   ", policy " + info->policy_name + ", " + info->src_addr + " -> " + info->dst_addr);
  return kContinue;
}

NetworkFilter::Status NetworkFilter::onRead(bool end_stream) { return process(false, end_stream); }

NetworkFilter::Status NetworkFilter::onWrite(bool end_stream) { return process(true, end_stream); }

NetworkFilter::Status NetworkFilter::process(bool reply, bool end_stream) {
  EnvoyBuffer& envoy = reply ? write_buffer_ : read_buffer_;
  envoy.take(data_);
  if (!conn_ || !conn_->isOpen()) {
    data_.drain(data_.length());
    envoy.clear(); // a rejected or failed connection lets nothing through while it closes
    return kStop;
  }
  const FilterResult res = conn_->onIo(reply, data_, end_stream);
  // Undecided input stays with the algorithm and may still view Envoy's memory: copy it now.
  conn_->ownInput();
  if (res != FILTER_OK) {
    envoy.clear();
    failed(reply);
    return kStop;
  }
  envoy.give(data_);
  // What flowed on is Envoy's again (or a copy it took): forget the views.
  data_.drain(data_.length());
  if (!flushInjected(!reply)) {
    return kStop;
  }
  return kContinue;
}

// cilium-envoy sends bytes injected into the reply direction with an empty write (so that onWrite
// runs), and cannot do the same towards upstream; here both directions are flushed at once.
bool NetworkFilter::flushInjected(bool reply) {
  if (!conn_->wantInject(reply)) {
    return true;
  }
  Buffer out;
  const FilterResult res = conn_->onIo(reply, out, false);
  conn_->ownInput();
  if (res != FILTER_OK) {
    failed(reply);
    return false;
  }
  if (out.length() > 0) {
    injectAfterUs(envoy_, reply, out);
  }
  return true;
}

void NetworkFilter::onEvent(envoy_dynamic_module_type_network_connection_event event) {
  if (event != envoy_dynamic_module_type_network_connection_event_RemoteClose &&
      event != envoy_dynamic_module_type_network_connection_event_LocalClose) {
    return;
  }
  // No hook but destroy follows a close event, so the library can forget the connection now.
  if (conn_ && conn_->isOpen()) {
    conn_->close();
  }
  countClose();
}

// The algorithm already called Close. As in cilium-envoy, a failure while reading closes at once; a
// failure on the write path lets what was written before it reach the client first.
void NetworkFilter::failed(bool reply) {
  countClose();
  config_.counters().add(envoy_, Counter::ParserErrors);
  logWarn("[" + config_.name() + "] connection " + std::to_string(conn_->id()) + " closed on a parser error: " +
          conn_->error());
  closeConnection(envoy_,
                  reply ? envoy_dynamic_module_type_network_connection_close_type_FlushWrite
                        : envoy_dynamic_module_type_network_connection_close_type_NoFlush,
                  "proxylib error");
}

void NetworkFilter::reject(const std::string& why) {
  config_.counters().add(envoy_, Counter::ConnectionsRejected);
  logWarn("[" + config_.name() + "] connection rejected: " + why);
  closeConnection(envoy_, envoy_dynamic_module_type_network_connection_close_type_AbortReset, "access denied");
}

void NetworkFilter::countClose() {
  if (counted_open_ && !conn_->isOpen()) {
    counted_open_ = false;
    config_.counters().add(envoy_, Counter::ConnectionsClosed);
  }
}

} // namespace tsproxylib::filter
