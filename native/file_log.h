// The JSON-lines access-log file (`access-log-file`): one line per entry, appended by a background
// writer so that an Envoy worker never waits for the disk. Lines wait in a bounded queue; when it is
// full (the disk cannot keep up) new lines are dropped and counted. The file is opened with O_APPEND
// and reopened when it was moved or deleted (log rotation) or after a write error.
#ifndef TSPROXYLIB_NATIVE_FILE_LOG_H
#define TSPROXYLIB_NATIVE_FILE_LOG_H

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

namespace tsproxylib {

class FileLogSink {
 public:
  explicit FileLogSink(std::string path);
  // Lines still queued are written by the writer thread, which then ends on its own.
  ~FileLogSink();
  FileLogSink(const FileLogSink&) = delete;
  FileLogSink& operator=(const FileLogSink&) = delete;

  // Queues one line (a newline is added). Never blocks on I/O.
  void append(const std::string& line);
  const std::string& path() const { return path_; }
  uint64_t written() const;
  uint64_t dropped() const;

  // Shared with the writer thread (file_log.cc).
  struct State;

 private:
  const std::string path_;
  std::shared_ptr<State> state_;
};

}  // namespace tsproxylib

#endif
