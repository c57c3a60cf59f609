#include "bench.h"

#include <chrono>
#include <cstring>
#include <iostream>
#include <vector>

#include "bench_input.h"
#include "hex.h"
#include "json_args.h"
#include "library.h"

namespace tsproxylib::harness {
namespace {

using Clock = std::chrono::steady_clock;

struct BenchArgs {
  std::string lib;
  std::string proto;
  size_t size = 0;
  size_t slices = 1;
  uint64_t iters = 0; // 0: calibrate to about one second
  filter::ModuleParams params;
  std::string input_hex;
  // Test-control commands run after OpenModule (e.g. enabling a test-only parser in our test build).
  std::vector<std::string> controls;
};

BenchArgs parseArgs(int argc, char** argv) {
  BenchArgs a;
  bool have_size = false;
  for (int i = 2; i < argc; ++i) {
    const std::string flag = argv[i];
    if (i + 1 >= argc) {
      throw HarnessError("missing value for " + flag);
    }
    const std::string value = argv[++i];
    if (flag == "--lib") {
      a.lib = value;
    } else if (flag == "--proto") {
      a.proto = value;
    } else if (flag == "--size") {
      a.size = std::stoull(value);
      have_size = true;
    } else if (flag == "--slices") {
      a.slices = std::stoull(value);
    } else if (flag == "--iters") {
      a.iters = std::stoull(value);
    } else if (flag == "--module-param") {
      const size_t eq = value.find('=');
      if (eq == std::string::npos) {
        throw HarnessError("--module-param takes key=value");
      }
      a.params.emplace_back(value.substr(0, eq), value.substr(eq + 1));
    } else if (flag == "--input-hex") {
      a.input_hex = value;
    } else if (flag == "--control") {
      a.controls.push_back(value);
    } else {
      throw HarnessError("unknown flag " + flag);
    }
  }
  if (a.lib.empty() || a.proto.empty() || (!have_size && a.input_hex.empty()) || a.slices == 0) {
    throw HarnessError("usage: tsproxylib-harness bench --lib <path> --proto <name> --size <bytes> [--slices k] "
                       "[--iters n] [--module-param k=v]... [--input-hex hex] [--control json]...");
  }
  return a;
}

// One connection and one fixed input, called over and over as Envoy would call it on arrival of a
// whole frame: the slice array and op array are rebuilt, the inject buffers emptied, per call.
class Bench {
public:
  Bench(const filter::Library& lib, uint64_t module, const BenchArgs& a, std::string input)
      : lib_(lib), input_(std::move(input)) {
    const size_t per = input_.size() / a.slices;
    for (size_t i = 0, at = 0; i < a.slices; ++i) {
      const size_t n = i + 1 == a.slices ? input_.size() - at : per;
      template_.push_back(GoSlice{input_.data() + at, static_cast<GoInt>(n), static_cast<GoInt>(n)});
      at += n;
    }
    slices_ = template_;
    const FilterResult res = lib_.onNewConnection(module, a.proto, kConnection, true, 1, 173, "127.0.0.1:40000",
                                                  "127.0.0.1:8080", "127.0.0.1", &orig_, &reply_);
    if (res != FILTER_OK) {
      throw HarnessError("OnNewConnection returned " + std::to_string(res));
    }
  }

  ~Bench() { lib_.close(kConnection); }

  FilterResult call() {
    // A library may rewrite the slice headers it was given (Go's framework does), so restore them.
    std::memcpy(slices_.data(), template_.data(), template_.size() * sizeof(GoSlice));
    GoSlice input{slices_.data(), static_cast<GoInt>(slices_.size()), static_cast<GoInt>(slices_.size())};
    ops_header_ = GoSlice{ops_, 0, 16};
    orig_.len = 0;
    reply_.len = 0;
    return lib_.onData(kConnection, false, false, &input, &ops_header_);
  }

  // The first call must succeed without an ERROR op, or the numbers would measure an error path.
  void verify() {
    const FilterResult res = call();
    if (res != FILTER_OK) {
      throw HarnessError("OnData returned " + std::to_string(res));
    }
    for (GoInt i = 0; i < ops_header_.len; ++i) {
      if (ops_[i].op == FILTEROP_ERROR) {
        throw HarnessError("the parser answered the benchmark input with an ERROR op");
      }
    }
  }

private:
  static constexpr uint64_t kConnection = 1;
  const filter::Library& lib_;
  std::string input_;
  std::vector<GoSlice> template_;
  std::vector<GoSlice> slices_;
  FilterOp ops_[16] = {};
  GoSlice ops_header_{};
  uint8_t orig_mem_[1024] = {};
  uint8_t reply_mem_[1024] = {};
  GoSlice orig_{orig_mem_, 0, 1024};
  GoSlice reply_{reply_mem_, 0, 1024};
};

double nsPerCall(Bench& bench, uint64_t iters) {
  const auto start = Clock::now();
  for (uint64_t i = 0; i < iters; ++i) {
    bench.call();
  }
  const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - start).count();
  return static_cast<double>(ns) / static_cast<double>(iters);
}

uint64_t calibrate(Bench& bench) {
  // Warm up for ~200 ms, then size the timed run to take about a second.
  uint64_t n = 0;
  const auto start = Clock::now();
  while (Clock::now() - start < std::chrono::milliseconds(200)) {
    bench.call();
    ++n;
  }
  const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - start).count();
  return std::max<uint64_t>(10, static_cast<uint64_t>(1e9 * static_cast<double>(n) / static_cast<double>(ns)));
}

} // namespace

int runBench(int argc, char** argv) {
  try {
    const BenchArgs a = parseArgs(argc, argv);
    std::string input = a.input_hex.empty() ? benchInput(a.proto, a.size) : fromHex(a.input_hex);
    const size_t size = input.size();
    filter::Library lib(a.lib);
    const uint64_t module = lib.openModule(a.params, false);
    if (module == 0) {
      throw HarnessError("OpenModule rejected the module parameters");
    }
    for (const std::string& request : a.controls) {
      if (!lib.hasTestControl()) throw HarnessError("--control needs a library with ProxylibTestControl");
      lib.testControl(module, request);
    }
    double ns = 0;
    uint64_t iters = a.iters;
    {
      Bench bench(lib, module, a, std::move(input));
      bench.verify();
      if (iters == 0) {
        iters = calibrate(bench);
      } else {
        nsPerCall(bench, std::max<uint64_t>(1, iters / 10)); // warm-up
      }
      ns = nsPerCall(bench, iters);
    }
    lib.closeModule(module);
    const json out{{"lib", a.lib},       {"proto", a.proto}, {"size", size}, {"slices", a.slices},
                   {"nsPerCall", static_cast<double>(static_cast<int64_t>(ns * 10)) / 10}, {"iters", iters}};
    std::cout << dumpLine(out) << std::endl;
    return 0;
  } catch (const std::exception& e) {
    std::cout << dumpLine(json{{"error", e.what()}}) << std::endl;
    return 1;
  }
}

} // namespace tsproxylib::harness
