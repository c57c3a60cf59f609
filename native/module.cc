#include "module.h"

#include <cstdio>
#include <ctime>

#include "bundles.h"
#include "runtime/js_runtime.h"

namespace tsproxylib {
namespace {

struct NewConnectionArgs {
  uint64_t instance_id;
  const std::string* proto;
  uint64_t connection_id;
  bool ingress;
  uint32_t src_id, dst_id;
  const std::string *src_addr, *dst_addr, *policy_name;
  uint32_t slot;
  uint64_t bundle_seq;
};

struct FaultArgs {
  uint32_t slot;
  std::string message;
};

JsOutcome CallNewConnection(Bridge& b, void* ctx) {
  auto* a = static_cast<NewConnectionArgs*>(ctx);
  return b.newConnection(a->instance_id, *a->proto, a->connection_id, a->ingress, a->src_id, a->dst_id, *a->src_addr,
                         *a->dst_addr, *a->policy_name, a->slot, a->bundle_seq);
}

JsOutcome CallOnData(Bridge& b, void*) { return b.onData(); }

JsOutcome CallFault(Bridge& b, void* ctx) {
  auto* a = static_cast<FaultArgs*>(ctx);
  return b.fault(a->slot, a->message);
}

JsOutcome CallClose(Bridge& b, void* ctx) { return b.close(*static_cast<uint32_t*>(ctx)); }

}  // namespace

Module& Module::get() {
  // Never destroyed: Envoy may call in from worker threads while the process exits.
  static Module* m = new Module();
  return *m;
}

Module::Module() { SetHostServices(this); }

void Module::setRuntimeFactory(RuntimeFactory factory) { factory_ = std::move(factory); }

void Module::setControlChannel(ControlChannel* channel) { control_ = channel; }

uint64_t Module::openModule(const GoSlice& params, bool debug) {
  std::string error;
  auto parsed = ParseModuleParams(params, &error);
  if (!parsed) {
    print(LogLevel::kError, "OpenModule rejected: " + error);
    return 0;
  }
  if (debug) debug_ = true;  // like Cilium: raised, never lowered again
  bool created = false;
  uint64_t id = instances_.open(std::move(*parsed), &created);
  if (debug_) print(LogLevel::kDebug, (created ? "opened instance " : "reused instance ") + std::to_string(id));
  auto inst = instances_.find(id);
  if (inst && inst->needsControlPlane()) {
    // A reused instance was started by its first opener; asking again (the control plane ignores
    // it) makes a concurrent second OpenModule wait for the same first attempt as the first.
    if (!control_) {
      print(LogLevel::kError, "instance " + std::to_string(id) + ": no control plane to run its policy source");
    } else {
      control_->openInstance(inst);
    }
  }
  return id;
}

void Module::closeModule(uint64_t id) {
  auto inst = instances_.find(id);
  if (instances_.close(id) && control_ && inst && inst->needsControlPlane()) control_->closeInstance(id);
}

JsRuntime* Module::runtimeForThisThread(const ModuleParams& params) {
  if (JsRuntime* rt = JsRuntime::current()) return rt;
  if (!factory_) return nullptr;
  JsRuntime* rt = factory_(params);
  if (rt) JsRuntime::setCurrent(rt);
  return rt;
}

FilterResult Module::onNewConnection(uint64_t instance_id, const std::string& proto, uint64_t connection_id,
                                     bool ingress, uint32_t src_id, uint32_t dst_id, const std::string& src_addr,
                                     const std::string& dst_addr, const std::string& policy_name, GoSlice* orig_buf,
                                     GoSlice* reply_buf) {
  auto inst = instances_.findOpen(instance_id);
  if (!inst) return FILTER_INVALID_INSTANCE;
  JsRuntime* rt = runtimeForThisThread(inst->params());
  if (!rt) {
    print(LogLevel::kError, "no JavaScript runtime could be started on this thread");
    return FILTER_UNKNOWN_ERROR;
  }
  rt->drainQueuedCloses();
  uint32_t slot = rt->allocSlot();
  NewConnectionArgs args{instance_id, &proto,    connection_id, ingress,      src_id,
                         dst_id,      &src_addr, &dst_addr,     &policy_name, slot, BundleStore::get().seq()};
  JsOutcome out = rt->guarded(CallNewConnection, &args);
  if (!out.ok) {
    // The framework catches a throwing factory itself; getting here means the call was stopped from
    // outside (loop, heap, exit) or the framework failed: refuse the connection, forget its slot.
    print(LogLevel::kWarn, "parser '" + proto + "' failed to create a connection: " + out.error);
    FaultArgs fa{slot, out.error};
    rt->guarded(CallFault, &fa);
    rt->freeSlot(slot);
    return FILTER_POLICY_DROP;
  }
  if (out.value != FILTER_OK) {
    rt->freeSlot(slot);
    return static_cast<FilterResult>(out.value);
  }
  auto rec = std::make_shared<ConnectionRecord>();
  rec->runtime = rt;
  rec->slot = slot;
  rec->orig_buf = orig_buf;
  rec->reply_buf = reply_buf;
  rec->instance = std::move(inst);
  if (auto old = connections_.insert(connection_id, std::move(rec))) closeInRuntime(old->runtime, old->slot);
  return FILTER_OK;
}

FilterResult Module::onData(uint64_t connection_id, bool reply, bool end_stream, GoSlice* data, GoSlice* ops) {
  auto rec = connections_.find(connection_id);
  if (!rec) return FILTER_UNKNOWN_CONNECTION;
  JsRuntime* rt = JsRuntime::current();
  if (rt != rec->runtime) {
    // Envoy keeps a connection on one worker; a call from another thread cannot reach its state.
    print(LogLevel::kError, "OnData for connection " + std::to_string(connection_id) + " from a foreign thread");
    return FILTER_UNKNOWN_CONNECTION;
  }
  rt->drainQueuedCloses();
  if (ops->len >= ops->cap) return FILTER_OK;  // no room: the parser is not called at all

  Bridge& b = rt->bridge();
  CallInput in;
  in.slot = rec->slot;
  in.reply = reply;
  in.end_stream = end_stream;
  in.slices = static_cast<const GoSlice*>(data->data);
  in.slice_count = data->len > 0 ? static_cast<size_t>(data->len) : 0;
  in.orig_buf = rec->orig_buf;
  in.reply_buf = rec->reply_buf;
  in.policy_seq = rec->instance->policySeq();
  in.bundle_seq = BundleStore::get().seq();
  in.ops_cap = static_cast<size_t>(ops->cap - ops->len);
  b.beginCall(in);
  JsOutcome out = rt->guarded(CallOnData, nullptr);

  // Ops appended before a fault stay, as in Cilium.
  size_t n = b.opsWritten();
  auto* dst = static_cast<FilterOp*>(ops->data) + ops->len;
  const double* src = b.ops();
  for (size_t i = 0; i < n; i++) {
    dst[i].op = static_cast<uint64_t>(src[2 * i]);
    dst[i].n_bytes = static_cast<int64_t>(src[2 * i + 1]);
  }
  ops->len += static_cast<GoInt>(n);
  bool async_pending = b.asyncPending();
  b.endCall();

  if (!out.ok) {
    FaultArgs fa{rec->slot, out.error};
    rt->guarded(CallFault, &fa);
    rt->afterCall(true);
    return FILTER_PARSER_ERROR;
  }
  rt->afterCall(async_pending);
  return static_cast<FilterResult>(out.value);
}

void Module::closeInRuntime(JsRuntime* rt, uint32_t slot) {
  if (rt == JsRuntime::current()) {
    rt->guarded(CallClose, &slot);
    rt->freeSlot(slot);
  } else {
    rt->queueClose(slot);
  }
}

void Module::close(uint64_t connection_id) {
  if (auto rec = connections_.erase(connection_id)) closeInRuntime(rec->runtime, rec->slot);
}

std::string Module::control(uint64_t module_id, const std::string& request) {
  auto inst = instances_.find(module_id);
  JsRuntime* rt = runtimeForThisThread(inst ? inst->params() : ModuleParams{});
  if (!rt) return R"({"ok":false,"error":"no JavaScript runtime on this thread"})";
  rt->drainQueuedCloses();  // so per-isolate answers never count connections closed from elsewhere
  struct Ctx {
    const std::string* req;
    std::string answer;
  } ctx{&request, {}};
  JsOutcome out = rt->guarded(
      [](Bridge& b, void* c) {
        auto* x = static_cast<Ctx*>(c);
        return b.control(*x->req, &x->answer);
      },
      &ctx);
  // Commands are rare: run what they left queued (and end their job, which lets the collector take
  // objects a WeakRef handed out during it) now rather than at some later traffic.
  rt->afterCall(true);
  if (!out.ok) return R"({"ok":false,"error":"control command failed"})";
  return ctx.answer;
}

bool Module::instance(uint64_t id, InstanceView* out) {
  auto inst = instances_.find(id);
  if (!inst) return false;
  out->id = inst->id();
  out->node_id = inst->nodeId();
  out->access_log_path = inst->params().get(kAccessLogPath);
  out->xds_path = inst->params().get(kXdsPath);
  out->params.assign(inst->params().values.begin(), inst->params().values.end());
  return true;
}

void Module::accessLog(uint64_t instance_id, const uint8_t* entry, size_t len) {
  if (auto inst = instances_.find(instance_id)) inst->accessLog().send(entry, len);
}

bool Module::policy(uint64_t instance_id, uint64_t* seq, std::string* json) {
  auto inst = instances_.find(instance_id);
  if (!inst) return false;
  *seq = inst->policy(json);
  return true;
}

uint64_t Module::setPolicy(uint64_t instance_id, std::string json) {
  auto inst = instances_.find(instance_id);
  return inst ? inst->publishPolicy(std::move(json)) : 0;
}

void Module::accessLogLine(uint64_t instance_id, const std::string& line) {
  if (auto inst = instances_.find(instance_id)) {
    if (FileLogSink* sink = inst->fileLog()) sink->append(line);
  }
}

bool Module::isControlReady(uint64_t module_id) {
  auto inst = instances_.find(module_id);
  return inst && inst->waitControlReady(std::chrono::milliseconds(0));
}

void Module::controlReady(uint64_t instance_id) {
  if (auto inst = instances_.find(instance_id)) inst->markControlReady();
}

uint64_t Module::bundle(std::string* path, std::string* source, std::string* code_cache) {
  return BundleStore::get().current(path, source, code_cache);
}

uint64_t Module::setBundle(std::string path, std::string source, std::string code_cache) {
  return BundleStore::get().publish(std::move(path), std::move(source), std::move(code_cache));
}

void Module::bundleLoaded(uint64_t seq, const std::string& error, double load_ms) {
  JsRuntime* rt = JsRuntime::starting();
  if (rt == nullptr) rt = JsRuntime::current();
  if (rt != nullptr) BundleStore::get().reportLoaded(rt->isolateId(), seq, error, load_ms);
}

std::vector<IsolateReport> Module::isolates() { return BundleStore::get().isolates(); }

void Module::print(LogLevel level, const std::string& message) {
  if (level == LogLevel::kDebug && !debug_) return;
  static const char* names[] = {"debug", "info", "warning", "error"};
  std::fprintf(stderr, "[tsproxylib] %s: %s\n", names[static_cast<int>(level)], message.c_str());
}

}  // namespace tsproxylib
