#include "cli/messages.h"

#include <cmath>

#include "cli/i18n.h"
#include "wipe/firmware/purge.h"

namespace wipeseal::cli {

QString refusal_reason(const Refusal& r) {
  const QString s = q(r.subject), d = q(r.detail);
  switch (r.code) {
    case RefusalCode::partition:
      return Cli::tr("%1 is a partition of %2; wipeseal erases whole disks only").arg(s, d);
    case RefusalCode::virtual_device:
      return Cli::tr("%1 is a virtual device built from other disks (LVM, RAID, device-mapper or RAM)").arg(s);
    case RefusalCode::boot_medium:
      return Cli::tr("this disk carries the running system (%1 is mounted at %2)").arg(s, d);
    case RefusalCode::mounted:
      return Cli::tr("%1 is mounted at %2").arg(s, d);
    case RefusalCode::swap:
      return Cli::tr("%1 is in use as swap space").arg(s);
    case RefusalCode::holders:
      return Cli::tr("%1 or one of its partitions is part of %2 (LVM, RAID or encrypted volume)").arg(s, d);
    case RefusalCode::read_only:
      return Cli::tr("%1 is read-only").arg(s);
    case RefusalCode::no_medium:
      return Cli::tr("%1 reports a size of zero (no medium inserted?)").arg(s);
    case RefusalCode::image_attached:
      return Cli::tr("the image file is attached as %1, which may be mounted or in use").arg(d);
  }
  return q(r.message);
}

QString refusal_remedy(const Refusal& r) {
  const QString s = q(r.subject), d = q(r.detail);
  switch (r.code) {
    case RefusalCode::partition:
      return Cli::tr("name the whole disk (%1) instead").arg(d);
    case RefusalCode::virtual_device:
      return Cli::tr("stop or close the volume and erase each member disk");
    case RefusalCode::boot_medium:
      return Cli::tr("wipeseal never erases the disk it runs from; boot from the wipeseal USB stick to erase this "
                     "computer's disks");
    case RefusalCode::mounted:
      return Cli::tr("copy off anything you need, then unmount it: umount %1").arg(d);
    case RefusalCode::swap:
      return Cli::tr("turn it off first: swapoff %1").arg(s);
    case RefusalCode::holders:
      return Cli::tr("deactivate that volume first (vgchange -an, mdadm --stop or cryptsetup close)");
    case RefusalCode::read_only:
      return Cli::tr("check for a write-protect switch, or clear the read-only flag: blockdev --setrw %1").arg(s);
    case RefusalCode::no_medium:
      return Cli::tr("insert the medium or check the cable, then list the disks again");
    case RefusalCode::image_attached:
      return Cli::tr("erase %1 instead, or detach it first: losetup -d %1").arg(d);
  }
  return q(r.remedy);
}

QString error_text(const Error& e) {
  QString head;
  switch (e.code) {
    case ErrorCode::invalid_input: head = Cli::tr("Invalid input"); break;
    case ErrorCode::not_found: head = Cli::tr("Not found"); break;
    case ErrorCode::refused: head = Cli::tr("Refused"); break;
    case ErrorCode::io: head = Cli::tr("Input/output error"); break;
    case ErrorCode::device_gone: head = Cli::tr("The device disappeared"); break;
    case ErrorCode::busy: head = Cli::tr("The device or job is in use"); break;
    case ErrorCode::permission_denied: head = Cli::tr("Permission denied (run wipeseal as root)"); break;
    case ErrorCode::unsupported: head = Cli::tr("Not supported"); break;
    case ErrorCode::corrupt: head = Cli::tr("Damaged data"); break;
    case ErrorCode::cancelled: head = Cli::tr("Stopped by the operator"); break;
    case ErrorCode::internal: head = Cli::tr("Internal error in wipeseal"); break;
  }
  return head + QStringLiteral(": ") + q(e.describe());
}

QString outcome_label(Outcome o) {
  switch (o) {
    case Outcome::erased: return Cli::tr("ERASED");
    case Outcome::erased_with_exceptions: return Cli::tr("ERASED WITH EXCEPTIONS");
    case Outcome::failed: return Cli::tr("FAILED");
    case Outcome::aborted: return Cli::tr("STOPPED (can be resumed)");
  }
  return {};
}

QString content_text(const ContentSummary& c) {
  if (!c.probed) return Cli::tr("content could not be read (%1)").arg(q(c.probe_error));
  if (c.empty()) return Cli::tr("no partition table or filesystem found");
  QStringList parts;
  if (!c.partition_table.empty()) {
    parts << Cli::tr("partition table %1 with %n partition(s)", nullptr, static_cast<int>(c.partitions.size()))
                 .arg(q(c.partition_table).toUpper());
  }
  for (const auto& s : c.signatures) {
    if (s.kind != "filesystem") continue;
    QString item = q(s.type);
    if (!s.label.empty()) item += QStringLiteral(" \u201C%1\u201D").arg(q(s.label));
    if (!s.partition.empty()) item += QStringLiteral(" (%1)").arg(q(s.partition));
    parts << item;
  }
  return parts.join(QStringLiteral("; "));
}

namespace {
// What to call a device that has no model string.
QString kind_of(const DeviceInfo& d) {
  switch (d.transport) {
    case Transport::loop: return Cli::tr("loop device %1").arg(q(d.name));
    case Transport::image_file: return Cli::tr("image file %1").arg(q(d.name));
    case Transport::virtio: return Cli::tr("virtual disk %1").arg(q(d.name));
    default: return Cli::tr("disk %1 (model unknown)").arg(q(d.name));
  }
}
}  // namespace

QString device_line(const DeviceInfo& d) {
  QStringList parts;
  parts << (d.model.empty() ? kind_of(d) : q(d.vendor.empty() ? d.model : d.vendor + " " + d.model));
  if (!d.serial.empty()) parts << Cli::tr("serial %1").arg(q(d.serial));
  if (!d.loop_backing_file.empty()) parts << Cli::tr("backed by %1").arg(q(d.loop_backing_file));
  parts << q(format_size(d.size_bytes));
  return parts.join(QStringLiteral(", "));
}

QString duration_text(double seconds) {
  if (seconds < 0 || !std::isfinite(seconds)) return QStringLiteral("--:--");
  const auto total = static_cast<long long>(std::llround(seconds));
  const long long h = total / 3600, m = (total / 60) % 60, s = total % 60;
  if (h > 0) return QStringLiteral("%1:%2:%3").arg(h).arg(m, 2, 10, QChar('0')).arg(s, 2, 10, QChar('0'));
  return QStringLiteral("%1:%2").arg(m, 2, 10, QChar('0')).arg(s, 2, 10, QChar('0'));
}

}  // namespace wipeseal::cli

namespace wipeseal::cli {

QString verification_outcome_label(const std::string& outcome) {
  if (outcome == "passed") return Cli::tr("Verification PASSED");
  if (outcome == "passed_except_unwritable") return Cli::tr("Verification passed except in the ranges that could not be written");
  return Cli::tr("Verification FAILED");
}

QString verification_text(const VerificationRecord& v) {
  QString head = verification_outcome_label(v.outcome);
  if (v.outcome == "failed") head += QStringLiteral(" (%1)").arg(q(v.failure));
  QString what;
  if (v.mode == "full") {
    what = Cli::tr("every byte (%1) was read back and compared").arg(q(format_size(v.bytes_read)));
  } else if (v.largest_undetected_region == 0) {
    what = Cli::tr("%1 read back (%2 % of the device); every sample unit was read")
               .arg(q(format_size(v.bytes_read)))
               .arg(v.coverage * 100, 0, 'f', 2);
  } else {
    what = Cli::tr("%1 read back (%2 % of the device, %3 random samples, seed %4); an unerased region larger than "
                   "%5 would have been found with probability at least 1 - %6")
               .arg(q(format_size(v.bytes_read)))
               .arg(v.coverage * 100, 0, 'f', 2)
               .arg(v.samples)
               .arg(q(v.seed.substr(0, 16)) + QStringLiteral("…"))
               .arg(q(format_size(v.largest_undetected_region)))
               .arg(v.escape_probability, 0, 'g');
  }
  return head + QStringLiteral(": ") + what;
}

QString firmware_method_label(const std::string& name_or_label) {
  std::string name = name_or_label;
  for (const auto& m : firmware_methods()) {
    if (m.label == name_or_label) name = m.name;
  }
  if (name == "nvme-sanitize-crypto") return Cli::tr("NVMe Sanitize, crypto erase (whole subsystem)");
  if (name == "nvme-sanitize-block") return Cli::tr("NVMe Sanitize, block erase (whole subsystem)");
  if (name == "nvme-sanitize-overwrite") return Cli::tr("NVMe Sanitize, overwrite (whole subsystem)");
  if (name == "nvme-format-crypto") return Cli::tr("NVMe Format NVM, secure erase setting 2 (cryptographic erase)");
  if (name == "nvme-format-erase") return Cli::tr("NVMe Format NVM, secure erase setting 1 (user data erase)");
  if (name == "ata-sanitize-crypto") return Cli::tr("ATA SANITIZE CRYPTO SCRAMBLE EXT (cryptographic erase)");
  if (name == "ata-sanitize-block") return Cli::tr("ATA SANITIZE BLOCK ERASE EXT (block erase)");
  if (name == "ata-sanitize-overwrite") return Cli::tr("ATA SANITIZE OVERWRITE EXT (overwrite by the drive)");
  if (name == "ata-secure-erase-enhanced") return Cli::tr("ATA SECURITY ERASE UNIT, enhanced mode");
  if (name == "ata-secure-erase") return Cli::tr("ATA SECURITY ERASE UNIT, normal mode");
  if (name == "scsi-sanitize-crypto") return Cli::tr("SCSI SANITIZE, cryptographic erase");
  if (name == "scsi-sanitize-block") return Cli::tr("SCSI SANITIZE, block erase");
  if (name == "scsi-sanitize-overwrite") return Cli::tr("SCSI SANITIZE, overwrite");
  if (name == "mmc-sanitize") return Cli::tr("eMMC SANITIZE");
  if (name == "mmc-secure-erase") return Cli::tr("eMMC secure erase/trim (BLKSECDISCARD)");
  return q(name_or_label);
}

}  // namespace wipeseal::cli
