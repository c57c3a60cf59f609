// Connections: OnNewConnection's checks, the Go framework's OnData loop, Close. The table is global and
// keyed by connection id alone, across module instances, as in Cilium's library.
#pragma once

#include <cstdint>
#include <memory>
#include <shared_mutex>
#include <unordered_map>

#include "parser.h"
#include "proxylib/types.h"

namespace tsproxylib::floorlib {

class Connection {
public:
  Connection(std::string policy_name, GoSlice* orig_buf, GoSlice* reply_buf)
      : conn_(std::move(policy_name), orig_buf, reply_buf) {}

  // Returns false when the parser rejects the connection.
  bool createParser(ParserFactory factory);
  FilterResult onData(bool reply, bool end_stream, GoSlice* data, GoSlice* ops);

private:
  Conn conn_;
  std::unique_ptr<Parser> parser_;
};

class Connections {
public:
  static Connections& get();

  FilterResult open(uint64_t module_id, GoString proto, uint64_t connection_id, GoString dst_addr,
                    GoString policy_name, GoSlice* orig_buf, GoSlice* reply_buf);
  FilterResult onData(uint64_t connection_id, bool reply, bool end_stream, GoSlice* data, GoSlice* ops);
  void close(uint64_t connection_id);

private:
  std::shared_mutex mutex_;
  // shared_ptr so a call keeps its connection alive without holding the table lock while parsing.
  std::unordered_map<uint64_t, std::shared_ptr<Connection>> table_;
};

} // namespace tsproxylib::floorlib
