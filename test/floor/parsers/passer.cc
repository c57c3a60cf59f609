// test.passer: passes everything in either direction; rejects connections whose policy name is
// "invalid-policy" so tests can reach POLICY_DROP.
#include "parsers.h"

namespace tsproxylib::floorlib {
namespace {

class Passer : public Parser {
public:
  Verdict onData(bool, bool, const Input& input) override {
    return input.empty() ? nop() : pass(static_cast<int64_t>(input.length()));
  }
};

} // namespace

std::unique_ptr<Parser> createPasser(Conn& conn) {
  if (conn.policyName() == "invalid-policy") {
    return nullptr;
  }
  return std::make_unique<Passer>();
}

} // namespace tsproxylib::floorlib
