#include "json_lines.h"

#include <iostream>
#include <string>

#include "session.h"
#include "workers.h"

namespace tsproxylib::harness {
namespace {

size_t requestThread(const json& req) {
  return req.is_object() ? static_cast<size_t>(optionalU64(req, "thread", 0)) : 0;
}

// {"threads": [[req, ...], ...]}: list i runs in order on thread i + 1, all lists at once.
json runParallel(Session& session, Workers& workers, const json& req) {
  const json& lists = requireArray(req, "threads");
  std::vector<std::future<json>> results;
  for (size_t i = 0; i < lists.size(); ++i) {
    if (!lists[i].is_array()) {
      throw HarnessError("threads must be a list of request lists");
    }
    const json* list = &lists[i];
    results.push_back(workers.submit(i + 1, [&session, list] {
      json answers = json::array();
      for (const json& r : *list) {
        answers.push_back(session.handle(r));
      }
      return answers;
    }));
  }
  json out = json::array();
  for (auto& r : results) {
    out.push_back(r.get());
  }
  return json{{"results", std::move(out)}};
}

json answer(Session& session, Workers& workers, const json& req) {
  if (req.is_object() && req.value("cmd", "") == "parallel") {
    return runParallel(session, workers, req);
  }
  return workers.run(requestThread(req), [&session, &req] { return session.handle(req); });
}

} // namespace

int runJsonLines() {
  Workers workers;
  Session session;
  std::string line;
  while (std::getline(std::cin, line)) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) {
      continue;
    }
    json response;
    bool quit = false;
    try {
      const json req = json::parse(line);
      response = answer(session, workers, req);
      quit = req.is_object() && req.value("cmd", "") == "quit";
    } catch (const std::exception& e) {
      response = json{{"error", e.what()}};
    }
    std::cout << dumpLine(response) << '\n' << std::flush;
    if (quit) {
      break;
    }
  }
  session.shutdown(workers);
  return 0;
}

} // namespace tsproxylib::harness
