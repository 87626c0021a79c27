// eMMC purge procedures: SANITIZE (JESD84-B51 §6.6.24) and secure erase/trim through the kernel's
// BLKSECDISCARD (§6.6.9).
#include <cerrno>

#include <fmt/format.h>

#include "wipe/firmware/procedures.h"

namespace wipeseal::purge_detail {
namespace {

Attempt mmc_sanitize(MmcTransport& t, CommandRecorder& rec, PurgeContext& ctx) {
  report(ctx, 0.0);
  const auto budget = purge_budget(0xFFFFFFFF, ctx.capacity_bytes);
  auto r = rec.mmc(t, mmc::switch_byte(mmc::kExtCsdSanitizeStart, 1,
                                       static_cast<std::uint32_t>(std::min<std::int64_t>(budget.count() * 1000, 0x7FFFFFFF))));
  if (!r) return r.error().code == ErrorCode::unsupported ? rejected(r.error().message) : failed(r.error().message);
  if ((*r & 0xFDF90008u) != 0) return failed(fmt::format("the card reported an error in its status (R1={:#010x})", *r));
  report(ctx, 1.0);
  return done(fmt::format("SANITIZE completed, card status R1={:#010x}", *r));
}

Attempt mmc_secure_erase(MmcTransport& t, CommandRecorder& rec, PurgeContext& ctx) {
  report(ctx, 0.0);
  if (auto s = rec.secure_discard(t, ctx.capacity_bytes); !s) {
    return s.error().code == ErrorCode::unsupported || s.error().sys_errno == EOPNOTSUPP ? rejected(s.error().message)
                                                                                            : failed(s.error().message);
  }
  report(ctx, 1.0);
  return done("BLKSECDISCARD over the whole device completed");
}

}  // namespace

Attempt run_mmc(MmcTransport& t, CommandRecorder& rec, const std::string& method, PurgeContext& ctx) {
  if (method == "mmc-sanitize") return mmc_sanitize(t, rec, ctx);
  if (method == "mmc-secure-erase") return mmc_secure_erase(t, rec, ctx);
  return failed("unknown eMMC method " + method);
}

}  // namespace wipeseal::purge_detail
