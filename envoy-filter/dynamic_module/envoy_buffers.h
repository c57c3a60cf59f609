// One direction's Envoy buffer as the algorithm sees it: the bytes of the current on_read (the
// connection's read buffer) or on_write (the bytes about to be written downstream). take() lends them
// to a Buffer without copying; give() makes Envoy's buffer hold the algorithm's output.
#pragma once

#include <cstddef>
#include <vector>

#include "buffer.h"
#include "envoy_abi.h"

namespace tsproxylib::filter {

class EnvoyBuffer {
public:
  EnvoyBuffer(envoy_dynamic_module_type_network_filter_envoy_ptr envoy, bool reply) : envoy_(envoy), reply_(reply) {}

  // Appends views of every byte Envoy holds to `into`. The views stay valid until give() or the end
  // of the hook, so anything the algorithm keeps past that must be owned first.
  void take(Buffer& into);

  // Makes Envoy's buffer hold exactly `output`: by draining its front when `output` is its tail
  // (buffer_tail.h), otherwise by copying `output` (made owned first) in place of everything.
  void give(Buffer& output);

  // Drops everything Envoy holds (an error closes the connection; nothing may flow on).
  void clear();

private:
  envoy_dynamic_module_type_network_filter_envoy_ptr envoy_;
  bool reply_;
  std::vector<RawSlice> chunks_; // Envoy's buffer as of take(); only grows, so calls reuse it
  size_t count_ = 0;             // chunks_[0, count_) are valid
  std::vector<envoy_dynamic_module_type_envoy_buffer> fetched_;
  std::vector<RawSlice> out_slices_;
  size_t length_ = 0;
};

// Hands bytes to the filters after this one: the read chain (towards upstream) or the write chain
// (towards downstream). Used for reverse injection, which arrives while the other direction is parsed.
void injectAfterUs(envoy_dynamic_module_type_network_filter_envoy_ptr envoy, bool reply, const Buffer& bytes);

} // namespace tsproxylib::filter
