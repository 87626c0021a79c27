// NVMe purge procedures: Sanitize (NVMe Base 2.0 §5.24, §8.21) and Format NVM with a secure erase
// setting (§5.23).
#include <fmt/format.h>

#include "wipe/firmware/procedures.h"

namespace wipeseal::purge_detail {
namespace {

using Clock = std::chrono::steady_clock;

Attempt nvme_sanitize(NvmeTransport& t, CommandRecorder& rec, const Capabilities& caps, nvme::SanitizeAction action,
                      PurgeContext& ctx) {
  // Sanitize reaches the whole subsystem; it is sent only to a namespace wipeseal identified, on a
  // controller whose other namespaces are known to be none (recommend_method blocks the rest).
  if (!t.namespace_id()) return blocked("the namespace id of this block device could not be read (NVME_IOCTL_ID)");
  if (!caps.other_namespaces_known || !caps.other_namespaces.empty()) {
    return blocked("the controller has, or may have, other namespaces that Sanitize would erase too");
  }
  auto r = rec.nvme(t, nvme::sanitize(action));
  if (!r) return failed(r.error().message);
  if (r->unsupported()) return rejected("the controller answered " + r->describe());
  // Status 1Dh, Sanitize In Progress: an earlier run of this job started it (NVMe Base 2.0 8.21:
  // a sanitize continues after a reset or power cycle); follow it like one just started.
  if (!r->ok() && !(r->sct() == 0 && r->sc() == 0x1D)) return failed("Sanitize was refused: " + r->describe());
  // NVMe Base 2.0 8.21: the operation runs in the background; poll the Sanitize Status log.
  const auto started = Clock::now();
  std::chrono::seconds budget = purge_budget(0xFFFFFFFF, ctx.capacity_bytes);
  unsigned never_started_polls = 0;
  for (;;) {
    std::array<std::uint8_t, 512> page{};
    auto lr = rec.nvme(t, nvme::get_sanitize_log(), page);
    if (!lr) return failed("the Sanitize Status log could not be read: " + lr.error().message);
    if (!lr->ok()) return failed("the Sanitize Status log could not be read: " + lr->describe());
    auto log = nvme::parse_sanitize_log(page);
    if (!log) return failed(log.error().message);
    const std::uint32_t estimate = action == nvme::SanitizeAction::block_erase    ? log->etbe
                                   : action == nvme::SanitizeAction::crypto_erase ? log->etce
                                                                                   : log->eto;
    budget = purge_budget(estimate, ctx.capacity_bytes);
    const std::string state = fmt::format("Sanitize Status log: SPROG={} SSTAT={:#06x} SCDW10={:#010x}", log->sprog,
                                          log->sstat, log->scdw10);
    if (log->in_progress()) {
      report(ctx, log->progress());
    } else if (log->succeeded() && (log->scdw10 & 0x7) == static_cast<unsigned>(action)) {
      report(ctx, 1.0);
      return done(state + (log->global_data_erased() ? " (Global Data Erased)" : ""));
    } else if (log->failed()) {
      Attempt a = failed("the controller reports the sanitize operation failed (" + state + ")");
      a.device_report = state;
      return a;
    } else if (++never_started_polls > 30) {
      return failed("the controller accepted Sanitize but never reported it in progress or done (" + state + ")");
    }
    if (Clock::now() - started > budget) return failed("Sanitize did not finish in time (" + state + ")");
    if (stop_requested(ctx)) return interrupted(state);
    sleep_for(ctx, ctx.poll_interval);
  }
}

Attempt nvme_format(NvmeTransport& t, CommandRecorder& rec, const Capabilities& caps, unsigned ses, PurgeContext& ctx) {
  // The namespace id is what Format NVM is addressed to: without it, another namespace could be hit.
  const auto nsid = t.namespace_id();
  if (!nsid) return blocked("the namespace id of this block device could not be read (NVME_IOCTL_ID)");
  if (!caps.nvme_namespace) return failed("the namespace's current LBA format is unknown (Identify Namespace failed)");
  // The LBA format and its metadata settings (MSET, PI, PIL) are sent as the namespace has them
  // now: zeros would turn protection information off, or move the metadata, on a namespace that
  // uses them.
  const nvme::NamespaceInfo& ns = *caps.nvme_namespace;
  nvme::AdminCommand c = nvme::format_nvm(*nsid, ns.lba_format, ns.metadata, ses);
  c.timeout_ms = static_cast<std::uint32_t>(
      std::min<std::int64_t>(purge_budget(0xFFFFFFFF, ctx.capacity_bytes).count() * 1000, 0xFFFFFFFF));
  report(ctx, 0.0);
  auto r = rec.nvme(t, c);
  if (!r) return failed(r.error().message);
  if (r->unsupported()) return rejected("the controller answered " + r->describe());
  if (!r->ok()) return failed("Format NVM failed: " + r->describe());
  report(ctx, 1.0);
  std::string note = fmt::format("Format NVM completed on namespace {}, keeping its format: {}", *nsid,
                                 nvme::describe_format(ns));
  if (caps.nvme_controller && caps.nvme_controller->secure_erase_applies_to_all()) {
    note += "; the controller applies secure erase to all namespaces (FNA bit 1)";
  }
  return done(note);
}

}  // namespace

Attempt run_nvme(NvmeTransport& t, CommandRecorder& rec, const Capabilities& caps, const std::string& method,
                 PurgeContext& ctx) {
  if (method == "nvme-sanitize-crypto") return nvme_sanitize(t, rec, caps, nvme::SanitizeAction::crypto_erase, ctx);
  if (method == "nvme-sanitize-block") return nvme_sanitize(t, rec, caps, nvme::SanitizeAction::block_erase, ctx);
  if (method == "nvme-sanitize-overwrite") return nvme_sanitize(t, rec, caps, nvme::SanitizeAction::overwrite, ctx);
  if (method == "nvme-format-crypto") return nvme_format(t, rec, caps, 2, ctx);
  if (method == "nvme-format-erase") return nvme_format(t, rec, caps, 1, ctx);
  return failed("unknown NVMe method " + method);
}

}  // namespace wipeseal::purge_detail
