// Bytes travel through the harness protocol as lower-case hex.
#pragma once

#include <string>
#include <string_view>

namespace tsproxylib::harness {

std::string toHex(std::string_view bytes);
// Throws HarnessError on odd length or a non-hex digit (either case is accepted).
std::string fromHex(std::string_view hex);

} // namespace tsproxylib::harness
