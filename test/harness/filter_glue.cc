#include "filter_glue.h"

namespace tsproxylib::harness {

IoOutcome deliver(filter::Connection& conn, bool reply, std::string_view bytes, bool end_stream) {
  IoOutcome outcome;
  filter::Buffer data;
  data.add(bytes);
  outcome.result = conn.onIo(reply, data, end_stream);
  outcome.out = data.toString();
  // Only the request path has the trick: Envoy can run the write chain with an empty write, but cannot
  // restart the read chain, so bytes injected towards upstream wait for the next downstream read.
  if (outcome.result == FILTER_OK && !reply && conn.wantReplyInject()) {
    filter::Buffer empty;
    outcome.result = conn.onIo(true, empty, false);
    outcome.reverse = empty.toString();
  }
  return outcome;
}

} // namespace tsproxylib::harness
