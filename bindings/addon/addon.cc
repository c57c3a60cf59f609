// The plain-Node build of the bridge (node-gyp, binding.gyp): the same Bridge and the same native
// Module as libcilium.so, with the test process's own isolate as the only runtime. Tests call the
// ABI through `abi` below with ordinary Uint8Arrays, and the framework runs behind the identical
// bridge; only the embedded runtime's fault guards (watchdog, heap, exit) are absent here.
#include <napi.h>

#include <cstdlib>
#include <map>
#include <memory>
#include <vector>

#include "bridge.h"
#include "instances.h"
#include "module.h"
#include "runtime/js_runtime.h"

namespace tsproxylib {
namespace {

class AddonRuntime : public JsRuntime {
 public:
  explicit AddonRuntime(Bridge* bridge) { bridge_ = bridge; }
  JsOutcome guarded(JsCall call, void* context) override { return call(*bridge_, context); }
  void afterCall(bool) override {}
};

// The control plane runs in this same isolate, whose event loop the test process keeps running; a
// command is one synchronous call. OpenModule cannot wait for an NPDS stream here (it is called from
// JavaScript, which would have to run for the stream to open), so tests wait for what they need.
class AddonControl : public ControlChannel {
 public:
  void openInstance(const std::shared_ptr<Instance>& instance) override { send("controlOpen", instance->id()); }
  void closeInstance(uint64_t id) override { send("controlClose", id); }

 private:
  static void send(const char* cmd, uint64_t id) {
    std::string request = std::string("{\"cmd\":\"") + cmd + "\",\"module\":" + std::to_string(id) + "}";
    Module::get().control(id, request);
  }
};
AddonControl g_control;

// Inject buffers the "caller" owns for each connection, as Envoy would.
struct CallerBuffers {
  std::vector<uint8_t> orig, reply;
  GoSlice orig_slice{}, reply_slice{};
};
std::map<uint64_t, std::unique_ptr<CallerBuffers>> g_buffers;
std::unique_ptr<AddonRuntime> g_runtime;

uint64_t Id(const Napi::Value& v) { return std::strtoull(v.ToString().Utf8Value().c_str(), nullptr, 10); }

Napi::Value OpenModule(const Napi::CallbackInfo& info) {
  Napi::Array arr = info[0].As<Napi::Array>();
  std::vector<std::string> strings;
  strings.reserve(arr.Length() * 2);
  for (uint32_t i = 0; i < arr.Length(); i++) {
    Napi::Array kv = arr.Get(i).As<Napi::Array>();
    strings.push_back(kv.Get(0u).ToString().Utf8Value());
    strings.push_back(kv.Get(1u).ToString().Utf8Value());
  }
  std::vector<GoStringPair> pairs(arr.Length());
  for (size_t i = 0; i < pairs.size(); i++) {
    pairs[i].key = {strings[2 * i].data(), static_cast<ptrdiff_t>(strings[2 * i].size())};
    pairs[i].value = {strings[2 * i + 1].data(), static_cast<ptrdiff_t>(strings[2 * i + 1].size())};
  }
  GoSlice params{pairs.data(), static_cast<GoInt>(pairs.size()), static_cast<GoInt>(pairs.size())};
  uint64_t id = Module::get().openModule(params, info[1].ToBoolean());
  return Napi::String::New(info.Env(), std::to_string(id));
}

Napi::Value CloseModule(const Napi::CallbackInfo& info) {
  Module::get().closeModule(Id(info[0]));
  return info.Env().Undefined();
}

Napi::Value OnNewConnection(const Napi::CallbackInfo& info) {
  uint64_t conn = Id(info[2]);
  auto bufs = std::make_unique<CallerBuffers>();
  bufs->orig.resize(info[9].As<Napi::Number>().Uint32Value());
  bufs->reply.resize(info[10].As<Napi::Number>().Uint32Value());
  bufs->orig_slice = {bufs->orig.data(), 0, static_cast<GoInt>(bufs->orig.size())};
  bufs->reply_slice = {bufs->reply.data(), 0, static_cast<GoInt>(bufs->reply.size())};
  FilterResult r = Module::get().onNewConnection(
      Id(info[0]), info[1].ToString().Utf8Value(), conn, info[3].ToBoolean(), info[4].As<Napi::Number>().Uint32Value(),
      info[5].As<Napi::Number>().Uint32Value(), info[6].ToString().Utf8Value(), info[7].ToString().Utf8Value(),
      info[8].ToString().Utf8Value(), &bufs->orig_slice, &bufs->reply_slice);
  if (r == FILTER_OK) g_buffers[conn] = std::move(bufs);
  return Napi::Number::New(info.Env(), r);
}

Napi::Value OnData(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Array arr = info[3].As<Napi::Array>();
  std::vector<GoSlice> slices(arr.Length());
  for (uint32_t i = 0; i < arr.Length(); i++) {
    auto u8 = arr.Get(i).As<Napi::Uint8Array>();
    slices[i] = {u8.Data(), static_cast<GoInt>(u8.ByteLength()), static_cast<GoInt>(u8.ByteLength())};
  }
  GoSlice data{slices.data(), static_cast<GoInt>(slices.size()), static_cast<GoInt>(slices.size())};
  std::vector<FilterOp> ops(info[4].As<Napi::Number>().Uint32Value());
  GoSlice op_slice{ops.data(), 0, static_cast<GoInt>(ops.size())};
  FilterResult r = Module::get().onData(Id(info[0]), info[1].ToBoolean(), info[2].ToBoolean(), &data, &op_slice);
  Napi::Object out = Napi::Object::New(env);
  out.Set("result", Napi::Number::New(env, r));
  Napi::Array list = Napi::Array::New(env, static_cast<size_t>(op_slice.len));
  for (GoInt i = 0; i < op_slice.len; i++) {
    Napi::Array pair = Napi::Array::New(env, 2);
    pair.Set(0u, Napi::Number::New(env, static_cast<double>(ops[i].op)));
    pair.Set(1u, Napi::Number::New(env, static_cast<double>(ops[i].n_bytes)));
    list.Set(static_cast<uint32_t>(i), pair);
  }
  out.Set("ops", list);
  return out;
}

Napi::Value InjectBuffers(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  auto it = g_buffers.find(Id(info[0]));
  if (it == g_buffers.end()) return env.Null();
  Napi::Object out = Napi::Object::New(env);
  auto& b = *it->second;
  out.Set("orig", Napi::Buffer<uint8_t>::Copy(env, b.orig.data(), static_cast<size_t>(b.orig_slice.len)));
  out.Set("reply", Napi::Buffer<uint8_t>::Copy(env, b.reply.data(), static_cast<size_t>(b.reply_slice.len)));
  return out;
}

Napi::Value ClearInject(const Napi::CallbackInfo& info) {
  auto it = g_buffers.find(Id(info[0]));
  if (it != g_buffers.end()) {
    std::string which = info[1].ToString().Utf8Value();
    (which == "orig" ? it->second->orig_slice : it->second->reply_slice).len = 0;
  }
  return info.Env().Undefined();
}

Napi::Value Close(const Napi::CallbackInfo& info) {
  uint64_t id = Id(info[0]);
  Module::get().close(id);
  g_buffers.erase(id);
  return info.Env().Undefined();
}

Napi::Value Control(const Napi::CallbackInfo& info) {
  return Napi::String::New(info.Env(), Module::get().control(Id(info[0]), info[1].ToString().Utf8Value()));
}

Napi::Value NumConnections(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), static_cast<double>(Module::get().connectionCount()));
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  Napi::Object bridge = Napi::Object::New(env);
  Bridge::Init(env, bridge);
  g_runtime = std::make_unique<AddonRuntime>(Bridge::Of(env));
  g_runtime->registerIsolate("addon");
  JsRuntime::setCurrent(g_runtime.get());
  Module::get().setControlChannel(&g_control);

  Napi::Object abi = Napi::Object::New(env);
  abi.Set("openModule", Napi::Function::New(env, OpenModule));
  abi.Set("closeModule", Napi::Function::New(env, CloseModule));
  abi.Set("onNewConnection", Napi::Function::New(env, OnNewConnection));
  abi.Set("onData", Napi::Function::New(env, OnData));
  abi.Set("injectBuffers", Napi::Function::New(env, InjectBuffers));
  abi.Set("clearInject", Napi::Function::New(env, ClearInject));
  abi.Set("close", Napi::Function::New(env, Close));
  abi.Set("control", Napi::Function::New(env, Control));
  abi.Set("numConnections", Napi::Function::New(env, NumConnections));
  exports.Set("bridge", bridge);
  exports.Set("abi", abi);
  return exports;
}

}  // namespace
}  // namespace tsproxylib

static Napi::Object InitTsproxylibAddon(Napi::Env env, Napi::Object exports) { return tsproxylib::Init(env, exports); }
NODE_API_MODULE(tsproxylib, InitTsproxylibAddon)
