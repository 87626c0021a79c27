#include "wipe/firmware/purge.h"

#include <algorithm>
#include <chrono>
#include <thread>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "wipe/clock.h"
#include "wipe/random_source.h"

namespace wipeseal {

const MethodInfo* find_firmware_method(std::string_view name) {
  for (const auto& m : firmware_methods()) {
    if (m.name == name) return &m;
  }
  return nullptr;
}

namespace {

using json = nlohmann::json;
using Clock = std::chrono::steady_clock;

MethodInfo fw(std::string name, std::string label, std::string reference) {
  return MethodInfo{std::move(name), std::move(label), SanitizeCategory::purge, false, std::move(reference)};
}


// Sends commands and keeps the record of each.
class Recorder {
 public:
  explicit Recorder(std::vector<CommandRecord>& out) : out_(out) {}

  Result<ata::Registers> ata(AtaTransport& t, const ata::Command& c, std::span<std::uint8_t> data = {}) {
    CommandRecord rec = begin(c.name, fmt::format("{:#04x}", c.command));
    rec.detail = fmt::format("feature={:#06x} count={:#06x} lba={:#014x}{}", c.feature, c.count, c.lba,
                             c.extended ? " (48-bit)" : "");
    const auto t0 = Clock::now();
    auto r = t.execute(c, data);
    rec.carrier = t.carrier();
    end(rec, t0);
    if (r) {
      rec.ok = r->ok();
      rec.status = fmt::format("status={:#04x} error={:#04x}", r->status, r->error);
    } else {
      rec.status = r.error().message;
    }
    out_.push_back(std::move(rec));
    return r;
  }

  Result<nvme::Completion> nvme(NvmeTransport& t, const nvme::AdminCommand& c, std::span<std::uint8_t> data = {}) {
    CommandRecord rec = begin(c.name, fmt::format("{:#04x}", c.opcode));
    rec.detail = fmt::format("nsid={:#x} cdw10={:#010x}", c.nsid, c.cdw10);
    if (c.cdw11 != 0) rec.detail += fmt::format(" cdw11={:#010x}", c.cdw11);
    rec.carrier = "NVME_IOCTL_ADMIN_CMD";
    const auto t0 = Clock::now();
    auto r = t.admin(c, data);
    end(rec, t0);
    if (r) {
      rec.ok = r->ok();
      rec.status = r->describe();
    } else {
      rec.status = r.error().message;
    }
    out_.push_back(std::move(rec));
    return r;
  }

  Result<ScsiResult> scsi(ScsiTransport& t, std::string name, std::span<const std::uint8_t> cdb,
                          std::span<std::uint8_t> data, bool data_in, std::chrono::seconds timeout) {
    CommandRecord rec = begin(std::move(name), fmt::format("{:#04x}", cdb[0]));
    rec.detail = "cdb=" + ata::hex_bytes(cdb);
    rec.carrier = "SG_IO";
    const auto t0 = Clock::now();
    auto r = t.execute(cdb, data, data_in, timeout);
    end(rec, t0);
    if (r) {
      rec.ok = r->good();
      const auto sense = scsi::parse_sense(r->sense);
      rec.status = r->good() ? "GOOD" : fmt::format("status={:#04x}{}", r->status, sense ? ", " + sense->describe() : "");
    } else {
      rec.status = r.error().message;
    }
    out_.push_back(std::move(rec));
    return r;
  }

  Result<std::uint32_t> mmc(MmcTransport& t, const mmc::Command& c, std::span<std::uint8_t> data = {}) {
    CommandRecord rec = begin(c.name, fmt::format("CMD{}", c.opcode));
    rec.detail = fmt::format("arg={:#010x}", c.arg);
    rec.carrier = "MMC_IOC_CMD";
    const auto t0 = Clock::now();
    auto r = t.command(c, data);
    end(rec, t0);
    rec.ok = r.has_value();
    rec.status = r ? fmt::format("R1={:#010x}", *r) : r.error().message;
    out_.push_back(std::move(rec));
    if (r && (*r & 0xFDF90008u) != 0) {  // R1 error bits (JESD84-B51 Table 68)
      out_.back().ok = false;
    }
    return r;
  }

  Status secure_discard(MmcTransport& t, std::uint64_t length) {
    CommandRecord rec = begin("BLKSECDISCARD (eMMC secure erase/trim)", "ioctl");
    rec.detail = fmt::format("range=0..{}", length);
    rec.carrier = "BLKSECDISCARD";
    const auto t0 = Clock::now();
    auto r = t.secure_discard(0, length);
    end(rec, t0);
    rec.ok = r.has_value();
    rec.status = r ? "ok" : r.error().message;
    out_.push_back(std::move(rec));
    return r;
  }

 private:
  static CommandRecord begin(std::string name, std::string opcode) {
    CommandRecord rec;
    rec.name = std::move(name);
    rec.opcode = std::move(opcode);
    rec.started_at = now_timestamp();
    return rec;
  }
  static void end(CommandRecord& rec, Clock::time_point t0) {
    rec.duration_ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
  }
  std::vector<CommandRecord>& out_;
};

bool stop_requested(const PurgeContext& ctx) { return ctx.cancel != nullptr && ctx.cancel->load(); }

// Waits between status polls; a real wait ends early when the operator stops the job.
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

void report(PurgeContext& ctx, double f) {
  if (ctx.progress) ctx.progress(std::clamp(f, 0.0, 1.0));
}

// A method's attempt: completed, rejected as unsupported (try the next), blocked, or failed.
struct Attempt {
  std::string decision;  // "completed", "rejected_by_device", "blocked", "failed"
  std::string reason;
  std::string device_report;
};

Attempt done(std::string report = {}) { return {"completed", "", std::move(report)}; }
Attempt rejected(std::string why) { return {"rejected_by_device", std::move(why), ""}; }
Attempt blocked(std::string why) { return {"blocked", std::move(why), ""}; }
Attempt failed(std::string why) { return {"failed", std::move(why), ""}; }
// The operator stopped the job while the drive was still working in the background.
Attempt interrupted(const std::string& state) {
  return {"interrupted",
          "stopped by the operator while the drive was still erasing (" + state +
              "); the drive finishes on its own, even after a power cycle, and `wipeseal resume` follows it to the end",
          state};
}

// How long a drive may take: its own estimate doubled plus 10 minutes, else capacity at 30 MB/s
// plus 30 minutes, at least an hour.
std::chrono::seconds purge_budget(std::uint32_t estimate_seconds, std::uint64_t capacity) {
  const std::int64_t by_capacity = static_cast<std::int64_t>(capacity / 30'000'000) + 1800;
  std::int64_t s = std::max<std::int64_t>(3600, by_capacity);
  if (estimate_seconds != 0xFFFFFFFF && estimate_seconds != 0) s = std::max<std::int64_t>(s, 2LL * estimate_seconds + 600);
  return std::chrono::seconds(s);
}

// --- NVMe ------------------------------------------------------------------------------------

Attempt nvme_sanitize(NvmeTransport& t, Recorder& rec, nvme::SanitizeAction action, PurgeContext& ctx) {
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

Attempt nvme_format(NvmeTransport& t, Recorder& rec, const Capabilities& caps, unsigned ses, PurgeContext& ctx) {
  if (!caps.nvme_namespace) return failed("the namespace's current LBA format is unknown (Identify Namespace failed)");
  nvme::AdminCommand c = nvme::format_nvm(t.namespace_id(), caps.nvme_namespace->lba_format, ses);
  c.timeout_ms = static_cast<std::uint32_t>(
      std::min<std::int64_t>(purge_budget(0xFFFFFFFF, ctx.capacity_bytes).count() * 1000, 0xFFFFFFFF));
  report(ctx, 0.0);
  auto r = rec.nvme(t, c);
  if (!r) return failed(r.error().message);
  if (r->unsupported()) return rejected("the controller answered " + r->describe());
  if (!r->ok()) return failed("Format NVM failed: " + r->describe());
  report(ctx, 1.0);
  std::string note = fmt::format("Format NVM completed on namespace {} (LBA format {} kept)", t.namespace_id(),
                                 caps.nvme_namespace->lba_format);
  if (caps.nvme_controller && caps.nvme_controller->secure_erase_applies_to_all()) {
    note += "; the controller applies secure erase to all namespaces (FNA bit 1)";
  }
  return done(note);
}

// --- ATA -------------------------------------------------------------------------------------

std::string ata_reason(const ata::Registers& r) { return fmt::format("status={:#04x} error={:#04x}", r.status, r.error); }

Attempt ata_sanitize(AtaTransport& t, Recorder& rec, ata::SanitizeAction action, PurgeContext& ctx) {
  // ACS-3 4.17 (Sanitize Device feature set): while a sanitize operation is in progress the drive
  // aborts other commands, SANITIZE STATUS EXT excepted, and carries the operation on across a
  // power cycle. Ask first: an earlier run of this job may have started it and been stopped.
  bool running = false;
  if (auto st = rec.ata(t, ata::sanitize_status()); st && st->ok()) running = ata::parse_sanitize_status(*st).in_progress;
  if (!running) {
    auto r = rec.ata(t, ata::sanitize(action));
    if (!r) return failed(r.error().message);
    if (!r->ok()) {
      // ACS-3 7.36.3.4: on abort the reason is in SANITIZE STATUS EXT (LBA 7:0).
      auto st = rec.ata(t, ata::sanitize_status());
      if (st) {
        const auto s = ata::parse_sanitize_status(*st);
        if (s.frozen || s.failure_reason == 3) return blocked("SANITIZE is frozen (SANITIZE FREEZE LOCK) until power-off");
        if (s.failure_reason == 2) return rejected("the drive does not support this sanitize operation");
      }
      return rejected("the drive aborted the command (" + ata_reason(*r) + ")");
    }
  }
  const auto started = Clock::now();
  const auto budget = purge_budget(0xFFFFFFFF, ctx.capacity_bytes);
  for (;;) {
    auto st = rec.ata(t, ata::sanitize_status());
    if (!st) return failed("SANITIZE STATUS EXT failed: " + st.error().message);
    const auto s = ata::parse_sanitize_status(*st);
    const std::string state = fmt::format("SANITIZE STATUS EXT: count={:#06x} lba={:#06x}", st->count, st->lba & 0xFFFF);
    if (s.failed) {
      Attempt a = failed(fmt::format("the drive reports the sanitize operation failed (reason {}; {})", s.failure_reason,
                                     state));
      a.device_report = state;
      return a;
    }
    if (s.completed_without_error && !s.in_progress) {
      report(ctx, 1.0);
      return done(state + " (completed without error)");
    }
    if (s.in_progress) report(ctx, s.progress);
    if (!s.in_progress && !s.completed_without_error) {
      return failed("the drive reports neither progress nor completion (" + state + ")");
    }
    if (Clock::now() - started > budget) return failed("SANITIZE did not finish in time (" + state + ")");
    if (stop_requested(ctx)) return interrupted(state);
    sleep_for(ctx, ctx.poll_interval);
  }
}

Result<ata::Identify> ata_identify(AtaTransport& t, Recorder& rec, std::string* sha256 = nullptr) {
  std::array<std::uint8_t, 512> block{};
  auto r = rec.ata(t, ata::identify_device(), block);
  if (!r) return std::unexpected(r.error());
  if (!r->ok()) return std::unexpected(make_error(ErrorCode::io, "IDENTIFY DEVICE was aborted (" + ata_reason(*r) + ")"));
  if (sha256 != nullptr) *sha256 = sha256_hex(block.data(), block.size());
  return ata::parse_identify(block);
}

// ACS-3 4.19 Security feature set, states SEC1-SEC6: SET PASSWORD (SEC1 -> SEC5), ERASE PREPARE +
// ERASE UNIT (-> SEC1 with security disabled). The temporary password is made durable before it
// is set, so an interruption can always be recovered.
Attempt ata_security_erase(AtaTransport& t, Recorder& rec, bool enhanced, PurgeContext& ctx) {
  auto id = ata_identify(t, rec);
  if (!id) return failed(id.error().message);
  const ata::SecurityState& s = id->security;
  if (!s.supported) return rejected("the drive does not support the Security feature set");
  if (enhanced && !s.enhanced_erase_supported) return rejected("the drive does not support enhanced security erase");
  if (s.frozen) {
    return blocked("the drive's security is frozen (the BIOS sent SECURITY FREEZE LOCK); suspend and resume the "
                   "computer, or unplug and replug the drive's power, to unfreeze it");
  }
  if (s.count_expired) return blocked("the drive's password attempt counter is exhausted; power-cycle the drive");

  std::array<std::uint8_t, 32> password{};
  if (s.enabled) {
    if (!ctx.ata_password) {
      return blocked("the drive's security is enabled with a password wipeseal does not know; it cannot erase it");
    }
    password = *ctx.ata_password;  // an interrupted erase of ours: complete it (allowed in SEC4/SEC5)
  } else {
    // A printable random password, as some firmware mishandles other bytes.
    RandomSource& random = ctx.random != nullptr ? *ctx.random : secure_random();
    std::array<std::uint8_t, 32> raw{};
    random.fill(std::as_writable_bytes(std::span(raw)));
    static const char alphabet[] = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    for (std::size_t i = 0; i < raw.size(); ++i) password[i] = static_cast<std::uint8_t>(alphabet[raw[i] % 56]);
    if (ctx.persist) {
      if (auto p = ctx.persist({{"type", "ata_password"}, {"password", to_hex(password.data(), password.size())}}); !p) {
        return failed("the temporary password could not be made durable, so it was not set: " + p.error().message);
      }
    }
    auto block = ata::password_block(ata::PasswordKind::user, password);
    auto r = rec.ata(t, ata::security_set_password(), block);
    if (!r) return failed(r.error().message);
    if (!r->ok()) return rejected("SECURITY SET PASSWORD was aborted (" + ata_reason(*r) + ")");
  }
  report(ctx, 0.0);
  auto prep = rec.ata(t, ata::security_erase_prepare());
  bool erased = false;
  std::string why;
  if (prep && prep->ok()) {
    auto block = ata::password_block(ata::PasswordKind::user, password, enhanced);
    auto r = rec.ata(t, ata::security_erase_unit(ata::erase_unit_timeout(*id, enhanced, ctx.capacity_bytes)), block);
    if (r && r->ok()) {
      erased = true;
    } else {
      why = r ? "SECURITY ERASE UNIT was aborted (" + ata_reason(*r) + ")" : r.error().message;
    }
  } else {
    why = prep ? "SECURITY ERASE PREPARE was aborted (" + ata_reason(*prep) + ")" : prep.error().message;
  }
  // The drive must end with security disabled; if not, take the password off again.
  auto after = ata_identify(t, rec);
  if (after && after->security.enabled) {
    auto block = ata::password_block(ata::PasswordKind::user, password);
    if (after->security.locked) (void)rec.ata(t, ata::security_unlock(), block);
    (void)rec.ata(t, ata::security_disable_password(), block);
    after = ata_identify(t, rec);
  }
  const bool disabled = after && !after->security.enabled;
  if (disabled && ctx.persist) (void)ctx.persist({{"type", "ata_password_cleared"}});
  if (!disabled) {
    const std::string msg = after ? "the drive still has security enabled with wipeseal's temporary password; run "
                                    "`wipeseal resume` to finish or undo the erase"
                                  : "the drive's security state could not be read after the erase: " + after.error().message;
    return failed(erased ? msg : why + "; " + msg);
  }
  if (!erased) return failed(why);
  report(ctx, 1.0);
  return done(fmt::format("security disabled after the erase (IDENTIFY word 128 = {})",
                          after->security.enabled ? "enabled" : "not enabled"));
}

// --- SCSI ------------------------------------------------------------------------------------

Attempt scsi_follow_sanitize(ScsiTransport& t, Recorder& rec, PurgeContext& ctx);

Attempt scsi_sanitize(ScsiTransport& t, Recorder& rec, scsi::SanitizeAction action, PurgeContext& ctx) {
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

Attempt scsi_follow_sanitize(ScsiTransport& t, Recorder& rec, PurgeContext& ctx) {
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

// --- eMMC ------------------------------------------------------------------------------------

Attempt mmc_sanitize(MmcTransport& t, Recorder& rec, PurgeContext& ctx) {
  report(ctx, 0.0);
  const auto budget = purge_budget(0xFFFFFFFF, ctx.capacity_bytes);
  auto r = rec.mmc(t, mmc::switch_byte(mmc::kExtCsdSanitizeStart, 1,
                                       static_cast<std::uint32_t>(std::min<std::int64_t>(budget.count() * 1000, 0x7FFFFFFF))));
  if (!r) return r.error().code == ErrorCode::unsupported ? rejected(r.error().message) : failed(r.error().message);
  if ((*r & 0xFDF90008u) != 0) return failed(fmt::format("the card reported an error in its status (R1={:#010x})", *r));
  report(ctx, 1.0);
  return done(fmt::format("SANITIZE completed, card status R1={:#010x}", *r));
}


Attempt run_one(FirmwareAccess& a, const Capabilities& caps, const std::string& method, Recorder& rec,
                PurgeContext& ctx) {
  if (method.rfind("nvme-", 0) == 0) {
    if (!a.nvme) return blocked("the device does not take NVMe admin commands");
    if (method == "nvme-sanitize-crypto") return nvme_sanitize(*a.nvme, rec, nvme::SanitizeAction::crypto_erase, ctx);
    if (method == "nvme-sanitize-block") return nvme_sanitize(*a.nvme, rec, nvme::SanitizeAction::block_erase, ctx);
    if (method == "nvme-sanitize-overwrite") return nvme_sanitize(*a.nvme, rec, nvme::SanitizeAction::overwrite, ctx);
    if (method == "nvme-format-crypto") return nvme_format(*a.nvme, rec, caps, 2, ctx);
    if (method == "nvme-format-erase") return nvme_format(*a.nvme, rec, caps, 1, ctx);
  } else if (method.rfind("ata-", 0) == 0) {
    if (!a.ata) return blocked("the device does not take ATA commands");
    if (method == "ata-sanitize-crypto") return ata_sanitize(*a.ata, rec, ata::SanitizeAction::crypto_scramble, ctx);
    if (method == "ata-sanitize-block") return ata_sanitize(*a.ata, rec, ata::SanitizeAction::block_erase, ctx);
    if (method == "ata-sanitize-overwrite") return ata_sanitize(*a.ata, rec, ata::SanitizeAction::overwrite, ctx);
    if (method == "ata-secure-erase-enhanced") return ata_security_erase(*a.ata, rec, true, ctx);
    if (method == "ata-secure-erase") return ata_security_erase(*a.ata, rec, false, ctx);
  } else if (method.rfind("scsi-", 0) == 0) {
    if (!a.scsi) return blocked("the device does not take SCSI commands");
    if (method == "scsi-sanitize-crypto") return scsi_sanitize(*a.scsi, rec, scsi::SanitizeAction::crypto_erase, ctx);
    if (method == "scsi-sanitize-block") return scsi_sanitize(*a.scsi, rec, scsi::SanitizeAction::block_erase, ctx);
    if (method == "scsi-sanitize-overwrite") return scsi_sanitize(*a.scsi, rec, scsi::SanitizeAction::overwrite, ctx);
  } else if (method.rfind("mmc-", 0) == 0) {
    if (!a.mmc) return blocked("the device does not take eMMC commands");
    if (method == "mmc-sanitize") return mmc_sanitize(*a.mmc, rec, ctx);
    if (method == "mmc-secure-erase") {
      report(ctx, 0.0);
      if (auto s = rec.secure_discard(*a.mmc, ctx.capacity_bytes); !s) {
        return s.error().code == ErrorCode::unsupported || s.error().sys_errno == EOPNOTSUPP ? rejected(s.error().message)
                                                                                                : failed(s.error().message);
      }
      report(ctx, 1.0);
      return done("BLKSECDISCARD over the whole device completed");
    }
  }
  return failed("unknown firmware method " + method);
}

}  // namespace

const std::vector<MethodInfo>& firmware_methods() {
  static const std::vector<MethodInfo> methods = {
      fw("nvme-sanitize-crypto", "NVMe Sanitize, crypto erase (whole subsystem)", "NVMe Base 2.0 §5.24; IEEE 2883 Purge"),
      fw("nvme-sanitize-block", "NVMe Sanitize, block erase (whole subsystem)", "NVMe Base 2.0 §5.24; IEEE 2883 Purge"),
      fw("nvme-sanitize-overwrite", "NVMe Sanitize, overwrite (whole subsystem)", "NVMe Base 2.0 §5.24; IEEE 2883 Purge"),
      fw("nvme-format-crypto", "NVMe Format NVM, secure erase setting 2 (cryptographic erase)",
         "NVMe Base 2.0 §5.23; NIST SP 800-88 Rev. 1 Table A-8 Purge"),
      fw("nvme-format-erase", "NVMe Format NVM, secure erase setting 1 (user data erase)",
         "NVMe Base 2.0 §5.23; NIST SP 800-88 Rev. 1 Table A-8 Purge"),
      fw("ata-sanitize-crypto", "ATA SANITIZE CRYPTO SCRAMBLE EXT", "ACS-3 §7.36; IEEE 2883 Purge"),
      fw("ata-sanitize-block", "ATA SANITIZE BLOCK ERASE EXT", "ACS-3 §7.36; IEEE 2883 Purge"),
      fw("ata-sanitize-overwrite", "ATA SANITIZE OVERWRITE EXT", "ACS-3 §7.36; IEEE 2883 Purge"),
      fw("ata-secure-erase-enhanced", "ATA SECURITY ERASE UNIT, enhanced mode", "ACS-3 §7.47; NIST SP 800-88 Rev. 1 Table A-6"),
      fw("ata-secure-erase", "ATA SECURITY ERASE UNIT, normal mode", "ACS-3 §7.47; NIST SP 800-88 Rev. 1 Table A-6"),
      fw("scsi-sanitize-crypto", "SCSI SANITIZE, cryptographic erase", "SBC-4 §5.30; IEEE 2883 Purge"),
      fw("scsi-sanitize-block", "SCSI SANITIZE, block erase", "SBC-4 §5.30; IEEE 2883 Purge"),
      fw("scsi-sanitize-overwrite", "SCSI SANITIZE, overwrite", "SBC-4 §5.30; IEEE 2883 Purge"),
      fw("mmc-sanitize", "eMMC SANITIZE", "JESD84-B51 §6.6.24"),
      fw("mmc-secure-erase", "eMMC secure erase/trim (BLKSECDISCARD)", "JESD84-B51 §6.6.9"),
  };
  return methods;
}

bool is_firmware_method(std::string_view name) { return find_firmware_method(name) != nullptr; }

const char* reason_code_name(ReasonCode c) {
  switch (c) {
    case ReasonCode::firmware_purge: return "firmware_purge";
    case ReasonCode::frozen: return "frozen";
    case ReasonCode::locked: return "locked";
    case ReasonCode::removable_clear_only: return "removable_clear_only";
    case ReasonCode::purge_blocked: return "purge_blocked";
    case ReasonCode::no_firmware_purge: return "no_firmware_purge";
    case ReasonCode::not_a_drive: return "not_a_drive";
    case ReasonCode::capabilities_unreadable: return "capabilities_unreadable";
  }
  return "unknown";
}

std::string Capabilities::summary() const {
  std::vector<std::string> parts;
  if (ata) {
    const auto& s = ata->security;
    parts.push_back(fmt::format("ATA: SANITIZE {}{}{}{}", ata->sanitize.supported ? "supported" : "not supported",
                                ata->sanitize.crypto_scramble ? " crypto" : "", ata->sanitize.block_erase ? " block" : "",
                                ata->sanitize.overwrite ? " overwrite" : ""));
    parts.push_back(fmt::format("security {}{}{}{}{}", s.supported ? "supported" : "not supported",
                                s.enabled ? ", enabled" : "", s.locked ? ", locked" : "", s.frozen ? ", frozen" : "",
                                s.enhanced_erase_supported ? ", enhanced erase" : ""));
  }
  if (nvme_controller) {
    parts.push_back(fmt::format("NVMe: OACS={:#06x} (Format NVM {}), SANICAP={:#010x}, FNA={:#04x}", nvme_controller->oacs,
                                nvme_controller->format_supported() ? "supported" : "not supported",
                                nvme_controller->sanicap, nvme_controller->fna));
  }
  if (scsi_inquiry) {
    parts.push_back(fmt::format("SCSI: {} {}; SANITIZE overwrite {}, block erase {}, crypto erase {}", scsi_inquiry->vendor,
                                scsi_inquiry->product, scsi_sanitize_overwrite ? "yes" : "no",
                                scsi_sanitize_block ? "yes" : "no", scsi_sanitize_crypto ? "yes" : "no"));
  }
  if (ext_csd) {
    parts.push_back(fmt::format("eMMC: EXT_CSD_REV={} SEC_FEATURE_SUPPORT={:#04x}", ext_csd->revision,
                                ext_csd->sec_feature_support));
  }
  if (hidden_area.checked && hidden_area.hidden_sectors() > 0) {
    parts.push_back(fmt::format("{} sectors hidden above the accessible maximum", hidden_area.hidden_sectors()));
  }
  if (!error.empty()) parts.push_back(error);
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : "; ") + p;
  return out;
}

Capabilities probe_capabilities(const DeviceInfo& device, FirmwareAccess& access) {
  Capabilities caps;
  caps.other_namespaces = access.other_namespaces;
  Recorder rec(caps.commands);
  if (access.nvme) {
    std::vector<std::uint8_t> data(4096);
    auto r = rec.nvme(*access.nvme, nvme::identify_controller(), data);
    if (r && r->ok()) {
      auto c = nvme::parse_identify_controller(data);
      if (c) {
        caps.command_set = "nvme";
        caps.identify_kind = "NVMe Identify Controller";
        caps.identify_sha256 = sha256_hex(data.data(), data.size());
        caps.nvme_controller = *c;
        std::vector<std::uint8_t> ns(4096);
        auto nr = rec.nvme(*access.nvme, nvme::identify_namespace(access.nvme->namespace_id()), ns);
        if (nr && nr->ok()) {
          if (auto n = nvme::parse_identify_namespace(ns)) caps.nvme_namespace = *n;
        }
        return caps;
      }
      caps.error = c.error().message;
    } else {
      caps.error = "Identify Controller failed: " + (r ? r->describe() : r.error().message);
    }
  }
  if (access.ata) {
    std::string hash;
    auto id = ata_identify(*access.ata, rec, &hash);
    if (id) {
      caps.command_set = "ata";
      caps.identify_kind = "ATA IDENTIFY DEVICE";
      caps.identify_sha256 = hash;
      caps.ata = *id;
      caps.error.clear();
      HiddenAreaRecord& h = caps.hidden_area;
      h.accessible_sectors = id->sectors;
      if (id->hpa_supported || id->amax_supported) {
        const ata::Command c = ata::read_native_max(*id);
        auto r = rec.ata(*access.ata, c);
        if (r && r->ok() && r->lba_upper_known) {
          h.checked = true;
          h.native_sectors = ata::native_max_lba(c, *r) + 1;
        } else {
          h.note = "the native maximum could not be read";
        }
      } else {
        h.checked = true;
        h.native_sectors = id->sectors;
      }
      if (id->dco_supported && !id->security.frozen) {
        std::array<std::uint8_t, 512> dco{};
        auto r = rec.ata(*access.ata, ata::dco_identify(), dco);
        if (r && r->ok()) {
          if (auto max = ata::dco_max_lba(dco)) h.dco_sectors = *max + 1;
        }
      }
      if (h.checked && h.hidden_sectors() > 0) {
        h.note = fmt::format("{} sectors ({} bytes) lie above the accessible maximum ({}){}", h.hidden_sectors(),
                             h.hidden_sectors() * id->logical_sector_size,
                             h.native_sectors > h.accessible_sectors ? "Host Protected Area" : "Device Configuration Overlay",
                             h.dco_sectors > h.native_sectors ? "; a DCO restriction can only be removed permanently, "
                                                                "which wipeseal does not do"
                                                              : "");
      }
      return caps;
    }
    caps.error = "IDENTIFY DEVICE failed: " + id.error().message;
  }
  if (access.scsi) {
    std::array<std::uint8_t, 96> inq{};
    auto r = rec.scsi(*access.scsi, "INQUIRY", scsi::inquiry(inq.size()), inq, true, std::chrono::seconds(30));
    if (r && r->good()) {
      caps.scsi_inquiry = scsi::parse_inquiry(inq);
      caps.command_set = "scsi";
      caps.identify_kind = "SCSI INQUIRY";
      caps.identify_sha256 = sha256_hex(inq.data(), inq.size());
      caps.error.clear();
      auto supported = [&](scsi::SanitizeAction sa) {
        std::array<std::uint8_t, 64> out{};
        auto q = rec.scsi(*access.scsi, "REPORT SUPPORTED OPERATION CODES",
                          scsi::report_supported_opcode(0x48, static_cast<std::uint8_t>(sa), out.size()), out, true,
                          std::chrono::seconds(30));
        return q && q->good() && scsi::opcode_supported(out);
      };
      caps.scsi_sanitize_overwrite = supported(scsi::SanitizeAction::overwrite);
      caps.scsi_sanitize_block = supported(scsi::SanitizeAction::block_erase);
      caps.scsi_sanitize_crypto = supported(scsi::SanitizeAction::crypto_erase);
      return caps;
    }
    if (caps.error.empty()) caps.error = "INQUIRY failed";
  }
  if (access.mmc) {
    std::array<std::uint8_t, 512> ext{};
    auto r = rec.mmc(*access.mmc, mmc::send_ext_csd(), ext);
    if (r) {
      caps.ext_csd = mmc::parse_ext_csd(ext);
      caps.command_set = "mmc";
      caps.identify_kind = "eMMC EXT_CSD";
      caps.identify_sha256 = sha256_hex(ext.data(), ext.size());
      caps.error.clear();
      return caps;
    }
    caps.error = "SEND_EXT_CSD failed: " + r.error().message;
  }
  (void)device;
  return caps;
}

Recommendation recommend_method(const DeviceInfo& device, const Capabilities& caps) {
  Recommendation rec;
  auto add = [&](const char* method, bool supported, std::string reason) {
    rec.candidates.push_back({method, supported ? "available" : "not_supported", std::move(reason)});
  };
  auto label = [](const std::string& m) { return find_firmware_method(m)->label; };
  if (caps.nvme_controller) {
    const auto& c = *caps.nvme_controller;
    const std::string sanicap = fmt::format("SANICAP={:#010x}", c.sanicap);
    add("nvme-sanitize-crypto", c.sanitize_crypto(), sanicap + (c.sanitize_crypto() ? ": crypto erase supported" : ": bit 0 (crypto erase) clear"));
    add("nvme-sanitize-block", c.sanitize_block(), sanicap + (c.sanitize_block() ? ": block erase supported" : ": bit 1 (block erase) clear"));
    add("nvme-sanitize-overwrite", c.sanitize_overwrite(), sanicap + (c.sanitize_overwrite() ? ": overwrite supported" : ": bit 2 (overwrite) clear"));
    const bool fmt_ok = c.format_supported() && caps.nvme_namespace.has_value();
    add("nvme-format-crypto", fmt_ok && c.format_crypto_erase(),
        fmt::format("OACS={:#06x}, FNA={:#04x}: {}", c.oacs, c.fna,
                    !c.format_supported() ? "Format NVM not supported (OACS bit 1 clear)"
                    : c.format_crypto_erase() ? "cryptographic erase supported (FNA bit 2)"
                                              : "cryptographic erase not supported (FNA bit 2 clear)"));
    add("nvme-format-erase", fmt_ok,
        fmt::format("OACS={:#06x}: {}", c.oacs,
                    !c.format_supported() ? "Format NVM not supported (OACS bit 1 clear)"
                    : fmt_ok              ? "Format NVM supported (OACS bit 1)"
                                          : "the namespace's LBA format is unknown"));
    // Sanitize acts on the whole NVM subsystem, and Format on all namespaces when FNA bit 0/1 says
    // so: never while the controller has another namespace the operator did not choose.
    if (!caps.other_namespaces.empty()) {
      std::string others;
      for (const auto& n : caps.other_namespaces) others += (others.empty() ? "" : ", ") + n;
      for (auto& cand : rec.candidates) {
        if (cand.decision != "available") continue;
        const bool subsystem_wide = cand.method.rfind("nvme-sanitize", 0) == 0 ||
                                    (cand.method.rfind("nvme-format", 0) == 0 &&
                                     (c.format_applies_to_all() || c.secure_erase_applies_to_all()));
        if (subsystem_wide) {
          cand.decision = "blocked";
          cand.reason = fmt::format("the controller has other namespaces ({}) that this command would erase too", others);
        }
      }
    }
  } else if (caps.ata) {
    const auto& id = *caps.ata;
    const auto& s = id.security;
    add("ata-sanitize-crypto", id.sanitize.crypto_scramble, id.sanitize.crypto_scramble ? "IDENTIFY word 59 bit 13 set" : "IDENTIFY word 59 bit 13 (CRYPTO SCRAMBLE) clear");
    add("ata-sanitize-block", id.sanitize.block_erase, id.sanitize.block_erase ? "IDENTIFY word 59 bit 15 set" : "IDENTIFY word 59 bit 15 (BLOCK ERASE) clear");
    add("ata-sanitize-overwrite", id.sanitize.overwrite, id.sanitize.overwrite ? "IDENTIFY word 59 bit 14 set" : "IDENTIFY word 59 bit 14 (OVERWRITE) clear");
    add("ata-secure-erase-enhanced", s.supported && s.enhanced_erase_supported,
        !s.supported ? "Security feature set not supported (word 128 bit 0 clear)"
        : s.enhanced_erase_supported ? "enhanced erase supported (word 128 bit 5)"
                                     : "enhanced erase not supported (word 128 bit 5 clear)");
    add("ata-secure-erase", s.supported, s.supported ? "Security feature set supported (word 128 bit 0)" : "Security feature set not supported (word 128 bit 0 clear)");
    for (auto& c : rec.candidates) {
      if (c.decision != "available" || c.method.rfind("ata-secure", 0) != 0) continue;
      if (s.frozen) {
        c.decision = "blocked";
        c.reason = "security is frozen (word 128 bit 3): the BIOS sent SECURITY FREEZE LOCK";
      } else if (s.locked || s.enabled) {
        c.decision = "blocked";
        c.reason = "security is enabled with an unknown password (word 128 bits 1-2)";
      } else if (s.count_expired) {
        c.decision = "blocked";
        c.reason = "the password attempt counter is exhausted (word 128 bit 4)";
      }
    }
  } else if (caps.scsi_inquiry) {
    add("scsi-sanitize-crypto", caps.scsi_sanitize_crypto, caps.scsi_sanitize_crypto ? "REPORT SUPPORTED OPERATION CODES: SANITIZE/03h supported" : "SANITIZE/03h not reported as supported");
    add("scsi-sanitize-block", caps.scsi_sanitize_block, caps.scsi_sanitize_block ? "REPORT SUPPORTED OPERATION CODES: SANITIZE/02h supported" : "SANITIZE/02h not reported as supported");
    add("scsi-sanitize-overwrite", caps.scsi_sanitize_overwrite, caps.scsi_sanitize_overwrite ? "REPORT SUPPORTED OPERATION CODES: SANITIZE/01h supported" : "SANITIZE/01h not reported as supported");
  } else if (caps.ext_csd) {
    add("mmc-sanitize", caps.ext_csd->sanitize(), fmt::format("EXT_CSD_REV={}, SEC_FEATURE_SUPPORT={:#04x}{}", caps.ext_csd->revision, caps.ext_csd->sec_feature_support, caps.ext_csd->sanitize() ? ": SEC_SANITIZE set" : ": SEC_SANITIZE clear"));
    add("mmc-secure-erase", caps.ext_csd->secure_erase(), caps.ext_csd->secure_erase() ? "SECURE_ER_EN set" : "SECURE_ER_EN clear");
  }
  if (caps.hidden_area.checked && caps.hidden_area.hidden_sectors() > 0) rec.warnings.push_back(caps.hidden_area.note);

  for (auto& c : rec.candidates) {
    if (c.decision == "available") {
      c.decision = "chosen";
      rec.method = c.method;
      rec.category = SanitizeCategory::purge;
      rec.reason_code = ReasonCode::firmware_purge;
      rec.reason_args = {label(c.method)};
      rec.reason = fmt::format("The drive supports {}: a Purge under NIST SP 800-88 / IEEE 2883.", label(c.method));
      return rec;
    }
  }
  // No firmware purge: Clear by overwriting.
  rec.method = std::string(kDefaultMethod);
  rec.category = SanitizeCategory::clear;
  const bool flash_stick = device.transport == Transport::usb || device.transport == Transport::mmc;
  const auto blocked_it = std::find_if(rec.candidates.begin(), rec.candidates.end(),
                                       [](const CandidateRecord& c) { return c.decision == "blocked"; });
  if (device.transport == Transport::loop || device.is_image_file() || device.transport == Transport::virtio) {
    rec.reason_code = ReasonCode::not_a_drive;
    rec.reason = "Not a physical drive (loop device, image file or virtual disk): overwrite with the AES-256-CTR pattern "
                 "(Clear).";
  } else if (caps.ata && caps.ata->security.locked) {
    rec.method.clear();
    rec.reason_code = ReasonCode::locked;
    rec.reason = "The drive is locked with an ATA password wipeseal does not know: it cannot be read, written or "
                 "erased until it is unlocked. Destroy it physically if the password is lost.";
  } else if (blocked_it != rec.candidates.end() && caps.ata && caps.ata->security.frozen) {
    rec.reason_code = ReasonCode::frozen;
    rec.reason_args = {label(blocked_it->method)};
    rec.reason = fmt::format("The drive supports {} but its security is frozen by the BIOS; suspend and resume the "
                             "computer (or unplug and replug the drive's power) to unfreeze it, then plan again. "
                             "Until then only overwriting (Clear) is possible.",
                             label(blocked_it->method));
    rec.warnings.push_back("frozen: suspend/resume the computer to unfreeze the drive");
  } else if (flash_stick && !caps.ext_csd) {
    rec.reason_code = ReasonCode::removable_clear_only;
    rec.destroy_if_top_secret = true;
    rec.reason = "USB sticks and memory cards offer no firmware purge: only Clear (overwrite) is possible. Media that "
                 "held Tuyệt mật information should be destroyed physically.";
  } else if (flash_stick) {
    rec.reason_code = ReasonCode::removable_clear_only;
    rec.destroy_if_top_secret = true;
    rec.reason = "This eMMC offers no sanitize or secure erase: only Clear (overwrite) is possible. Media that held "
                 "Tuyệt mật information should be destroyed physically.";
  } else if (caps.command_set.empty()) {
    rec.reason_code = ReasonCode::capabilities_unreadable;
    rec.reason_args = {caps.error.empty() ? std::string("no command set answered") : caps.error};
    rec.reason = fmt::format("The drive's capabilities could not be read ({}): overwrite with the AES-256-CTR pattern "
                             "(Clear).",
                             rec.reason_args[0]);
  } else if (blocked_it != rec.candidates.end()) {
    rec.reason_code = ReasonCode::purge_blocked;
    rec.reason_args = {label(blocked_it->method), blocked_it->reason};
    rec.reason = fmt::format("The drive supports {} but wipeseal will not send it: {}. Overwrite with the AES-256-CTR "
                             "pattern (Clear) instead.",
                             rec.reason_args[0], rec.reason_args[1]);
  } else {
    rec.reason_code = ReasonCode::no_firmware_purge;
    rec.reason_args = {caps.summary()};
    rec.reason = fmt::format("The drive reports no firmware purge ({}): overwrite with the AES-256-CTR pattern (Clear).",
                             caps.summary());
  }
  return rec;
}

PurgeResult run_firmware_purge(FirmwareAccess& access, const Capabilities& caps, const std::vector<std::string>& methods,
                               PurgeContext& context) {
  PurgeResult result;
  Recorder rec(result.commands);
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
    if (a.decision == "interrupted") {
      result.attempts.push_back({m, a.decision, a.reason});
      result.interrupted = true;
      result.interrupted_method = m;
      return result;
    }
    if (a.decision == "completed") {
      result.attempts.push_back({m, "completed", "the drive reported success"});
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

void unlock_interrupted_ata(AtaTransport& transport, std::span<const std::uint8_t, 32> password,
                            std::vector<CommandRecord>& commands) {
  Recorder rec(commands);
  auto id = ata_identify(transport, rec);
  if (!id || !id->security.locked) return;
  auto block = ata::password_block(ata::PasswordKind::user, password);
  (void)rec.ata(transport, ata::security_unlock(), block);
}

Status restore_hidden_area(FirmwareAccess& access, Capabilities& caps, std::vector<CommandRecord>& commands) {
  HiddenAreaRecord& h = caps.hidden_area;
  if (!caps.ata || !access.ata || !h.checked || h.native_sectors <= h.accessible_sectors) return {};
  Recorder rec(commands);
  // ACS-3 7.40.1: SET MAX ADDRESS EXT must immediately follow READ NATIVE MAX ADDRESS EXT.
  const ata::Command read = ata::read_native_max(*caps.ata);
  auto r = rec.ata(*access.ata, read);
  if (!r || !r->ok()) return std::unexpected(make_error(ErrorCode::io, "READ NATIVE MAX ADDRESS failed before SET MAX"));
  const std::uint64_t native = ata::native_max_lba(read, *r);
  auto s = rec.ata(*access.ata, ata::set_max_volatile(*caps.ata, native));
  if (!s) return std::unexpected(s.error());
  if (!s->ok()) {
    return std::unexpected(make_error(ErrorCode::io, fmt::format("the drive refused to make its native maximum accessible "
                                                                 "(status={:#04x} error={:#04x})",
                                                                 s->status, s->error)));
  }
  h.restored = true;
  h.accessible_sectors = native + 1;
  h.note += "; restored to the native maximum until the next power cycle";
  return {};
}

}  // namespace wipeseal
