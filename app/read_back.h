// How much of a device is read back after erasing: a percentage sampled (1 % by default), every
// byte ("full"), or nothing ("none", which no certificate accepts).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "verify/read_back.h"
#include "wipe/error.h"

namespace wipeseal::app {

struct ReadBackSpec {
  enum class Level { none, sampled, full };
  Level level = Level::sampled;
  double percent = 1.0;  // for sampled

  // "1", "0.5%", "full", or (with allow_none) "none"; anything else is invalid_input with a
  // message saying what is accepted.
  static Result<ReadBackSpec> parse(std::string_view text, bool allow_none);
  // The form parse() reads back ("1", "full", "none"): kept in job journals.
  std::string text() const;
  // The verify/ options, or nothing for "none".
  std::optional<verify::ReadBackOptions> options() const;
};

}  // namespace wipeseal::app
