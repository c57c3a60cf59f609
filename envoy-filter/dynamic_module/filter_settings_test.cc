#include "filter_settings.h"

#include "test/check.h"

namespace tsproxylib::filter {
namespace {

std::string errorOf(const std::string& text) {
  try {
    FilterSettings::parse(text);
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

TEST(settingsParseEveryField) {
  const auto s = FilterSettings::parse(R"({"library": "/lib/libcilium.so",
      "params": {"access-log-path": "/tmp/a.sock", "call-budget-ms": "50"},
      "debug": true, "stat_prefix": "r2d2", "connection": {"l7_proto": "r2d2"}})");
  CHECK_EQ(s.library, "/lib/libcilium.so");
  CHECK_EQ(s.params.size(), 2u);
  CHECK(s.debug.value_or(false));
  CHECK_EQ(s.stat_prefix, "r2d2");
}

TEST(settingsDefaults) {
  const auto s = FilterSettings::parse(R"({"library": "libcilium.so", "connection": {"l7_proto": "p"}})");
  CHECK(s.params.empty());
  CHECK(!s.debug.has_value());
  CHECK_EQ(s.stat_prefix, "");
}

TEST(settingsErrorsSayWhatIsWrong) {
  CHECK_EQ(errorOf("not json").rfind("filter_config is not JSON", 0), 0u);
  CHECK_EQ(errorOf(R"({"connection": {"l7_proto": "p"}})"), "library: required, the path of a libcilium-ABI library");
  CHECK_EQ(errorOf(R"({"library": "l"})"), "connection: required (at least connection.l7_proto)");
  CHECK_EQ(errorOf(R"({"library": "l", "connection": {"l7_proto": "p"}, "params": {"k": 1}})"),
           "params[\"k\"]: expected a string");
  CHECK_EQ(errorOf(R"({"library": "l", "connection": {"l7_proto": "p"}, "extra": 1})"),
           "filter_config: unknown field \"extra\"");
}

} // namespace
} // namespace tsproxylib::filter
