// What a floor parser is and what it may use of its connection. Mirrors the Go framework's slice
// parser: one call returns one op (or NOP); the framework loop in connection.cc calls again.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "input.h"
#include "proxylib/types.h"

namespace tsproxylib::floorlib {

// NOP is the Go framework's internal "nothing to say": it ends the loop and is never written out.
constexpr int64_t kNop = 256;

struct Verdict {
  int64_t op;
  int64_t n;
};

inline Verdict nop() { return {kNop, 0}; }
inline Verdict more(int64_t n) { return {FILTEROP_MORE, n}; }
inline Verdict pass(int64_t n) { return {FILTEROP_PASS, n}; }
inline Verdict drop(int64_t n) { return {FILTEROP_DROP, n}; }
inline Verdict inject(int64_t n) { return {FILTEROP_INJECT, n}; }
inline Verdict error(FilterOpError code) { return {FILTEROP_ERROR, code}; }

// The connection as parsers see it: its metadata and the two caller-owned inject buffers.
class Conn {
public:
  Conn(std::string policy_name, GoSlice* orig_buf, GoSlice* reply_buf)
      : policy_name_(std::move(policy_name)), orig_buf_(orig_buf), reply_buf_(reply_buf) {}

  const std::string& policyName() const { return policy_name_; }

  // Appends what fits into the inject buffer of direction `reply` and returns how many bytes that was.
  // The buffer is never grown: the caller owns it and would not see new memory.
  size_t inject(bool reply, const void* data, size_t n);
  size_t inject(bool reply, const std::string& bytes) { return inject(reply, bytes.data(), bytes.size()); }
  bool injectBufFull(bool reply) const;

private:
  std::string policy_name_;
  GoSlice* orig_buf_;
  GoSlice* reply_buf_;
};

class Parser {
public:
  virtual ~Parser() = default;
  // `input` views the caller's buffers for this call only.
  virtual Verdict onData(bool reply, bool end_stream, const Input& input) = 0;
};

// Returns nullptr to reject the connection (OnNewConnection then answers POLICY_DROP).
using ParserFactory = std::unique_ptr<Parser> (*)(Conn& conn);

} // namespace tsproxylib::floorlib
