// Where one OnNewConnection argument comes from. The filter config gives each argument either as a
// literal (the same for every connection of the listener) or as a source object that derives it per
// connection from what Envoy knows about the connection:
//
//   "test.passer"  173  true                          a literal
//   {"from": "local_ip"}                              local_ip, remote_ip, local_port, remote_port,
//                                                     local_address, remote_address ("ip:port", "[ip6]:port")
//   {"from": "filter_state", "key": "cilium.l7proto"} a bytes value another filter put in filter state
//   ... , "cidr": {"10.0.0.0/8": 1001}                map an IP (longest prefix wins)
//   ... , "map": {"a": "b"}                           map the text exactly
//   ... , "default": 2                                used when the source or the mapping gives nothing
//
// A source that yields nothing and has no default makes the connection rejected, never guessed.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include "cidr.h"

namespace tsproxylib::filter {

class ConfigError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

struct Endpoint {
  std::string ip; // as Envoy prints it, without brackets
  uint32_t port = 0;

  // Cilium's form of an address: "1.2.3.4:80", "[::1]:80".
  std::string hostPort() const;
};

// What Envoy tells about one connection, asked when the connection opens.
struct ConnectionFacts {
  std::optional<Endpoint> local;  // the downstream connection's local address: the original destination
  std::optional<Endpoint> remote; // the peer
  std::function<std::optional<std::string>(const std::string& key)> filter_state;
};

class ValueSource {
public:
  // `field` names the config field in error messages.
  static ValueSource parse(const nlohmann::json& j, const std::string& field);
  static ValueSource literal(std::string value);
  // The per-listener default for a field the config leaves out.
  static ValueSource from(const std::string& what);

  std::optional<std::string> resolve(const ConnectionFacts& facts) const;
  bool isLiteral() const { return from_ == From::Literal; }

private:
  enum class From { Literal, LocalIp, RemoteIp, LocalPort, RemotePort, LocalAddress, RemoteAddress, FilterState };

  std::optional<std::string> raw(const ConnectionFacts& facts) const;
  std::optional<std::string> mapped(const std::string& raw) const;

  From from_ = From::Literal;
  std::string literal_;
  std::string key_;
  CidrTable cidr_;
  std::map<std::string, std::string> map_;
  std::optional<std::string> default_;
};

// A JSON scalar as text: strings as they are, non-negative integers in decimal, booleans as
// "true"/"false". Anything else is a ConfigError naming `field`.
std::string scalarText(const nlohmann::json& j, const std::string& field);

} // namespace tsproxylib::filter
