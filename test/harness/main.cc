// tsproxylib-harness: drives any libcilium-ABI library without Envoy.
//   tsproxylib-harness                                   JSON-lines requests on stdin (README.md)
//   tsproxylib-harness scenario --lib <path> <file>...   scenario files through the Envoy algorithm
//   tsproxylib-harness bench --lib <path> --proto <name> --size <bytes> ...   raw OnData cost
#include <cstring>

#include "bench.h"
#include "json_lines.h"
#include "scenario.h"

int main(int argc, char** argv) {
  using namespace tsproxylib::harness;
  if (argc >= 2 && std::strcmp(argv[1], "scenario") == 0) {
    return runScenarios(argc, argv);
  }
  if (argc >= 2 && std::strcmp(argv[1], "bench") == 0) {
    return runBench(argc, argv);
  }
  return runJsonLines();
}
