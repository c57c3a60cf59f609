#include "connection.h"

#include <stdexcept>

#include "result_names.h"

namespace tsproxylib::filter {

InjectSlice::InjectSlice(size_t capacity)
    : storage_(std::make_unique<uint8_t[]>(capacity)), capacity_(capacity),
      slice_{storage_.get(), 0, static_cast<GoInt>(capacity)} {}

void InjectSlice::drain(size_t n) {
  slice_.data = static_cast<uint8_t*>(slice_.data) + n;
  slice_.len -= static_cast<GoInt>(n);
}

bool InjectSlice::atCapacity() const {
  return static_cast<const uint8_t*>(slice_.data) + slice_.len >= storage_.get() + capacity_;
}

void InjectSlice::reset() {
  slice_.data = storage_.get();
  slice_.len = 0;
}

bool InjectSlice::intact() const {
  return slice_.data == storage_.get() && slice_.cap == static_cast<GoInt>(capacity_) && slice_.len >= 0 &&
         slice_.len <= slice_.cap;
}

Connection::Connection(const Library& library, uint64_t module_id, uint64_t connection_id,
                       size_t inject_capacity, size_t ops_capacity)
    : library_(library), module_id_(module_id), connection_id_(connection_id), orig_(inject_capacity),
      reply_(inject_capacity), ops_(ops_capacity) {
  // With no op slots the library could never make progress and the re-call loop would not end.
  if (ops_capacity == 0) {
    throw std::invalid_argument("ops capacity must be at least 1");
  }
}

Connection::~Connection() { close(); }

FilterResult Connection::open(const ConnectionInfo& info) {
  if (open_) {
    throw std::logic_error("connection is already open");
  }
  const FilterResult res = library_.onNewConnection(module_id_, info.proto, connection_id_, info.ingress,
                                                    info.src_id, info.dst_id, info.src_addr, info.dst_addr,
                                                    info.policy_name, orig_.inject_.header(),
                                                    reply_.inject_.header());
  open_ = res == FILTER_OK;
  return res;
}

void Connection::close() {
  if (!open_) {
    return;
  }
  open_ = false;
  library_.close(connection_id_);
}

void Connection::ownInput() {
  orig_.buffer_.own();
  reply_.buffer_.own();
}

FilterResult Connection::onIo(bool reply, Buffer& data, bool end_stream) {
  if (!open_) {
    data.drain(data.length());
    return FILTER_UNKNOWN_CONNECTION;
  }
  Direction& dir = reply ? reply_ : orig_;
  const FilterResult res = process(reply, end_stream, dir, data);
  if (res != FILTER_OK) {
    // Envoy stops the filter chain on an error, so bytes decided before it never reach the peer.
    data.drain(data.length());
    return res;
  }
  if (end_stream) {
    dir.closed_ = true;
  }
  return FILTER_OK;
}

FilterResult Connection::process(bool reply, bool end_stream, Direction& dir, Buffer& data) {
  if (takeCarryOver(dir, data)) {
    return FILTER_OK;
  }
  // From here on `data` is the output and dir.buffer_ the input.
  bufferInput(dir, data);
  flushInject(dir, data);
  if (waitForMore(dir)) {
    return FILTER_OK;
  }
  return runParser(reply, end_stream, dir, data);
}

// Steps 1–2: a PASS or DROP verdict that ran past the input earlier applies to new bytes without the
// parser. Returns true when the verdict swallowed all of `data`, so there is nothing more to do; in
// that case pending reverse injection also waits, as in cilium-envoy.
bool Connection::takeCarryOver(Direction& dir, Buffer& data) {
  const uint64_t len = data.length();
  if (dir.pass_bytes_ > 0) {
    if (dir.pass_bytes_ > len) {
      dir.pass_bytes_ -= len;
      return true;
    }
    return false; // the rest of the pass is taken out of the input in bufferInput
  }
  if (dir.drop_bytes_ > 0) {
    if (dir.drop_bytes_ > len) {
      dir.drop_bytes_ -= len;
      data.drain(len);
      return true;
    }
    data.drain(dir.drop_bytes_);
    dir.drop_bytes_ = 0;
  }
  return false;
}

// Step 3: the new bytes join the unparsed input; a pending pass moves its last bytes to the output.
void Connection::bufferInput(Direction& dir, Buffer& output) {
  dir.buffer_.move(output);
  if (dir.pass_bytes_ > 0) {
    // A pass that ran past the input consumed all of it, so the buffer held nothing before the move.
    output.move(dir.buffer_, dir.pass_bytes_);
    dir.pass_bytes_ = 0;
  }
}

// Step 4: bytes injected into this direction while the other direction was parsed go out first, at a
// frame boundary (after any pending pass, before anything decided now).
void Connection::flushInject(Direction& dir, Buffer& output) {
  if (dir.inject_.length() > 0) {
    output.add(dir.inject_.data(), dir.inject_.length());
  }
  dir.inject_.reset();
}

// Step 5: after MORE n the library is not called until the input has grown enough.
bool Connection::waitForMore(Direction& dir) {
  if (dir.buffer_.length() < dir.need_bytes_) {
    return true;
  }
  dir.need_bytes_ = 0;
  return false;
}

// Step 6: call OnData with all unparsed input until a terminal op, or until a call neither filled the
// op array nor filled the inject buffer (then the library had nothing more to say).
FilterResult Connection::runParser(bool reply, bool end_stream, Direction& dir, Buffer& output) {
  bool terminal = false;
  for (;;) {
    const FilterResult res = callLibrary(reply, end_stream, dir);
    if (res != FILTER_OK) {
      return fail("OnData returned " + resultName(res));
    }
    if (ops_header_.data != static_cast<void*>(ops_.data()) ||
        ops_header_.cap != static_cast<GoInt>(ops_.size()) || ops_header_.len < 0 ||
        ops_header_.len > ops_header_.cap) {
      return fail("library corrupted the op array header");
    }
    if (!orig_.inject_.intact() || !reply_.inject_.intact()) {
      return fail("library corrupted an inject buffer header");
    }
    const FilterResult applied = applyOps(dir, output, terminal);
    if (applied != FILTER_OK) {
      return applied;
    }
    if (dir.inject_.length() > 0) {
      return fail("bytes abandoned in the inject buffer");
    }
    const bool inject_exhausted = dir.inject_.atCapacity();
    dir.inject_.reset();
    const bool ops_full = ops_header_.len == ops_header_.cap;
    if (terminal || !(ops_full || inject_exhausted)) {
      return FILTER_OK;
    }
  }
}

// The input is handed over in place: one slice header per non-empty chunk of dir.buffer_.
FilterResult Connection::callLibrary(bool reply, bool end_stream, Direction& dir) {
  dir.buffer_.rawSlices(raw_slices_);
  input_slices_.clear();
  for (const RawSlice& s : raw_slices_) {
    const auto len = static_cast<GoInt>(s.len);
    input_slices_.push_back(GoSlice{const_cast<uint8_t*>(s.mem), len, len});
  }
  const auto count = static_cast<GoInt>(input_slices_.size());
  GoSlice input{input_slices_.data(), count, count};
  ops_header_ = GoSlice{ops_.data(), 0, static_cast<GoInt>(ops_.size())};
  return library_.onData(connection_id_, reply, end_stream, &input, &ops_header_);
}

FilterResult Connection::applyOps(Direction& dir, Buffer& output, bool& terminal) {
  for (GoInt i = 0; i < ops_header_.len; ++i) {
    if (terminal) {
      return fail("op after a terminal op");
    }
    const FilterResult res = applyOp(ops_[static_cast<size_t>(i)], dir, output, terminal);
    if (res != FILTER_OK) {
      return res;
    }
  }
  return FILTER_OK;
}

FilterResult Connection::applyOp(const FilterOp& op, Direction& dir, Buffer& output, bool& terminal) {
  if (op.n_bytes == 0) {
    return fail("op with zero length");
  }
  // cilium-envoy does not check the sign; a negative count can only be a library bug, and turning it
  // into a byte count would pass or drop the whole stream.
  if (op.n_bytes < 0) {
    return fail("op with negative length");
  }
  const auto n = static_cast<uint64_t>(op.n_bytes);
  switch (op.op) {
  case FILTEROP_MORE:
    dir.need_bytes_ = dir.buffer_.length() + n;
    terminal = true;
    return FILTER_OK;
  case FILTEROP_PASS:
    passOrDrop(dir, output, n, false, terminal);
    return FILTER_OK;
  case FILTEROP_DROP:
    passOrDrop(dir, output, n, true, terminal);
    return FILTER_OK;
  case FILTEROP_INJECT:
    if (n > dir.inject_.length()) {
      return fail("INJECT of more bytes than the inject buffer holds");
    }
    output.add(dir.inject_.data(), n);
    dir.inject_.drain(n);
    return FILTER_OK;
  case FILTEROP_ERROR:
    return fail("ERROR op with code " + std::to_string(op.n_bytes));
  default:
    return fail("unknown op " + std::to_string(op.op));
  }
}

// PASS/DROP n. A verdict longer than the input covers bytes still to come: the remainder is kept as a
// carry-over count and the op is terminal, because the library cannot say anything about bytes it
// has already decided.
void Connection::passOrDrop(Direction& dir, Buffer& output, uint64_t n, bool drop, bool& terminal) {
  const uint64_t available = dir.buffer_.length();
  const uint64_t now = n <= available ? n : available;
  if (drop) {
    dir.buffer_.drain(now);
  } else {
    output.move(dir.buffer_, now);
  }
  if (n > available) {
    (drop ? dir.drop_bytes_ : dir.pass_bytes_) = n - available;
    terminal = true;
  }
}

FilterResult Connection::fail(const std::string& why) {
  error_ = why;
  close();
  return FILTER_PARSER_ERROR;
}

} // namespace tsproxylib::filter
