#include "buffer.h"

#include <string>

#include "test/check.h"

namespace tsproxylib::filter {
namespace {

std::string slicesText(const Buffer& b) {
  std::string out;
  for (const RawSlice& s : b.rawSlices()) {
    out += "[" + std::string(reinterpret_cast<const char*>(s.mem), s.len) + "]";
  }
  return out;
}

TEST(bufferAddDrainCopyOut) {
  Buffer b;
  b.add("hello ");
  b.add("world");
  CHECK_EQ(b.length(), 11u);
  CHECK_EQ(b.toString(), "hello world");
  // Small adds share the first chunk.
  CHECK_EQ(b.rawSlices().size(), 1u);
  char mid[5];
  b.copyOut(3, 5, mid);
  CHECK_EQ(std::string(mid, 5), "lo wo");
  b.drain(6);
  CHECK_EQ(b.toString(), "world");
  b.drain(5);
  CHECK_EQ(b.length(), 0u);
  CHECK(b.rawSlices().empty());
}

TEST(bufferMoveKeepsLargeChunksAndTheirMemory) {
  Buffer a;
  a.add(std::string(600, 'x'));
  const uint8_t* mem = a.rawSlices()[0].mem;
  Buffer b;
  b.add("head");
  b.move(a);
  CHECK_EQ(a.length(), 0u);
  CHECK_EQ(b.length(), 604u);
  const auto slices = b.rawSlices();
  CHECK_EQ(slices.size(), 2u);
  // The 600-byte chunk changed owner without a copy.
  CHECK(slices.size() == 2 && slices[1].mem == mem);
}

TEST(bufferMoveCopiesSmallChunksIntoRoom) {
  Buffer a;
  a.add("tail");
  Buffer b;
  b.add("head");
  b.move(a);
  CHECK_EQ(slicesText(b), "[headtail]");
}

TEST(bufferMovePartialSplitsAChunk) {
  Buffer a;
  a.add(std::string(1000, 'a'));
  Buffer big;
  big.add(std::string(20000, 'b'));
  a.move(big); // a: [1000 a][16384 b][3616 b] or similar: at least two chunks
  Buffer out;
  out.move(a, 1500);
  CHECK_EQ(out.length(), 1500u);
  CHECK_EQ(a.length(), 19500u);
  const std::string s = out.toString();
  CHECK_EQ(s, std::string(1000, 'a') + std::string(500, 'b'));
  CHECK_EQ(a.toString(), std::string(19500, 'b'));
  for (const RawSlice& slice : a.rawSlices()) {
    CHECK(slice.len > 0);
  }
}

TEST(bufferOutOfRangeThrows) {
  Buffer b;
  b.add("abc");
  bool threw = false;
  try {
    b.drain(4);
  } catch (const std::out_of_range&) {
    threw = true;
  }
  CHECK(threw);
  Buffer other;
  threw = false;
  try {
    other.move(b, 4);
  } catch (const std::out_of_range&) {
    threw = true;
  }
  CHECK(threw);
  CHECK_EQ(b.toString(), "abc");
}

} // namespace
} // namespace tsproxylib::filter
