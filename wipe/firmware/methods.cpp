#include "wipe/firmware/methods.h"

#include <string>

namespace wipeseal {
namespace {

MethodInfo fw(std::string name, std::string label, std::string reference) {
  return MethodInfo{std::move(name), std::move(label), SanitizeCategory::purge, false, std::move(reference)};
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

const MethodInfo* find_firmware_method(std::string_view name) {
  for (const auto& m : firmware_methods()) {
    if (m.name == name) return &m;
  }
  return nullptr;
}

}  // namespace wipeseal
