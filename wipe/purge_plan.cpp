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
  // An overwrite method asks nothing of the drive, unless the operator wants its hidden sectors
  // made accessible first: then the drive is asked about those alone.
  if (!firmware_requested && !options.restore_hidden_area) {
    out.overwrite_method = options.method;
    return out;
  }
  auto plan = probe_for_purge(info, device, options);
  Capabilities& caps = plan->capabilities;
  FirmwareRecord fr;
  fr.requested = options.method;
  fr.commands = caps.commands;
  if (options.restore_hidden_area) {
    // Refuses, rather than guesses, when the native maximum cannot be read whole (purge.h).
    if (auto s = restore_hidden_area(plan->access, caps, fr.commands); !s) {
      Error e = s.error();
      e.device = info.path;
      return std::unexpected(std::move(e));
    }
    // What an overwrite can reach is what the block device now reports: the kernel may keep the
    // old size until the disk is rescanned.
    const std::uint64_t reachable = device.size_bytes() / std::max<std::uint32_t>(1, info.logical_sector_size);
    if (caps.hidden_area.restored && reachable < caps.hidden_area.accessible_sectors) {
      caps.hidden_area.accessible_sectors = reachable;
      caps.hidden_area.restored = false;
      caps.hidden_area.note += ", but the kernel still reports the old size: only a firmware purge reaches the "
                               "hidden sectors (rescan the disk or reboot to overwrite them)";
    }
  }
  fr.command_set = caps.command_set;
  fr.identify_kind = caps.identify_kind;
  fr.identify_sha256 = caps.identify_sha256;
  fr.capabilities = caps.summary();
  fr.hidden_area = caps.hidden_area;
  if (!firmware_requested) {
    out.overwrite_method = options.method;
    out.firmware = std::move(fr);
    return out;
  }
  const Recommendation rec = recommend_method(info, caps);
  fr.candidates = rec.candidates;
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

namespace {

// An interrupted ATA security erase left the drive's security enabled with wipeseal's own
// password, which the journal holds: the fresh recommendation calls that an unknown password,
// but the erase may go on (ACS-3 4.19.11: SEC4/SEC5 allow UNLOCK and ERASE PREPARE/UNIT).
bool own_password_allows(const std::string& method, const Capabilities& caps, bool have_password) {
  if (!have_password || !caps.ata || !method.starts_with("ata-secure-erase")) return false;
  const ata::SecurityState& s = caps.ata->security;
  if (!s.supported || !s.enabled || s.frozen || s.count_expired) return false;
  return method != "ata-secure-erase-enhanced" || s.enhanced_erase_supported;
}

// Keeps the journalled methods the drive still offers, and notes in the record why the others
// are not sent.
std::vector<std::string> recheck_methods(const std::vector<std::string>& journalled, const Recommendation& fresh,
                                         const Capabilities& caps, bool have_password, FirmwareRecord& fw,
                                         std::string& refusal) {
  std::vector<std::string> keep;
  for (const std::string& m : journalled) {
    const auto c = std::find_if(fresh.candidates.begin(), fresh.candidates.end(),
                                [&](const CandidateRecord& x) { return x.method == m; });
    const bool offered = c != fresh.candidates.end() &&
                         (c->decision == CandidateDecision::chosen || c->decision == CandidateDecision::available);
    if (offered || own_password_allows(m, caps, have_password)) {
      keep.push_back(m);
      continue;
    }
    const bool known = c != fresh.candidates.end();
    const CandidateDecision decision = known ? c->decision : CandidateDecision::not_supported;
    const std::string now = caps.command_set.empty() ? "no firmware command set" : caps.command_set + " commands";
    const std::string why = "on resume the drive no longer offers it: " + (known ? c->reason : "it now answers " + now);
    auto it = std::find_if(fw.candidates.begin(), fw.candidates.end(),
                           [&](const CandidateRecord& x) { return x.method == m; });
    if (it == fw.candidates.end()) {
      fw.candidates.push_back({m, decision, why});
    } else {
      it->decision = decision;
      it->reason = why;
    }
    refusal += (refusal.empty() ? "" : "; ") + m + ": " + why;
  }
  return keep;
}

}  // namespace

std::unique_ptr<PurgePlan> plan_resumed_purge(const Replay& replay, const DeviceInfo& info, BlockDevice& device,
                                              const JobOptions& options, JobRecord& record) {
  // A firmware purge is not resumable half-way: the drive is asked again from the start, after
  // an interrupted ATA security erase is unlocked with its journalled password.
  auto plan = probe_for_purge(info, device, options);
  FirmwareRecord& fw = *record.firmware;
  fw.commands.insert(fw.commands.end(), plan->capabilities.commands.begin(), plan->capabilities.commands.end());
  fw.resumed_after_interruption = true;
  std::vector<std::string> journalled = replay.firmware_methods;
  if (journalled.empty()) {
    for (const auto& c : fw.candidates) {
      if (c.decision == CandidateDecision::chosen || c.decision == CandidateDecision::available) {
        journalled.push_back(c.method);
      }
    }
  }
  // The method the drive may still be running goes first: a sanitize in progress is followed to
  // its end rather than answered with another method the drive would refuse meanwhile.
  const std::string& running = replay.firmware_running_method;
  if (!running.empty()) {
    std::erase(journalled, running);
    journalled.insert(journalled.begin(), running);
  }
  if (!replay.ata_password_hex.empty()) {
    std::array<std::uint8_t, 32> pw{};
    if (from_hex(replay.ata_password_hex, pw.data(), pw.size())) plan->ata_password = pw;
    OPENSSL_cleanse(pw.data(), pw.size());
  }
  if (replay.firmware_completed_method.empty()) {
    const Recommendation fresh = recommend_method(info, plan->capabilities);
    plan->methods = recheck_methods(journalled, fresh, plan->capabilities, plan->ata_password.has_value(), fw,
                                    plan->resume_refusal);
  } else {
    plan->methods = std::move(journalled);  // the drive already reported it done: nothing is sent
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
  return plan;
}

}  // namespace wipeseal
