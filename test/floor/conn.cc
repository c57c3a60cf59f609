#include <algorithm>
#include <cstring>

#include "parser.h"

namespace tsproxylib::floorlib {

size_t Conn::inject(bool reply, const void* data, size_t n) {
  GoSlice* buf = reply ? reply_buf_ : orig_buf_;
  const size_t room = static_cast<size_t>(buf->cap - buf->len);
  const size_t k = std::min(n, room);
  if (k > 0) {
    std::memcpy(static_cast<uint8_t*>(buf->data) + buf->len, data, k);
    buf->len += static_cast<GoInt>(k);
  }
  return k;
}

bool Conn::injectBufFull(bool reply) const {
  const GoSlice* buf = reply ? reply_buf_ : orig_buf_;
  return buf->len == buf->cap;
}

} // namespace tsproxylib::floorlib
