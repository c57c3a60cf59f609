#include "result_names.h"

namespace tsproxylib::filter {
namespace {

constexpr const char* kNames[] = {"OK",           "POLICY_DROP",      "PARSER_ERROR",     "UNKNOWN_PARSER",
                                  "UNKNOWN_CONNECTION", "INVALID_ADDRESS", "INVALID_INSTANCE", "UNKNOWN_ERROR"};

} // namespace

std::string resultName(FilterResult r) {
  const auto i = static_cast<size_t>(r);
  return i < std::size(kNames) ? kNames[i] : std::to_string(static_cast<int>(r));
}

std::optional<FilterResult> resultFromName(const std::string& name) {
  for (size_t i = 0; i < std::size(kNames); ++i) {
    if (name == kNames[i]) {
      return static_cast<FilterResult>(i);
    }
  }
  return std::nullopt;
}

} // namespace tsproxylib::filter
