#include "wipe/firmware/purge.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "wipe/firmware/procedures.h"

namespace wipeseal {
namespace {

using namespace purge_detail;

Attempt run_one(FirmwareAccess& a, const Capabilities& caps, const std::string& method, CommandRecorder& rec,
                PurgeContext& ctx) {
  if (method.starts_with("nvme-")) {
    if (!a.nvme) return blocked("the device does not take NVMe admin commands");
    return run_nvme(*a.nvme, rec, caps, method, ctx);
  }
  if (method.starts_with("ata-")) {
    if (!a.ata) return blocked("the device does not take ATA commands");
    return run_ata(*a.ata, rec, method, ctx);
  }
  if (method.starts_with("scsi-")) {
    if (!a.scsi) return blocked("the device does not take SCSI commands");
    return run_scsi(*a.scsi, rec, method, ctx);
  }
  if (method.starts_with("mmc-")) {
    if (!a.mmc) return blocked("the device does not take eMMC commands");
    return run_mmc(*a.mmc, rec, method, ctx);
  }
  return failed("unknown firmware method " + method);
}

}  // namespace

PurgeResult run_firmware_purge(FirmwareAccess& access, const Capabilities& caps, const std::vector<std::string>& methods,
                               PurgeContext& context) {
  PurgeResult result;
  CommandRecorder rec(result.commands);
  std::string last_failure;
  for (const std::string& m : methods) {
    if (stop_requested(context)) {
      result.interrupted = true;  // between methods: nothing is running in the drive
      return result;
    }
    if (context.persist) {
      if (auto s = context.persist({{"type", "firmware_method"}, {"method", m}}); !s) {
        result.error = s.error();
        return result;
      }
    }
    Attempt a = run_one(access, caps, m, rec, context);
    if (!a.device_report.empty()) result.device_report = a.device_report;
    if (a.decision == CandidateDecision::interrupted) {
      result.attempts.push_back({m, a.decision, a.reason});
      result.interrupted = true;
      result.interrupted_method = m;
      return result;
    }
    if (a.decision == CandidateDecision::completed) {
      result.attempts.push_back({m, CandidateDecision::completed, "the drive reported success"});
      result.method = m;
      result.completed = true;
      return result;
    }
    result.attempts.push_back({m, a.decision, a.reason});
    last_failure = fmt::format("{}: {}", m, a.reason);
  }
  result.error = make_error(ErrorCode::io,
                            methods.empty() ? std::string("no firmware purge method was available")
                                            : "no firmware purge method completed; last: " + last_failure);
  return result;
}

}  // namespace wipeseal
