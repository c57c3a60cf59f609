// A few lines of test scaffolding so the envoy-filter unit tests build with nothing but the compiler:
// TEST registers a function, CHECK/CHECK_EQ record failures and let the test go on.
#pragma once

#include <sstream>
#include <string>
#include <vector>

namespace tsproxylib::filter::test {

struct TestCase {
  const char* name;
  void (*fn)();
};

std::vector<TestCase>& registry();
void recordFailure(const char* file, int line, const std::string& what);

struct Registrar {
  Registrar(const char* name, void (*fn)()) { registry().push_back({name, fn}); }
};

template <class A, class B> void checkEqual(const A& a, const B& b, const char* as, const char* bs, const char* file, int line) {
  if (!(a == b)) {
    std::ostringstream msg;
    msg << as << " == " << bs << " failed: [" << a << "] vs [" << b << "]";
    recordFailure(file, line, msg.str());
  }
}

} // namespace tsproxylib::filter::test

#define TEST(name)                                                                                                \
  static void name();                                                                                             \
  static const ::tsproxylib::filter::test::Registrar name##_registrar(#name, name);                              \
  static void name()

#define CHECK(cond)                                                                                               \
  do {                                                                                                            \
    if (!(cond)) ::tsproxylib::filter::test::recordFailure(__FILE__, __LINE__, "CHECK(" #cond ") failed");       \
  } while (0)

#define CHECK_EQ(a, b) ::tsproxylib::filter::test::checkEqual((a), (b), #a, #b, __FILE__, __LINE__)
