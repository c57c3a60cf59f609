// test.lineparser: frames are lines up to and including '\n'. The line's prefix picks the verdict:
// PASS, DROP, INJECT (reflect the line into the other direction, drop it here) or INSERT (inject the
// line into this direction, then drop the original on the next call). Anything else is an error.
#include "parsers.h"

namespace tsproxylib::floorlib {
namespace {

class LineParser : public Parser {
public:
  explicit LineParser(Conn& conn) : conn_(conn) {}

  Verdict onData(bool reply, bool, const Input& input) override {
    const size_t newline = input.find('\n');
    const bool complete = newline != Input::npos;
    // Without a newline the "line" is everything received, as in Cilium's parser.
    const auto len = static_cast<int64_t>(complete ? newline + 1 : input.length());

    if (inserted_) {
      // The line was injected on the previous call; now the original goes.
      inserted_ = false;
      return drop(len);
    }
    if (!complete) {
      return len > 0 ? more(1) : nop();
    }
    if (input.startsWith("PASS")) {
      return pass(len);
    }
    if (input.startsWith("DROP")) {
      return drop(len);
    }
    if (input.startsWith("INJECT")) {
      conn_.inject(!reply, input.copy(0, static_cast<size_t>(len)));
      return drop(len);
    }
    if (input.startsWith("INSERT")) {
      conn_.inject(reply, input.copy(0, static_cast<size_t>(len)));
      inserted_ = true;
      // The whole line length, even if the buffer took less: Cilium's parser does the same.
      return inject(len);
    }
    return error(FILTEROP_ERROR_INVALID_FRAME_TYPE);
  }

private:
  Conn& conn_;
  bool inserted_ = false;
};

} // namespace

std::unique_ptr<Parser> createLineParser(Conn& conn) { return std::make_unique<LineParser>(conn); }

} // namespace tsproxylib::floorlib
