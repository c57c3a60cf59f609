// IP prefixes ("10.0.0.0/8", "fd00::/64", or a bare address meaning /32 or /128) and longest-prefix
// lookup over a small table, for deriving identities from connection addresses.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tsproxylib::filter {

struct IpAddress {
  bool v6 = false;
  std::array<uint8_t, 16> bytes{}; // IPv4 uses the first 4
};

std::optional<IpAddress> parseIp(std::string_view text);

struct Cidr {
  IpAddress base;
  unsigned prefix_len = 0;

  static std::optional<Cidr> parse(std::string_view text);
  bool contains(const IpAddress& ip) const;
};

// Prefix → value; lookups return the value of the longest prefix containing the address.
class CidrTable {
public:
  void add(const Cidr& cidr, std::string value) { entries_.push_back({cidr, std::move(value)}); }
  std::optional<std::string> lookup(const IpAddress& ip) const;
  bool empty() const { return entries_.empty(); }

private:
  struct Entry {
    Cidr cidr;
    std::string value;
  };
  std::vector<Entry> entries_;
};

} // namespace tsproxylib::filter
