// The five exported functions of the libcilium.so ABI, and nothing else. Each is one guarded
// forward to Module (semantics in module.h): no exception ever crosses into the host.
#include <cstdlib>
#include <memory>
#include <string>

#include "module.h"
#include "proxylib/types.h"
#include "runtime/control_runtime.h"
#include "runtime/embedded_runtime.h"
#include "runtime/node_process.h"
#include "runtime/runtime_pool.h"
#include "runtime/watchdog.h"

#define PROXYLIB_EXPORT extern "C" __attribute__((visibility("default")))

namespace tsproxylib {
namespace {

template <typename R, typename F>
R guard(R fallback, F&& f) noexcept {
  try {
    return f();
  } catch (const std::exception& e) {
    Module::get().print(LogLevel::kError, std::string("internal error: ") + e.what());
  } catch (...) {
    Module::get().print(LogLevel::kError, "internal error");
  }
  return fallback;
}

std::string Str(GoString s) { return std::string(s.p ? s.p : "", s.p ? static_cast<size_t>(s.n) : 0); }

#ifdef TSPROXYLIB_TESTING
constexpr const char* kDefaultBundle = "tsproxylib-testing.cjs";
#else
constexpr const char* kDefaultBundle = "tsproxylib.cjs";
#endif

// The embedded runtime of each Envoy worker thread, created on its first call and torn down when the
// thread exits.
thread_local std::unique_ptr<EmbeddedRuntime> t_runtime;

RuntimeOptions OptionsFor(const ModuleParams& params) {
  RuntimeOptions options;
  const char* env_bundle = std::getenv("TSPROXYLIB_BUNDLE");
  options.bundle_path = env_bundle && *env_bundle ? env_bundle : LibraryDirectory() + "/" + kDefaultBundle;
  std::string heap = params.get(kHeapLimitMb);
  if (!heap.empty()) options.heap_limit_mb = static_cast<uint32_t>(std::atol(heap.c_str()));
  return options;
}

JsRuntime* CreateThreadRuntime(const ModuleParams& params) {
  t_runtime = RuntimePool::get().adopt();
  if (t_runtime) return t_runtime.get();
  std::string error;
  t_runtime = EmbeddedRuntime::Create(OptionsFor(params), &error);
  if (!t_runtime) {
    Module::get().print(LogLevel::kError, "JavaScript runtime failed to start: " + error);
    return nullptr;
  }
  return t_runtime.get();
}

bool InstallFactory() {
  Module::get().setRuntimeFactory(&CreateThreadRuntime);
  // Never destroyed, like Module: its thread runs for the life of the process.
  static ControlRuntime* control = new ControlRuntime(&OptionsFor);
  Module::get().setControlChannel(control);
  return true;
}
const bool g_factory_installed = InstallFactory();

}  // namespace
}  // namespace tsproxylib

using tsproxylib::guard;
using tsproxylib::Module;

PROXYLIB_EXPORT uint64_t OpenModule(GoSlice params, uint8_t debug) {
  return guard<uint64_t>(0, [&] {
    uint64_t id = Module::get().openModule(params, debug != 0);
    if (id != 0) {
      std::string err;
      if (auto p = tsproxylib::ParseModuleParams(params, &err)) {
        std::string budget = p->get(tsproxylib::kCallBudgetMs);
        if (!budget.empty()) tsproxylib::Watchdog::get().setBudgetMs(static_cast<uint32_t>(std::atol(budget.c_str())));
        std::string runtimes = p->get(tsproxylib::kRuntimes);
        if (!runtimes.empty())
          tsproxylib::RuntimePool::get().prewarm(static_cast<size_t>(std::atol(runtimes.c_str())), tsproxylib::OptionsFor(*p));
      }
    }
    return id;
  });
}

PROXYLIB_EXPORT void CloseModule(uint64_t id) {
  guard<int>(0, [&] {
    Module::get().closeModule(id);
    return 0;
  });
}

PROXYLIB_EXPORT FilterResult OnNewConnection(uint64_t instance_id, GoString proto, uint64_t connection_id,
                                             uint8_t ingress, uint32_t src_id, uint32_t dst_id, GoString src_addr,
                                             GoString dst_addr, GoString policy_name, GoSlice* orig_buf,
                                             GoSlice* reply_buf) {
  return guard(FILTER_UNKNOWN_ERROR, [&] {
    return Module::get().onNewConnection(instance_id, tsproxylib::Str(proto), connection_id, ingress != 0, src_id,
                                         dst_id, tsproxylib::Str(src_addr), tsproxylib::Str(dst_addr),
                                         tsproxylib::Str(policy_name), orig_buf, reply_buf);
  });
}

PROXYLIB_EXPORT FilterResult OnData(uint64_t connection_id, uint8_t reply, uint8_t end_stream, GoSlice* data,
                                    GoSlice* filter_ops) {
  return guard(FILTER_UNKNOWN_ERROR, [&] {
    return Module::get().onData(connection_id, reply != 0, end_stream != 0, data, filter_ops);
  });
}

PROXYLIB_EXPORT void Close(uint64_t connection_id) {
  guard<int>(0, [&] {
    Module::get().close(connection_id);
    return 0;
  });
}
