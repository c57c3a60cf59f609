#include "params.h"

#include <cstdlib>

namespace tsproxylib {
namespace {

bool IsKnownKey(const std::string& key) {
  for (const char* k : {kAccessLogPath, kXdsPath, kNodeId, kPolicyFile, kParserBundle, kAdminSocket, kAccessLogFile,
                        kCallBudgetMs, kHeapLimitMb, kRuntimes}) {
    if (key == k) return true;
  }
  return false;
}

bool IsNumericKey(const std::string& key) { return key == kCallBudgetMs || key == kHeapLimitMb || key == kRuntimes; }

bool IsPositiveInteger(const std::string& v) {
  if (v.empty() || v.size() > 9) return false;
  for (char c : v) {
    if (c < '0' || c > '9') return false;
  }
  return std::atol(v.c_str()) > 0;
}

}  // namespace

std::string ModuleParams::get(const char* key) const {
  auto it = values.find(key);
  return it == values.end() ? std::string() : it->second;
}

bool ModuleParams::shareableWith(const ModuleParams& existing, const std::string& existing_node_id) const {
  std::string node = get(kNodeId);
  if (!node.empty() && node != existing_node_id) return false;
  auto strip = [](std::map<std::string, std::string> m) {
    m.erase(kNodeId);
    for (auto it = m.begin(); it != m.end();) it = it->second.empty() ? m.erase(it) : std::next(it);
    return m;
  };
  return strip(values) == strip(existing.values);
}

std::optional<ModuleParams> ParseModuleParams(const GoSlice& params, std::string* error) {
  ModuleParams out;
  const auto* pairs = static_cast<const GoStringPair*>(params.data);
  for (GoInt i = 0; i < params.len; i++) {
    std::string key(pairs[i].key.p, static_cast<size_t>(pairs[i].key.n));
    std::string value(pairs[i].value.p, static_cast<size_t>(pairs[i].value.n));
    if (!IsKnownKey(key)) {
      *error = "unknown parameter '" + key + "'";
      return std::nullopt;
    }
    if (IsNumericKey(key) && !IsPositiveInteger(value)) {
      *error = "parameter '" + key + "' must be a positive integer, got '" + value + "'";
      return std::nullopt;
    }
    out.values[key] = value;
  }
  // Two policy sources for one instance would overwrite each other's policy.
  if (!out.get(kXdsPath).empty() && !out.get(kPolicyFile).empty()) {
    *error = "'xds-path' and 'policy-file' exclude each other";
    return std::nullopt;
  }
  return out;
}

}  // namespace tsproxylib
