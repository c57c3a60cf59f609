#include "input.h"

#include <algorithm>
#include <cstring>

namespace tsproxylib::floorlib {

Input::Input(const GoSlice* slices, size_t count) : slices_(slices), count_(count) {
  for (size_t i = 0; i < count_; ++i) {
    length_ += sliceLen(i);
  }
}

size_t Input::find(uint8_t c) const {
  size_t base = 0;
  size_t skip = offset_;
  for (size_t i = first_; i < count_; ++i) {
    const size_t len = sliceLen(i) - skip;
    const uint8_t* p = sliceData(i) + skip;
    if (len > 0) {
      if (const void* hit = std::memchr(p, c, len)) {
        return base + static_cast<size_t>(static_cast<const uint8_t*>(hit) - p);
      }
    }
    base += len;
    skip = 0;
  }
  return npos;
}

bool Input::startsWith(std::string_view prefix) const {
  if (prefix.size() > length_) {
    return false;
  }
  char head[16];
  if (prefix.size() > sizeof(head)) {
    return copy(0, prefix.size()) == prefix;
  }
  copyOut(0, prefix.size(), head);
  return std::string_view(head, prefix.size()) == prefix;
}

void Input::copyOut(size_t from, size_t n, void* out) const {
  auto* dst = static_cast<uint8_t*>(out);
  size_t skip = offset_ + from;
  for (size_t i = first_; i < count_ && n > 0; ++i) {
    const size_t len = sliceLen(i);
    if (skip >= len) {
      skip -= len;
      continue;
    }
    const size_t k = std::min(n, len - skip);
    std::memcpy(dst, sliceData(i) + skip, k);
    dst += k;
    n -= k;
    skip = 0;
  }
}

std::string Input::copy(size_t from, size_t n) const {
  std::string out(n, '\0');
  copyOut(from, n, out.data());
  return out;
}

void Input::advance(size_t n) {
  if (n >= length_) {
    first_ = count_;
    offset_ = 0;
    length_ = 0;
    return;
  }
  length_ -= n;
  n += offset_;
  while (n >= sliceLen(first_)) {
    n -= sliceLen(first_);
    ++first_;
  }
  offset_ = n;
}

} // namespace tsproxylib::floorlib
