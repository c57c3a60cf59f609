#include "parsers.h"

namespace tsproxylib::floorlib {

ParserFactory findParser(std::string_view name) {
  static constexpr struct {
    std::string_view name;
    ParserFactory factory;
  } kParsers[] = {
      {"test.passer", createPasser},       {"test.lineparser", createLineParser},
      {"test.blockparser", createBlockParser}, {"test.nop", createNop},
      {"test.framepasser", createFramePasser},
  };
  for (const auto& p : kParsers) {
    if (p.name == name) {
      return p.factory;
    }
  }
  return nullptr;
}

} // namespace tsproxylib::floorlib
