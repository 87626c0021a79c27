// Wall-clock timestamps for records and journals, and the process's own age.
#pragma once

#include <chrono>
#include <string>

namespace wipeseal {

// RFC 3339 UTC with milliseconds: "2026-11-21T08:15:02.123Z".
std::string format_timestamp(std::chrono::system_clock::time_point t);
std::string now_timestamp();

// Milliseconds since this process was started by the kernel (from /proc/self/stat), so the
// time to first write includes program start-up. Falls back to -1 if unreadable.
double process_age_ms();

}  // namespace wipeseal
