// A chunked byte buffer with the parts of Envoy's Buffer::OwnedImpl that the proxylib algorithm uses.
// Bytes live in heap chunks that never move once written, so the {pointer, length} views returned by
// rawSlices() stay valid until those bytes are drained or moved away: that is what lets OnData read
// the buffered input in place, without copying it.
//
// A chunk may also be borrowed: addBorrowed() takes a view of memory the caller owns (an Envoy
// buffer slice) without copying it. Borrowed chunks move, split and drain like owned ones; the caller
// must call own() (or drop the bytes) before that memory goes away.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace tsproxylib::filter {

struct RawSlice {
  const uint8_t* mem;
  size_t len;
};

class Buffer {
public:
  Buffer() = default;
  Buffer(Buffer&&) = default;
  Buffer& operator=(Buffer&&) = default;
  Buffer(const Buffer&) = delete;
  Buffer& operator=(const Buffer&) = delete;

  size_t length() const { return length_; }

  // Copies bytes to the end.
  void add(const void* data, size_t len);
  void add(std::string_view bytes) { add(bytes.data(), bytes.size()); }

  // Appends a view of len bytes at `data` without copying; they stay the caller's memory.
  void addBorrowed(const void* data, size_t len);
  // Copies every borrowed chunk into memory of its own, so the lenders may change or free theirs.
  void own();
  bool borrowsAny() const;

  // Moves all of `other` (or its first n bytes) to the end of this buffer. Whole chunks change owner
  // without copying; only a chunk split by n, or a small chunk that fits into our last one, is copied.
  void move(Buffer& other);
  void move(Buffer& other, size_t n);

  // Removes n bytes (n <= length()) from the front.
  void drain(size_t n);

  // The non-empty chunks, front to back. The vector form reuses `out` to avoid allocating per call.
  void rawSlices(std::vector<RawSlice>& out) const;
  std::vector<RawSlice> rawSlices() const;

  // Copies len bytes starting at byte offset `start` (start + len <= length()).
  void copyOut(size_t start, size_t len, void* out) const;
  std::string toString() const;

private:
  struct Chunk {
    std::unique_ptr<uint8_t[]> mem;
    const uint8_t* borrowed = nullptr; // set instead of mem for a borrowed chunk, which has no room
    size_t capacity = 0;
    size_t begin = 0;
    size_t end = 0;

    const uint8_t* bytes() const { return borrowed != nullptr ? borrowed : mem.get(); }
    size_t size() const { return end - begin; }
    size_t room() const { return capacity - end; }
  };

  // New chunks are at least this big, so many small adds share one chunk (Envoy uses 16 KiB too).
  static constexpr size_t kChunkSize = 16 * 1024;
  // Chunks up to this size are copied rather than moved when they fit, which keeps the slice count
  // (and so the OnData slice array) small when data trickles in. Envoy's value.
  static constexpr size_t kCopyThreshold = 512;

  void takeChunk(Chunk&& chunk);

  std::deque<Chunk> chunks_;
  size_t length_ = 0;
};

} // namespace tsproxylib::filter
