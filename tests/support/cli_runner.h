// Runs the wipeseal CLI binary as a user would, capturing output and exit code. Every /dev path
// among the arguments must be a TestLoopDevice of this process, or the test process aborts.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

#include "tests/support/temp_dir.h"

namespace wipeseal::test {

struct CliResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Path of the wipeseal binary under test.
std::string wipeseal_binary();

// Runs with `--lang en` unless `lang` names another language; an empty `lang` passes no --lang
// at all, so the program's default language (Vietnamese) applies.
CliResult run_wipeseal(const std::vector<std::string>& args, const std::string& stdin_text = {},
                       const std::string& lang = "en");

// Starts wipeseal in the background (stdout/stderr to files in `logs`); returns its pid.
pid_t spawn_wipeseal(const std::vector<std::string>& args, const TempDir& logs);

}  // namespace wipeseal::test
