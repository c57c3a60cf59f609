// A read-only view of OnData's input: the caller's array of byte slices, read in place. Advancing
// moves a cursor and never touches the caller's array.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "proxylib/types.h"

namespace tsproxylib::floorlib {

class Input {
public:
  static constexpr size_t npos = static_cast<size_t>(-1);

  Input(const GoSlice* slices, size_t count);

  size_t length() const { return length_; }
  bool empty() const { return length_ == 0; }

  // Offset of the first byte equal to c, or npos.
  size_t find(uint8_t c) const;
  bool startsWith(std::string_view prefix) const;
  // Copies n bytes starting at `from` (from + n <= length()).
  void copyOut(size_t from, size_t n, void* out) const;
  std::string copy(size_t from, size_t n) const;

  // Skips n bytes; skipping past the end leaves the input empty, as Go's framework does.
  void advance(size_t n);

private:
  const uint8_t* sliceData(size_t i) const { return static_cast<const uint8_t*>(slices_[i].data); }
  size_t sliceLen(size_t i) const { return static_cast<size_t>(slices_[i].len); }

  const GoSlice* slices_;
  size_t count_;
  size_t first_ = 0;  // index of the slice holding the first unread byte
  size_t offset_ = 0; // bytes of slices_[first_] already skipped
  size_t length_ = 0;
};

} // namespace tsproxylib::floorlib
