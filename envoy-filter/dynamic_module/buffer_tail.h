// The zero-copy test for handing bytes back to Envoy. The algorithm's output is built from views of
// Envoy's own buffer (borrowed chunks) plus bytes of ours; when it is exactly the last bytes of that
// buffer, in the same memory, Envoy's buffer becomes the output by draining its front. That is the
// common case (everything passed, or a dropped frame followed by passed ones) and costs no copy.
#pragma once

#include <vector>

#include "buffer.h"

namespace tsproxylib::filter {

// `envoy` lists the Envoy buffer's `count` chunks front to back (empty chunks allowed); `out` the output's.
bool isTailOf(const std::vector<RawSlice>& out, const RawSlice* envoy, size_t count);
inline bool isTailOf(const std::vector<RawSlice>& out, const std::vector<RawSlice>& envoy) {
  return isTailOf(out, envoy.data(), envoy.size());
}

} // namespace tsproxylib::filter
