#include "app/read_back.h"

#include <cstdlib>

#include <fmt/format.h>

namespace wipeseal::app {

Result<ReadBackSpec> ReadBackSpec::parse(std::string_view text, bool allow_none) {
  const auto bad = [&] {
    return std::unexpected(make_error(
        ErrorCode::invalid_input,
        allow_none ? "--verify takes a percentage of the device (for example 1 or 0.5%), full, or none"
                   : "--verify takes a percentage of the device (for example 1 or 0.5%) or full"));
  };
  // Spaces around the value are forgiven, on both sides alike.
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  ReadBackSpec spec;
  if (text == "full") {
    spec.level = Level::full;
    return spec;
  }
  if (text == "none" && allow_none) {
    spec.level = Level::none;
    return spec;
  }
  if (!text.empty() && text.back() == '%') text.remove_suffix(1);
  // Plain decimal only: "0x10", "1e1", "inf" or "nan" are not percentages anyone means.
  std::size_t digits = 0, dots = 0;
  for (char c : text) {
    if (c >= '0' && c <= '9') {
      ++digits;
    } else if (c == '.') {
      ++dots;
    } else {
      return bad();
    }
  }
  if (digits == 0 || dots > 1) return bad();
  const double percent = std::strtod(std::string(text).c_str(), nullptr);
  if (!(percent > 0) || percent > 100) return bad();
  spec.percent = percent;
  return spec;
}

std::string ReadBackSpec::text() const {
  switch (level) {
    case Level::none: return "none";
    case Level::full: return "full";
    case Level::sampled: return fmt::format("{:g}", percent);
  }
  return "none";
}

std::optional<verify::ReadBackOptions> ReadBackSpec::options() const {
  if (level == Level::none) return std::nullopt;
  verify::ReadBackOptions o;
  o.coverage = level == Level::full ? 1.0 : percent / 100.0;
  return o;
}

}  // namespace wipeseal::app
