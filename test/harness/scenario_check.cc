#include "byte_spec.h"
#include "result_names.h"
#include "scenario.h"

namespace tsproxylib::harness {
namespace {

using filter::resultFromName;
using filter::resultName;

FilterResult expectedConnectResult(const json& expect) {
  if (!expect.contains("connectResult")) {
    return FILTER_OK;
  }
  const json& v = expect["connectResult"];
  if (v.is_string()) {
    if (auto r = resultFromName(v.get<std::string>())) {
      return *r;
    }
  } else if (v.is_number_unsigned()) {
    return static_cast<FilterResult>(v.get<int>());
  }
  throw HarnessError("expect.connectResult must be a FilterResult name or number");
}

std::string checkBytes(const json& expect, const char* field, const std::string& actual) {
  if (!expect.contains(field)) {
    return "";
  }
  const std::string expected = bytesOf(expect[field], std::string("expect.") + field);
  return expected == actual ? "" : std::string(field) + ": " + describeMismatch(expected, actual);
}

std::string checkFlag(const json& expect, const char* field, bool actual) {
  if (!expect.contains(field)) {
    return "";
  }
  const bool expected = optionalBool(expect, field, false);
  return expected == actual ? "" : std::string(field) + ": expected " + (expected ? "true" : "false");
}

} // namespace

std::string check(const json& scenario, const Observed& observed) {
  const json none = json::object();
  const json& expect = scenario.contains("expect") ? scenario["expect"] : none;
  if (!expect.is_object()) {
    throw HarnessError("expect must be an object");
  }
  const FilterResult connect = expectedConnectResult(expect);
  if (observed.connect_result != connect) {
    return "OnNewConnection returned " + resultName(observed.connect_result) + ", expected " + resultName(connect);
  }
  if (!observed.event_failures.empty()) {
    return observed.event_failures.front();
  }
  // Unless the file says otherwise, a connection must not end in an error.
  const bool error_expected = optionalBool(expect, "closedByError", false);
  if (observed.closed_by_error != error_expected) {
    return observed.closed_by_error ? "connection closed by error: " + observed.error_reason
                                    : "expected the connection to close with an error";
  }
  for (const auto& failure : {checkBytes(expect, "upstream", observed.upstream),
                              checkBytes(expect, "downstream", observed.downstream),
                              checkFlag(expect, "upstreamHalfClosed", observed.upstream_half_closed),
                              checkFlag(expect, "downstreamHalfClosed", observed.downstream_half_closed)}) {
    if (!failure.empty()) {
      return failure;
    }
  }
  // Every successful OnNewConnection gets exactly one Close; a rejected one gets none.
  const uint64_t closes = optionalU64(expect, "closeCalls", observed.connect_result == FILTER_OK ? 1 : 0);
  if (observed.close_calls != closes) {
    return "Close was called " + std::to_string(observed.close_calls) + " times, expected " + std::to_string(closes);
  }
  return "";
}

} // namespace tsproxylib::harness
