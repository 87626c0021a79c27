// Reading passphrases and PINs: from a file (first line) or typed at the terminal with echo off.
// They are never logged, printed or written anywhere by wipeseal.
#pragma once

#include <string>

#include "wipe/error.h"

namespace wipeseal::cli {

// `file` if given; otherwise asks on the terminal (`prompt`), twice if `confirm`.
Result<std::string> read_secret(const std::string& file, const std::string& prompt, bool confirm = false);

}  // namespace wipeseal::cli
