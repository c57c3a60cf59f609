#include "cidr.h"

#include "test/check.h"

namespace tsproxylib::filter {
namespace {

TEST(cidrParseAndContain) {
  const auto net = Cidr::parse("10.1.0.0/16");
  CHECK(net.has_value());
  CHECK(net->contains(*parseIp("10.1.200.3")));
  CHECK(!net->contains(*parseIp("10.2.0.1")));
  CHECK(!net->contains(*parseIp("::1")));
  CHECK(Cidr::parse("fd00::/8")->contains(*parseIp("fdab::1")));
  CHECK(Cidr::parse("127.0.0.1")->contains(*parseIp("127.0.0.1")));
  CHECK(!Cidr::parse("127.0.0.1")->contains(*parseIp("127.0.0.2")));
  CHECK(Cidr::parse("10.0.0.0/9")->contains(*parseIp("10.127.0.1")));
  CHECK(!Cidr::parse("10.0.0.0/9")->contains(*parseIp("10.128.0.1")));
  CHECK(Cidr::parse("0.0.0.0/0")->contains(*parseIp("8.8.8.8")));
}

TEST(cidrRejectsMalformed) {
  CHECK(!Cidr::parse("10.0.0.0/33").has_value());
  CHECK(!Cidr::parse("10.0.0/8").has_value());
  CHECK(!Cidr::parse("10.0.0.0/").has_value());
  CHECK(!Cidr::parse("::1/129").has_value());
  CHECK(!Cidr::parse("host/8").has_value());
}

TEST(cidrTableLongestPrefixWins) {
  CidrTable t;
  t.add(*Cidr::parse("10.0.0.0/8"), "wide");
  t.add(*Cidr::parse("10.1.2.0/24"), "narrow");
  t.add(*Cidr::parse("::/0"), "any6");
  CHECK_EQ(t.lookup(*parseIp("10.1.2.3")).value_or("-"), "narrow");
  CHECK_EQ(t.lookup(*parseIp("10.9.9.9")).value_or("-"), "wide");
  CHECK_EQ(t.lookup(*parseIp("::1")).value_or("-"), "any6");
  CHECK(!t.lookup(*parseIp("192.168.0.1")).has_value());
}

} // namespace
} // namespace tsproxylib::filter
