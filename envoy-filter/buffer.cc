#include "buffer.h"

#include <algorithm>
#include <cstring>
#include <stdexcept>

namespace tsproxylib::filter {

void Buffer::add(const void* data, size_t len) {
  const auto* src = static_cast<const uint8_t*>(data);
  // A borrowed chunk has no room, so new bytes never land in the lender's memory.
  if (len > 0 && !chunks_.empty() && chunks_.back().room() > 0) {
    Chunk& last = chunks_.back();
    const size_t n = std::min(len, last.room());
    std::memcpy(last.mem.get() + last.end, src, n);
    last.end += n;
    src += n;
    len -= n;
    length_ += n;
  }
  if (len == 0) {
    return;
  }
  Chunk chunk;
  chunk.capacity = std::max(len, kChunkSize);
  chunk.mem = std::make_unique<uint8_t[]>(chunk.capacity);
  std::memcpy(chunk.mem.get(), src, len);
  chunk.end = len;
  length_ += len;
  chunks_.push_back(std::move(chunk));
}

void Buffer::addBorrowed(const void* data, size_t len) {
  if (len == 0) {
    return;
  }
  Chunk chunk;
  chunk.borrowed = static_cast<const uint8_t*>(data);
  chunk.capacity = len;
  chunk.end = len;
  length_ += len;
  chunks_.push_back(std::move(chunk));
}

void Buffer::own() {
  for (Chunk& chunk : chunks_) {
    if (chunk.borrowed == nullptr) {
      continue;
    }
    const size_t size = chunk.size();
    chunk.mem = std::make_unique<uint8_t[]>(size);
    std::memcpy(chunk.mem.get(), chunk.borrowed + chunk.begin, size);
    chunk.borrowed = nullptr;
    chunk.capacity = size;
    chunk.begin = 0;
    chunk.end = size;
  }
}

bool Buffer::borrowsAny() const {
  for (const Chunk& chunk : chunks_) {
    if (chunk.borrowed != nullptr) {
      return true;
    }
  }
  return false;
}

void Buffer::takeChunk(Chunk&& chunk) {
  const size_t size = chunk.size();
  if (size == 0) {
    return;
  }
  if (size <= kCopyThreshold && !chunks_.empty() && chunks_.back().room() >= size) {
    add(chunk.bytes() + chunk.begin, size);
    return;
  }
  length_ += size;
  chunks_.push_back(std::move(chunk));
}

void Buffer::move(Buffer& other) { move(other, other.length()); }

void Buffer::move(Buffer& other, size_t n) {
  if (&other == this) {
    throw std::logic_error("Buffer::move from itself");
  }
  if (n > other.length()) {
    throw std::out_of_range("Buffer::move of more bytes than the source holds");
  }
  // Everything into nothing: the chunk lists change owner whole (the common case: all input passed).
  if (length_ == 0 && n == other.length()) {
    chunks_.swap(other.chunks_);
    length_ = n;
    other.length_ = 0;
    return;
  }
  while (n > 0) {
    Chunk& front = other.chunks_.front();
    const size_t size = front.size();
    if (size <= n) {
      Chunk chunk = std::move(front);
      other.chunks_.pop_front();
      other.length_ -= size;
      n -= size;
      takeChunk(std::move(chunk));
    } else {
      add(front.bytes() + front.begin, n);
      other.drain(n);
      n = 0;
    }
  }
}

void Buffer::drain(size_t n) {
  if (n > length_) {
    throw std::out_of_range("Buffer::drain of more bytes than the buffer holds");
  }
  length_ -= n;
  while (n > 0) {
    Chunk& front = chunks_.front();
    const size_t size = front.size();
    if (size <= n) {
      n -= size;
      chunks_.pop_front();
    } else {
      front.begin += n;
      n = 0;
    }
  }
}

void Buffer::rawSlices(std::vector<RawSlice>& out) const {
  out.clear();
  for (const Chunk& chunk : chunks_) {
    if (chunk.size() > 0) {
      out.push_back({chunk.bytes() + chunk.begin, chunk.size()});
    }
  }
}

std::vector<RawSlice> Buffer::rawSlices() const {
  std::vector<RawSlice> out;
  rawSlices(out);
  return out;
}

void Buffer::copyOut(size_t start, size_t len, void* out) const {
  if (start > length_ || len > length_ - start) {
    throw std::out_of_range("Buffer::copyOut beyond the end of the buffer");
  }
  auto* dst = static_cast<uint8_t*>(out);
  for (const Chunk& chunk : chunks_) {
    if (len == 0) {
      break;
    }
    const size_t size = chunk.size();
    if (start >= size) {
      start -= size;
      continue;
    }
    const size_t n = std::min(len, size - start);
    std::memcpy(dst, chunk.bytes() + chunk.begin + start, n);
    dst += n;
    len -= n;
    start = 0;
  }
}

std::string Buffer::toString() const {
  std::string out(length_, '\0');
  copyOut(0, length_, out.data());
  return out;
}

} // namespace tsproxylib::filter
