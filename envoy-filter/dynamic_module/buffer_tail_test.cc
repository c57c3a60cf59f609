#include "buffer_tail.h"

#include <string>

#include "test/check.h"

namespace tsproxylib::filter {
namespace {

const uint8_t* at(const std::string& s, size_t i) { return reinterpret_cast<const uint8_t*>(s.data()) + i; }

TEST(tailEmptyOutputIsATail) {
  const std::string a = "abcdef";
  CHECK(isTailOf({}, {{at(a, 0), 6}}));
  CHECK(isTailOf({}, {}));
}

TEST(tailWholeBufferAndDrainedFront) {
  const std::string a = "abcdef", b = "ghij";
  const std::vector<RawSlice> envoy = {{at(a, 0), 6}, {nullptr, 0}, {at(b, 0), 4}};
  CHECK(isTailOf({{at(a, 0), 6}, {at(b, 0), 4}}, envoy));
  CHECK(isTailOf({{at(a, 2), 4}, {at(b, 0), 4}}, envoy));
  CHECK(isTailOf({{at(b, 1), 3}}, envoy));
}

TEST(tailRejectsWhatIsNotTheSameMemory) {
  const std::string a = "abcdef", b = "ghij", copy = "ghij";
  const std::vector<RawSlice> envoy = {{at(a, 0), 6}, {at(b, 0), 4}};
  CHECK(!isTailOf({{at(copy, 0), 4}}, envoy));      // equal bytes, other memory
  CHECK(!isTailOf({{at(a, 0), 6}}, envoy));         // a prefix, not a tail
  CHECK(!isTailOf({{at(a, 0), 5}, {at(b, 0), 4}}, envoy)); // a hole
  CHECK(!isTailOf({{at(a, 1), 5}, {at(b, 1), 3}}, envoy)); // only the first may start inside a chunk
  CHECK(!isTailOf({{at(a, 0), 6}, {at(b, 0), 4}, {at(b, 0), 4}}, envoy));
}

} // namespace
} // namespace tsproxylib::filter
