#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <memory>

#include "access_log_server.h"
#include "byte_spec.h"
#include "close_counter.h"
#include "connection.h"
#include "filter_glue.h"
#include "scenario.h"

namespace tsproxylib::harness {
namespace {

constexpr const char* kAccessLogPlaceholder = "{accesslog}";

// A module parameter may name "{accesslog}": the scenario then gets a private collector socket, so a
// library that logs has somewhere real to send entries (nothing asserts on them).
class ScenarioAccessLog {
public:
  ~ScenarioAccessLog() {
    server_.stop();
    if (!dir_.empty()) {
      ::rmdir(dir_.c_str());
    }
  }

  std::string substitute(std::string value) {
    const size_t at = value.find(kAccessLogPlaceholder);
    if (at == std::string::npos) {
      return value;
    }
    if (dir_.empty()) {
      char tmpl[] = "/tmp/tsproxylib-scenario-XXXXXX";
      if (::mkdtemp(tmpl) == nullptr) {
        throw HarnessError("cannot create a directory for the access-log socket");
      }
      dir_ = tmpl;
      server_.start(dir_ + "/access_log.sock");
    }
    return value.replace(at, std::string(kAccessLogPlaceholder).size(), dir_ + "/access_log.sock");
  }

private:
  std::string dir_;
  AccessLogServer server_;
};

filter::ModuleParams moduleParams(const json& conn, ScenarioAccessLog& access_log) {
  filter::ModuleParams params;
  if (!conn.contains("moduleParams")) {
    return params;
  }
  for (const json& pair : requireArray(conn, "moduleParams")) {
    if (!pair.is_array() || pair.size() != 2 || !pair[0].is_string() || !pair[1].is_string()) {
      throw HarnessError("connection.moduleParams must be a list of [key, value] string pairs");
    }
    params.emplace_back(pair[0].get<std::string>(), access_log.substitute(pair[1].get<std::string>()));
  }
  return params;
}

filter::ConnectionInfo connectionInfoOf(const json& conn) {
  filter::ConnectionInfo info;
  info.proto = requireString(conn, "proto");
  info.ingress = optionalBool(conn, "ingress", true);
  info.src_id = static_cast<uint32_t>(optionalU64(conn, "srcId", 1));
  info.dst_id = static_cast<uint32_t>(optionalU64(conn, "dstId", 173));
  info.src_addr = optionalString(conn, "srcAddr", "127.0.0.1:40000");
  info.dst_addr = optionalString(conn, "dstAddr", "127.0.0.1:8080");
  info.policy_name = optionalString(conn, "policyName", "127.0.0.1");
  return info;
}

size_t chunkSize(const json& event) {
  if (event.contains("chunk")) {
    return requireU64(event, "chunk");
  }
  if (event.contains("fill") && event["fill"].is_object() && event["fill"].contains("chunk")) {
    return requireU64(event["fill"], "chunk");
  }
  return 0;
}

// Plays events against one open connection and records what each peer saw.
class Player {
public:
  Player(filter::Connection& conn, Observed& observed) : conn_(conn), observed_(observed) {}

  void data(size_t index, const json& event) {
    const std::string what = "event " + std::to_string(index);
    const std::string dir = requireString(event, "dir");
    if (dir != "orig" && dir != "reply") {
      throw HarnessError(what + ": dir must be \"orig\" or \"reply\"");
    }
    const bool reply = dir == "reply";
    const bool end = optionalBool(event, "end", false);
    const std::string bytes = bytesOf(event, what);
    const size_t chunk = chunkSize(event);

    std::string out;
    std::string reverse;
    bool ok = true;
    size_t at = 0;
    do {
      const size_t n = chunk == 0 ? bytes.size() - at : std::min(chunk, bytes.size() - at);
      const bool last = at + n == bytes.size();
      const IoOutcome outcome = deliver(conn_, reply, std::string_view(bytes).substr(at, n), end && last);
      out += outcome.out;
      reverse += outcome.reverse;
      at += n;
      if (outcome.result != FILTER_OK) {
        ok = false;
        noteError();
        break;
      }
    } while (at < bytes.size());

    (reply ? observed_.downstream : observed_.upstream) += out;
    (reply ? observed_.upstream : observed_.downstream) += reverse;
    if (ok && end) {
      (reply ? observed_.downstream_half_closed : observed_.upstream_half_closed) = true;
    }
    expectEvent(what, event, "out", out);
    expectEvent(what, event, "reverse", reverse);
  }

private:
  void noteError() {
    if (!observed_.closed_by_error) {
      observed_.closed_by_error = true;
      observed_.error_reason = conn_.error().empty() ? "connection not open" : conn_.error();
    }
  }

  void expectEvent(const std::string& what, const json& event, const char* field, const std::string& actual) {
    if (!event.contains(field)) {
      return;
    }
    const std::string expected = bytesOf(event[field], what + " " + field);
    if (expected != actual) {
      observed_.event_failures.push_back(what + " " + field + ": " + describeMismatch(expected, actual));
    }
  }

  filter::Connection& conn_;
  Observed& observed_;
};

uint64_t nextConnectionId() {
  static uint64_t next = 1;
  return next++;
}

} // namespace

Observed play(const filter::Library& library, const json& scenario) {
  if (!scenario.is_object() || !scenario.contains("connection") || !scenario["connection"].is_object()) {
    throw HarnessError("a scenario needs a connection object");
  }
  const json& conn_spec = scenario["connection"];
  ScenarioAccessLog access_log;
  const filter::ModuleParams params = moduleParams(conn_spec, access_log);
  const filter::ConnectionInfo info = connectionInfoOf(conn_spec);
  const uint64_t id = conn_spec.contains("conn") ? requireU64(conn_spec, "conn") : nextConnectionId();
  const uint64_t closes_before = closeCalls(id);

  const uint64_t module = library.openModule(params, false);
  if (module == 0) {
    throw HarnessError("OpenModule rejected the module parameters");
  }
  Observed observed;
  auto conn = std::make_unique<filter::Connection>(
      library, module, id, optionalU64(conn_spec, "injectBufSize", filter::Connection::kDefaultInjectCapacity),
      optionalU64(conn_spec, "opsCap", filter::Connection::kDefaultOpsCapacity));
  observed.connect_result = conn->open(info);

  const json empty = json::array();
  const json& events = scenario.contains("events") ? requireArray(scenario, "events") : empty;
  if (observed.connect_result != FILTER_OK && !events.empty()) {
    throw HarnessError("events given for a connection the library rejected");
  }
  Player player(*conn, observed);
  for (size_t i = 0; i < events.size(); ++i) {
    const json& event = events[i];
    if (optionalBool(event, "destroy", false)) {
      conn.reset(); // Envoy tears the connection down: the destructor calls Close if still open
      continue;
    }
    if (!conn) {
      throw HarnessError("event " + std::to_string(i) + " comes after the connection was destroyed");
    }
    player.data(i, event);
  }
  conn.reset();
  library.closeModule(module);
  observed.close_calls = closeCalls(id) - closes_before;
  return observed;
}

} // namespace tsproxylib::harness
