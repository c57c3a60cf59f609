// Bytes as scenario files write them: {"text": "..."}, {"hex": "..."}, {"fill": {"byte": "a",
// "len": N}} for large runs of one byte, or {"parts": [spec, ...]} for a concatenation. Events and
// expectations use the same forms, so a 50 MiB expectation is as short as the write that causes it.
#pragma once

#include <string>

#include "json_args.h"

namespace tsproxylib::harness {

bool hasBytes(const json& obj);
// Throws HarnessError naming `what` when the object holds no or more than one form, or a bad one.
std::string bytesOf(const json& obj, const std::string& what);

// "expected 5 bytes, got 4; first difference at offset 3: expected "lo" got "l"": enough to find a
// mismatch in a 50 MiB stream without printing it.
std::string describeMismatch(const std::string& expected, const std::string& actual);

} // namespace tsproxylib::harness
