// test.blockparser: a block is "<N>:<payload>" where N, in decimal, counts the whole block (digits and
// colon included): "24:DROP reply direction\n". A verdict comes from what the block contains, and PASS
// or DROP is decided as soon as the word is seen, before the block is complete. INSERT re-injects the
// block into its own direction in buffer-sized pieces, then drops the original.
#include <cstdint>
#include <limits>

#include "parsers.h"

namespace tsproxylib::floorlib {
namespace {

struct Block {
  std::string bytes;    // the block as far as it has arrived
  int64_t length = 0;   // N, or 0 before the ':' arrived
  int64_t missing = 0;  // bytes still to come (1 while the length is unknown but something arrived)
  bool invalid = false; // the length is not a number, overflows, or does not exceed its digits
};

bool parseDecimal(const std::string& digits, uint64_t& out) {
  if (digits.empty()) {
    return false;
  }
  uint64_t v = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') {
      return false;
    }
    const uint64_t d = static_cast<uint64_t>(c - '0');
    if (v > (std::numeric_limits<uint64_t>::max() - d) / 10) {
      return false;
    }
    v = v * 10 + d;
  }
  out = v;
  return true;
}

Block readBlock(const Input& input) {
  Block b;
  const size_t colon = input.find(':');
  if (colon == Input::npos) {
    b.bytes = input.copy(0, input.length());
    b.missing = b.bytes.empty() ? 0 : 1;
    return b;
  }
  uint64_t n = 0;
  const std::string digits = input.copy(0, colon);
  if (!parseDecimal(digits, n) || n > static_cast<uint64_t>(std::numeric_limits<int64_t>::max()) ||
      n <= digits.size()) {
    b.invalid = true;
    return b;
  }
  b.length = static_cast<int64_t>(n);
  const size_t have = n <= input.length() ? static_cast<size_t>(n) : input.length();
  b.bytes = input.copy(0, have);
  b.missing = b.length - static_cast<int64_t>(have);
  return b;
}

bool contains(const std::string& haystack, const char* needle) { return haystack.find(needle) != std::string::npos; }

class BlockParser : public Parser {
public:
  explicit BlockParser(Conn& conn) : conn_(conn) {}

  Verdict onData(bool reply, bool, const Input& input) override {
    const Block block = readBlock(input);
    if (block.invalid) {
      return error(FILTEROP_ERROR_INVALID_FRAME_LENGTH);
    }
    if (inserted_ > 0) {
      return continueInsert(reply, block);
    }
    if (block.missing == 0 && block.length == 0) {
      return nop();
    }
    if (contains(block.bytes, "PASS")) {
      return pass(block.length);
    }
    if (contains(block.bytes, "DROP")) {
      return drop(block.length);
    }
    if (block.missing > 0) {
      return more(block.missing);
    }
    if (contains(block.bytes, "INJECT")) {
      conn_.inject(!reply, block.bytes);
      return drop(block.length);
    }
    if (contains(block.bytes, "INSERT")) {
      inserted_ = static_cast<int64_t>(conn_.inject(reply, block.bytes));
      return inject(inserted_);
    }
    return error(FILTEROP_ERROR_INVALID_FRAME_TYPE);
  }

private:
  // The block is still at the front of the input (INJECT does not consume it): send the next piece,
  // or drop the original once all of it went out.
  Verdict continueInsert(bool reply, const Block& block) {
    if (inserted_ == block.length) {
      inserted_ = 0;
      return drop(block.length);
    }
    const auto from = static_cast<size_t>(inserted_);
    const size_t n = from < block.bytes.size() ? conn_.inject(reply, block.bytes.data() + from, block.bytes.size() - from) : 0;
    inserted_ += static_cast<int64_t>(n);
    return inject(static_cast<int64_t>(n));
  }

  Conn& conn_;
  int64_t inserted_ = 0;
};

} // namespace

std::unique_ptr<Parser> createBlockParser(Conn& conn) { return std::make_unique<BlockParser>(conn); }

} // namespace tsproxylib::floorlib
