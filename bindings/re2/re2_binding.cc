// RE2 (Debian's libre2) behind N-API, for measuring it against re2js (bench/regex.ts): one compiled
// pattern per object, `test` = RE2::PartialMatch (Go's unanchored MatchString). Built as its own
// addon (build/Release/tsproxylib_re2.node); the library does not use it, see docs/regex.md.
#include <napi.h>
#include <re2/re2.h>

#include <memory>
#include <string>

namespace {

class Regex : public Napi::ObjectWrap<Regex> {
 public:
  static Napi::Function Define(Napi::Env env) {
    return DefineClass(env, "Regex", {InstanceMethod("test", &Regex::Test), InstanceMethod("testBytes", &Regex::TestBytes)});
  }

  explicit Regex(const Napi::CallbackInfo& info) : Napi::ObjectWrap<Regex>(info) {
    std::string pattern = info[0].As<Napi::String>().Utf8Value();
    RE2::Options options;
    options.set_log_errors(false);
    options.set_never_capture(true);  // only "does it match" is asked
    re_ = std::make_unique<RE2>(pattern, options);
    if (!re_->ok()) Napi::Error::New(info.Env(), re_->error()).ThrowAsJavaScriptException();
  }

 private:
  Napi::Value Test(const Napi::CallbackInfo& info) {
    napi_env env = info.Env();
    napi_value arg = info[0];
    size_t len = 0;
    // The input crosses as UTF-8: V8 strings are UTF-16 (or latin1) inside.
    napi_get_value_string_utf8(env, arg, nullptr, 0, &len);
    buffer_.resize(len + 1);
    napi_get_value_string_utf8(env, arg, buffer_.data(), buffer_.size(), &len);
    return Napi::Boolean::New(env, RE2::PartialMatch(re2::StringPiece(buffer_.data(), len), *re_));
  }

  Napi::Value TestBytes(const Napi::CallbackInfo& info) {
    auto bytes = info[0].As<Napi::Uint8Array>();
    re2::StringPiece input(reinterpret_cast<const char*>(bytes.Data()), bytes.ByteLength());
    return Napi::Boolean::New(info.Env(), RE2::PartialMatch(input, *re_));
  }

  std::unique_ptr<RE2> re_;
  std::string buffer_;
};

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("Regex", Regex::Define(env));
  return exports;
}

}  // namespace

NODE_API_MODULE(tsproxylib_re2, Init)
