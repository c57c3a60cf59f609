#include "modules.h"

#include <string_view>

namespace tsproxylib::floorlib {
namespace {

std::string_view view(const GoString& s) { return {s.p, static_cast<size_t>(s.n)}; }

} // namespace

Modules& Modules::get() {
  static Modules modules;
  return modules;
}

uint64_t Modules::open(const GoSlice& params) {
  Module wanted;
  const auto* pairs = static_cast<const GoStringPair*>(params.data);
  for (GoInt i = 0; i < params.len; ++i) {
    const std::string_view key = view(pairs[i].key);
    std::string value(view(pairs[i].value));
    // A later duplicate key wins, as in Go.
    if (key == "access-log-path") {
      wanted.access_log_path = std::move(value);
    } else if (key == "xds-path") {
      wanted.xds_path = std::move(value);
    } else if (key == "node-id") {
      wanted.node_id = std::move(value);
    } else {
      return 0;
    }
  }
  std::lock_guard<std::mutex> lock(mutex_);
  for (auto& [id, m] : modules_) {
    // An empty node id matches any instance with the same paths.
    if ((wanted.node_id.empty() || wanted.node_id == m.node_id) && wanted.xds_path == m.xds_path &&
        wanted.access_log_path == m.access_log_path) {
      ++m.open_count;
      return id;
    }
  }
  const uint64_t id = ++last_id_;
  if (wanted.node_id.empty()) {
    wanted.node_id = "host~127.0.0.2~libcilium-" + std::to_string(id) + "~localdomain";
  }
  wanted.open_count = 1;
  modules_.emplace(id, std::move(wanted));
  return id;
}

void Modules::close(uint64_t id) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = modules_.find(id);
  if (it != modules_.end() && --it->second.open_count == 0) {
    modules_.erase(it);
  }
}

bool Modules::exists(uint64_t id) {
  std::lock_guard<std::mutex> lock(mutex_);
  return modules_.count(id) != 0;
}

} // namespace tsproxylib::floorlib
