#include "wipe/firmware/procedures.h"

#include <algorithm>
#include <thread>

namespace wipeseal::purge_detail {

using Clock = std::chrono::steady_clock;

Attempt done(std::string report) { return {CandidateDecision::completed, "", std::move(report)}; }
Attempt rejected(std::string why) { return {CandidateDecision::rejected_by_device, std::move(why), ""}; }
Attempt blocked(std::string why) { return {CandidateDecision::blocked, std::move(why), ""}; }
Attempt failed(std::string why) { return {CandidateDecision::failed, std::move(why), ""}; }

Attempt interrupted(const std::string& state) {
  return {CandidateDecision::interrupted,
          "stopped by the operator while the drive was still erasing (" + state +
              "); the drive finishes on its own, even after a power cycle, and `wipeseal resume` follows it to the end",
          state};
}

bool stop_requested(const PurgeContext& ctx) { return ctx.cancel != nullptr && ctx.cancel->load(); }

void sleep_for(PurgeContext& ctx, std::chrono::milliseconds d) {
  if (ctx.sleep) {
    ctx.sleep(d);
    return;
  }
  const auto until = Clock::now() + d;
  while (!stop_requested(ctx) && Clock::now() < until) {
    std::this_thread::sleep_for(std::min<Clock::duration>(std::chrono::milliseconds(100), until - Clock::now()));
  }
}

void report(PurgeContext& ctx, double fraction) {
  if (ctx.progress) ctx.progress(std::clamp(fraction, 0.0, 1.0));
}

std::chrono::seconds purge_budget(std::uint32_t estimate_seconds, std::uint64_t capacity) {
  const std::int64_t by_capacity = static_cast<std::int64_t>(capacity / 30'000'000) + 1800;
  std::int64_t s = std::max<std::int64_t>(3600, by_capacity);
  if (estimate_seconds != 0xFFFFFFFF && estimate_seconds != 0) s = std::max<std::int64_t>(s, 2LL * estimate_seconds + 600);
  return std::chrono::seconds(s);
}

}  // namespace wipeseal::purge_detail
