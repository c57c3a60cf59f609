#include "address.h"

namespace tsproxylib::floorlib {
namespace {

// The port part of "host:port" or "[host]:port"; nullopt where Go's SplitHostPort reports an error.
std::optional<std::string_view> splitPort(std::string_view hp) {
  const size_t colon = hp.rfind(':');
  if (colon == std::string_view::npos) {
    return std::nullopt; // missing port
  }
  size_t no_open_from = 0;  // no '[' may appear from here on
  size_t no_close_from = 0; // no ']' may appear from here on
  if (hp[0] == '[') {
    const size_t close = hp.find(']');
    // The ']' must sit right before the last ':' (which also rules out "[::1]" without a port).
    if (close == std::string_view::npos || close + 1 != colon) {
      return std::nullopt;
    }
    no_open_from = 1;
    no_close_from = close + 1;
  } else if (hp.substr(0, colon).find(':') != std::string_view::npos) {
    return std::nullopt; // too many colons: an IPv6 host must be bracketed
  }
  if (hp.find('[', no_open_from) != std::string_view::npos || hp.find(']', no_close_from) != std::string_view::npos) {
    return std::nullopt;
  }
  return hp.substr(colon + 1);
}

std::optional<uint32_t> parseUint32(std::string_view digits) {
  if (digits.empty()) {
    return std::nullopt;
  }
  uint64_t v = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') {
      return std::nullopt;
    }
    v = v * 10 + static_cast<uint64_t>(c - '0');
    if (v > UINT32_MAX) {
      return std::nullopt;
    }
  }
  return static_cast<uint32_t>(v);
}

} // namespace

std::optional<uint32_t> parsePort(std::string_view host_port) {
  const auto port_text = splitPort(host_port);
  if (!port_text) {
    return std::nullopt;
  }
  const auto port = parseUint32(*port_text);
  // Port 0 is reserved for wildcard policy entries, so a connection cannot have it.
  if (!port || *port == 0) {
    return std::nullopt;
  }
  return port;
}

} // namespace tsproxylib::floorlib
