#include "hex.h"
#include "session.h"

namespace tsproxylib::harness {

json Session::accessLogServe(const json& req) {
  access_log_.start(requireString(req, "path"));
  return json{{"ok", true}};
}

json Session::accessLogTake(const json& req) {
  const size_t at_least = optionalU64(req, "atLeast", 0);
  const auto timeout = std::chrono::milliseconds(optionalU64(req, "timeoutMs", 1000));
  json entries = json::array();
  for (const std::string& e : access_log_.take(at_least, timeout)) {
    entries.push_back(toHex(e));
  }
  return json{{"entries", std::move(entries)}};
}

json Session::accessLogStop(const json&) {
  access_log_.stop();
  return json{{"ok", true}};
}

json Session::accessLogSend(const json& req) {
  std::vector<std::string> packets;
  for (const json& e : requireArray(req, "entries")) {
    if (!e.is_string()) {
      throw HarnessError("entries must be hex strings");
    }
    packets.push_back(fromHex(e.get<std::string>()));
  }
  AccessLogServer::send(requireString(req, "path"), packets);
  return json{{"ok", true}, {"sent", packets.size()}};
}

} // namespace tsproxylib::harness
