// The network-filter half of cilium-envoy around Connection::onIo: what its onData (downstream
// reads) and onWrite (upstream bytes) do with one chunk of bytes, including the empty-write trick
// that flushes bytes injected into the reply direction while parsing the original direction.
#pragma once

#include <string>
#include <string_view>

#include "connection.h"

namespace tsproxylib::harness {

struct IoOutcome {
  FilterResult result = FILTER_OK; // the first non-OK result, if any
  std::string out;                 // bytes that flowed on in the direction of the call
  std::string reverse;             // bytes the empty-write trick sent the other way
};

IoOutcome deliver(filter::Connection& conn, bool reply, std::string_view bytes, bool end_stream);

} // namespace tsproxylib::harness
