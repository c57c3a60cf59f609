#include "connections.h"

#include <mutex>
#include <string_view>

#include "address.h"
#include "modules.h"
#include "parsers/parsers.h"

namespace tsproxylib::floorlib {
namespace {

std::string_view view(const GoString& s) { return {s.p, static_cast<size_t>(s.n)}; }

} // namespace

bool Connection::createParser(ParserFactory factory) {
  parser_ = factory(conn_);
  return parser_ != nullptr;
}

// The Go framework's loop: ask the parser for one op at a time while there is room for another op.
FilterResult Connection::onData(bool reply, bool end_stream, GoSlice* data, GoSlice* ops) {
  Input input(data ? static_cast<const GoSlice*>(data->data) : nullptr, data ? static_cast<size_t>(data->len) : 0);
  auto* out = static_cast<FilterOp*>(ops->data);
  try {
    while (ops->len < ops->cap) {
      const Verdict v = parser_->onData(reply, end_stream, input);
      if (v.op == kNop) {
        break;
      }
      if (v.n == 0) {
        return FILTER_PARSER_ERROR;
      }
      out[ops->len] = FilterOp{static_cast<uint64_t>(v.op), v.n};
      ops->len += 1;
      if (v.op == FILTEROP_MORE) {
        break;
      }
      if (v.op == FILTEROP_PASS || v.op == FILTEROP_DROP) {
        // Called again even when this empties the input, so the parser can inject at the end.
        input.advance(v.n > 0 ? static_cast<size_t>(v.n) : 0);
      } else if (v.op == FILTEROP_INJECT && conn_.injectBufFull(reply)) {
        break; // the caller flushes the buffer and calls again
      }
      // ERROR does not stop the loop: Go calls the parser again on the same input.
    }
  } catch (...) {
    // Go recovers a parser panic into PARSER_ERROR; an exception is the C++ equivalent.
    return FILTER_PARSER_ERROR;
  }
  return FILTER_OK;
}

Connections& Connections::get() {
  static Connections connections;
  return connections;
}

FilterResult Connections::open(uint64_t module_id, GoString proto, uint64_t connection_id, GoString dst_addr,
                               GoString policy_name, GoSlice* orig_buf, GoSlice* reply_buf) {
  if (!Modules::get().exists(module_id)) {
    return FILTER_INVALID_INSTANCE;
  }
  const ParserFactory factory = findParser(view(proto));
  if (factory == nullptr) {
    return FILTER_UNKNOWN_PARSER;
  }
  if (!parsePort(view(dst_addr))) {
    return FILTER_INVALID_ADDRESS;
  }
  auto conn = std::make_shared<Connection>(std::string(view(policy_name)), orig_buf, reply_buf);
  if (!conn->createParser(factory)) {
    return FILTER_POLICY_DROP;
  }
  std::unique_lock<std::shared_mutex> lock(mutex_);
  table_[connection_id] = std::move(conn); // a duplicate id replaces the old connection, as in Go
  return FILTER_OK;
}

FilterResult Connections::onData(uint64_t connection_id, bool reply, bool end_stream, GoSlice* data, GoSlice* ops) {
  std::shared_ptr<Connection> conn;
  {
    std::shared_lock<std::shared_mutex> lock(mutex_);
    auto it = table_.find(connection_id);
    if (it == table_.end()) {
      return FILTER_UNKNOWN_CONNECTION;
    }
    conn = it->second;
  }
  return conn->onData(reply, end_stream, data, ops);
}

void Connections::close(uint64_t connection_id) {
  std::shared_ptr<Connection> doomed;
  std::unique_lock<std::shared_mutex> lock(mutex_);
  auto it = table_.find(connection_id);
  if (it != table_.end()) {
    doomed = std::move(it->second); // destroyed after the lock is released
    table_.erase(it);
  }
}

} // namespace tsproxylib::floorlib
