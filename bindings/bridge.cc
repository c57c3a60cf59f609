#include "bridge.h"

#include <algorithm>
#include <cstring>

#include "host_services.h"

namespace tsproxylib {
namespace {

HostServices* g_services = nullptr;
thread_local Bridge* t_created = nullptr;

std::string ToUtf8(napi_env env, napi_value v) {
  size_t len = 0;
  if (napi_get_value_string_utf8(env, v, nullptr, 0, &len) != napi_ok) return {};
  std::string out(len, '\0');
  napi_get_value_string_utf8(env, v, out.data(), len + 1, &len);
  return out;
}

// A readable text for whatever was thrown; safe to call while the isolate is terminating.
std::string DescribeException(napi_env env, napi_value exc) {
  napi_valuetype type;
  if (exc == nullptr || napi_typeof(env, exc, &type) != napi_ok) return "execution terminated";
  if (type == napi_undefined || type == napi_null) return "execution terminated";
  if (type == napi_object) {
    napi_value message;
    if (napi_get_named_property(env, exc, "message", &message) == napi_ok) {
      napi_valuetype mt;
      if (napi_typeof(env, message, &mt) == napi_ok && mt == napi_string) return ToUtf8(env, message);
    }
  }
  napi_value str;
  if (napi_coerce_to_string(env, exc, &str) != napi_ok) {
    bool pending = false;
    napi_is_exception_pending(env, &pending);
    if (pending) {
      napi_value ignored;
      napi_get_and_clear_last_exception(env, &ignored);
    }
    return "uncaught exception";
  }
  return ToUtf8(env, str);
}

}  // namespace

void SetHostServices(HostServices* services) { g_services = services; }
HostServices* GetHostServices() { return g_services; }

Bridge::Bridge(Napi::Env env, Napi::Object exports) : env_(env) {
  t_created = this;
  // V8-owned memory that native writes in place: allocated once, never moved, kept alive by exports.
  auto arena = Napi::ArrayBuffer::New(env, kArenaBytes);
  auto call = Napi::ArrayBuffer::New(env, kCallSlotCount * sizeof(double));
  auto ops = Napi::ArrayBuffer::New(env, kMaxOps * 2 * sizeof(double));
  arena_ = static_cast<uint8_t*>(arena.Data());
  call_ = static_cast<double*>(call.Data());
  ops_ = static_cast<double*>(ops.Data());
  std::fill(call_, call_ + kCallSlotCount, 0.0);

  DefineAddon(exports, {
      InstanceValue("arena", Napi::Uint8Array::New(env, kArenaBytes, arena, 0), napi_enumerable),
      InstanceValue("call", Napi::Float64Array::New(env, kCallSlotCount, call, 0), napi_enumerable),
      InstanceValue("ops", Napi::Float64Array::New(env, kMaxOps * 2, ops, 0), napi_enumerable),
      InstanceMethod("fetch", &Bridge::Fetch),
      InstanceMethod("view", &Bridge::View),
      InstanceMethod("inject", &Bridge::Inject),
      InstanceMethod("log", &Bridge::Log),
      InstanceMethod("logLine", &Bridge::LogLine),
      InstanceMethod("controlReady", &Bridge::ControlReady),
      InstanceMethod("instance", &Bridge::Instance),
      InstanceMethod("policy", &Bridge::Policy),
      InstanceMethod("setPolicy", &Bridge::SetPolicy),
      InstanceMethod("register", &Bridge::Register),
      InstanceMethod("bundle", &Bridge::Bundle),
      InstanceMethod("setBundle", &Bridge::SetBundle),
      InstanceMethod("bundleLoaded", &Bridge::BundleLoaded),
      InstanceMethod("isolates", &Bridge::Isolates),
      InstanceMethod("print", &Bridge::Print),
  });
}

Bridge::~Bridge() {
  if (t_created == this) t_created = nullptr;
  for (napi_ref* r : {&on_data_, &new_connection_, &close_, &fault_, &control_}) {
    if (*r != nullptr) napi_delete_reference(env_, *r);
  }
}

Bridge* Bridge::CreatedOnThisThread() { return t_created; }

Bridge* Bridge::Of(napi_env env) { return Napi::Env(env).GetInstanceData<Bridge>(); }

napi_value Bridge::Init(napi_env env, napi_value exports) {
  return Napi::RegisterModule(env, exports, [](Napi::Env e, Napi::Object o) { return Addon<Bridge>::Init(e, o); });
}

// ---- native side of a call ----

void Bridge::beginCall(const CallInput& in) {
  cur_ = in;
  in_call_ = true;
  size_t total = 0;
  for (size_t i = 0; i < in.slice_count; i++) total += static_cast<size_t>(in.slices[i].len);
  total_ = total;
  size_t window = std::min(total, kEagerWindow);
  copyInput(0, arena_, window);
  call_[kSlot] = in.slot;
  call_[kReply] = in.reply ? 1 : 0;
  call_[kEndStream] = in.end_stream ? 1 : 0;
  call_[kTotal] = static_cast<double>(total);
  call_[kWinStart] = 0;
  call_[kWinLen] = static_cast<double>(window);
  call_[kOpsCap] = static_cast<double>(std::min(in.ops_cap, kMaxOps));
  call_[kNops] = 0;
  call_[kOrigLen] = in.orig_buf ? static_cast<double>(in.orig_buf->len) : 0;
  call_[kOrigCap] = in.orig_buf ? static_cast<double>(in.orig_buf->cap) : 0;
  call_[kReplyLen] = in.reply_buf ? static_cast<double>(in.reply_buf->len) : 0;
  call_[kReplyCap] = in.reply_buf ? static_cast<double>(in.reply_buf->cap) : 0;
  call_[kPolicySeq] = static_cast<double>(in.policy_seq);
  call_[kBundleSeq] = static_cast<double>(in.bundle_seq);
  call_[kAsyncPending] = 0;
}

void Bridge::endCall() {
  // Envoy frees or reuses the input memory after the call: detach every view lent over it.
  for (napi_ref ref : lent_views_) {
    napi_value ab;
    if (napi_get_reference_value(env_, ref, &ab) == napi_ok && ab != nullptr) napi_detach_arraybuffer(env_, ab);
    napi_delete_reference(env_, ref);
  }
  lent_views_.clear();
  in_call_ = false;
  cur_ = CallInput{};
  total_ = 0;
}

size_t Bridge::opsWritten() const {
  double n = call_[kNops];
  double cap = call_[kOpsCap];
  if (!(n >= 0)) return 0;
  return static_cast<size_t>(std::min(n, cap));
}

size_t Bridge::copyInput(size_t offset, uint8_t* dst, size_t len) {
  size_t copied = 0;
  for (size_t i = 0; i < cur_.slice_count && copied < len; i++) {
    size_t slen = static_cast<size_t>(cur_.slices[i].len);
    if (offset >= slen) {
      offset -= slen;
      continue;
    }
    size_t n = std::min(slen - offset, len - copied);
    std::memcpy(dst + copied, static_cast<const uint8_t*>(cur_.slices[i].data) + offset, n);
    copied += n;
    offset = 0;
  }
  return copied;
}

JsOutcome Bridge::invoke(napi_ref fn_ref, size_t argc, const napi_value* argv) {
  JsOutcome out;
  if (fn_ref == nullptr) {
    out.error = "the framework has not registered its handlers";
    return out;
  }
  napi_value fn, recv, result;
  napi_get_reference_value(env_, fn_ref, &fn);
  napi_get_undefined(env_, &recv);
  napi_status st = napi_call_function(env_, recv, fn, argc, argv, &result);
  if (st == napi_ok) {
    out.ok = true;
    napi_valuetype t;
    if (napi_typeof(env_, result, &t) == napi_ok && t == napi_number) napi_get_value_int32(env_, result, &out.value);
    return out;
  }
  napi_value exc = nullptr;
  bool pending = false;
  napi_is_exception_pending(env_, &pending);
  if (pending) napi_get_and_clear_last_exception(env_, &exc);
  out.error = DescribeException(env_, exc);
  return out;
}

JsOutcome Bridge::onData() {
  napi_handle_scope scope;
  napi_open_handle_scope(env_, &scope);
  JsOutcome out = invoke(on_data_, 0, nullptr);
  napi_close_handle_scope(env_, scope);
  return out;
}

JsOutcome Bridge::newConnection(uint64_t instance_id, const std::string& proto, uint64_t connection_id,
                                bool ingress, uint32_t src_id, uint32_t dst_id, const std::string& src_addr,
                                const std::string& dst_addr, const std::string& policy_name, uint32_t slot, uint64_t bundle_seq) {
  call_[kBundleSeq] = static_cast<double>(bundle_seq);
  napi_handle_scope scope;
  napi_open_handle_scope(env_, &scope);
  napi_value argv[10];
  napi_create_double(env_, static_cast<double>(instance_id), &argv[0]);
  napi_create_string_utf8(env_, proto.data(), proto.size(), &argv[1]);
  std::string id = std::to_string(connection_id);
  napi_create_string_utf8(env_, id.data(), id.size(), &argv[2]);
  napi_get_boolean(env_, ingress, &argv[3]);
  napi_create_uint32(env_, src_id, &argv[4]);
  napi_create_uint32(env_, dst_id, &argv[5]);
  napi_create_string_utf8(env_, src_addr.data(), src_addr.size(), &argv[6]);
  napi_create_string_utf8(env_, dst_addr.data(), dst_addr.size(), &argv[7]);
  napi_create_string_utf8(env_, policy_name.data(), policy_name.size(), &argv[8]);
  napi_create_uint32(env_, slot, &argv[9]);
  JsOutcome out = invoke(new_connection_, 10, argv);
  napi_close_handle_scope(env_, scope);
  return out;
}

JsOutcome Bridge::close(uint32_t slot) {
  napi_handle_scope scope;
  napi_open_handle_scope(env_, &scope);
  napi_value arg;
  napi_create_uint32(env_, slot, &arg);
  JsOutcome out = invoke(close_, 1, &arg);
  napi_close_handle_scope(env_, scope);
  return out;
}

JsOutcome Bridge::fault(uint32_t slot, const std::string& message) {
  napi_handle_scope scope;
  napi_open_handle_scope(env_, &scope);
  napi_value argv[2];
  napi_create_uint32(env_, slot, &argv[0]);
  napi_create_string_utf8(env_, message.data(), message.size(), &argv[1]);
  JsOutcome out = invoke(fault_, 2, argv);
  napi_close_handle_scope(env_, scope);
  return out;
}

JsOutcome Bridge::control(const std::string& request, std::string* answer) {
  napi_handle_scope scope;
  napi_open_handle_scope(env_, &scope);
  napi_value arg, fn, recv, result;
  napi_create_string_utf8(env_, request.data(), request.size(), &arg);
  JsOutcome out;
  if (control_ == nullptr) {
    out.error = "the framework has not registered its handlers";
  } else {
    napi_get_reference_value(env_, control_, &fn);
    napi_get_undefined(env_, &recv);
    if (napi_call_function(env_, recv, fn, 1, &arg, &result) == napi_ok) {
      out.ok = true;
      *answer = ToUtf8(env_, result);
    } else {
      napi_value exc = nullptr;
      napi_get_and_clear_last_exception(env_, &exc);
      out.error = DescribeException(env_, exc);
    }
  }
  napi_close_handle_scope(env_, scope);
  return out;
}

// ---- JavaScript side ----

Napi::Value Bridge::Fetch(const Napi::CallbackInfo& info) {
  double offset = info[0].As<Napi::Number>().DoubleValue();
  if (!in_call_ || !(offset >= 0)) {
    Napi::Error e = Napi::Error::New(info.Env(), "fetch() outside an OnData call");
    e.Set("code", Napi::String::New(info.Env(), "ERR_NO_CALL"));
    e.ThrowAsJavaScriptException();
    return info.Env().Undefined();
  }
  size_t off = static_cast<size_t>(offset);
  size_t len = off >= total_ ? 0 : std::min(kArenaBytes, total_ - off);
  copyInput(off, arena_, len);
  call_[kWinStart] = static_cast<double>(off);
  call_[kWinLen] = static_cast<double>(len);
  return Napi::Number::New(info.Env(), static_cast<double>(len));
}

Napi::Value Bridge::View(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  double from = info[0].As<Napi::Number>().DoubleValue();
  double to = info[1].As<Napi::Number>().DoubleValue();
  if (!in_call_ || !(from >= 0) || !(to >= from) || to > static_cast<double>(total_)) {
    Napi::Error e = Napi::Error::New(env, in_call_ ? "view() range outside the input" : "view() outside an OnData call");
    e.Set("code", Napi::String::New(env, in_call_ ? "ERR_RANGE" : "ERR_NO_CALL"));
    e.ThrowAsJavaScriptException();
    return env.Undefined();
  }
  size_t f = static_cast<size_t>(from), len = static_cast<size_t>(to) - f;
  if (len > kCopyViewLimit) {
    // Lend the caller's memory when the range lies in one slice; detached again at endCall().
    size_t off = f;
    for (size_t i = 0; i < cur_.slice_count; i++) {
      size_t slen = static_cast<size_t>(cur_.slices[i].len);
      if (off >= slen) {
        off -= slen;
        continue;
      }
      if (off + len <= slen) {
        napi_value ab;
        void* data = static_cast<uint8_t*>(cur_.slices[i].data) + off;
        if (napi_create_external_arraybuffer(env, data, len, nullptr, nullptr, &ab) == napi_ok) {
          napi_ref ref;
          napi_create_reference(env, ab, 1, &ref);
          lent_views_.push_back(ref);
          return Napi::Uint8Array::New(env, len, Napi::ArrayBuffer(env, ab), 0);
        }
      }
      break;
    }
  }
  auto copy = Napi::ArrayBuffer::New(env, len);
  copyInput(f, static_cast<uint8_t*>(copy.Data()), len);
  return Napi::Uint8Array::New(env, len, copy, 0);
}

Napi::Value Bridge::Inject(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!in_call_) {
    Napi::Error e = Napi::Error::New(env, "inject() outside an OnData call");
    e.Set("code", Napi::String::New(env, "ERR_NO_CALL"));
    e.ThrowAsJavaScriptException();
    return env.Undefined();
  }
  bool reply = info[0].ToBoolean();
  auto bytes = info[1].As<Napi::Uint8Array>();
  GoSlice* buf = reply ? cur_.reply_buf : cur_.orig_buf;
  if (buf == nullptr || buf->data == nullptr) return Napi::Number::New(env, 0);
  // Copy what fits; the caller's buffer is never reallocated or grown.
  size_t room = buf->cap > buf->len ? static_cast<size_t>(buf->cap - buf->len) : 0;
  size_t n = std::min(room, bytes.ByteLength());
  if (n > 0) std::memcpy(static_cast<uint8_t*>(buf->data) + buf->len, bytes.Data(), n);
  buf->len += static_cast<GoInt>(n);
  call_[reply ? kReplyLen : kOrigLen] = static_cast<double>(buf->len);
  return Napi::Number::New(env, static_cast<double>(n));
}

Napi::Value Bridge::Log(const Napi::CallbackInfo& info) {
  uint64_t id = static_cast<uint64_t>(info[0].As<Napi::Number>().DoubleValue());
  auto bytes = info[1].As<Napi::Uint8Array>();
  if (g_services) g_services->accessLog(id, bytes.Data(), bytes.ByteLength());
  return info.Env().Undefined();
}

Napi::Value Bridge::LogLine(const Napi::CallbackInfo& info) {
  uint64_t id = static_cast<uint64_t>(info[0].As<Napi::Number>().DoubleValue());
  std::string line = info[1].As<Napi::String>().Utf8Value();
  if (g_services) g_services->accessLogLine(id, line);
  return info.Env().Undefined();
}

Napi::Value Bridge::ControlReady(const Napi::CallbackInfo& info) {
  uint64_t id = static_cast<uint64_t>(info[0].As<Napi::Number>().DoubleValue());
  if (g_services) g_services->controlReady(id);
  return info.Env().Undefined();
}

Napi::Value Bridge::Instance(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  InstanceView view;
  uint64_t id = static_cast<uint64_t>(info[0].As<Napi::Number>().DoubleValue());
  if (!g_services || !g_services->instance(id, &view)) return env.Null();
  Napi::Object o = Napi::Object::New(env);
  o.Set("id", Napi::Number::New(env, static_cast<double>(view.id)));
  o.Set("nodeId", view.node_id);
  o.Set("accessLogPath", view.access_log_path);
  o.Set("xdsPath", view.xds_path);
  Napi::Object params = Napi::Object::New(env);
  for (auto& kv : view.params) params.Set(kv.first, kv.second);
  o.Set("params", params);
  return o;
}

Napi::Value Bridge::Bundle(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::string path, source, cache;
  uint64_t seq = g_services ? g_services->bundle(&path, &source, &cache) : 0;
  Napi::Object o = Napi::Object::New(env);
  o.Set("seq", Napi::Number::New(env, static_cast<double>(seq)));
  o.Set("path", path);
  o.Set("source", source);
  Napi::Uint8Array bytes = Napi::Uint8Array::New(env, cache.size());
  if (!cache.empty()) std::memcpy(bytes.Data(), cache.data(), cache.size());
  o.Set("codeCache", bytes);
  return o;
}

Napi::Value Bridge::SetBundle(const Napi::CallbackInfo& info) {
  std::string path = info[0].As<Napi::String>().Utf8Value();
  std::string source = info[1].As<Napi::String>().Utf8Value();
  std::string cache;
  if (info.Length() > 2 && info[2].IsTypedArray()) {
    auto bytes = info[2].As<Napi::Uint8Array>();
    cache.assign(reinterpret_cast<const char*>(bytes.Data()), bytes.ByteLength());
  }
  uint64_t seq = g_services ? g_services->setBundle(std::move(path), std::move(source), std::move(cache)) : 0;
  return Napi::Number::New(info.Env(), static_cast<double>(seq));
}

Napi::Value Bridge::BundleLoaded(const Napi::CallbackInfo& info) {
  uint64_t seq = static_cast<uint64_t>(info[0].As<Napi::Number>().DoubleValue());
  std::string error = info[1].As<Napi::String>().Utf8Value();
  double load_ms = info[2].As<Napi::Number>().DoubleValue();
  if (g_services) g_services->bundleLoaded(seq, error, load_ms);
  return info.Env().Undefined();
}

Napi::Value Bridge::Isolates(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::vector<IsolateReport> reports;
  if (g_services) reports = g_services->isolates();
  Napi::Array out = Napi::Array::New(env, reports.size());
  for (size_t i = 0; i < reports.size(); i++) {
    const IsolateReport& r = reports[i];
    Napi::Object o = Napi::Object::New(env);
    o.Set("isolate", Napi::Number::New(env, static_cast<double>(r.isolate)));
    o.Set("role", r.role);
    o.Set("bundleSeq", Napi::Number::New(env, static_cast<double>(r.bundle_seq)));
    o.Set("failedSeq", Napi::Number::New(env, static_cast<double>(r.failed_seq)));
    o.Set("error", r.error);
    o.Set("loadMs", Napi::Number::New(env, r.load_ms));
    out.Set(static_cast<uint32_t>(i), o);
  }
  return out;
}

Napi::Value Bridge::Policy(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  uint64_t id = static_cast<uint64_t>(info[0].As<Napi::Number>().DoubleValue());
  uint64_t seq = 0;
  std::string json;
  if (!g_services || !g_services->policy(id, &seq, &json)) return env.Null();
  Napi::Object o = Napi::Object::New(env);
  o.Set("seq", Napi::Number::New(env, static_cast<double>(seq)));
  o.Set("json", json);
  return o;
}

Napi::Value Bridge::SetPolicy(const Napi::CallbackInfo& info) {
  uint64_t id = static_cast<uint64_t>(info[0].As<Napi::Number>().DoubleValue());
  std::string json = info[1].As<Napi::String>().Utf8Value();
  uint64_t seq = g_services ? g_services->setPolicy(id, std::move(json)) : 0;
  return Napi::Number::New(info.Env(), static_cast<double>(seq));
}

Napi::Value Bridge::Register(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Object h = info[0].As<Napi::Object>();
  struct Slot {
    const char* name;
    napi_ref* ref;
  } slots[] = {{"onData", &on_data_}, {"newConnection", &new_connection_}, {"close", &close_},
               {"fault", &fault_}, {"control", &control_}};
  for (auto& s : slots) {
    Napi::Value fn = h.Get(s.name);
    if (!fn.IsFunction()) {
      Napi::TypeError::New(env, std::string("register(): handler '") + s.name + "' is not a function")
          .ThrowAsJavaScriptException();
      return env.Undefined();
    }
  }
  for (auto& s : slots) {
    if (*s.ref != nullptr) napi_delete_reference(env, *s.ref);
    napi_create_reference(env, h.Get(s.name), 1, s.ref);
  }
  return env.Undefined();
}

Napi::Value Bridge::Print(const Napi::CallbackInfo& info) {
  int level = info[0].As<Napi::Number>().Int32Value();
  std::string msg = info[1].ToString().Utf8Value();
  if (g_services) g_services->print(static_cast<LogLevel>(std::clamp(level, 0, 3)), msg);
  return info.Env().Undefined();
}

}  // namespace tsproxylib
