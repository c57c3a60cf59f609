#include <cstring>
#include <fstream>
#include <iostream>

#include "close_counter.h"
#include "scenario.h"

namespace tsproxylib::harness {
namespace {

std::string baseName(const std::string& path) {
  const size_t slash = path.rfind('/');
  std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
  const size_t dot = name.rfind(".json");
  return dot == std::string::npos ? name : name.substr(0, dot);
}

// One line per file: "PASS name" or "FAIL name: why".
bool runFile(const filter::Library& library, const std::string& path) {
  std::string name = baseName(path);
  try {
    std::ifstream in(path);
    if (!in) {
      throw HarnessError("cannot read " + path);
    }
    const json scenario = json::parse(in);
    name = optionalString(scenario, "name", name);
    const Observed observed = play(library, scenario);
    const std::string failure = check(scenario, observed);
    if (failure.empty()) {
      std::cout << "PASS " << name << std::endl;
      return true;
    }
    std::cout << "FAIL " << name << ": " << failure << std::endl;
  } catch (const std::exception& e) {
    std::cout << "FAIL " << name << ": " << e.what() << std::endl;
  }
  return false;
}

} // namespace

int runScenarios(int argc, char** argv) {
  std::string lib_path;
  std::vector<std::string> files;
  for (int i = 2; i < argc; ++i) {
    if (std::strcmp(argv[i], "--lib") == 0 && i + 1 < argc) {
      lib_path = argv[++i];
    } else {
      files.push_back(argv[i]);
    }
  }
  if (lib_path.empty() || files.empty()) {
    std::cerr << "usage: tsproxylib-harness scenario --lib <path> <file.json>...\n";
    return 2;
  }
  try {
    filter::Library library(lib_path);
    installCloseCounter(library);
    bool all = true;
    for (const std::string& f : files) {
      all = runFile(library, f) && all;
    }
    return all ? 0 : 1;
  } catch (const std::exception& e) {
    std::cerr << e.what() << "\n";
    return 2;
  }
}

} // namespace tsproxylib::harness
