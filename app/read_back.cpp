#include "app/read_back.h"

#include <cstdlib>

#include <fmt/format.h>

namespace wipeseal::app {

Result<ReadBackSpec> ReadBackSpec::parse(std::string_view text, bool allow_none) {
  ReadBackSpec spec;
  if (text == "full") {
    spec.level = Level::full;
    return spec;
  }
  if (text == "none" && allow_none) {
    spec.level = Level::none;
    return spec;
  }
  std::string number(text);
  if (!number.empty() && number.back() == '%') number.pop_back();
  char* end = nullptr;
  const double percent = std::strtod(number.c_str(), &end);
  if (number.empty() || end != number.c_str() + number.size() || !(percent > 0) || percent > 100) {
    return std::unexpected(make_error(
        ErrorCode::invalid_input,
        allow_none ? "--verify takes a percentage of the device (for example 1 or 0.5%), full, or none"
                   : "--verify takes a percentage of the device (for example 1 or 0.5%) or full"));
  }
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
