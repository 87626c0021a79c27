// A half-open range of device bytes [offset, offset + length).
#pragma once

#include <cstdint>
#include <vector>

namespace wipeseal {

struct ByteRange {
  std::uint64_t offset = 0;
  std::uint64_t length = 0;

  std::uint64_t end() const { return offset + length; }
  bool overlaps(const ByteRange& other) const {
    return offset < other.end() && other.offset < end();
  }
  friend bool operator==(const ByteRange&, const ByteRange&) = default;
};

// Sorts ranges and merges those that overlap or touch, so a list of failed blocks
// becomes the shortest list of failed ranges.
std::vector<ByteRange> merge_ranges(std::vector<ByteRange> ranges);

}  // namespace wipeseal
