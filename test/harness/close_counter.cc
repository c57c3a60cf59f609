#include "close_counter.h"

#include <mutex>
#include <unordered_map>

namespace tsproxylib::harness {
namespace {

// Process-wide because a plain C function pointer cannot carry state; the harness loads one library.
CloseFn forward_close = nullptr;
std::mutex counts_mutex;
std::unordered_map<uint64_t, uint64_t> counts;

void countingClose(uint64_t connection_id) {
  {
    std::lock_guard<std::mutex> lock(counts_mutex);
    ++counts[connection_id];
  }
  forward_close(connection_id);
}

} // namespace

void installCloseCounter(filter::Library& library) { forward_close = library.interposeClose(countingClose); }

uint64_t closeCalls(uint64_t connection_id) {
  std::lock_guard<std::mutex> lock(counts_mutex);
  auto it = counts.find(connection_id);
  return it == counts.end() ? 0 : it->second;
}

} // namespace tsproxylib::harness
