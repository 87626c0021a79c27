// Wall-clock timestamps for records and journals, and the process's own age.
#pragma once

#include <chrono>
#include <optional>
#include <string>

namespace wipeseal {

// RFC 3339 UTC with milliseconds: "2026-11-21T08:15:02.123Z".
std::string format_timestamp(std::chrono::system_clock::time_point t);
// The time records, journals and certificates carry: the system clock plus the operator's
// correction, if one was made (retired PCs often keep a clock years off).
std::string now_timestamp();
std::chrono::system_clock::time_point corrected_now();

// The operator said the time is really `actual` (it was `system` by this machine's clock). From now
// on this process's timestamps follow the correction; records say it was made and by how much.
// Thread-safe; a new correction replaces the old.
void set_clock_correction(std::chrono::system_clock::time_point actual);
void clear_clock_correction();
// The correction in force: how far the system clock was behind (positive) or ahead, and when the
// operator made it (by the corrected clock); nothing if none was made.
struct ClockCorrection {
  std::chrono::milliseconds offset{0};
  std::string made_at;
};
std::optional<ClockCorrection> clock_correction();

// Milliseconds since this process was started by the kernel (from /proc/self/stat), so the
// time to first write includes program start-up. Falls back to -1 if unreadable.
double process_age_ms();

}  // namespace wipeseal
