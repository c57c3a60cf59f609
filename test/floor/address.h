// The destination port of an address string, with the rules Cilium's Go library applies: Go's
// net.SplitHostPort ("host:port", IPv6 bracketed) and a decimal uint32 port that is not 0.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace tsproxylib::floorlib {

std::optional<uint32_t> parsePort(std::string_view host_port);

} // namespace tsproxylib::floorlib
