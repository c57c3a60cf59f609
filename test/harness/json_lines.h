// Default mode: one JSON request per stdin line, exactly one JSON response line per request, in order.
#pragma once

namespace tsproxylib::harness {

int runJsonLines();

} // namespace tsproxylib::harness
