#include "wipe/purge_plan.h"

#include <algorithm>
#include <filesystem>

#include <fmt/format.h>
#include <openssl/crypto.h>

#include "wipe/file_io.h"
#include "wipe/hex.h"

namespace wipeseal {
namespace fs = std::filesystem;

PurgePlan::~PurgePlan() {
  if (ata_password) OPENSSL_cleanse(ata_password->data(), ata_password->size());
}

namespace {

// What new and resumed jobs share: the transports over the open device and a fresh probe.
std::unique_ptr<PurgePlan> probe_for_purge(const DeviceInfo& info, BlockDevice& device, const JobOptions& options) {
  auto plan = std::make_unique<PurgePlan>();
  plan->access = options.firmware(info, device);
  plan->capabilities = probe_capabilities(info, plan->access);
  return plan;
}

}  // namespace

Result<NewJobPlan> plan_new_job(const DeviceInfo& info, BlockDevice& device, const JobOptions& options) {
  NewJobPlan out;
  const bool firmware_requested = options.method == kAutoMethod || is_firmware_method(options.method);
  if (!firmware_requested) {
    out.overwrite_method = options.method;
    return out;
  }
  auto plan = probe_for_purge(info, device, options);
  Capabilities& caps = plan->capabilities;
  FirmwareRecord fr;
  fr.requested = options.method;
  fr.commands = caps.commands;
  if (options.restore_hidden_area && caps.hidden_area.hidden_sectors() > 0) {
    if (auto s = restore_hidden_area(plan->access, caps, fr.commands); !s) return std::unexpected(s.error());
    // What an overwrite can reach is what the block device now reports: the kernel may keep the
    // old size until the disk is rescanned.
    const std::uint64_t reachable = device.size_bytes() / std::max<std::uint32_t>(1, info.logical_sector_size);
    if (reachable < caps.hidden_area.accessible_sectors) {
      caps.hidden_area.accessible_sectors = reachable;
      caps.hidden_area.restored = false;
      caps.hidden_area.note += ", but the kernel still reports the old size: only a firmware purge reaches the "
                               "hidden sectors (rescan the disk or reboot to overwrite them)";
    }
  }
  const Recommendation rec = recommend_method(info, caps);
  fr.command_set = caps.command_set;
  fr.identify_kind = caps.identify_kind;
  fr.identify_sha256 = caps.identify_sha256;
  fr.capabilities = caps.summary();
  fr.candidates = rec.candidates;
  fr.hidden_area = caps.hidden_area;
  if (options.method == kAutoMethod) {
    if (rec.method.empty()) {
      return std::unexpected(make_error(ErrorCode::refused,
                                        fmt::format("no method can erase this drive ({})", reason_code_name(rec.reason_code)),
                                        info.path));
    }
    if (is_firmware_method(rec.method)) {
      plan->methods = usable_methods(rec);
      out.purge = std::move(plan);
    } else {
      out.overwrite_method = rec.method;
    }
  } else {
    if (auto why = firmware_method_unavailable(rec, caps, options.method, info.path)) {
      return std::unexpected(make_error(ErrorCode::refused, *why, info.path));
    }
    plan->methods = {options.method};
    out.purge = std::move(plan);
  }
  out.firmware = std::move(fr);
  return out;
}

std::unique_ptr<PurgePlan> plan_resumed_purge(const Replay& replay, const DeviceInfo& info, BlockDevice& device,
                                              const JobOptions& options, JobRecord& record) {
  // A firmware purge is not resumable half-way: the drive is asked again from the start, after
  // an interrupted ATA security erase is unlocked with its journalled password.
  auto plan = probe_for_purge(info, device, options);
  FirmwareRecord& fw = *record.firmware;
  fw.commands.insert(fw.commands.end(), plan->capabilities.commands.begin(), plan->capabilities.commands.end());
  fw.resumed_after_interruption = true;
  plan->methods = replay.firmware_methods;
  if (plan->methods.empty()) {
    for (const auto& c : fw.candidates) {
      if (c.decision == CandidateDecision::chosen || c.decision == CandidateDecision::available) {
        plan->methods.push_back(c.method);
      }
    }
  }
  // The method the drive may still be running goes first: a sanitize in progress is followed to
  // its end rather than answered with another method the drive would refuse meanwhile.
  const std::string& running = replay.firmware_running_method;
  if (!running.empty()) {
    std::erase(plan->methods, running);
    plan->methods.insert(plan->methods.begin(), running);
  }
  plan->completed_method = replay.firmware_completed_method;
  // A purge already begun can only be checked against the sample hashed before it. Without that
  // file, intact, the job still completes the purge (an ATA drive may be locked with wipeseal's
  // password until it does), but cannot show that the data changed.
  if (!replay.fingerprint_file.empty()) {
    const std::string path = (fs::path(replay.summary.journal_path).parent_path() / replay.fingerprint_file).string();
    auto text = read_file(path);
    if (!text || sha256_hex(*text) != replay.fingerprint_sha256) {
      plan->fingerprint_problem = fmt::format(
          "the sample hashed before the purge ({}) is {}, so there is nothing to compare the drive with; erase the "
          "device again with a new job (`wipeseal erase`) to obtain a verified record",
          path, text ? "altered" : "missing");
    } else {
      plan->fingerprint_text = std::move(*text);
    }
  }
  if (!replay.ata_password_hex.empty()) {
    std::array<std::uint8_t, 32> pw{};
    if (from_hex(replay.ata_password_hex, pw.data(), pw.size())) plan->ata_password = pw;
    OPENSSL_cleanse(pw.data(), pw.size());
  }
  return plan;
}

}  // namespace wipeseal
