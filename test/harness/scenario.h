// Scenario files (format: test/scenarios/README.md): one connection driven through the Envoy
// algorithm by a list of events, then checked against expectations.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "json_args.h"
#include "library.h"

namespace tsproxylib::harness {

// What happened while a scenario played.
struct Observed {
  FilterResult connect_result = FILTER_OK;
  std::string upstream;   // every byte the original direction let through
  std::string downstream; // every byte the reply direction let through, including reverse flushes
  bool upstream_half_closed = false;
  bool downstream_half_closed = false;
  bool closed_by_error = false;
  std::string error_reason;
  uint64_t close_calls = 0;
  std::vector<std::string> event_failures; // per-event "out"/"reverse" expectations that did not hold
};

// Plays the events. Throws HarnessError when the file is malformed.
Observed play(const filter::Library& library, const json& scenario);
// The first expectation that does not hold, or "" when all do.
std::string check(const json& scenario, const Observed& observed);

// `tsproxylib-harness scenario --lib <path> <file.json>...`
int runScenarios(int argc, char** argv);

} // namespace tsproxylib::harness
