#include "byte_spec.h"

#include <algorithm>

#include "hex.h"

namespace tsproxylib::harness {
namespace {

constexpr const char* kForms[] = {"text", "hex", "fill", "parts"};

std::string excerpt(const std::string& s, size_t from) {
  constexpr size_t kMax = 32;
  std::string out = "\"";
  for (size_t i = from; i < s.size() && i < from + kMax; ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == '\n') {
      out += "\\n";
    } else if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c >= 0x20 && c < 0x7f) {
      out += static_cast<char>(c);
    } else {
      out += "\\x" + toHex(std::string(1, static_cast<char>(c)));
    }
  }
  if (s.size() > from + kMax) {
    out += "...";
  }
  return out + "\"";
}

std::string fill(const json& f, const std::string& what) {
  if (!f.is_object()) {
    throw HarnessError(what + ": fill must be an object");
  }
  const std::string byte = requireString(f, "byte");
  if (byte.size() != 1) {
    throw HarnessError(what + ": fill.byte must be one character");
  }
  return std::string(requireU64(f, "len"), byte[0]);
}

} // namespace

bool hasBytes(const json& obj) {
  return obj.is_object() && std::any_of(std::begin(kForms), std::end(kForms), [&](const char* f) { return obj.contains(f); });
}

std::string bytesOf(const json& obj, const std::string& what) {
  if (!obj.is_object()) {
    throw HarnessError(what + ": bytes must be an object");
  }
  const auto forms = std::count_if(std::begin(kForms), std::end(kForms), [&](const char* f) { return obj.contains(f); });
  if (forms != 1) {
    throw HarnessError(what + ": give exactly one of text, hex, fill, parts");
  }
  if (obj.contains("text")) {
    return requireString(obj, "text");
  }
  if (obj.contains("hex")) {
    return fromHex(requireString(obj, "hex"));
  }
  if (obj.contains("fill")) {
    return fill(obj["fill"], what);
  }
  std::string out;
  const json& parts = requireArray(obj, "parts");
  for (size_t i = 0; i < parts.size(); ++i) {
    out += bytesOf(parts[i], what + " part " + std::to_string(i));
  }
  return out;
}

std::string describeMismatch(const std::string& expected, const std::string& actual) {
  const auto diff = std::mismatch(expected.begin(), expected.end(), actual.begin(), actual.end());
  const auto at = static_cast<size_t>(diff.first - expected.begin());
  return "expected " + std::to_string(expected.size()) + " bytes, got " + std::to_string(actual.size()) +
         "; first difference at offset " + std::to_string(at) + ": expected " + excerpt(expected, at) + " got " +
         excerpt(actual, at);
}

} // namespace tsproxylib::harness
