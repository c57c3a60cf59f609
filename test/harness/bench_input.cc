#include "bench_input.h"

#include "json_args.h"

namespace tsproxylib::harness {
namespace {

std::string padded(const std::string& head, size_t size, const std::string& tail, const std::string& proto) {
  if (head.size() + tail.size() > size) {
    throw HarnessError("size " + std::to_string(size) + " is too small for a " + proto + " frame");
  }
  return head + std::string(size - head.size() - tail.size(), 'x') + tail;
}

} // namespace

std::string benchInput(const std::string& proto, size_t size) {
  if (proto == "test.lineparser") {
    return padded("PASS", size, "\n", proto); // one line, passed whole
  }
  if (proto == "test.blockparser") {
    return padded(std::to_string(size) + ":PASS", size, "", proto); // one block, passed whole
  }
  if (proto == "test.framepasser") {
    if (size < 4) {
      throw HarnessError("size must be at least 4 for test.framepasser");
    }
    const size_t payload = size - 4;
    std::string frame(size, '\0');
    frame[0] = static_cast<char>((payload >> 24) & 0xff);
    frame[1] = static_cast<char>((payload >> 16) & 0xff);
    frame[2] = static_cast<char>((payload >> 8) & 0xff);
    frame[3] = static_cast<char>(payload & 0xff);
    return frame;
  }
  return std::string(size, 'x'); // test.passer, test.nop: any bytes will do
}

} // namespace tsproxylib::harness
