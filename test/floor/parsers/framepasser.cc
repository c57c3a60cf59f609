// test.framepasser (benchmarks only): frame = length:u32be | payload[length]. Each frame is passed on
// its header alone, before the payload has arrived, the way a length-prefixed protocol's fast path
// decides.
#include "parsers.h"

namespace tsproxylib::floorlib {
namespace {

class FramePasser : public Parser {
public:
  Verdict onData(bool, bool, const Input& input) override {
    if (input.length() < 4) {
      return more(static_cast<int64_t>(4 - input.length()));
    }
    uint8_t h[4];
    input.copyOut(0, 4, h);
    const uint32_t payload = (uint32_t{h[0]} << 24) | (uint32_t{h[1]} << 16) | (uint32_t{h[2]} << 8) | h[3];
    return pass(int64_t{4} + payload);
  }
};

} // namespace

std::unique_ptr<Parser> createFramePasser(Conn&) { return std::make_unique<FramePasser>(); }

} // namespace tsproxylib::floorlib
