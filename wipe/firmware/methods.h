// The firmware purge methods wipeseal knows (NIST SP 800-88 Purge / IEEE 2883), best first within
// each command set, as ../shared/reference/device-commands.md §9 orders them.
#pragma once

#include <string_view>
#include <vector>

#include "wipe/erase_plan.h"

namespace wipeseal {

inline constexpr std::string_view kAutoMethod = "auto";

const std::vector<MethodInfo>& firmware_methods();
bool is_firmware_method(std::string_view name);
const MethodInfo* find_firmware_method(std::string_view name);

}  // namespace wipeseal
