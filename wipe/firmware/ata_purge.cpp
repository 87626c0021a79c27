// ATA purge procedures: SANITIZE (ACS-3 §7.36, the Sanitize Device feature set §4.17), SECURITY
// ERASE UNIT (§7.47, the Security feature set §4.19), taking back an interrupted erase's password,
// and making a Host Protected Area accessible (§7.40).
#include <openssl/crypto.h>

#include <array>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "wipe/firmware/procedures.h"
#include "wipe/hex.h"
#include "wipe/random_source.h"

namespace wipeseal {
namespace purge_detail {
namespace {

using Clock = std::chrono::steady_clock;

// Overwrites a secret (a password, a block carrying one) when it goes out of scope.
template <class Bytes>
struct CleanseOnExit {
  Bytes& bytes;
  ~CleanseOnExit() { OPENSSL_cleanse(bytes.data(), bytes.size()); }
};
template <class Bytes>
CleanseOnExit(Bytes&) -> CleanseOnExit<Bytes>;

constexpr const char* kSanitizeFrozen =
    "SANITIZE is frozen (SANITIZE FREEZE LOCK EXT, usually sent by the BIOS at power-on) and stays frozen until the "
    "drive is powered off: suspend and resume the computer, or unplug and replug the drive's power, then run "
    "wipeseal again";

std::string sanitize_reason(std::uint8_t reason) {
  return fmt::format("reason {}: {}", reason, ata::sanitize_failure_reason(reason));
}

// Why the drive aborted a sanitize command (ACS-3 7.36: the reason is in LBA 7:0 of the aborted
// command's own outputs, which fixed-format sense carries too; SANITIZE STATUS EXT tells whether
// the drive is frozen when the reason is missing).
Attempt sanitize_refused(AtaTransport& t, CommandRecorder& rec, const ata::Registers& r) {
  const auto reason = static_cast<std::uint8_t>(r.lba & 0xFF);
  bool frozen = reason == ata::kSanitizeReasonFrozen;
  if (!frozen && reason == 0) {
    auto st = ata_whole(t, rec, ata::sanitize_status());
    frozen = st && st->ok() && ata::parse_sanitize_status(*st).frozen;
  }
  if (frozen) return blocked(kSanitizeFrozen);
  if (reason == 2) {
    return rejected("the drive does not support this sanitize operation (" + sanitize_reason(reason) + ")");
  }
  return rejected(fmt::format("the drive refused the command ({}; {})", ata_reason(r), sanitize_reason(reason)));
}

Attempt ata_sanitize(AtaTransport& t, CommandRecorder& rec, ata::SanitizeAction action, PurgeContext& ctx) {
  // ACS-3 4.17 (Sanitize Device feature set): while a sanitize operation is in progress the drive
  // aborts other commands, SANITIZE STATUS EXT excepted, and carries the operation on across a
  // power cycle. Ask first: an earlier run of this job may have started it and been stopped.
  const auto first = ata_whole(t, rec, ata::sanitize_status());
  const bool running = first && first->ok() && ata::parse_sanitize_status(*first).in_progress;
  if (!running) {
    auto r = rec.ata(t, ata::sanitize(action));
    if (!r) return failed(r.error().message);
    if (!r->ok()) return sanitize_refused(t, rec, *r);
  }
  const auto started = Clock::now();
  const auto budget = purge_budget(0xFFFFFFFF, ctx.capacity_bytes);
  for (;;) {
    auto st = ata_whole(t, rec, ata::sanitize_status());
    if (!st) return failed("SANITIZE STATUS EXT failed: " + st.error().message);
    const auto s = ata::parse_sanitize_status(*st);
    const std::string state = fmt::format("SANITIZE STATUS EXT: count={:#06x} lba={:#06x}", st->count, st->lba & 0xFFFF);
    if (s.failed) {
      Attempt a = failed(fmt::format("the drive reports the sanitize operation failed ({}; {})",
                                     sanitize_reason(s.failure_reason), state));
      a.device_report = state;
      return a;
    }
    if (!s.flags_known) {
      return failed("SANITIZE STATUS EXT came back without its status bits (COUNT 15:8 is not in fixed-format sense) "
                    "and the adapter would not return descriptor-format sense, so the sanitize cannot be followed (" +
                    state + ")");
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

// ACS-3 4.19 Security feature set, states SEC1-SEC6: SET PASSWORD (SEC1 -> SEC5), ERASE PREPARE +
// ERASE UNIT (-> SEC1 with security disabled). The temporary password is made durable before it
// is set, so that a crash cannot leave the drive locked with a password nobody knows.
Attempt ata_security_erase(AtaTransport& t, CommandRecorder& rec, bool enhanced, PurgeContext& ctx) {
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
  const CleanseOnExit wipe_password{password};
  if (s.enabled) {
    if (!ctx.ata_password) {
      return blocked("the drive's security is enabled with a password wipeseal does not know; it cannot erase it");
    }
    password = *ctx.ata_password;  // an interrupted erase of ours: complete it (allowed in SEC4/SEC5)
  } else {
    password = temporary_password(ctx.random != nullptr ? *ctx.random : secure_random());
    if (ctx.persist) {
      if (auto p = ctx.persist({{"type", "ata_password"}, {"password", to_hex(password.data(), password.size())}}); !p) {
        return failed("the temporary password could not be made durable, so it was not set: " + p.error().message);
      }
    }
    auto block = ata::password_block(ata::PasswordKind::user, password);
    const CleanseOnExit wipe_block{block};
    auto r = rec.ata(t, ata::security_set_password(), block);
    if (!r) return failed(r.error().message);
    if (!r->ok()) {
      return rejected("the drive refused SECURITY SET PASSWORD (it aborted the command: " + ata_reason(*r) + ")");
    }
  }
  report(ctx, 0.0);
  auto prep = rec.ata(t, ata::security_erase_prepare());
  bool erased = false;
  std::string why;
  if (prep && prep->ok()) {
    auto block = ata::password_block(ata::PasswordKind::user, password, enhanced);
    const CleanseOnExit wipe_block{block};
    auto r = rec.ata(t, ata::security_erase_unit(ata::erase_unit_timeout(*id, enhanced, ctx.capacity_bytes)), block);
    if (r && r->ok()) {
      erased = true;
    } else {
      why = r ? "the drive refused SECURITY ERASE UNIT (it aborted the command: " + ata_reason(*r) + ")"
              : r.error().message;
    }
  } else {
    why = prep ? "the drive refused SECURITY ERASE PREPARE (it aborted the command: " + ata_reason(*prep) + ")"
               : prep.error().message;
  }
  // The drive must end with security disabled; if not, take the password off again.
  auto after = ata_identify(t, rec);
  if (after && after->security.enabled) {
    auto block = ata::password_block(ata::PasswordKind::user, password);
    const CleanseOnExit wipe_block{block};
    if (after->security.locked) (void)rec.ata(t, ata::security_unlock(), block);
    (void)rec.ata(t, ata::security_disable_password(), block);
    after = ata_identify(t, rec);
  }
  const bool disabled = after && !after->security.enabled;
  std::string journal_note;
  if (disabled && ctx.persist) {
    // The drive is fine either way; a journal that still lists the password only makes a later
    // resume check the drive (it finds no password set) — but say so.
    if (auto p = ctx.persist({{"type", "ata_password_cleared"}}); !p) {
      journal_note = "; the job journal could not record that the password was removed: " + p.error().message;
    }
  }
  if (!disabled) {
    const std::string msg = after ? "the drive still has security enabled with wipeseal's temporary password; run "
                                    "`wipeseal resume` to finish or undo the erase"
                                  : "the drive's security state could not be read after the erase: " + after.error().message;
    return failed(erased ? msg : why + "; " + msg);
  }
  if (!erased) return failed(why);
  report(ctx, 1.0);
  return done(fmt::format("security disabled after the erase (IDENTIFY word 128 = {}){}",
                          after->security.enabled ? "enabled" : "not enabled", journal_note));
}

}  // namespace

std::array<std::uint8_t, 32> temporary_password(RandomSource& random) {
  static constexpr char kAlphabet[] = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
  constexpr unsigned kSize = sizeof kAlphabet - 1;
  constexpr unsigned kLimit = 256 - 256 % kSize;
  std::array<std::uint8_t, 32> password{};
  std::size_t filled = 0;
  while (filled < password.size()) {
    std::array<std::uint8_t, 64> raw{};
    random.fill(std::as_writable_bytes(std::span(raw)));
    for (std::uint8_t b : raw) {
      if (b >= kLimit || filled == password.size()) continue;
      password[filled++] = static_cast<std::uint8_t>(kAlphabet[b % kSize]);
    }
    OPENSSL_cleanse(raw.data(), raw.size());
  }
  return password;
}

std::string ata_reason(const ata::Registers& r) {
  return fmt::format("status={:#04x} error={:#04x}", r.status, r.error);
}

Result<ata::Registers> ata_whole(AtaTransport& t, CommandRecorder& rec, const ata::Command& c) {
  auto r = rec.ata(t, c);
  if (!r || !c.extended || !c.repeatable || r->source != ata::RegisterSource::fixed) return r;
  if (r->count_upper_known && r->lba_upper_known) return r;
  if (!rec.descriptor_sense(t)) return r;  // recorded; the partial registers are all there is
  return rec.ata(t, c);
}

Result<ata::Identify> ata_identify(AtaTransport& t, CommandRecorder& rec, std::string* sha256) {
  std::array<std::uint8_t, 512> block{};
  auto r = rec.ata(t, ata::identify_device(), block);
  if (!r) return std::unexpected(r.error());
  if (!r->ok()) return std::unexpected(make_error(ErrorCode::io, "IDENTIFY DEVICE was aborted (" + ata_reason(*r) + ")"));
  if (sha256 != nullptr) *sha256 = sha256_hex(block.data(), block.size());
  return ata::parse_identify(block);
}

Attempt run_ata(AtaTransport& t, CommandRecorder& rec, const std::string& method, PurgeContext& ctx) {
  if (method == "ata-sanitize-crypto") return ata_sanitize(t, rec, ata::SanitizeAction::crypto_scramble, ctx);
  if (method == "ata-sanitize-block") return ata_sanitize(t, rec, ata::SanitizeAction::block_erase, ctx);
  if (method == "ata-sanitize-overwrite") return ata_sanitize(t, rec, ata::SanitizeAction::overwrite, ctx);
  if (method == "ata-secure-erase-enhanced") return ata_security_erase(t, rec, true, ctx);
  if (method == "ata-secure-erase") return ata_security_erase(t, rec, false, ctx);
  return failed("unknown ATA method " + method);
}

}  // namespace purge_detail

void unlock_interrupted_ata(AtaTransport& transport, std::span<const std::uint8_t, 32> password,
                            std::vector<CommandRecord>& commands) {
  CommandRecorder rec(commands);
  auto id = purge_detail::ata_identify(transport, rec);
  if (!id || !id->security.locked) return;
  auto block = ata::password_block(ata::PasswordKind::user, password);
  const purge_detail::CleanseOnExit wipe_block{block};
  // Its answer is in the record; the erase that follows finds out whether the drive unlocked.
  (void)rec.ata(transport, ata::security_unlock(), block);
}

Status restore_hidden_area(FirmwareAccess& access, Capabilities& caps, std::vector<CommandRecord>& commands) {
  HiddenAreaRecord& h = caps.hidden_area;
  if (!caps.ata || !access.ata || (!caps.ata->hpa_supported && !caps.ata->amax_supported)) return {};
  if (h.checked && h.native_sectors <= h.accessible_sectors) return {};
  const ata::Identify& id = *caps.ata;
  CommandRecorder rec(commands);
  auto refuse = [](const std::string& why) {
    return std::unexpected(make_error(ErrorCode::refused, "the hidden sectors were not made accessible: " + why));
  };
  // ACS-3 7.40.1: SET MAX ADDRESS (EXT) must immediately follow READ NATIVE MAX ADDRESS (EXT), so
  // the native maximum is read again now (a MODE SELECT of D_SENSE in between sends no ATA command).
  const ata::Command read = ata::read_native_max(id);
  auto r = purge_detail::ata_whole(*access.ata, rec, read);
  if (!r) return refuse(read.name + " failed: " + r.error().message);
  if (!r->ok()) return refuse("the drive refused " + read.name + " (" + purge_detail::ata_reason(*r) + ")");
  const auto native = ata::native_max_lba(read, *r);
  // A native maximum missing its upper bytes (fixed-format sense: only LBA 23:0) would, sent back
  // as the new maximum, cut the drive down to what those 24 bits say.
  if (!native) {
    return refuse(read.name + " came back without LBA 47:24 (fixed-format sense) and the adapter would not return "
                              "descriptor-format sense, so the native maximum is not known whole");
  }
  if (*native + 1 < h.accessible_sectors) {
    return refuse(fmt::format("{} reports {} sectors, fewer than the {} the drive already makes accessible; setting "
                              "it would shrink the drive (the value was probably cut short on its way back)",
                              read.name, *native + 1, h.accessible_sectors));
  }
  h.checked = true;
  h.native_sectors = *native + 1;
  if (h.native_sectors == h.accessible_sectors) return {};
  auto s = rec.ata(*access.ata, ata::set_max_address(id, *native));
  if (!s) return std::unexpected(s.error());
  if (!s->ok()) {
    return std::unexpected(make_error(ErrorCode::io, "the drive refused to make its native maximum accessible (" +
                                                         purge_detail::ata_reason(*s) + ")"));
  }
  h.restored = true;
  h.accessible_sectors = h.native_sectors;
  h.note += ata::set_max_is_permanent(id)
                ? "; made accessible PERMANENTLY: the drive has the Accessible Max Address feature, and SET ACCESSIBLE "
                  "MAX ADDRESS EXT is not volatile (ACS-3 7.4.3), so a power cycle does not hide them again"
                : "; made accessible until the next power cycle (SET MAX ADDRESS, volatile)";
  return {};
}

}  // namespace wipeseal
