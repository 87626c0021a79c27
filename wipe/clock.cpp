#include "wipe/clock.h"

#include <time.h>
#include <unistd.h>

#include <fstream>
#include <mutex>
#include <sstream>

#include <fmt/format.h>

namespace wipeseal {

std::string format_timestamp(std::chrono::system_clock::time_point t) {
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
  const time_t secs = static_cast<time_t>(ms / 1000);
  struct tm tm {};
  gmtime_r(&secs, &tm);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                     tm.tm_hour, tm.tm_min, tm.tm_sec, ms % 1000);
}

namespace {

std::mutex g_mu;
std::optional<ClockCorrection> g_correction;

}  // namespace

std::chrono::system_clock::time_point corrected_now() {
  const auto now = std::chrono::system_clock::now();
  std::lock_guard lock(g_mu);
  return g_correction ? now + g_correction->offset : now;
}

std::string now_timestamp() { return format_timestamp(corrected_now()); }

void set_clock_correction(std::chrono::system_clock::time_point actual) {
  const auto offset = std::chrono::duration_cast<std::chrono::milliseconds>(actual - std::chrono::system_clock::now());
  std::lock_guard lock(g_mu);
  g_correction = ClockCorrection{offset, format_timestamp(actual)};
}

void clear_clock_correction() {
  std::lock_guard lock(g_mu);
  g_correction.reset();
}

std::optional<ClockCorrection> clock_correction() {
  std::lock_guard lock(g_mu);
  return g_correction;
}

double process_age_ms() {
  std::ifstream in("/proc/self/stat");
  std::string stat;
  std::getline(in, stat);
  // Field 2 (comm) may contain spaces; the fields after the last ')' are fixed.
  const auto close = stat.rfind(')');
  if (close == std::string::npos) return -1;
  std::istringstream rest(stat.substr(close + 2));
  std::string field;
  // After ')' come fields 3..; starttime is field 22, i.e. the 20th token here.
  for (int i = 3; i < 22; ++i) rest >> field;
  unsigned long long start_ticks = 0;
  if (!(rest >> start_ticks)) return -1;
  struct timespec now {};
  clock_gettime(CLOCK_BOOTTIME, &now);
  const double now_ms = static_cast<double>(now.tv_sec) * 1000.0 + static_cast<double>(now.tv_nsec) / 1e6;
  return now_ms - static_cast<double>(start_ticks) * 1000.0 / static_cast<double>(sysconf(_SC_CLK_TCK));
}

}  // namespace wipeseal
