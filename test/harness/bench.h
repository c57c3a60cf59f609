// `tsproxylib-harness bench`: the cost of one raw OnData call for a parser and input size, with the
// Envoy algorithm left out so only the library is measured.
#pragma once

namespace tsproxylib::harness {

int runBench(int argc, char** argv);

} // namespace tsproxylib::harness
