#include "json_args.h"

namespace tsproxylib::harness {
namespace {

const json* find(const json& req, const char* field) {
  if (!req.is_object()) {
    return nullptr;
  }
  auto it = req.find(field);
  return it == req.end() || it->is_null() ? nullptr : &*it;
}

uint64_t parseU64(const json& v, const char* field) {
  if (v.is_number_unsigned()) {
    return v.get<uint64_t>();
  }
  if (v.is_number_integer() && v.get<int64_t>() >= 0) {
    return static_cast<uint64_t>(v.get<int64_t>());
  }
  if (v.is_string()) {
    const std::string& s = v.get_ref<const std::string&>();
    uint64_t out = 0;
    bool ok = !s.empty() && s.size() <= 20;
    for (char c : s) {
      if (c < '0' || c > '9') {
        ok = false;
        break;
      }
      const uint64_t d = static_cast<uint64_t>(c - '0');
      if (out > (UINT64_MAX - d) / 10) {
        ok = false;
        break;
      }
      out = out * 10 + d;
    }
    if (ok) {
      return out;
    }
  }
  throw HarnessError(std::string("field '") + field + "' must be a uint64 (decimal string or integer)");
}

} // namespace

uint64_t requireU64(const json& req, const char* field) {
  const json* v = find(req, field);
  if (v == nullptr) {
    throw HarnessError(std::string("missing field '") + field + "'");
  }
  return parseU64(*v, field);
}

uint64_t optionalU64(const json& req, const char* field, uint64_t fallback) {
  const json* v = find(req, field);
  return v == nullptr ? fallback : parseU64(*v, field);
}

std::string requireString(const json& req, const char* field) {
  const json* v = find(req, field);
  if (v == nullptr || !v->is_string()) {
    throw HarnessError(std::string("field '") + field + "' must be a string");
  }
  return v->get<std::string>();
}

std::string optionalString(const json& req, const char* field, const std::string& fallback) {
  return find(req, field) == nullptr ? fallback : requireString(req, field);
}

bool optionalBool(const json& req, const char* field, bool fallback) {
  const json* v = find(req, field);
  if (v == nullptr) {
    return fallback;
  }
  if (!v->is_boolean()) {
    throw HarnessError(std::string("field '") + field + "' must be a boolean");
  }
  return v->get<bool>();
}

const json& requireArray(const json& req, const char* field) {
  const json* v = find(req, field);
  if (v == nullptr || !v->is_array()) {
    throw HarnessError(std::string("field '") + field + "' must be an array");
  }
  return *v;
}

std::string decimal(uint64_t v) { return std::to_string(v); }

std::string dumpLine(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

} // namespace tsproxylib::harness
