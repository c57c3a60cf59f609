// Module instances (OpenModule/CloseModule): parameters, de-duplication and reference counts, as in
// Cilium's Go library. The floor has no policy client and no access logger, so an instance is only
// its parameters.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>

#include "proxylib/types.h"

namespace tsproxylib::floorlib {

class Modules {
public:
  static Modules& get();

  // 0 when a parameter key is unknown. Equal parameters share an instance (and its id).
  uint64_t open(const GoSlice& params);
  void close(uint64_t id);
  bool exists(uint64_t id);

private:
  struct Module {
    std::string node_id;
    std::string xds_path;
    std::string access_log_path;
    uint64_t open_count = 0;
  };

  std::mutex mutex_;
  std::map<uint64_t, Module> modules_;
  uint64_t last_id_ = 0; // ids start at 1 and are never reused, so 0 can mean "rejected"
};

} // namespace tsproxylib::floorlib
