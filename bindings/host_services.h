// What the bridge needs from its host (the embedded runtime in libcilium.so, or the plain-Node addon):
// instance parameters, the access log, the shared policy store and a log line sink. The host owns
// these process-wide; the bridge reaches them only through this interface, so bindings/ never
// depends on native/.
#ifndef TSPROXYLIB_BINDINGS_HOST_SERVICES_H
#define TSPROXYLIB_BINDINGS_HOST_SERVICES_H

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace tsproxylib {

struct InstanceView {
  uint64_t id = 0;
  std::string node_id;
  std::string access_log_path;
  std::string xds_path;
  std::vector<std::pair<std::string, std::string>> params;
};

// One isolate's parser-bundle state, as `tsproxylib reload` and `status` report it.
struct IsolateReport {
  uint64_t isolate = 0;     // stable id, in creation order
  std::string role;         // "worker", "control" or "addon"
  uint64_t bundle_seq = 0;  // the bundle version it serves (0: built-in parsers only)
  uint64_t failed_seq = 0;  // the last version it could not load (0: none)
  std::string error;        // why failed_seq was refused
  double load_ms = 0;       // how long loading bundle_seq took in this isolate
};

enum class LogLevel : int { kDebug = 0, kInfo = 1, kWarn = 2, kError = 3 };

class HostServices {
 public:
  virtual ~HostServices() = default;
  virtual bool instance(uint64_t id, InstanceView* out) = 0;
  // One serialized cilium.LogEntry for the instance's access log. Must not block.
  virtual void accessLog(uint64_t instance_id, const uint8_t* entry, size_t len) = 0;
  // The published policy (proto3 JSON text) and its sequence number; false for an unknown instance.
  virtual bool policy(uint64_t instance_id, uint64_t* seq, std::string* json) = 0;
  // Publishes a validated policy; returns the new sequence number, 0 for an unknown instance.
  virtual uint64_t setPolicy(uint64_t instance_id, std::string json) = 0;
  // One line for the instance's JSON-lines access-log file (no newline). Must not block.
  virtual void accessLogLine(uint64_t instance_id, const std::string& line) = 0;
  // The control plane finished the first attempt of the instance's policy source.
  virtual void controlReady(uint64_t instance_id) = 0;
  virtual void print(LogLevel level, const std::string& message) = 0;

  // The parser bundle in force (native/bundles.h): its version, path, source ("" for version 0) and
  // V8 code cache (opaque bytes, possibly empty).
  virtual uint64_t bundle(std::string* path, std::string* source, std::string* code_cache) = 0;
  // Publishes a bundle the control isolate validated; returns its version.
  virtual uint64_t setBundle(std::string path, std::string source, std::string code_cache) = 0;
  // The calling thread's isolate loaded version `seq` (error empty) or refused it (error set).
  virtual void bundleLoaded(uint64_t seq, const std::string& error, double load_ms) = 0;
  virtual std::vector<IsolateReport> isolates() = 0;
};

// Set once by the host before the first bridge is created; process-wide like the host itself.
void SetHostServices(HostServices* services);
HostServices* GetHostServices();

}  // namespace tsproxylib

#endif
