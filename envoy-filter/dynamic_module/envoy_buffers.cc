#include "envoy_buffers.h"

#include <string>

#include "buffer_tail.h"

namespace tsproxylib::filter {
namespace {

envoy_dynamic_module_type_module_buffer moduleBuffer(const void* p, size_t n) {
  return {static_cast<const char*>(p), n};
}

} // namespace

void EnvoyBuffer::take(Buffer& into) {
  count_ = 0;
  length_ = 0;
  const size_t n = reply_ ? envoy_dynamic_module_callback_network_filter_get_write_buffer_chunks_size(envoy_)
                          : envoy_dynamic_module_callback_network_filter_get_read_buffer_chunks_size(envoy_);
  if (n == 0) {
    return;
  }
  if (fetched_.size() < n) {
    fetched_.resize(n);
    chunks_.resize(n);
  }
  const bool ok = reply_ ? envoy_dynamic_module_callback_network_filter_get_write_buffer_chunks(envoy_, fetched_.data())
                         : envoy_dynamic_module_callback_network_filter_get_read_buffer_chunks(envoy_, fetched_.data());
  if (!ok) {
    return;
  }
  for (size_t i = 0; i < n; ++i) {
    const auto& c = fetched_[i];
    chunks_[i] = {reinterpret_cast<const uint8_t*>(c.ptr), c.length};
    into.addBorrowed(c.ptr, c.length);
    length_ += c.length;
  }
  count_ = n;
}

void EnvoyBuffer::give(Buffer& output) {
  output.rawSlices(out_slices_);
  if (isTailOf(out_slices_, chunks_.data(), count_)) {
    const size_t front = length_ - output.length();
    if (front > 0) {
      reply_ ? envoy_dynamic_module_callback_network_filter_drain_write_buffer(envoy_, front)
             : envoy_dynamic_module_callback_network_filter_drain_read_buffer(envoy_, front);
    }
  } else {
    // The output still views Envoy's memory in places; copy it before that memory is drained.
    output.own();
    clear();
    output.rawSlices(out_slices_);
    for (const RawSlice& s : out_slices_) {
      reply_ ? envoy_dynamic_module_callback_network_filter_append_write_buffer(envoy_, moduleBuffer(s.mem, s.len))
             : envoy_dynamic_module_callback_network_filter_append_read_buffer(envoy_, moduleBuffer(s.mem, s.len));
    }
  }
  count_ = 0;
  length_ = 0;
}

void EnvoyBuffer::clear() {
  if (length_ > 0) {
    reply_ ? envoy_dynamic_module_callback_network_filter_drain_write_buffer(envoy_, length_)
           : envoy_dynamic_module_callback_network_filter_drain_read_buffer(envoy_, length_);
  }
  count_ = 0;
  length_ = 0;
}

void injectAfterUs(envoy_dynamic_module_type_network_filter_envoy_ptr envoy, bool reply, const Buffer& bytes) {
  // One call with the whole run: the injected bytes reach the next filter as one piece of data.
  const std::string data = bytes.toString();
  reply ? envoy_dynamic_module_callback_network_filter_inject_write_data(envoy, moduleBuffer(data.data(), data.size()), false)
        : envoy_dynamic_module_callback_network_filter_inject_read_data(envoy, moduleBuffer(data.data(), data.size()), false);
}

} // namespace tsproxylib::filter
