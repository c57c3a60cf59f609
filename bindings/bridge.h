// The N-API bridge of one isolate: the JavaScript side of every crossing.
//
// Created once per isolate (per Envoy worker thread, or once in a plain-Node test process). It owns
// the long-lived typed arrays the framework reads and writes (see src/framework/host.ts, whose
// CallSlot numbering this file mirrors), exposes fetch/view/inject/log/... to JavaScript, and lets the
// native host call the framework's registered handlers. Per-isolate state lives here, reached through
// env.GetInstanceData<Bridge>(), never in statics.
#ifndef TSPROXYLIB_BINDINGS_BRIDGE_H
#define TSPROXYLIB_BINDINGS_BRIDGE_H

#include <napi.h>

#include <cstdint>
#include <string>
#include <vector>

#include "proxylib/types.h"

namespace tsproxylib {

// Mirrors CallSlot in src/framework/host.ts.
enum CallSlot : int {
  kSlot = 0,
  kReply = 1,
  kEndStream = 2,
  kTotal = 3,
  kWinStart = 4,
  kWinLen = 5,
  kOpsCap = 6,
  kNops = 7,
  kOrigLen = 8,
  kOrigCap = 9,
  kReplyLen = 10,
  kReplyCap = 11,
  kPolicySeq = 12,
  kAsyncPending = 13,
  kBundleSeq = 14,
  kCallSlotCount = 15,
};

// One OnData as the bridge sees it. Pointers are borrowed for the call.
struct CallInput {
  uint32_t slot = 0;
  bool reply = false;
  bool end_stream = false;
  const GoSlice* slices = nullptr;  // array of byte slices (Envoy passes only non-empty ones)
  size_t slice_count = 0;
  GoSlice* orig_buf = nullptr;   // inject buffers of the connection, owned by the caller
  GoSlice* reply_buf = nullptr;
  uint64_t policy_seq = 0;
  uint64_t bundle_seq = 0;  // the parser bundle version in force (native/bundles.h)
  size_t ops_cap = 0;
};

// Result of calling into JavaScript. `ok` is false when the call threw or was terminated; the
// message then says why (empty when the isolate was terminated from outside).
struct JsOutcome {
  bool ok = false;
  int32_t value = 0;
  std::string error;
};

class Bridge : public Napi::Addon<Bridge> {
 public:
  static constexpr size_t kArenaBytes = 64 * 1024;
  // Bytes copied into the arena before the call: enough for the headers of almost every frame, small
  // enough that a 1 MiB body costs the same as a 1 KiB one. The parser asks for more with fetch().
  static constexpr size_t kEagerWindow = 1024;
  // Views up to this size are copied (cheaper than an external ArrayBuffer); larger ones are not.
  static constexpr size_t kCopyViewLimit = 64 * 1024;
  static constexpr size_t kMaxOps = 256;

  Bridge(Napi::Env env, Napi::Object exports);
  ~Bridge();

  // The bridge of the isolate that `env` belongs to (null before registration).
  static Bridge* Of(napi_env env);
  // Adds the bridge to `exports`; usable as the init function of a linked binding or an addon.
  static napi_value Init(napi_env env, napi_value exports);
  // The bridge most recently created on the calling thread (how an embedder finds the bridge its
  // bootstrap just created, since Node 18 offers no other way to reach the binding's napi_env).
  static Bridge* CreatedOnThisThread();

  bool ready() const { return on_data_ != nullptr; }

  // Native side of a call. begin/end bracket every OnData; between them inject() and view() work.
  void beginCall(const CallInput& in);
  void endCall();
  size_t opsWritten() const;
  const double* ops() const { return ops_; }
  bool asyncPending() const { return call_[kAsyncPending] != 0; }

  JsOutcome onData();
  JsOutcome newConnection(uint64_t instance_id, const std::string& proto, uint64_t connection_id, bool ingress,
                          uint32_t src_id, uint32_t dst_id, const std::string& src_addr,
                          const std::string& dst_addr, const std::string& policy_name, uint32_t slot, uint64_t bundle_seq);
  JsOutcome close(uint32_t slot);
  JsOutcome fault(uint32_t slot, const std::string& message);
  JsOutcome control(const std::string& request, std::string* answer);

 private:
  // JavaScript-facing methods (see NativeBridge in src/framework/host.ts).
  Napi::Value Fetch(const Napi::CallbackInfo& info);
  Napi::Value View(const Napi::CallbackInfo& info);
  Napi::Value Inject(const Napi::CallbackInfo& info);
  Napi::Value Log(const Napi::CallbackInfo& info);
  Napi::Value LogLine(const Napi::CallbackInfo& info);
  Napi::Value ControlReady(const Napi::CallbackInfo& info);
  Napi::Value Instance(const Napi::CallbackInfo& info);
  Napi::Value Policy(const Napi::CallbackInfo& info);
  Napi::Value SetPolicy(const Napi::CallbackInfo& info);
  Napi::Value Register(const Napi::CallbackInfo& info);
  Napi::Value Bundle(const Napi::CallbackInfo& info);
  Napi::Value SetBundle(const Napi::CallbackInfo& info);
  Napi::Value BundleLoaded(const Napi::CallbackInfo& info);
  Napi::Value Isolates(const Napi::CallbackInfo& info);
  Napi::Value Print(const Napi::CallbackInfo& info);

  size_t copyInput(size_t offset, uint8_t* dst, size_t len);
  JsOutcome invoke(napi_ref fn, size_t argc, const napi_value* argv);

  napi_env env_;
  uint8_t* arena_;
  double* call_;
  double* ops_;
  napi_ref on_data_ = nullptr;
  napi_ref new_connection_ = nullptr;
  napi_ref close_ = nullptr;
  napi_ref fault_ = nullptr;
  napi_ref control_ = nullptr;

  // The current call (valid between beginCall and endCall).
  bool in_call_ = false;
  CallInput cur_;
  size_t total_ = 0;
  // Views lent out during the call over caller memory; detached at endCall.
  std::vector<napi_ref> lent_views_;
};

}  // namespace tsproxylib

#endif
