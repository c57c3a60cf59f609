#include "runtime/embedded_runtime.h"

#include <poll.h>
#include <uv.h>

#include <atomic>
#include <cerrno>

#include "runtime/bootstrap.h"
#include "runtime/node_process.h"

namespace tsproxylib {
namespace {

// Service the event loop at least this often even when no call asked for it.
constexpr uint32_t kPumpEveryCalls = 1024;
// Head-room granted while a runaway allocation is being stopped.
constexpr size_t kHeapHeadroom = 64u * 1024 * 1024;

std::atomic<bool> g_process_state_owned{false};

std::string Utf8(v8::Isolate* isolate, v8::Local<v8::Value> v) {
  v8::String::Utf8Value s(isolate, v);
  return *s ? std::string(*s, s.length()) : std::string("(unprintable)");
}

}  // namespace

std::unique_ptr<EmbeddedRuntime> EmbeddedRuntime::Create(const RuntimeOptions& options, std::string* error) {
  std::unique_ptr<EmbeddedRuntime> rt(new EmbeddedRuntime());
  if (!rt->start(options, error)) return nullptr;
  return rt;
}

bool EmbeddedRuntime::start(const RuntimeOptions& options, std::string* error) {
  ProcessConfig pc;
  pc.heap_limit_mb = options.heap_limit_mb;
  platform_ = EnsureNodeProcess(pc, error);
  if (!platform_) return false;

  // Exactly one environment may own process-wide state (process.title, cwd, umask …); none gets an
  // inspector, which would install a SIGUSR1 handler over Envoy's.
  uint64_t flags = node::EnvironmentFlags::kNoCreateInspector;
  if (!g_process_state_owned.exchange(true)) flags |= node::EnvironmentFlags::kOwnsProcessState;
  std::vector<std::string> errors;
  std::vector<std::string> args = {"libcilium"}, exec_args;
  setup_ = node::CommonEnvironmentSetup::Create(platform_, &errors, args, exec_args,
                                                static_cast<node::EnvironmentFlags::Flags>(flags));
  if (!setup_) {
    *error = "could not create a Node environment";
    for (auto& e : errors) *error += ": " + e;
    return false;
  }
  isolate_ = setup_->isolate();
  locker_.emplace(isolate_);
  isolate_scope_.emplace(isolate_);
  handle_scope_.emplace(isolate_);
  context_scope_.emplace(setup_->context());

  node::Environment* env = setup_->env();
  node::AddLinkedBinding(env, "tsproxylib", &Bridge::Init);
  node::SetProcessExitHandler(env, [this](node::Environment*, int code) {
    exit_fault_ = true;
    exit_code_ = code;
    isolate_->TerminateExecution();
  });
  isolate_->AddNearHeapLimitCallback(&EmbeddedRuntime::OnNearHeapLimit, this);
  watched_ = std::make_unique<WatchedCall>(isolate_, options.budget_floor_ms);
  Watchdog::get().add(watched_.get());

  v8::TryCatch try_catch(isolate_);
  const RuntimeOptions opts = options;
  // Registered and marked as starting first: the framework loads the parser bundle in force while it
  // starts, and reports that load for this isolate.
  registerIsolate(options.role.c_str());
  JsRuntime::StartingScope starting(this);
  auto loaded = node::LoadEnvironment(env, [&](const node::StartExecutionCallbackInfo& info) -> v8::MaybeLocal<v8::Value> {
    v8::Local<v8::Context> ctx = setup_->context();
    v8::Local<v8::String> names[] = {
        v8::String::NewFromUtf8Literal(isolate_, "process"), v8::String::NewFromUtf8Literal(isolate_, "require"),
        v8::String::NewFromUtf8Literal(isolate_, "bundlePath"), v8::String::NewFromUtf8Literal(isolate_, "options")};
    v8::ScriptCompiler::Source source(v8::String::NewFromUtf8(isolate_, kBootstrapSource).ToLocalChecked());
    v8::Local<v8::Function> fn;
    if (!v8::ScriptCompiler::CompileFunction(ctx, &source, 4, names).ToLocal(&fn)) return {};
    v8::Local<v8::Object> js_options = v8::Object::New(isolate_);
    js_options
        ->Set(ctx, v8::String::NewFromUtf8Literal(isolate_, "role"),
              v8::String::NewFromUtf8(isolate_, opts.role.c_str()).ToLocalChecked())
        .Check();
    v8::Local<v8::Value> argv[] = {info.process_object, info.native_require,
                                   v8::String::NewFromUtf8(isolate_, opts.bundle_path.c_str()).ToLocalChecked(),
                                   js_options};
    return fn->Call(ctx, v8::Undefined(isolate_), 4, argv);
  });
  if (loaded.IsEmpty()) {
    *error = "loading " + options.bundle_path + " failed";
    if (try_catch.HasCaught() && !try_catch.Exception().IsEmpty())
      *error += ": " + Utf8(isolate_, try_catch.Exception());
    return false;
  }
  bridge_ = Bridge::CreatedOnThisThread();
  if (bridge_ == nullptr || !bridge_->ready()) {
    *error = "the framework bundle did not register its handlers";
    return false;
  }
  return true;
}

void EmbeddedRuntime::detach() {
  context_scope_.reset();
  handle_scope_.reset();
  isolate_scope_.reset();
  locker_.reset();
}

void EmbeddedRuntime::attach() {
  locker_.emplace(isolate_);
  isolate_scope_.emplace(isolate_);
  handle_scope_.emplace(isolate_);
  context_scope_.emplace(setup_->context());
}

EmbeddedRuntime::~EmbeddedRuntime() {
  if (watched_) Watchdog::get().remove(watched_.get());
  if (setup_) {
    if (!locker_) attach();  // a pooled runtime nobody adopted
    node::Stop(setup_->env());
    bridge_ = nullptr;
    context_scope_.reset();
    handle_scope_.reset();
    isolate_scope_.reset();
    locker_.reset();
    // CommonEnvironmentSetup's destructor takes the Locker itself.
    setup_.reset();
  }
}

size_t EmbeddedRuntime::OnNearHeapLimit(void* data, size_t current_limit, size_t initial_limit) {
  auto* self = static_cast<EmbeddedRuntime*>(data);
  self->heap_fault_ = true;
  self->initial_heap_limit_ = initial_limit;
  self->isolate_->TerminateExecution();
  // Room to unwind the terminated call; the limit is put back in recoverFromFault().
  return current_limit + kHeapHeadroom;
}

void EmbeddedRuntime::recoverFromFault(JsOutcome* out, bool timed_out) {
  isolate_->CancelTerminateExecution();
  out->ok = false;
  if (heap_fault_) {
    out->error = "JavaScript heap limit reached";
    isolate_->LowMemoryNotification();
    isolate_->RemoveNearHeapLimitCallback(&EmbeddedRuntime::OnNearHeapLimit, initial_heap_limit_);
    isolate_->AddNearHeapLimitCallback(&EmbeddedRuntime::OnNearHeapLimit, this);
  } else if (exit_fault_) {
    out->error = "process.exit(" + std::to_string(exit_code_) + ") called";
  } else if (timed_out) {
    out->error = "call exceeded its " + std::to_string(Watchdog::get().budgetMs()) + " ms budget";
  } else if (out->error.empty()) {
    out->error = "execution terminated";
  }
  heap_fault_ = false;
  exit_fault_ = false;
}

JsOutcome EmbeddedRuntime::guarded(JsCall call, void* context) {
  watched_->enter();
  JsOutcome out = call(*bridge_, context);
  bool timed_out = watched_->leave();
  if (timed_out || heap_fault_ || exit_fault_) recoverFromFault(&out, timed_out);
  return out;
}

void EmbeddedRuntime::afterCall(bool async_pending) {
  // Envoy only calls on traffic, so parsers' timers and promises run after calls: right after one
  // that scheduled work, after every call while such work is still alive, and every 1024 calls.
  if (async_pending || loop_alive_ || ++calls_since_pump_ >= kPumpEveryCalls) pump();
}

uv_loop_t* EmbeddedRuntime::eventLoop() { return setup_->event_loop(); }

void EmbeddedRuntime::waitForEvents(int max_wait_ms) {
  // The embedder's way to block on a libuv loop without running it: poll its backend descriptor for
  // as long as libuv itself would block. Running the loop only in serviceEventLoop() keeps every
  // JavaScript callback under the watchdog, which a blocking uv_run could not.
  uv_loop_t* loop = setup_->event_loop();
  int timeout = uv_backend_timeout(loop);
  if (max_wait_ms >= 0 && (timeout < 0 || timeout > max_wait_ms)) timeout = max_wait_ms;
  if (timeout == 0) return;
  pollfd p{uv_backend_fd(loop), POLLIN, 0};
  while (::poll(&p, 1, timeout) < 0 && errno == EINTR) {
  }
}

void EmbeddedRuntime::pump() {
  calls_since_pump_ = 0;
  watched_->enter();
  {
    // Closing a callback scope runs queued ticks and microtasks and reports unhandled rejections.
    v8::HandleScope scope(isolate_);
    node::CallbackScope callback_scope(isolate_, v8::Object::New(isolate_), {0, 0});
  }
  uv_run(setup_->event_loop(), UV_RUN_NOWAIT);
  platform_->FlushForegroundTasks(isolate_);
  loop_alive_ = uv_loop_alive(setup_->event_loop()) != 0;
  bool timed_out = watched_->leave();
  if (timed_out || heap_fault_ || exit_fault_) {
    JsOutcome ignored;
    recoverFromFault(&ignored, timed_out);
  }
}

}  // namespace tsproxylib
