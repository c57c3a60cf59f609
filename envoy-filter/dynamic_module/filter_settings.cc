#include "filter_settings.h"

namespace tsproxylib::filter {
namespace {

using json = nlohmann::json;

json parseJson(std::string_view text) {
  try {
    return json::parse(text);
  } catch (const json::parse_error& e) {
    throw ConfigError(std::string("filter_config is not JSON: ") + e.what());
  }
}

ModuleParams parseParams(const json& j) {
  if (!j.is_object()) {
    throw ConfigError("params: expected an object of strings");
  }
  ModuleParams params;
  for (const auto& [key, value] : j.items()) {
    if (!value.is_string()) {
      throw ConfigError("params[\"" + key + "\"]: expected a string");
    }
    params.emplace_back(key, value.get<std::string>());
  }
  return params;
}

} // namespace

FilterSettings FilterSettings::parse(std::string_view json_text) {
  const json j = parseJson(json_text);
  if (!j.is_object()) {
    throw ConfigError("filter_config: expected a JSON object");
  }
  for (const auto& [key, value] : j.items()) {
    if (key != "library" && key != "params" && key != "debug" && key != "connection" && key != "stat_prefix") {
      throw ConfigError("filter_config: unknown field \"" + key + "\"");
    }
  }
  const auto library = j.find("library");
  if (library == j.end() || !library->is_string() || library->get<std::string>().empty()) {
    throw ConfigError("library: required, the path of a libcilium-ABI library");
  }
  const auto connection = j.find("connection");
  if (connection == j.end()) {
    throw ConfigError("connection: required (at least connection.l7_proto)");
  }
  FilterSettings s{library->get<std::string>(), {}, std::nullopt, ConnectionSelector::parse(*connection), ""};
  if (const auto params = j.find("params"); params != j.end()) {
    s.params = parseParams(*params);
  }
  if (const auto debug = j.find("debug"); debug != j.end()) {
    if (!debug->is_boolean()) {
      throw ConfigError("debug: expected a boolean");
    }
    s.debug = debug->get<bool>();
  }
  if (const auto prefix = j.find("stat_prefix"); prefix != j.end()) {
    if (!prefix->is_string()) {
      throw ConfigError("stat_prefix: expected a string");
    }
    s.stat_prefix = prefix->get<std::string>();
  }
  return s;
}

} // namespace tsproxylib::filter
