#include "library.h"

#include <dlfcn.h>

#include <algorithm>
#include <memory>

namespace tsproxylib::filter {
namespace {

GoString goString(std::string_view s) { return GoString{s.data(), static_cast<ptrdiff_t>(s.size())}; }

void* requireSymbol(void* handle, const std::string& path, const char* name) {
  dlerror();
  void* sym = dlsym(handle, name);
  if (sym == nullptr) {
    const char* err = dlerror();
    throw LibraryError("proxylib library '" + path + "' has no symbol " + name + (err ? ": " + std::string(err) : ""));
  }
  return sym;
}

} // namespace

Library::Library(const std::string& path) : path_(path) {
  // dlerror() first so a stale message from an earlier failure is not reported as ours.
  dlerror();
  // RTLD_NOW and no RTLD_GLOBAL, exactly like cilium-envoy: unresolved symbols fail the load here,
  // and the library's symbols do not leak into the global namespace.
  handle_ = dlopen(path.c_str(), RTLD_NOW);
  if (handle_ == nullptr) {
    const char* err = dlerror();
    throw LibraryError("cannot load proxylib library '" + path + "': " + (err ? err : "unknown error"));
  }
  try {
    // Same lookup order as cilium-envoy (it calls OpenModule between CloseModule and the rest).
    symbols_.close_module = reinterpret_cast<CloseModuleFn>(requireSymbol(handle_, path, "CloseModule"));
    symbols_.open_module = reinterpret_cast<OpenModuleFn>(requireSymbol(handle_, path, "OpenModule"));
    symbols_.on_new_connection =
        reinterpret_cast<OnNewConnectionFn>(requireSymbol(handle_, path, "OnNewConnection"));
    symbols_.on_data = reinterpret_cast<OnDataFn>(requireSymbol(handle_, path, "OnData"));
    symbols_.close = reinterpret_cast<CloseFn>(requireSymbol(handle_, path, "Close"));
  } catch (...) {
    dlclose(handle_);
    throw;
  }
  symbols_.test_control = reinterpret_cast<TestControlFn>(dlsym(handle_, "ProxylibTestControl"));
}

Library::Library(const Symbols& symbols) : path_("<in-process>"), symbols_(symbols) {
  if (!symbols_.open_module || !symbols_.close_module || !symbols_.on_new_connection || !symbols_.on_data ||
      !symbols_.close) {
    throw LibraryError("in-process library is missing one of the five functions");
  }
}

Library::~Library() {
  // A library built like Go's c-shared output (-z nodelete) stays mapped anyway; this only matters
  // for libraries that allow unloading.
  if (handle_ != nullptr) {
    dlclose(handle_);
  }
}

uint64_t Library::openModule(const ModuleParams& params, bool debug) const {
  std::vector<GoStringPair> pairs;
  pairs.reserve(params.size());
  for (const auto& [key, value] : params) {
    pairs.push_back(GoStringPair{goString(key), goString(value)});
  }
  // The slice header is passed by value, as Go's [][2]string parameter expects.
  const GoSlice slice{pairs.data(), static_cast<GoInt>(pairs.size()), static_cast<GoInt>(pairs.size())};
  return symbols_.open_module(slice, debug ? 1 : 0);
}

void Library::closeModule(uint64_t module_id) const { symbols_.close_module(module_id); }

FilterResult Library::onNewConnection(uint64_t module_id, std::string_view proto, uint64_t connection_id,
                                      bool ingress, uint32_t src_id, uint32_t dst_id,
                                      std::string_view src_addr, std::string_view dst_addr,
                                      std::string_view policy_name, GoSlice* orig_buf,
                                      GoSlice* reply_buf) const {
  return symbols_.on_new_connection(module_id, goString(proto), connection_id, ingress ? 1 : 0, src_id, dst_id,
                                    goString(src_addr), goString(dst_addr), goString(policy_name), orig_buf,
                                    reply_buf);
}

FilterResult Library::onData(uint64_t connection_id, bool reply, bool end_stream, GoSlice* data,
                             GoSlice* ops) const {
  return symbols_.on_data(connection_id, reply ? 1 : 0, end_stream ? 1 : 0, data, ops);
}

void Library::close(uint64_t connection_id) const { symbols_.close(connection_id); }

std::string Library::testControl(uint64_t module_id, std::string_view request) const {
  if (symbols_.test_control == nullptr) {
    throw LibraryError("proxylib library '" + path_ + "' does not export ProxylibTestControl");
  }
  constexpr size_t kMaxAnswer = size_t{256} << 20;
  size_t cap = 64 * 1024;
  for (;;) {
    auto out = std::make_unique<char[]>(cap);
    const size_t n = symbols_.test_control(module_id, request.data(), request.size(), out.get(), cap);
    // An answer that filled the buffer may have been cut short: ask again with more room. A library
    // that reports the full length (n > cap) tells us how much room it needs.
    if (n < cap) {
      return std::string(out.get(), n);
    }
    if (cap >= kMaxAnswer) {
      throw LibraryError("ProxylibTestControl answer is larger than 256 MiB");
    }
    cap = std::max(cap * 2, n + 1);
  }
}

CloseFn Library::interposeClose(CloseFn fn) {
  CloseFn previous = symbols_.close;
  symbols_.close = fn;
  return previous;
}

} // namespace tsproxylib::filter
