// The per-connection half of cilium-envoy's proxylib support (its GoFilter::Instance), in plain C++ so
// that the test harness and an Envoy dynamic module share one copy of the algorithm:
//
//   Envoy data ──► onIo(reply, data, end) ──► OnData(all unparsed input, 16 op slots) ──► ops applied
//                  data is input and output: what is left in it afterwards flows on.
//
// C++ keeps every byte that has not been decided yet; the library only returns ops and writes into the
// two inject buffers this object owns. See envoy-side.md §1.5–1.8 for the behaviour reproduced here.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "buffer.h"
#include "library.h"
#include "proxylib/types.h"

namespace tsproxylib::filter {

// What OnNewConnection gets besides the ids and buffers: all of it comes from policy and addresses.
struct ConnectionInfo {
  std::string proto;
  bool ingress = true;
  uint32_t src_id = 0;
  uint32_t dst_id = 0;
  std::string src_addr;
  std::string dst_addr;
  std::string policy_name;
};

// A fixed inject buffer and the slice header the library appends through. The library sees only the
// three words of `slice_`; the storage start is kept apart (like Cilium's ResetableSlice base) because
// INJECT ops drain by moving slice_.data forward and reset() must find the start again.
class InjectSlice {
public:
  explicit InjectSlice(size_t capacity);

  GoSlice* header() { return &slice_; }
  const uint8_t* data() const { return static_cast<const uint8_t*>(slice_.data); }
  size_t length() const { return static_cast<size_t>(slice_.len); }
  size_t capacity() const { return capacity_; }

  void drain(size_t n);
  // True once the bytes written since the last reset reach the end of the storage: the library
  // stopped because the buffer was full, so it must be called again after the flush.
  bool atCapacity() const;
  void reset();
  // True while the header is as the library must leave it: data at the start, cap unchanged, len
  // within [0, cap]. Checked after every call so a misbehaving library is caught, not trusted.
  bool intact() const;

private:
  std::unique_ptr<uint8_t[]> storage_;
  size_t capacity_;
  GoSlice slice_;
};

// One direction's state: unparsed input, the verdicts that run ahead of the input, the inject buffer.
struct Direction {
  explicit Direction(size_t inject_capacity) : inject_(inject_capacity) {}

  bool wantToInject() const { return !closed_ && inject_.length() > 0; }

  Buffer buffer_;            // input that has not been passed or dropped yet
  uint64_t need_bytes_ = 0;  // MORE: do not call the library until buffer_ holds this many bytes
  uint64_t pass_bytes_ = 0;  // PASS beyond the input: pass this many future bytes unparsed
  uint64_t drop_bytes_ = 0;  // DROP beyond the input: drop this many future bytes unparsed
  bool closed_ = false;      // end of stream seen in this direction
  InjectSlice inject_;
};

class Connection {
public:
  static constexpr size_t kDefaultInjectCapacity = 1024;
  static constexpr size_t kDefaultOpsCapacity = 16;

  // The object hands pointers into itself to the library, so it is never copied or moved: keep it on
  // the heap for the life of the connection.
  Connection(const Library& library, uint64_t module_id, uint64_t connection_id,
             size_t inject_capacity = kDefaultInjectCapacity, size_t ops_capacity = kDefaultOpsCapacity);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // OnNewConnection with this object's two inject buffers. On FILTER_OK the connection is open and
  // will get exactly one Close; any other result leaves it closed and the library holds nothing.
  FilterResult open(const ConnectionInfo& info);

  // Runs `data` (new bytes in one direction, possibly none) through the library. On FILTER_OK `data`
  // holds what flows on. Any error closes the connection (Close is called before returning), empties
  // `data` because nothing may flow on, and returns FILTER_PARSER_ERROR; error() says why.
  // A connection that is not open empties `data` and returns FILTER_UNKNOWN_CONNECTION without calling
  // the library.
  FilterResult onIo(bool reply, Buffer& data, bool end_stream);

  // Bytes were injected into the reply direction while parsing the original direction. Envoy then
  // writes an empty buffer so that onIo(reply=true) runs and emits them without waiting for traffic.
  bool wantReplyInject() const { return wantInject(true); }
  // The same for either direction: bytes are waiting in that direction's inject buffer.
  bool wantInject(bool reply) const { return open_ && (reply ? reply_ : orig_).wantToInject(); }

  // Undecided input may be borrowed memory (Buffer::addBorrowed, e.g. Envoy's own buffer slices):
  // copies it into memory of our own before the lender reclaims it.
  void ownInput();

  bool isOpen() const { return open_; }
  uint64_t id() const { return connection_id_; }
  const std::string& error() const { return error_; }

  // Calls Close once if the connection is open; later calls (and the destructor) do nothing.
  void close();

private:
  FilterResult process(bool reply, bool end_stream, Direction& dir, Buffer& data);
  bool takeCarryOver(Direction& dir, Buffer& data);
  void bufferInput(Direction& dir, Buffer& output);
  void flushInject(Direction& dir, Buffer& output);
  bool waitForMore(Direction& dir);
  FilterResult runParser(bool reply, bool end_stream, Direction& dir, Buffer& output);
  FilterResult callLibrary(bool reply, bool end_stream, Direction& dir);
  FilterResult applyOps(Direction& dir, Buffer& output, bool& terminal);
  FilterResult applyOp(const FilterOp& op, Direction& dir, Buffer& output, bool& terminal);
  void passOrDrop(Direction& dir, Buffer& output, uint64_t n, bool drop, bool& terminal);
  FilterResult fail(const std::string& why);

  const Library& library_;
  const uint64_t module_id_;
  const uint64_t connection_id_;
  bool open_ = false;
  std::string error_;
  Direction orig_;
  Direction reply_;

  // Reused per call so a call allocates nothing once the connection has warmed up.
  std::vector<FilterOp> ops_;
  GoSlice ops_header_{};
  std::vector<RawSlice> raw_slices_;
  std::vector<GoSlice> input_slices_;
};

} // namespace tsproxylib::filter
