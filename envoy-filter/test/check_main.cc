#include <cstdio>

#include "check.h"

namespace tsproxylib::filter::test {

namespace {
int failures = 0;
const char* current = "";
} // namespace

std::vector<TestCase>& registry() {
  static std::vector<TestCase> cases;
  return cases;
}

void recordFailure(const char* file, int line, const std::string& what) {
  ++failures;
  std::fprintf(stderr, "FAIL %s (%s:%d): %s\n", current, file, line, what.c_str());
}

int runAll() {
  for (const TestCase& tc : registry()) {
    current = tc.name;
    const int before = failures;
    tc.fn();
    std::printf("%s %s\n", failures == before ? "ok  " : "FAIL", tc.name);
  }
  std::printf("%zu tests, %d failed checks\n", registry().size(), failures);
  // A binary with no tests registered must not look like a pass.
  return failures == 0 && !registry().empty() ? 0 : 1;
}

} // namespace tsproxylib::filter::test

int main() { return tsproxylib::filter::test::runAll(); }
