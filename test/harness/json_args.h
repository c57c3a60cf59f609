// Reading request fields: every accessor names the field in its error, so a bad request gets an
// answer that says what was wrong with it.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

namespace tsproxylib::harness {

using json = nlohmann::json;

class HarnessError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

// A uint64 given as a decimal string ("12345678901234567890": JSON numbers lose precision in
// JavaScript above 2^53) or as a non-negative JSON integer.
uint64_t requireU64(const json& req, const char* field);
uint64_t optionalU64(const json& req, const char* field, uint64_t fallback);
std::string requireString(const json& req, const char* field);
std::string optionalString(const json& req, const char* field, const std::string& fallback);
bool optionalBool(const json& req, const char* field, bool fallback);
const json& requireArray(const json& req, const char* field);

std::string decimal(uint64_t v);

// Serialises without throwing on bytes that are not UTF-8 (they only occur in error text).
std::string dumpLine(const json& j);

} // namespace tsproxylib::harness
