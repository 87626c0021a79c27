// SCSI purge procedure: SANITIZE (SBC-4 §5.30, §4.11), followed with REQUEST SENSE.
#include <array>

#include <fmt/format.h>

#include "wipe/firmware/procedures.h"

namespace wipeseal::purge_detail {
namespace {

using Clock = std::chrono::steady_clock;

Attempt scsi_follow_sanitize(ScsiTransport& t, CommandRecorder& rec, PurgeContext& ctx);

Attempt scsi_sanitize(ScsiTransport& t, CommandRecorder& rec, scsi::SanitizeAction action, PurgeContext& ctx) {
  std::vector<std::uint8_t> params;
  if (action == scsi::SanitizeAction::overwrite) {
    const std::array<std::uint8_t, 4> pattern{0, 0, 0, 0};
    params = scsi::sanitize_overwrite_parameters(pattern, 1, false);
  }
  const auto cdb = scsi::sanitize(action, true, static_cast<std::uint16_t>(params.size()));
  const char* name = action == scsi::SanitizeAction::overwrite     ? "SANITIZE (OVERWRITE)"
                     : action == scsi::SanitizeAction::block_erase ? "SANITIZE (BLOCK ERASE)"
                                                                   : "SANITIZE (CRYPTOGRAPHIC ERASE)";
  auto r = rec.scsi(t, name, cdb, params, false, std::chrono::seconds(60));
  if (!r) return failed(r.error().message);
  if (!r->good()) {
    const auto sense = scsi::parse_sense(r->sense);
    if (sense && (sense->invalid_opcode() || sense->invalid_field())) return rejected("the device answered " + sense->describe());
    // SBC-4 4.11: NOT READY, SANITIZE IN PROGRESS: an earlier run of this job started it; follow it.
    if (sense && sense->sanitize_in_progress()) return scsi_follow_sanitize(t, rec, ctx);
    return failed("SANITIZE was refused: " + (sense ? sense->describe() : fmt::format("status {:#x}", r->status)));
  }
  return scsi_follow_sanitize(t, rec, ctx);
}

Attempt scsi_follow_sanitize(ScsiTransport& t, CommandRecorder& rec, PurgeContext& ctx) {
  const auto started = Clock::now();
  const auto budget = purge_budget(0xFFFFFFFF, ctx.capacity_bytes);
  for (;;) {
    std::array<std::uint8_t, 252> sense_data{};
    const auto rs = scsi::request_sense(static_cast<std::uint8_t>(sense_data.size()));
    auto s = rec.scsi(t, "REQUEST SENSE", rs, sense_data, true, std::chrono::seconds(30));
    if (!s) return failed("REQUEST SENSE failed: " + s.error().message);
    const auto sense = scsi::parse_sense(sense_data);
    if (!sense) return failed("REQUEST SENSE returned no sense data");
    if (sense->sanitize_in_progress()) {
      if (sense->progress) report(ctx, *sense->progress);
    } else if (sense->key == 0x00) {
      report(ctx, 1.0);
      return done("REQUEST SENSE: no sense (sanitize complete)");
    } else {
      // SBC-4 4.11.2: a failed sanitize leaves MEDIUM ERROR / 31h/03h SANITIZE COMMAND FAILED.
      Attempt a = failed("the device reports " + sense->describe());
      a.device_report = sense->describe();
      return a;
    }
    if (Clock::now() - started > budget) return failed("SANITIZE did not finish in time");
    if (stop_requested(ctx)) return interrupted("REQUEST SENSE: sanitize in progress");
    sleep_for(ctx, ctx.poll_interval);
  }
}

}  // namespace

Attempt run_scsi(ScsiTransport& t, CommandRecorder& rec, const std::string& method, PurgeContext& ctx) {
  if (method == "scsi-sanitize-crypto") return scsi_sanitize(t, rec, scsi::SanitizeAction::crypto_erase, ctx);
  if (method == "scsi-sanitize-block") return scsi_sanitize(t, rec, scsi::SanitizeAction::block_erase, ctx);
  if (method == "scsi-sanitize-overwrite") return scsi_sanitize(t, rec, scsi::SanitizeAction::overwrite, ctx);
  return failed("unknown SCSI method " + method);
}

}  // namespace wipeseal::purge_detail
