#include "wipe/erase_plan.h"

#include <algorithm>
#include <array>
#include <charconv>

#include <fmt/format.h>

#include "wipe/random_source.h"

namespace wipeseal {

const char* category_name(SanitizeCategory category) {
  return category == SanitizeCategory::purge ? "purge" : "clear";
}

namespace {

std::vector<MethodInfo> catalogue() {
  return {
      {"clear", "One pass of the AES-256-CTR pattern (recommended overwrite)", SanitizeCategory::clear, false,
       "NIST SP 800-88 Clear: one overwrite pass of all user-addressable locations"},
      {"zero", "One pass of zeros (0x00)", SanitizeCategory::clear, false,
       "NIST SP 800-88 Clear: one overwrite pass with a fixed value"},
      {"one", "One pass of ones (0xFF)", SanitizeCategory::clear, false,
       "NIST SP 800-88 Clear: one overwrite pass with a fixed value"},
      {"byte:0xNN", "One pass of a fixed byte of your choice", SanitizeCategory::clear, false,
       "NIST SP 800-88 Clear: one overwrite pass with a fixed value"},
      {"dod-3", "LEGACY: DoD 5220.22-M, 3 passes (character, complement, random)", SanitizeCategory::clear, true,
       "DoD 5220.22-M (1995) overwrite procedure; superseded, kept for rules that still cite it"},
      {"dod-7", "LEGACY: DoD 5220.22-M ECE, 7 passes (3-pass, random character, 3-pass)", SanitizeCategory::clear,
       true, "DoD 5220.22-M ECE; superseded, kept for rules that still cite it"},
      {"gutmann", "LEGACY: Gutmann, 35 passes (4 random, 27 fixed in random order, 4 random)",
       SanitizeCategory::clear, true,
       "P. Gutmann, Secure Deletion of Data from Magnetic and Solid-State Memory (1996); aimed at MFM/RLL "
       "encodings, no benefit on modern drives"},
  };
}

std::uint8_t random_byte(RandomSource& random) {
  std::array<std::byte, 1> b{};
  random.fill(b);
  return static_cast<std::uint8_t>(b[0]);
}

// Unbiased index in [0, bound) for shuffling.
std::size_t random_below(RandomSource& random, std::size_t bound) {
  const std::uint64_t limit = UINT64_MAX - UINT64_MAX % bound;
  while (true) {
    std::array<std::byte, 8> b{};
    random.fill(b);
    std::uint64_t v = 0;
    for (std::byte x : b) v = (v << 8) | static_cast<std::uint64_t>(x);
    if (v < limit) return static_cast<std::size_t>(v % bound);
  }
}

PassPlan random_pass(RandomSource& random, std::string purpose) {
  return {Pattern::random_aes256_ctr(random), std::move(purpose)};
}

// DoD 5220.22-M (1995 edition, "c" and "d" entries of the clearing/sanitizing matrix): overwrite
// with a character, its complement, then a random character. The random pass uses the AES-CTR
// stream so it stays verifiable at any offset.
void append_dod3(std::vector<PassPlan>& passes, RandomSource& random, int first_pass_number) {
  const std::uint8_t c = random_byte(random);
  passes.push_back({Pattern::fixed_byte(c), "a character"});
  passes.push_back({Pattern::fixed_byte(static_cast<std::uint8_t>(~c)),
                    fmt::format("complement of pass {}", first_pass_number)});
  passes.push_back(random_pass(random, "random"));
}

// Gutmann 1996, Table "Overwrite data": passes 5 to 31 are these 27 deterministic patterns.
const std::vector<std::vector<std::uint8_t>>& gutmann_fixed_patterns() {
  static const std::vector<std::vector<std::uint8_t>> patterns = {
      {0x55}, {0xAA}, {0x92, 0x49, 0x24}, {0x49, 0x24, 0x92}, {0x24, 0x92, 0x49},
      {0x00}, {0x11}, {0x22}, {0x33}, {0x44}, {0x55}, {0x66}, {0x77}, {0x88}, {0x99}, {0xAA},
      {0xBB}, {0xCC}, {0xDD}, {0xEE}, {0xFF},
      {0x92, 0x49, 0x24}, {0x49, 0x24, 0x92}, {0x24, 0x92, 0x49},
      {0x6D, 0xB6, 0xDB}, {0xB6, 0xDB, 0x6D}, {0xDB, 0x6D, 0xB6},
  };
  return patterns;
}

Result<std::uint8_t> parse_byte_method(std::string_view name) {
  std::string_view value = name.substr(5);
  if (value.starts_with("0x") || value.starts_with("0X")) value.remove_prefix(2);
  unsigned parsed = 0;
  const auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), parsed, 16);
  if (value.empty() || ec != std::errc() || ptr != value.data() + value.size() || parsed > 0xFF) {
    return std::unexpected(make_error(
        ErrorCode::invalid_input,
        fmt::format("'{}' is not a valid fixed-byte method; write it as byte:0xNN with NN two hex digits, "
                    "for example byte:0x5A",
                    name)));
  }
  return static_cast<std::uint8_t>(parsed);
}

}  // namespace

std::vector<MethodInfo> overwrite_methods() { return catalogue(); }

Result<ErasePlan> make_erase_plan(std::string_view method_name, RandomSource& random) {
  const auto methods = catalogue();
  auto find = [&](std::string_view name) {
    return *std::find_if(methods.begin(), methods.end(), [&](const MethodInfo& m) { return m.name == name; });
  };
  ErasePlan plan;
  if (method_name == "clear") {
    plan.method = find("clear");
    plan.passes.push_back(random_pass(random, "random (AES-256-CTR)"));
  } else if (method_name == "zero") {
    plan.method = find("zero");
    plan.passes.push_back({Pattern::fixed_byte(0x00), "zeros"});
  } else if (method_name == "one") {
    plan.method = find("one");
    plan.passes.push_back({Pattern::fixed_byte(0xFF), "ones"});
  } else if (method_name.starts_with("byte:")) {
    auto value = parse_byte_method(method_name);
    if (!value) return std::unexpected(value.error());
    plan.method = find("byte:0xNN");
    plan.method.name = fmt::format("byte:0x{:02X}", *value);
    plan.method.label = fmt::format("One pass of the fixed byte 0x{:02X}", *value);
    plan.passes.push_back({Pattern::fixed_byte(*value), "fixed byte"});
  } else if (method_name == "dod-3") {
    plan.method = find("dod-3");
    append_dod3(plan.passes, random, 1);
  } else if (method_name == "dod-7") {
    plan.method = find("dod-7");
    append_dod3(plan.passes, random, 1);
    plan.passes.push_back({Pattern::fixed_byte(random_byte(random)), "a random character"});
    append_dod3(plan.passes, random, 5);
  } else if (method_name == "gutmann") {
    plan.method = find("gutmann");
    for (int i = 0; i < 4; ++i) plan.passes.push_back(random_pass(random, "random"));
    std::vector<std::vector<std::uint8_t>> fixed = gutmann_fixed_patterns();
    // Gutmann recommends running the 27 fixed passes in a random order (Fisher-Yates, CSPRNG).
    for (std::size_t i = fixed.size() - 1; i > 0; --i) std::swap(fixed[i], fixed[random_below(random, i + 1)]);
    for (auto& cycle : fixed) plan.passes.push_back({Pattern::repeating(std::move(cycle)), "fixed pattern"});
    for (int i = 0; i < 4; ++i) plan.passes.push_back(random_pass(random, "random"));
  } else {
    std::string names;
    for (const auto& m : methods) names += (names.empty() ? "" : ", ") + m.name;
    return std::unexpected(make_error(ErrorCode::invalid_input,
                                      fmt::format("unknown erase method '{}'; known methods: {}", method_name, names)));
  }
  return plan;
}

}  // namespace wipeseal
