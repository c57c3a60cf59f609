// Benchmark input that a parser accepts as one whole frame, so every call does the parser's full work
// and returns the same verdict.
#pragma once

#include <cstddef>
#include <string>

namespace tsproxylib::harness {

// Throws HarnessError when `size` is too small for a valid frame of `proto`.
std::string benchInput(const std::string& proto, size_t size);

} // namespace tsproxylib::harness
