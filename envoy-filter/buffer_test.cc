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


TEST(bufferBorrowedChunksAreViewsUntilOwned) {
  std::string lender = "0123456789";
  Buffer b;
  b.addBorrowed(lender.data(), lender.size());
  CHECK(b.borrowsAny());
  CHECK(b.rawSlices()[0].mem == reinterpret_cast<const uint8_t*>(lender.data()));
  // New bytes never go into the lender's memory.
  b.add("ab");
  CHECK_EQ(lender, "0123456789");
  CHECK_EQ(b.toString(), "0123456789ab");
  b.drain(3);
  b.own();
  CHECK(!b.borrowsAny());
  lender.assign(10, 'x');
  CHECK_EQ(b.toString(), "3456789ab");
}

TEST(bufferBorrowedChunksMoveWithoutCopy) {
  std::string lender(2000, 'q');
  Buffer in;
  in.addBorrowed(lender.data(), lender.size());
  Buffer out;
  out.move(in, 2000);
  CHECK(out.rawSlices().size() == 1 && out.rawSlices()[0].mem == reinterpret_cast<const uint8_t*>(lender.data()));
  // A split copies the front part, so only the tail is still borrowed.
  Buffer half;
  half.move(out, 1500);
  CHECK(!half.borrowsAny());
  CHECK(out.borrowsAny());
  CHECK(out.rawSlices()[0].mem == reinterpret_cast<const uint8_t*>(lender.data()) + 1500);
}


TEST(bufferMoveAllIntoEmptyKeepsEveryChunk) {
  Buffer a;
  a.add("small");
  Buffer big;
  big.add(std::string(20000, 'z'));
  a.move(big);
  const auto before = a.rawSlices();
  Buffer b;
  b.move(a);
  CHECK_EQ(a.length(), 0u);
  CHECK(a.rawSlices().empty());
  const auto after = b.rawSlices();
  CHECK_EQ(after.size(), before.size());
  for (size_t i = 0; i < before.size() && i < after.size(); ++i) {
    CHECK(after[i].mem == before[i].mem && after[i].len == before[i].len);
  }
  CHECK_EQ(b.toString(), "small" + std::string(20000, 'z'));
  // The source is still usable.
  a.add("again");
  CHECK_EQ(a.toString(), "again");
}

} // namespace
} // namespace tsproxylib::filter
