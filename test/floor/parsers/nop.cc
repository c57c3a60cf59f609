// test.nop (benchmarks only): never has anything to say, so a call costs only the framework round trip.
#include "parsers.h"

namespace tsproxylib::floorlib {
namespace {

class Nop : public Parser {
public:
  Verdict onData(bool, bool, const Input&) override { return nop(); }
};

} // namespace

std::unique_ptr<Parser> createNop(Conn&) { return std::make_unique<Nop>(); }

} // namespace tsproxylib::floorlib
