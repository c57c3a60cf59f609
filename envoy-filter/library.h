// One loaded libcilium-ABI library (Cilium's Go libcilium.so, ours, or the C++ floor), loaded the way
// cilium-envoy loads it: dlopen(path, RTLD_NOW) and dlsym of the five exported functions. Nothing here
// keeps per-module or per-connection state; Connection (connection.h) does that.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "proxylib/types.h"

namespace tsproxylib::filter {

// Only the test build of our library exports this. It answers a JSON request about module
// `module_id` and returns the length of the JSON answer written to `out` (at most out_cap bytes).
using TestControlFn = size_t (*)(uint64_t module_id, const char* request, size_t request_len, char* out,
                                 size_t out_cap);

using ModuleParams = std::vector<std::pair<std::string, std::string>>;

class LibraryError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

class Library {
public:
  struct Symbols {
    OpenModuleFn open_module = nullptr;
    CloseModuleFn close_module = nullptr;
    OnNewConnectionFn on_new_connection = nullptr;
    OnDataFn on_data = nullptr;
    CloseFn close = nullptr;
    TestControlFn test_control = nullptr; // optional
  };

  // Throws LibraryError when dlopen fails or one of the five required symbols is missing.
  explicit Library(const std::string& path);
  // An in-process library (unit tests): no dlopen, the given functions are called directly.
  explicit Library(const Symbols& symbols);
  ~Library();
  Library(const Library&) = delete;
  Library& operator=(const Library&) = delete;

  const std::string& path() const { return path_; }

  // Returns the module id, 0 when the library rejects the parameters. The strings only need to live
  // for the call, as in Envoy; the library copies what it keeps.
  uint64_t openModule(const ModuleParams& params, bool debug) const;
  void closeModule(uint64_t module_id) const;

  FilterResult onNewConnection(uint64_t module_id, std::string_view proto, uint64_t connection_id,
                               bool ingress, uint32_t src_id, uint32_t dst_id, std::string_view src_addr,
                               std::string_view dst_addr, std::string_view policy_name, GoSlice* orig_buf,
                               GoSlice* reply_buf) const;
  FilterResult onData(uint64_t connection_id, bool reply, bool end_stream, GoSlice* data,
                      GoSlice* ops) const;
  void close(uint64_t connection_id) const;

  bool hasTestControl() const { return symbols_.test_control != nullptr; }
  // Sends `request` to ProxylibTestControl and returns the whole answer, growing the answer buffer
  // until it fits. Throws LibraryError when the library has no such symbol.
  std::string testControl(uint64_t module_id, std::string_view request) const;

  // Replaces the Close function every later close() calls and returns the one it replaces, so a test
  // driver can count calls and forward them. Set it up before any connection exists.
  CloseFn interposeClose(CloseFn fn);

private:
  std::string path_;
  void* handle_ = nullptr;
  Symbols symbols_;
};

} // namespace tsproxylib::filter
