// OpenModule's parameters: Cilium's keys plus our documented ones. An unknown key rejects the whole
// call (OpenModule returns 0), exactly as Cilium's library does.
#ifndef TSPROXYLIB_NATIVE_PARAMS_H
#define TSPROXYLIB_NATIVE_PARAMS_H

#include <map>
#include <optional>
#include <string>

#include "proxylib/types.h"

namespace tsproxylib {

// Keys Cilium's agent sends.
inline constexpr const char* kAccessLogPath = "access-log-path";
inline constexpr const char* kXdsPath = "xds-path";
inline constexpr const char* kNodeId = "node-id";
// Our keys (docs/parameters.md).
inline constexpr const char* kPolicyFile = "policy-file";
inline constexpr const char* kParserBundle = "parser-bundle";
inline constexpr const char* kAccessLogFile = "access-log-file";
inline constexpr const char* kCallBudgetMs = "call-budget-ms";
inline constexpr const char* kHeapLimitMb = "heap-limit-mb";
inline constexpr const char* kRuntimes = "runtimes";
inline constexpr const char* kAdminSocket = "admin-socket";

struct ModuleParams {
  // Every accepted key with its value (duplicates: the last one wins). Ordered, so two parameter
  // sets compare equal whatever order Envoy's protobuf map iteration gave them.
  std::map<std::string, std::string> values;

  std::string get(const char* key) const;
  // Equal for instance sharing: node-id matches when the new one is empty or the same, every other
  // key must be identical.
  bool shareableWith(const ModuleParams& existing, const std::string& existing_node_id) const;
};

// Parses and validates; nullopt (with a reason) on an unknown key or a malformed value.
std::optional<ModuleParams> ParseModuleParams(const GoSlice& params, std::string* error);

}  // namespace tsproxylib

#endif
