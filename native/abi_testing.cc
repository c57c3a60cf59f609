// The test build's one extra export (see include/proxylib/testing.h). Native-level questions (the
// global connection count, whether an instance's policy source finished its first attempt) are
// answered here; everything else goes to the framework.
#include <cstring>
#include <string>

#include "module.h"

extern "C" __attribute__((visibility("default"))) size_t ProxylibTestControl(uint64_t module_id, const char* request,
                                                                             size_t request_len, char* out,
                                                                             size_t out_cap) {
  std::string answer;
  try {
    std::string req(request, request_len);
    if (req.find("\"cmd\":\"numConnections\"") != std::string::npos) {
      answer = "{\"ok\":true,\"n\":" + std::to_string(tsproxylib::Module::get().connectionCount()) + "}";
    } else if (req.find("\"cmd\":\"controlReady\"") != std::string::npos) {
      // Whether OpenModule's wait for the policy source's first attempt was satisfied.
      bool ready = tsproxylib::Module::get().isControlReady(module_id);
      answer = std::string("{\"ok\":true,\"ready\":") + (ready ? "true" : "false") + "}";
    } else {
      answer = tsproxylib::Module::get().control(module_id, req);
    }
  } catch (...) {
    answer = R"({"ok":false,"error":"internal error"})";
  }
  if (out_cap > 0) {
    size_t n = answer.size() < out_cap ? answer.size() : out_cap;
    std::memcpy(out, answer.data(), n);
  }
  return answer.size();
}
