// Checks of what a device or image really holds, read back bypassing the page cache.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "wipe/byte_range.h"
#include "wipe/pattern.h"

namespace wipeseal::test {

// 512-byte blocks of [0, size) whose content differs from what `pattern` places there, merged.
std::vector<ByteRange> pattern_mismatches(const std::string& path, const Pattern& pattern, std::uint64_t size);

// Byte offsets where `needle` occurs anywhere in [0, size) of `path` (matches spanning
// read-block boundaries included).
std::vector<std::uint64_t> find_string(const std::string& path, std::uint64_t size, const std::string& needle);

}  // namespace wipeseal::test
