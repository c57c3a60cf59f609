#include "cidr.h"

#include <arpa/inet.h>

#include <cstring>

namespace tsproxylib::filter {

std::optional<IpAddress> parseIp(std::string_view text) {
  const std::string s(text);
  IpAddress ip;
  if (inet_pton(AF_INET, s.c_str(), ip.bytes.data()) == 1) {
    return ip;
  }
  if (inet_pton(AF_INET6, s.c_str(), ip.bytes.data()) == 1) {
    ip.v6 = true;
    return ip;
  }
  return std::nullopt;
}

std::optional<Cidr> Cidr::parse(std::string_view text) {
  const size_t slash = text.find('/');
  const auto ip = parseIp(text.substr(0, slash));
  if (!ip) {
    return std::nullopt;
  }
  const unsigned max_len = ip->v6 ? 128 : 32;
  unsigned len = max_len;
  if (slash != std::string_view::npos) {
    const std::string_view digits = text.substr(slash + 1);
    if (digits.empty() || digits.size() > 3) {
      return std::nullopt;
    }
    len = 0;
    for (char c : digits) {
      if (c < '0' || c > '9') {
        return std::nullopt;
      }
      len = len * 10 + static_cast<unsigned>(c - '0');
    }
    if (len > max_len) {
      return std::nullopt;
    }
  }
  return Cidr{*ip, len};
}

bool Cidr::contains(const IpAddress& ip) const {
  if (ip.v6 != base.v6) {
    return false;
  }
  const unsigned whole = prefix_len / 8;
  if (std::memcmp(ip.bytes.data(), base.bytes.data(), whole) != 0) {
    return false;
  }
  const unsigned rest = prefix_len % 8;
  if (rest == 0) {
    return true;
  }
  const auto mask = static_cast<uint8_t>(0xff << (8 - rest));
  return (ip.bytes[whole] & mask) == (base.bytes[whole] & mask);
}

std::optional<std::string> CidrTable::lookup(const IpAddress& ip) const {
  const Entry* best = nullptr;
  for (const Entry& e : entries_) {
    if (e.cidr.contains(ip) && (best == nullptr || e.cidr.prefix_len > best->cidr.prefix_len)) {
      best = &e;
    }
  }
  if (best == nullptr) {
    return std::nullopt;
  }
  return best->value;
}

} // namespace tsproxylib::filter
