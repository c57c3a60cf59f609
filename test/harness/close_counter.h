// Counts Close calls per connection id by interposing on the loaded library's Close, so tests can
// check that every successful OnNewConnection gets exactly one Close.
#pragma once

#include <cstdint>

#include "library.h"

namespace tsproxylib::harness {

// Call once per process, right after loading, before any connection exists.
void installCloseCounter(filter::Library& library);
uint64_t closeCalls(uint64_t connection_id);

} // namespace tsproxylib::harness
