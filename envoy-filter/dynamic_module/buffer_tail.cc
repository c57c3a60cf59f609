#include "buffer_tail.h"

namespace tsproxylib::filter {

bool isTailOf(const std::vector<RawSlice>& out, const RawSlice* envoy, size_t count) {
  // Walk both lists from the back: every output chunk but the first must be a whole Envoy chunk, and
  // the first may start inside one (its front drained) but must end where that chunk ends.
  size_t j = count;
  for (size_t i = out.size(); i-- > 0;) {
    while (j > 0 && envoy[j - 1].len == 0) {
      --j;
    }
    if (j == 0) {
      return false;
    }
    const RawSlice& e = envoy[--j];
    const RawSlice& o = out[i];
    const bool same_end = o.mem + o.len == e.mem + e.len;
    const bool inside = o.mem >= e.mem && o.len <= e.len;
    if (!same_end || !inside || (i > 0 && o.mem != e.mem)) {
      return false;
    }
  }
  return true;
}

} // namespace tsproxylib::filter
