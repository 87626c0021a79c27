// Ways to show the engine's progress events: a live block of per-device lines on a terminal,
// periodic plain lines for logs, or JSON lines for other programs.
#pragma once

#include <cstdio>
#include <memory>

#include "wipe/progress.h"

namespace wipeseal::cli {

enum class ProgressStyle { terminal, plain, json };

// Picks terminal when `out` is a TTY, plain otherwise; json when asked.
ProgressStyle choose_progress_style(bool json_requested, std::FILE* out);

std::unique_ptr<ProgressSink> make_progress_view(ProgressStyle style, std::FILE* out);

}  // namespace wipeseal::cli
