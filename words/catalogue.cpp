#include "words/catalogue.h"

#include <QCoreApplication>
#include <QStringList>
#include <QTranslator>

#include <algorithm>
#include <cmath>

#include "wipe/firmware/methods.h"
#include "wipe/text.h"

namespace wipeseal::words {
namespace {

// The Vietnamese texts, compiled from i18n/wipeseal_vi.ts into this library's resources.
QTranslator& vi_translator() {
  static QTranslator translator;
  static const bool loaded = translator.load(QStringLiteral(":/i18n/wipeseal_vi.qm"));
  (void)loaded;  // a missing translation shows as English; the catalogue test checks it loads
  return translator;
}

Lang g_language = Lang::vi;

// One catalogue text in `lang`; `n` fills %n and picks the plural form.
QString tr(Lang lang, const char* source, int n = -1) {
  QString out;
  if (lang == Lang::vi) out = vi_translator().translate("Words", source, nullptr, n);
  if (out.isEmpty()) out = QString::fromUtf8(source);
  if (n >= 0) out.replace(QStringLiteral("%n"), QString::number(n));
  return out;
}

// A text whose English source is shared by two meanings ("FAILED" outcome, "FAILED" verdict).
struct Disambiguated {
  const char* source;
  const char* comment;
};
QString tr(Lang lang, Disambiguated text) {
  QString out;
  if (lang == Lang::vi) out = vi_translator().translate("Words", text.source, text.comment);
  return out.isEmpty() ? QString::fromUtf8(text.source) : out;
}

QString q(const std::string& s) { return QString::fromStdString(s); }

// A number as the language writes it: Vietnamese uses a decimal comma ("4,57 %", "6,13 MB").
QString in_language(QString number, Lang lang) {
  if (lang == Lang::vi) number.replace(QLatin1Char('.'), QLatin1Char(','));
  return number;
}
QString size_in(std::uint64_t bytes, Lang lang) { return in_language(q(format_size(bytes)), lang); }
QString decimal_in(double value, int decimals, Lang lang) {
  return in_language(QString::number(value, 'f', decimals), lang);
}

}  // namespace

std::optional<Lang> parse_language(std::string_view code) {
  if (code.starts_with("vi")) return Lang::vi;
  if (code.starts_with("en")) return Lang::en;
  return std::nullopt;
}

const char* language_code(Lang lang) { return lang == Lang::vi ? "vi" : "en"; }

void set_language(Lang lang) {
  g_language = lang;
  QTranslator& t = vi_translator();
  QCoreApplication::removeTranslator(&t);
  if (lang == Lang::vi) QCoreApplication::installTranslator(&t);
}

Lang language() { return g_language; }

QString shown(std::string_view untrusted) { return QString::fromStdString(printable(untrusted)); }

// --- disks -----------------------------------------------------------------------------------

QString device_kind(const DeviceInfo& d, Lang lang) {
  switch (d.transport) {
    case Transport::usb: return tr(lang, QT_TRANSLATE_NOOP("Words", "USB drive"));
    case Transport::mmc: return tr(lang, QT_TRANSLATE_NOOP("Words", "memory card or eMMC"));
    case Transport::nvme: return tr(lang, QT_TRANSLATE_NOOP("Words", "NVMe SSD"));
    case Transport::loop: return tr(lang, QT_TRANSLATE_NOOP("Words", "loop device (test disk)"));
    case Transport::image_file: return tr(lang, QT_TRANSLATE_NOOP("Words", "image file (test disk)"));
    case Transport::virtio: return tr(lang, QT_TRANSLATE_NOOP("Words", "virtual disk"));
    default:
      return d.rotational ? tr(lang, QT_TRANSLATE_NOOP("Words", "hard disk (HDD)"))
                          : tr(lang, QT_TRANSLATE_NOOP("Words", "SSD"));
  }
}

QString device_line(const DeviceInfo& d, Lang lang) {
  QStringList parts;
  if (!d.model.empty()) {
    parts << shown(d.vendor.empty() ? d.model : d.vendor + " " + d.model);
  } else {
    switch (d.transport) {
      case Transport::loop: parts << tr(lang, QT_TRANSLATE_NOOP("Words", "loop device %1")).arg(shown(d.name)); break;
      case Transport::image_file: parts << tr(lang, QT_TRANSLATE_NOOP("Words", "image file %1")).arg(shown(d.name)); break;
      case Transport::virtio: parts << tr(lang, QT_TRANSLATE_NOOP("Words", "virtual disk %1")).arg(shown(d.name)); break;
      default: parts << tr(lang, QT_TRANSLATE_NOOP("Words", "disk %1 (model unknown)")).arg(shown(d.name)); break;
    }
  }
  if (!d.serial.empty()) parts << tr(lang, QT_TRANSLATE_NOOP("Words", "serial %1")).arg(shown(d.serial));
  if (!d.loop_backing_file.empty()) {
    parts << tr(lang, QT_TRANSLATE_NOOP("Words", "backed by %1")).arg(shown(d.loop_backing_file));
  }
  parts << size_in(d.size_bytes, lang);
  return parts.join(QStringLiteral(", "));
}

QString content_text(const ContentSummary& c, Lang lang) {
  if (!c.probed && c.probe_error == kContentNotReadInUse) {
    return tr(lang, QT_TRANSLATE_NOOP("Words", "not read while another program uses the disk"));
  }
  if (!c.probed) return tr(lang, QT_TRANSLATE_NOOP("Words", "content could not be read (%1)")).arg(shown(c.probe_error));
  if (c.empty()) return tr(lang, QT_TRANSLATE_NOOP("Words", "no partition table or filesystem found"));
  QStringList parts;
  if (!c.partition_table.empty()) {
    parts << tr(lang, QT_TRANSLATE_N_NOOP("Words", "partition table %1 with %n partition(s)"),
                static_cast<int>(c.partitions.size()))
                 .arg(shown(c.partition_table).toUpper());
  }
  for (const auto& s : c.signatures) {
    if (s.kind != "filesystem") continue;
    QString item = shown(s.type);
    if (!s.label.empty()) item += QStringLiteral(" \u201C%1\u201D").arg(shown(s.label));
    if (!s.partition.empty()) item += QStringLiteral(" (%1)").arg(shown(s.partition));
    parts << item;
  }
  return parts.join(QStringLiteral("; "));
}

// --- safety ----------------------------------------------------------------------------------

QString refusal_reason(const Refusal& r, Lang lang) {
  const QString s = shown(r.subject), d = shown(r.detail);
  switch (r.code) {
    case RefusalCode::partition:
      return tr(lang, QT_TRANSLATE_NOOP("Words", "%1 is a partition of %2; wipeseal erases whole disks only")).arg(s, d);
    case RefusalCode::virtual_device:
      return tr(lang, QT_TRANSLATE_NOOP("Words", "%1 is a virtual device built from other disks (LVM, RAID, "
                                                 "device-mapper or RAM)"))
          .arg(s);
    case RefusalCode::boot_medium:
      return tr(lang, QT_TRANSLATE_NOOP("Words", "this disk carries the running system (%1 is mounted at %2)")).arg(s, d);
    case RefusalCode::mounted: return tr(lang, QT_TRANSLATE_NOOP("Words", "%1 is mounted at %2")).arg(s, d);
    case RefusalCode::swap: return tr(lang, QT_TRANSLATE_NOOP("Words", "%1 is in use as swap space")).arg(s);
    case RefusalCode::holders:
      return tr(lang, QT_TRANSLATE_NOOP("Words", "%1 or one of its partitions is part of %2 (LVM, RAID or encrypted "
                                                 "volume)"))
          .arg(s, d);
    case RefusalCode::read_only: return tr(lang, QT_TRANSLATE_NOOP("Words", "%1 is read-only")).arg(s);
    case RefusalCode::no_medium:
      return tr(lang, QT_TRANSLATE_NOOP("Words", "%1 reports a size of zero (no medium inserted, or an empty file)"))
          .arg(s);
    case RefusalCode::image_attached:
      return tr(lang, QT_TRANSLATE_NOOP("Words", "the image file is attached as %1, which may be mounted or in use"))
          .arg(d);
    case RefusalCode::wipeseal_medium:
      return tr(lang, QT_TRANSLATE_NOOP("Words", "%1 is the wipeseal stick or its data drive (it carries the label %2)"))
          .arg(s, d);
    case RefusalCode::in_use:
      return tr(lang, QT_TRANSLATE_NOOP("Words", "%1 is in use: another program, such as another wipeseal job, has it "
                                                 "open exclusively"))
          .arg(s);
  }
  return s;
}

QString refusal_remedy(const Refusal& r, Lang lang) {
  const QString s = shown(r.subject), d = shown(r.detail);
  switch (r.code) {
    case RefusalCode::partition: return tr(lang, QT_TRANSLATE_NOOP("Words", "name the whole disk (%1) instead")).arg(d);
    case RefusalCode::virtual_device:
      return tr(lang, QT_TRANSLATE_NOOP("Words", "stop or close the volume and erase each member disk"));
    case RefusalCode::boot_medium:
      return tr(lang, QT_TRANSLATE_NOOP("Words", "wipeseal never erases the disk it runs from; boot from the wipeseal "
                                                 "USB stick to erase this computer's disks"));
    case RefusalCode::mounted:
      return tr(lang, QT_TRANSLATE_NOOP("Words", "copy off anything you need, then unmount it: umount %1")).arg(d);
    case RefusalCode::swap: return tr(lang, QT_TRANSLATE_NOOP("Words", "turn it off first: swapoff %1")).arg(s);
    case RefusalCode::holders:
      return tr(lang, QT_TRANSLATE_NOOP("Words", "deactivate that volume first (vgchange -an, mdadm --stop or "
                                                 "cryptsetup close)"));
    case RefusalCode::read_only:
      return tr(lang, QT_TRANSLATE_NOOP("Words", "check for a write-protect switch, or clear the read-only flag: "
                                                 "blockdev --setrw %1"))
          .arg(s.startsWith(QLatin1Char('/')) ? s : QStringLiteral("/dev/") + s);
    case RefusalCode::no_medium:
      return tr(lang, QT_TRANSLATE_NOOP("Words", "insert the medium or check the cable (or name a file that holds a "
                                                 "disk image), then list the disks again"));
    case RefusalCode::image_attached:
      return tr(lang, QT_TRANSLATE_NOOP("Words", "erase %1 instead, or detach it first: losetup -d %1")).arg(d);
    case RefusalCode::wipeseal_medium:
      return tr(lang, QT_TRANSLATE_NOOP("Words", "it is never erased: it holds wipeseal itself, or the office's keys and "
                                                 "records; erase this computer's own disks"));
    case RefusalCode::in_use:
      return tr(lang, QT_TRANSLATE_NOOP("Words", "wait until that job ends (wipeseal list shows the disk free again), "
                                                 "or close the program that uses it"));
  }
  return {};
}

QString refusal_short(const Refusal& r, Lang lang) {
  switch (r.code) {
    case RefusalCode::boot_medium:
      return tr(lang, QT_TRANSLATE_NOOP("Words", "This is the disk the system is running from"));
    case RefusalCode::mounted:
    case RefusalCode::swap:
    case RefusalCode::holders:
    case RefusalCode::in_use:
    case RefusalCode::image_attached: return tr(lang, QT_TRANSLATE_NOOP("Words", "In use"));
    case RefusalCode::read_only: return tr(lang, QT_TRANSLATE_NOOP("Words", "Write-protected"));
    case RefusalCode::no_medium: return tr(lang, QT_TRANSLATE_NOOP("Words", "No medium"));
    case RefusalCode::partition: return tr(lang, QT_TRANSLATE_NOOP("Words", "A partition, not a whole disk"));
    case RefusalCode::virtual_device: return tr(lang, QT_TRANSLATE_NOOP("Words", "A virtual volume, not a disk"));
    case RefusalCode::wipeseal_medium: return tr(lang, QT_TRANSLATE_NOOP("Words", "This is the wipeseal USB stick"));
  }
  return {};
}

// --- errors ----------------------------------------------------------------------------------

QString error_kind(ErrorCode code, Lang lang) {
  switch (code) {
    case ErrorCode::invalid_input: return tr(lang, QT_TRANSLATE_NOOP("Words", "Invalid input"));
    case ErrorCode::not_found: return tr(lang, QT_TRANSLATE_NOOP("Words", "Not found"));
    case ErrorCode::refused: return tr(lang, QT_TRANSLATE_NOOP("Words", "Refused"));
    case ErrorCode::io: return tr(lang, QT_TRANSLATE_NOOP("Words", "Input/output error"));
    case ErrorCode::device_gone: return tr(lang, QT_TRANSLATE_NOOP("Words", "The device disappeared"));
    case ErrorCode::busy: return tr(lang, QT_TRANSLATE_NOOP("Words", "The device or job is in use"));
    case ErrorCode::permission_denied:
      return tr(lang, QT_TRANSLATE_NOOP("Words", "Permission denied (run wipeseal as root)"));
    case ErrorCode::unsupported: return tr(lang, QT_TRANSLATE_NOOP("Words", "Not supported"));
    case ErrorCode::corrupt: return tr(lang, QT_TRANSLATE_NOOP("Words", "Damaged data"));
    case ErrorCode::cancelled: return tr(lang, QT_TRANSLATE_NOOP("Words", "Stopped by the operator"));
    case ErrorCode::internal: return tr(lang, QT_TRANSLATE_NOOP("Words", "Internal error in wipeseal"));
  }
  return {};
}

QString error_text(const Error& e, Lang lang) { return error_kind(e.code, lang) + QStringLiteral(": ") + shown(e.describe()); }

// --- methods and plans -----------------------------------------------------------------------

QString method_label(std::string_view name_or_label, Lang lang) {
  std::string_view name = name_or_label;
  for (const auto& m : firmware_methods()) {
    if (m.label == name_or_label) name = m.name;
  }
  if (name == "auto") {
    return tr(lang, QT_TRANSLATE_NOOP("Words", "The best method the drive supports: a firmware purge where possible, "
                                               "else one AES-256-CTR pass"));
  }
  if (name == "clear") {
    return tr(lang, QT_TRANSLATE_NOOP("Words", "One pass of the AES-256-CTR random pattern (NIST SP 800-88 Clear)"));
  }
  if (name == "zero") return tr(lang, QT_TRANSLATE_NOOP("Words", "One pass of zeros (0x00) (NIST SP 800-88 Clear)"));
  if (name == "one") return tr(lang, QT_TRANSLATE_NOOP("Words", "One pass of ones (0xFF) (NIST SP 800-88 Clear)"));
  if (name == "byte:0xNN") {
    return tr(lang, QT_TRANSLATE_NOOP("Words", "One pass of a fixed byte of your choice, e.g. byte:0x5A"));
  }
  if (name.starts_with("byte:")) {
    return tr(lang, QT_TRANSLATE_NOOP("Words", "One pass of the fixed byte %1 (Clear)")).arg(shown(name.substr(5)));
  }
  if (name == "dod-3") {
    return tr(lang, QT_TRANSLATE_NOOP("Words", "LEGACY: DoD 5220.22-M, 3 passes (character, complement, random)"));
  }
  if (name == "dod-7") return tr(lang, QT_TRANSLATE_NOOP("Words", "LEGACY: DoD 5220.22-M ECE, 7 passes"));
  if (name == "gutmann") {
    return tr(lang, QT_TRANSLATE_NOOP("Words", "LEGACY: Gutmann, 35 passes; no benefit on modern drives"));
  }
  if (name == "nvme-sanitize-crypto") {
    return tr(lang, QT_TRANSLATE_NOOP("Words", "NVMe Sanitize, crypto erase (whole subsystem)"));
  }
  if (name == "nvme-sanitize-block") return tr(lang, QT_TRANSLATE_NOOP("Words", "NVMe Sanitize, block erase (whole subsystem)"));
  if (name == "nvme-sanitize-overwrite") {
    return tr(lang, QT_TRANSLATE_NOOP("Words", "NVMe Sanitize, overwrite (whole subsystem)"));
  }
  if (name == "nvme-format-crypto") {
    return tr(lang, QT_TRANSLATE_NOOP("Words", "NVMe Format NVM, secure erase setting 2 (cryptographic erase)"));
  }
  if (name == "nvme-format-erase") {
    return tr(lang, QT_TRANSLATE_NOOP("Words", "NVMe Format NVM, secure erase setting 1 (user data erase)"));
  }
  if (name == "ata-sanitize-crypto") {
    return tr(lang, QT_TRANSLATE_NOOP("Words", "ATA SANITIZE CRYPTO SCRAMBLE EXT (cryptographic erase)"));
  }
  if (name == "ata-sanitize-block") return tr(lang, QT_TRANSLATE_NOOP("Words", "ATA SANITIZE BLOCK ERASE EXT (block erase)"));
  if (name == "ata-sanitize-overwrite") {
    return tr(lang, QT_TRANSLATE_NOOP("Words", "ATA SANITIZE OVERWRITE EXT (overwrite by the drive)"));
  }
  if (name == "ata-secure-erase-enhanced") return tr(lang, QT_TRANSLATE_NOOP("Words", "ATA SECURITY ERASE UNIT, enhanced mode"));
  if (name == "ata-secure-erase") return tr(lang, QT_TRANSLATE_NOOP("Words", "ATA SECURITY ERASE UNIT, normal mode"));
  if (name == "scsi-sanitize-crypto") return tr(lang, QT_TRANSLATE_NOOP("Words", "SCSI SANITIZE, cryptographic erase"));
  if (name == "scsi-sanitize-block") return tr(lang, QT_TRANSLATE_NOOP("Words", "SCSI SANITIZE, block erase"));
  if (name == "scsi-sanitize-overwrite") return tr(lang, QT_TRANSLATE_NOOP("Words", "SCSI SANITIZE, overwrite"));
  if (name == "mmc-sanitize") return tr(lang, QT_TRANSLATE_NOOP("Words", "eMMC SANITIZE"));
  if (name == "mmc-secure-erase") return tr(lang, QT_TRANSLATE_NOOP("Words", "eMMC secure erase/trim (BLKSECDISCARD)"));
  return shown(name_or_label);
}

QString category_label(SanitizeCategory c, Lang lang) {
  return c == SanitizeCategory::purge ? tr(lang, QT_TRANSLATE_NOOP("Words", "Purge")) : tr(lang, QT_TRANSLATE_NOOP("Words", "Clear"));
}

QString plan_reason(const Recommendation& r, Lang lang) {
  const QString a0 = r.reason_args.empty() ? QString() : shown(r.reason_args[0]);
  const QString a1 = r.reason_args.size() > 1 ? shown(r.reason_args[1]) : QString();
  switch (r.reason_code) {
    case ReasonCode::firmware_purge:
      return tr(lang, QT_TRANSLATE_NOOP("Words", "The drive supports %1: a Purge under NIST SP 800-88 / IEEE 2883."))
          .arg(method_label(r.reason_args.empty() ? "" : r.reason_args[0], lang));
    case ReasonCode::frozen:
      return tr(lang, QT_TRANSLATE_NOOP("Words", "The drive supports %1 but its security is frozen by the BIOS; "
                                                 "suspend and resume the computer (or unplug and replug the drive's "
                                                 "power) to unfreeze it, then plan again. Until then only overwriting "
                                                 "(Clear) is possible."))
          .arg(method_label(r.reason_args.empty() ? "" : r.reason_args[0], lang));
    case ReasonCode::locked:
      return tr(lang, QT_TRANSLATE_NOOP("Words", "The drive is locked with an ATA password wipeseal does not know: it "
                                                 "cannot be read, written or erased until it is unlocked. Destroy it "
                                                 "physically if the password is lost."));
    case ReasonCode::removable_clear_only:
      return tr(lang, QT_TRANSLATE_NOOP("Words", "USB sticks and memory cards offer no firmware purge: only Clear "
                                                 "(overwrite) is possible. Media that held Tuyệt mật information "
                                                 "should be destroyed physically."));
    case ReasonCode::emmc_clear_only:
      return tr(lang, QT_TRANSLATE_NOOP("Words", "This eMMC offers no sanitize or secure erase: only Clear (overwrite) "
                                                 "is possible. Media that held Tuyệt mật information should be "
                                                 "destroyed physically."));
    case ReasonCode::purge_blocked:
      return tr(lang, QT_TRANSLATE_NOOP("Words", "The drive supports %1 but wipeseal will not send it: %2. Overwrite "
                                                 "with the AES-256-CTR pattern (Clear) instead."))
          .arg(method_label(r.reason_args.empty() ? "" : r.reason_args[0], lang), a1);
    case ReasonCode::no_firmware_purge:
      return tr(lang, QT_TRANSLATE_NOOP("Words", "The drive reports no firmware purge (%1): overwrite with the "
                                                 "AES-256-CTR pattern (Clear)."))
          .arg(a0);
    case ReasonCode::not_a_drive:
      return tr(lang, QT_TRANSLATE_NOOP("Words", "Not a physical drive (loop device, image file or virtual disk): "
                                                 "overwrite with the AES-256-CTR pattern (Clear)."));
    case ReasonCode::capabilities_unreadable:
      return tr(lang, QT_TRANSLATE_NOOP("Words", "The drive's capabilities could not be read (%1): overwrite with the "
                                                 "AES-256-CTR pattern (Clear)."))
          .arg(a0);
  }
  return {};
}

QString candidate_decision(CandidateDecision d, Lang lang) {
  switch (d) {
    case CandidateDecision::chosen: return tr(lang, QT_TRANSLATE_NOOP("Words", "chosen"));
    case CandidateDecision::available: return tr(lang, QT_TRANSLATE_NOOP("Words", "available (fallback)"));
    case CandidateDecision::not_supported: return tr(lang, QT_TRANSLATE_NOOP("Words", "not supported"));
    case CandidateDecision::blocked: return tr(lang, QT_TRANSLATE_NOOP("Words", "blocked"));
    case CandidateDecision::rejected_by_device: return tr(lang, QT_TRANSLATE_NOOP("Words", "refused by the drive"));
    case CandidateDecision::failed: return tr(lang, QT_TRANSLATE_NOOP("Words", "failed"));
    case CandidateDecision::interrupted: return tr(lang, QT_TRANSLATE_NOOP("Words", "interrupted"));
    case CandidateDecision::completed: return tr(lang, QT_TRANSLATE_NOOP("Words", "completed"));
  }
  return {};
}

QString hidden_area_text(const Capabilities& caps, Lang lang) {
  if (!caps.ata) return {};
  const HiddenAreaRecord& h = caps.hidden_area;
  if (!h.checked) {
    if (!caps.ata->hpa_supported && !caps.ata->amax_supported) return {};
    return tr(lang, QT_TRANSLATE_NOOP("Words", "The drive's native maximum could not be read reliably, so sectors "
                                               "hidden above the accessible maximum cannot be ruled out; "
                                               "--restore-hidden is refused for this drive."));
  }
  QStringList parts;
  if (h.native_sectors > h.accessible_sectors) {
    const auto hpa = static_cast<qulonglong>(h.native_sectors - h.accessible_sectors);
    parts << (caps.ata->amax_supported
                  ? tr(lang, QT_TRANSLATE_NOOP("Words", "%1 sectors are hidden above the accessible maximum. "
                                                        "--restore-hidden makes them accessible PERMANENTLY and erases "
                                                        "them too: this drive has the Accessible Max Address feature, "
                                                        "so a power cycle does not hide them again."))
                        .arg(hpa)
                  : tr(lang, QT_TRANSLATE_NOOP("Words", "%1 sectors are hidden above the accessible maximum (Host "
                                                        "Protected Area). --restore-hidden makes them accessible until "
                                                        "the next power cycle and erases them too."))
                        .arg(hpa));
  }
  if (h.dco_sectors > std::max(h.native_sectors, h.accessible_sectors)) {
    parts << tr(lang, QT_TRANSLATE_NOOP("Words", "%1 sectors are hidden by a Device Configuration Overlay, which "
                                                 "wipeseal does not remove: they are not erased."))
                 .arg(static_cast<qulonglong>(h.dco_sectors - std::max(h.native_sectors, h.accessible_sectors)));
  }
  return parts.join(QStringLiteral(" "));
}

// --- outcomes and verification ----------------------------------------------------------------

QString outcome_label(Outcome o, Lang lang) {
  switch (o) {
    case Outcome::erased: return tr(lang, QT_TRANSLATE_NOOP("Words", "ERASED"));
    case Outcome::erased_with_exceptions: return tr(lang, QT_TRANSLATE_NOOP("Words", "ERASED WITH EXCEPTIONS"));
    case Outcome::failed: return tr(lang, QT_TRANSLATE_NOOP("Words", "FAILED"));
    case Outcome::aborted: return tr(lang, QT_TRANSLATE_NOOP("Words", "STOPPED (can be resumed)"));
  }
  return {};
}

QString outcome_explanation(const JobRecord& r, Lang lang) {
  const auto firmware_label = [&] { return method_label(r.firmware ? r.firmware->method : r.method.name, lang); };
  switch (r.outcome_reason) {
    case OutcomeReason::all_passes_written:
      return tr(lang, QT_TRANSLATE_N_NOOP("Words", "every byte was overwritten (%n pass(es)) and flushed to the medium"),
                static_cast<int>(r.passes.size()));
    case OutcomeReason::firmware_purge_done:
      return r.verification
                 ? tr(lang, QT_TRANSLATE_NOOP("Words", "the drive's firmware performed %1 and reported success; reading "
                                                       "back a sample confirmed the data changed"))
                       .arg(firmware_label())
                 : tr(lang, QT_TRANSLATE_NOOP("Words", "the drive's firmware performed %1 and reported success (not "
                                                       "read back)"))
                       .arg(firmware_label());
    case OutcomeReason::unwritable_ranges: {
      int ranges = 0;
      std::uint64_t bytes = 0;
      for (const auto& p : r.passes) {
        ranges += static_cast<int>(p.errors.size());
        for (const auto& e : p.errors) bytes += e.range.length;
      }
      return tr(lang, QT_TRANSLATE_N_NOOP("Words", "%n range(s) (%1 bytes) could not be written and may still hold data; "
                                                   "physical destruction is recommended"),
                ranges)
          .arg(bytes);
    }
    case OutcomeReason::hidden_sectors_remain:
      return tr(lang, QT_TRANSLATE_NOOP("Words", "%1 sectors hidden above the accessible maximum were not overwritten "
                                                 "and may still hold data"))
          .arg(r.firmware ? r.firmware->hidden_area.hidden_sectors() : 0);
    case OutcomeReason::stopped_during_overwrite:
      return tr(lang, QT_TRANSLATE_NOOP("Words", "stopped before the end; the disk is only partly erased. Run: wipeseal "
                                                 "resume"));
    case OutcomeReason::stopped_during_read_back:
      return tr(lang, QT_TRANSLATE_NOOP("Words", "every pass was written, but reading back was stopped, so the erasure "
                                                 "is not verified. Run: wipeseal resume"));
    case OutcomeReason::stopped_during_purge: {
      std::string running;
      if (r.firmware) {
        for (const auto& c : r.firmware->candidates) {
          if (c.decision == CandidateDecision::interrupted) running = c.method;
        }
      }
      return tr(lang, QT_TRANSLATE_NOOP("Words", "stopped while the drive was performing %1; the drive finishes it on "
                                                 "its own, even after a power cycle. Run: wipeseal resume (it follows "
                                                 "the drive to the end and reads it back)"))
          .arg(method_label(running, lang));
    }
    case OutcomeReason::stopped_after_purge:
      return tr(lang, QT_TRANSLATE_NOOP("Words", "the drive reported the purge done, but the read-back that checks it was "
                                                 "stopped. Run: wipeseal resume"));
    case OutcomeReason::stopped_between_purges:
      return tr(lang, QT_TRANSLATE_NOOP("Words", "stopped before any firmware purge completed; data remains. Run: "
                                                 "wipeseal resume"));
    case OutcomeReason::stopped_before_purge:
      return tr(lang, QT_TRANSLATE_NOOP("Words", "stopped before the firmware purge started; nothing was erased. Run: "
                                                 "wipeseal resume"));
    case OutcomeReason::did_not_finish:
      return tr(lang, QT_TRANSLATE_NOOP("Words", "the erasure did not finish; data may remain. Cause: %1"))
          .arg(shown(r.failure ? r.failure->message : r.outcome_detail));
    case OutcomeReason::read_back_found_data:
      // Parts the disk refused to read are not "data found": nothing is proven there either way.
      if (r.verification && r.verification->mismatch_bytes <= r.verification->mismatch_bytes_in_unwritable &&
          !r.verification->read_errors.empty()) {
        return tr(lang, QT_TRANSLATE_NOOP("Words", "reading back could not read part of the disk (%1), so the erasure "
                                                   "is not proven there; data may remain"))
            .arg(shown(r.verification->failure));
      }
      return tr(lang, QT_TRANSLATE_NOOP("Words", "reading back found data that should be gone (%1); data may remain"))
          .arg(shown(r.verification ? r.verification->failure : r.outcome_detail));
    case OutcomeReason::purge_failed:
      return tr(lang, QT_TRANSLATE_NOOP("Words", "the firmware purge did not complete; data may remain. Cause: %1"))
          .arg(shown(r.failure ? r.failure->message : r.outcome_detail));
    case OutcomeReason::purge_unverifiable:
      return tr(lang, QT_TRANSLATE_NOOP("Words", "the drive reported the purge done, but it could not be checked: %1"))
          .arg(shown(r.verification ? r.verification->failure : r.outcome_detail));
  }
  return shown(r.outcome_detail);
}

QString verification_outcome(VerificationOutcome o, Lang lang) {
  switch (o) {
    case VerificationOutcome::passed: return tr(lang, QT_TRANSLATE_NOOP("Words", "Verification PASSED"));
    case VerificationOutcome::passed_except_unwritable:
      return tr(lang, QT_TRANSLATE_NOOP("Words", "Verification passed except in the ranges that could not be written"));
    case VerificationOutcome::failed: return tr(lang, QT_TRANSLATE_NOOP("Words", "Verification FAILED"));
  }
  return {};
}

QString verification_text(const VerificationRecord& v, Lang lang) {
  QString head = verification_outcome(v.outcome, lang);
  if (v.outcome == VerificationOutcome::failed) head += QStringLiteral(" (%1)").arg(shown(v.failure));
  const QString read = size_in(v.bytes_read, lang);
  QString what;
  if (v.mode == VerificationMode::full) {
    if (v.read_errors.empty()) {
      what = tr(lang, QT_TRANSLATE_NOOP("Words", "every byte (%1) was read back and compared")).arg(read);
    } else {
      std::uint64_t refused = 0;
      for (const ByteRange& r : v.read_errors) refused += r.length;
      what = tr(lang, QT_TRANSLATE_NOOP("Words", "every byte the disk could read (%1) was read back and compared; %2 "
                                                 "could not be read"))
                 .arg(read, size_in(refused, lang));
    }
  } else if (v.mode == VerificationMode::fingerprint) {
    what = tr(lang, QT_TRANSLATE_NOOP("Words", "%1 read back in %2 blocks sampled before the purge (seed %3); each must "
                                               "differ from its old content, and no partition table or filesystem may "
                                               "remain"))
               .arg(read)
               .arg(v.samples)
               .arg(shown(v.seed.substr(0, 16)) + QStringLiteral("…"));
  } else if (v.largest_undetected_region == 0) {
    what = tr(lang, QT_TRANSLATE_NOOP("Words", "%1 read back (%2 % of the device); every sample unit was read"))
               .arg(read)
               .arg(decimal_in(v.coverage * 100, 2, lang));
  } else {
    what = tr(lang, QT_TRANSLATE_NOOP("Words", "%1 read back (%2 % of the device, %3 random samples, seed %4); an "
                                               "unerased region larger than %5 would have been found with probability "
                                               "at least 1 - %6"))
               .arg(read)
               .arg(decimal_in(v.coverage * 100, 2, lang))
               .arg(v.samples)
               .arg(shown(v.seed.substr(0, 16)) + QStringLiteral("…"))
               .arg(size_in(v.largest_undetected_region, lang))
               .arg(v.escape_probability, 0, 'g');
  }
  return head + QStringLiteral(": ") + what;
}

// --- the certificate's terms -------------------------------------------------------------------

QString office_reason(std::string_view code, Lang lang) {
  if (code == "repurpose") return tr(lang, QT_TRANSLATE_NOOP("Words", "Repurposing"));
  if (code == "repair") return tr(lang, QT_TRANSLATE_NOOP("Words", "Sending for repair or warranty"));
  if (code == "network") return tr(lang, QT_TRANSLATE_NOOP("Words", "Connecting to the Internet or a network"));
  if (code == "disposal") return tr(lang, QT_TRANSLATE_NOOP("Words", "Disposal"));
  if (code == "transfer") return tr(lang, QT_TRANSLATE_NOOP("Words", "Hand-over or transfer"));
  return shown(code);
}

QString secrecy_level(std::string_view code, Lang lang) {
  if (code == "mat") return tr(lang, QT_TRANSLATE_NOOP("Words", "Confidential (Mật)"));
  if (code == "toi_mat") return tr(lang, QT_TRANSLATE_NOOP("Words", "Secret (Tối mật)"));
  if (code == "tuyet_mat") return tr(lang, QT_TRANSLATE_NOOP("Words", "Top secret (Tuyệt mật)"));
  return shown(code);
}

QString participant_role(std::string_view code, Lang lang) {
  if (code == "performer") return tr(lang, QT_TRANSLATE_NOOP("Words", "Person who performed the erasure"));
  if (code == "custodian") return tr(lang, QT_TRANSLATE_NOOP("Words", "Custodian of the device"));
  if (code == "head") return tr(lang, QT_TRANSLATE_NOOP("Words", "Head of unit"));
  return shown(code);
}

QString verdict_label(std::string_view code, Lang lang) {
  if (code == "passed") return tr(lang, QT_TRANSLATE_NOOP("Words", "PASSED"));
  if (code == "passed_with_exceptions") return tr(lang, QT_TRANSLATE_NOOP("Words", "PASSED WITH EXCEPTIONS"));
  return tr(lang, Disambiguated QT_TRANSLATE_NOOP3("Words", "FAILED", "the certificate's verdict"));
}

QString destruction_reason(std::string_view why, Lang lang) {
  if (why == "exceptions") {
    return tr(lang, QT_TRANSLATE_NOOP("Words", "Some areas of the device could not be written and may still hold data; "
                                               "physical destruction of the device is recommended."));
  }
  if (why == "clear_only_top_secret") {
    return tr(lang, QT_TRANSLATE_NOOP("Words", "USB sticks and memory cards can only be overwritten (Clear), not purged "
                                               "by the device; this one held Top secret material, so physical "
                                               "destruction is recommended."));
  }
  return tr(lang, QT_TRANSLATE_NOOP("Words", "The data on the device was not erased and verified as required; the device "
                                             "must not be repurposed; physical destruction is recommended."));
}

QString duration_text(double seconds) {
  if (seconds < 0 || !std::isfinite(seconds)) return QStringLiteral("--:--");
  const auto total = static_cast<long long>(std::llround(seconds));
  const long long h = total / 3600, m = (total / 60) % 60, s = total % 60;
  if (h > 0) return QStringLiteral("%1:%2:%3").arg(h).arg(m, 2, 10, QChar('0')).arg(s, 2, 10, QChar('0'));
  return QStringLiteral("%1:%2").arg(m, 2, 10, QChar('0')).arg(s, 2, 10, QChar('0'));
}

}  // namespace wipeseal::words
