#include "runtime/node_process.h"

#include <dlfcn.h>
#include <limits.h>
#include <stdlib.h>
#include <node.h>

#include <memory>
#include <mutex>

namespace tsproxylib {
namespace {

std::once_flag g_once;
node::MultiIsolatePlatform* g_platform = nullptr;
std::string g_error;

void Initialize(const ProcessConfig& config) {
  // Envoy loads us RTLD_LOCAL, which would leave libnode's symbols invisible to native addons that
  // parsers may require(): promote the already-loaded libnode to the global scope.
  dlopen("libnode.so.108", RTLD_NOW | RTLD_NOLOAD | RTLD_GLOBAL);

  std::vector<std::string> args = {"libcilium", "--max-old-space-size=" + std::to_string(config.heap_limit_mb)};
  using F = node::ProcessInitializationFlags::Flags;
  auto result = node::InitializeOncePerProcess(
      args, static_cast<F>(node::ProcessInitializationFlags::kNoInitializeV8 |
                           node::ProcessInitializationFlags::kNoInitializeNodeV8Platform |
                           node::ProcessInitializationFlags::kNoDefaultSignalHandling |
                           node::ProcessInitializationFlags::kNoStdioInitialization |
                           node::ProcessInitializationFlags::kDisableNodeOptionsEnv |
                           node::ProcessInitializationFlags::kNoAdjustResourceLimits |
                           node::ProcessInitializationFlags::kNoUseLargePages |
                           node::ProcessInitializationFlags::kNoPrintHelpOrVersionOutput));
  if (result->early_return() || !result->errors().empty()) {
    g_error = "Node initialisation failed";
    for (auto& e : result->errors()) g_error += ": " + e;
    return;
  }
  // The platform and the result live as long as the process (the library is never unloaded).
  static std::unique_ptr<node::InitializationResult> keep = std::move(result);
  static std::unique_ptr<node::MultiIsolatePlatform> platform = node::MultiIsolatePlatform::Create(2);
  v8::V8::InitializePlatform(platform.get());
  v8::V8::Initialize();
  g_platform = platform.get();
}

}  // namespace

node::MultiIsolatePlatform* EnsureNodeProcess(const ProcessConfig& config, std::string* error) {
  std::call_once(g_once, [&] { Initialize(config); });
  if (!g_platform && error) *error = g_error.empty() ? "Node initialisation failed" : g_error;
  return g_platform;
}

std::string LibraryDirectory() {
  Dl_info info{};
  if (dladdr(reinterpret_cast<void*>(&LibraryDirectory), &info) == 0 || info.dli_fname == nullptr) return ".";
  // dli_fname is the name dlopen() was given, possibly relative (Envoy passes the config string).
  char resolved[PATH_MAX];
  std::string path = realpath(info.dli_fname, resolved) ? resolved : info.dli_fname;
  auto slash = path.rfind('/');
  return slash == std::string::npos ? "." : path.substr(0, slash);
}

}  // namespace tsproxylib
