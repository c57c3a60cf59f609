// The state behind the JSON-lines protocol: the loaded library, raw-ABI connections (the harness owns
// their inject buffers), Envoy-algorithm connections, and the access-log server. handle() runs one
// request on the calling thread; which thread that is, is decided by the caller (json_lines.cc).
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "access_log_server.h"
#include "connection.h"
#include "json_args.h"
#include "library.h"
#include "workers.h"

namespace tsproxylib::harness {

class Session {
public:
  Session() = default;
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  // Never throws: failures come back as {"error": "..."}.
  json handle(const json& request);

  // Closes every connection still open, each on the thread that opened it, and stops the access-log
  // server. Envoy gives every successful OnNewConnection a Close; so does the harness on exit.
  void shutdown(Workers& workers);

private:
  // A connection driven through the raw ABI: the harness owns the two inject buffers it handed over.
  struct RawConnection {
    std::vector<uint8_t> orig_mem;
    std::vector<uint8_t> reply_mem;
    GoSlice orig{};
    GoSlice reply{};
    size_t thread = 0;
  };
  struct EnvoyConnection {
    std::unique_ptr<filter::Connection> conn;
    size_t thread = 0;
  };

  json dispatch(const std::string& cmd, const json& req);
  const filter::Library& library();

  // session.cc
  json load(const json& req);
  json control(const json& req);
  json closeCallsOf(const json& req);
  // abi_commands.cc
  json openModule(const json& req);
  json closeModule(const json& req);
  json newConnection(const json& req);
  json onData(const json& req);
  json clearBuf(const json& req);
  json close(const json& req);
  // envoy_commands.cc
  json envoyConnect(const json& req);
  json envoyData(const json& req);
  json envoyClose(const json& req);
  // access_log_commands.cc
  json accessLogServe(const json& req);
  json accessLogTake(const json& req);
  json accessLogStop(const json& req);
  json accessLogSend(const json& req);

  std::mutex mutex_; // guards the members below; the objects they own are used by one thread at a time
  std::unique_ptr<filter::Library> library_;
  std::unordered_map<uint64_t, std::unique_ptr<RawConnection>> raw_;
  std::unordered_map<uint64_t, EnvoyConnection> envoy_;
  AccessLogServer access_log_;
};

// Shared by newConnection and envoyConnect.
filter::ConnectionInfo connectionInfo(const json& req);
size_t callerThread();

} // namespace tsproxylib::harness
