// FilterResult names as types.h spells them, without the FILTER_ prefix ("POLICY_DROP").
#pragma once

#include <optional>
#include <string>

#include "proxylib/types.h"

namespace tsproxylib::filter {

std::string resultName(FilterResult r);
std::optional<FilterResult> resultFromName(const std::string& name);

} // namespace tsproxylib::filter
