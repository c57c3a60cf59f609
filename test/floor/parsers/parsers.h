// The floor's parsers, by the names Cilium (or our benchmarks) use for them.
#pragma once

#include <string_view>

#include "../parser.h"

namespace tsproxylib::floorlib {

std::unique_ptr<Parser> createPasser(Conn& conn);
std::unique_ptr<Parser> createLineParser(Conn& conn);
std::unique_ptr<Parser> createBlockParser(Conn& conn);
std::unique_ptr<Parser> createNop(Conn& conn);
std::unique_ptr<Parser> createFramePasser(Conn& conn);

// nullptr for an unknown name.
ParserFactory findParser(std::string_view name);

} // namespace tsproxylib::floorlib
