// eMMC purge procedures: SANITIZE (JESD84-B51 §6.6.24) and secure erase/trim through the kernel's
// BLKSECDISCARD (§6.6.9).
#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "wipe/firmware/procedures.h"

namespace wipeseal::purge_detail {
namespace {

Attempt mmc_sanitize(MmcTransport& t, CommandRecorder& rec, PurgeContext& ctx) {
  report(ctx, 0.0);
  const auto budget = purge_budget(0xFFFFFFFF, ctx.capacity_bytes);
  auto r = rec.mmc(t, mmc::switch_byte(mmc::kExtCsdSanitizeStart, 1,
                                       static_cast<std::uint32_t>(std::min<std::int64_t>(budget.count() * 1000, 0x7FFFFFFF))));
  if (!r) {
    // mmc_sanitize() answers EOPNOTSUPP when the card lacks SEC_SANITIZE; any other errno is the
    // card's or the host's failure during the sanitize (ETIMEDOUT, EIO, EBADMSG for SWITCH_ERROR).
    const Error& e = r.error();
    const std::string why = e.sys_errno == 0 ? e.message
                                             : fmt::format("{}: {} (errno {})", e.message, std::strerror(e.sys_errno),
                                                           e.sys_errno);
    const bool unsupported = e.code == ErrorCode::unsupported || e.sys_errno == EOPNOTSUPP;
    return unsupported ? rejected(why) : failed(why);
  }
  if (r->r1) {
    if (const std::string errors = mmc::r1_errors(*r->r1); !errors.empty()) {
      return failed(fmt::format("the card reported an error in its status (R1={:#010x}: {})", *r->r1, errors));
    }
    report(ctx, 1.0);
    return done(fmt::format("SANITIZE completed, card status R1={:#010x}", *r->r1));
  }
  report(ctx, 1.0);
  return done("SANITIZE completed: MMC_IOC_CMD returned success. Linux runs SANITIZE_START itself (mmc_sanitize()) "
              "and returns only its result, not the card's status (R1)");
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
