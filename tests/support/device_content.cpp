#include "tests/support/device_content.h"

#include <algorithm>
#include <span>

#include "tests/support/temp_dir.h"

namespace wipeseal::test {

std::vector<ByteRange> pattern_mismatches(const std::string& path, const Pattern& pattern, std::uint64_t size) {
  PatternGenerator gen(pattern);
  std::vector<ByteRange> bad;
  const std::uint64_t step = 1 << 20;
  std::string expect(step, '\0');
  for (std::uint64_t off = 0; off < size; off += step) {
    const std::uint64_t n = std::min(step, size - off);
    const std::string got = read_bytes(path, off, n);
    gen.fill(off, std::as_writable_bytes(std::span(expect.data(), n)));
    for (std::uint64_t i = 0; i < n; i += 512) {
      const std::uint64_t len = std::min<std::uint64_t>(512, n - i);
      if (got.size() < i + len || got.compare(i, len, expect, i, len) != 0) bad.push_back({off + i, len});
    }
  }
  return merge_ranges(bad);
}

std::vector<std::uint64_t> find_string(const std::string& path, std::uint64_t size, const std::string& needle) {
  std::vector<std::uint64_t> hits;
  const std::uint64_t step = 4 << 20;
  const std::uint64_t overlap = needle.size() - 1;
  for (std::uint64_t off = 0; off < size; off += step) {
    const std::uint64_t n = std::min(step + overlap, size - off);
    const std::string data = read_bytes(path, off, n);
    for (std::size_t pos = data.find(needle); pos != std::string::npos; pos = data.find(needle, pos + 1)) {
      if (pos < step) hits.push_back(off + pos);
    }
  }
  return hits;
}

}  // namespace wipeseal::test
