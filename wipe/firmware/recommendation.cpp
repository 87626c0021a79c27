#include "wipe/firmware/recommendation.h"

#include <algorithm>

#include <fmt/format.h>

#include "wipe/firmware/methods.h"

namespace wipeseal {

const char* reason_code_name(ReasonCode c) {
  switch (c) {
    case ReasonCode::firmware_purge: return "firmware_purge";
    case ReasonCode::frozen: return "frozen";
    case ReasonCode::locked: return "locked";
    case ReasonCode::removable_clear_only: return "removable_clear_only";
    case ReasonCode::emmc_clear_only: return "emmc_clear_only";
    case ReasonCode::purge_blocked: return "purge_blocked";
    case ReasonCode::no_firmware_purge: return "no_firmware_purge";
    case ReasonCode::not_a_drive: return "not_a_drive";
    case ReasonCode::capabilities_unreadable: return "capabilities_unreadable";
  }
  return "unknown";
}

Recommendation recommend_method(const DeviceInfo& device, const Capabilities& caps) {
  Recommendation rec;
  auto add = [&](const char* method, bool supported, std::string reason) {
    rec.candidates.push_back(
        {method, supported ? CandidateDecision::available : CandidateDecision::not_supported, std::move(reason)});
  };
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
    // so: never while the controller has another namespace the operator did not choose, or may
    // have one (the list could not be read).
    if (!caps.other_namespaces.empty() || !caps.other_namespaces_known) {
      std::string others;
      for (const auto& n : caps.other_namespaces) others += (others.empty() ? "" : ", ") + n;
      const std::string why =
          caps.other_namespaces_known
              ? fmt::format("the controller has other namespaces ({}) that this command would erase too", others)
              : "the controller's other namespaces could not be listed, and this command would erase them too";
      for (auto& cand : rec.candidates) {
        if (cand.decision != CandidateDecision::available) continue;
        const bool subsystem_wide = cand.method.rfind("nvme-sanitize", 0) == 0 ||
                                    (cand.method.rfind("nvme-format", 0) == 0 &&
                                     (c.format_applies_to_all() || c.secure_erase_applies_to_all()));
        if (subsystem_wide) {
          cand.decision = CandidateDecision::blocked;
          cand.reason = why;
        }
      }
    }
    // Without the namespace id wipeseal cannot tell which namespace a command would reach.
    if (!caps.nvme_namespace_id) {
      for (auto& cand : rec.candidates) {
        if (cand.decision != CandidateDecision::available) continue;
        cand.decision = CandidateDecision::blocked;
        cand.reason = "the namespace id of this block device could not be read (NVME_IOCTL_ID)";
      }
    }
  } else if (caps.ata) {
    const auto& id = *caps.ata;
    const auto& s = id.security;
    // 0000h/FFFFh in a word is "not reported", never "everything supported" (ata.h).
    const std::string w59 = "IDENTIFY word 59 not reported (0000h or FFFFh)";
    const std::string w128 = "IDENTIFY word 128 not reported (0000h or FFFFh): the security state is unknown";
    const ata::SanitizeSupport& z = id.sanitize;
    auto sanitize_reason = [&](bool set, const char* bit) {
      if (!z.reported) return w59;
      if (!z.supported) return std::string("IDENTIFY word 59 bit 12 (SANITIZE feature set) clear");
      return fmt::format("IDENTIFY word 59 {} {}", bit, set ? "set" : "clear");
    };
    add("ata-sanitize-crypto", z.crypto_scramble, sanitize_reason(z.crypto_scramble, "bit 13 (CRYPTO SCRAMBLE)"));
    add("ata-sanitize-block", z.block_erase, sanitize_reason(z.block_erase, "bit 15 (BLOCK ERASE)"));
    add("ata-sanitize-overwrite", z.overwrite, sanitize_reason(z.overwrite, "bit 14 (OVERWRITE)"));
    add("ata-secure-erase-enhanced", s.supported && s.enhanced_erase_supported,
        !s.reported                  ? w128
        : !s.supported               ? "Security feature set not supported (word 128 bit 0 clear)"
        : s.enhanced_erase_supported ? "enhanced erase supported (word 128 bit 5)"
                                     : "enhanced erase not supported (word 128 bit 5 clear)");
    add("ata-secure-erase", s.supported,
        !s.reported  ? w128
        : s.supported ? "Security feature set supported (word 128 bit 0)"
                      : "Security feature set not supported (word 128 bit 0 clear)");
    for (auto& c : rec.candidates) {
      if (c.decision != CandidateDecision::available || c.method.rfind("ata-secure", 0) != 0) continue;
      if (s.frozen) {
        c.decision = CandidateDecision::blocked;
        c.reason = "security is frozen (word 128 bit 3): the BIOS sent SECURITY FREEZE LOCK";
      } else if (s.locked || s.enabled) {
        c.decision = CandidateDecision::blocked;
        c.reason = "security is enabled with an unknown password (word 128 bits 1-2)";
      } else if (s.count_expired) {
        c.decision = CandidateDecision::blocked;
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
    if (c.decision == CandidateDecision::available) {
      c.decision = CandidateDecision::chosen;
      rec.method = c.method;
      rec.category = SanitizeCategory::purge;
      rec.reason_code = ReasonCode::firmware_purge;
      rec.reason_args = {c.method};
      return rec;
    }
  }
  // No firmware purge: Clear by overwriting.
  rec.method = std::string(kDefaultMethod);
  rec.category = SanitizeCategory::clear;
  const bool flash_stick = device.transport == Transport::usb || device.transport == Transport::mmc;
  const auto blocked_it = std::find_if(rec.candidates.begin(), rec.candidates.end(), [](const CandidateRecord& c) {
    return c.decision == CandidateDecision::blocked;
  });
  if (device.transport == Transport::loop || device.is_image_file() || device.transport == Transport::virtio) {
    rec.reason_code = ReasonCode::not_a_drive;
  } else if (caps.ata && caps.ata->security.locked) {
    rec.method.clear();
    rec.reason_code = ReasonCode::locked;
  } else if (blocked_it != rec.candidates.end() && caps.ata && caps.ata->security.frozen) {
    rec.reason_code = ReasonCode::frozen;
    rec.reason_args = {blocked_it->method};
  } else if (flash_stick) {
    rec.reason_code = caps.ext_csd ? ReasonCode::emmc_clear_only : ReasonCode::removable_clear_only;
    rec.destroy_if_top_secret = true;
  } else if (caps.command_set.empty()) {
    rec.reason_code = ReasonCode::capabilities_unreadable;
    rec.reason_args = {caps.error.empty() ? std::string("no command set answered") : caps.error};
  } else if (blocked_it != rec.candidates.end()) {
    rec.reason_code = ReasonCode::purge_blocked;
    rec.reason_args = {blocked_it->method, blocked_it->reason};
  } else {
    rec.reason_code = ReasonCode::no_firmware_purge;
    rec.reason_args = {caps.summary()};
  }
  return rec;
}

std::vector<std::string> usable_methods(const Recommendation& r) {
  std::vector<std::string> out;
  for (const auto& c : r.candidates) {
    if (c.decision == CandidateDecision::chosen || c.decision == CandidateDecision::available) out.push_back(c.method);
  }
  return out;
}

std::optional<std::string> firmware_method_unavailable(const Recommendation& r, const Capabilities& caps,
                                                       const std::string& method, const std::string& device_path) {
  const auto it = std::find_if(r.candidates.begin(), r.candidates.end(),
                               [&](const CandidateRecord& c) { return c.method == method; });
  if (it != r.candidates.end() && it->decision != CandidateDecision::not_supported &&
      it->decision != CandidateDecision::blocked) {
    return std::nullopt;
  }
  const std::string why = it != r.candidates.end() ? it->reason
                          : caps.command_set.empty() ? (caps.error.empty() ? "it answers no firmware command set" : caps.error)
                                                     : "it speaks " + caps.command_set;
  return fmt::format("the drive does not offer {}: {}. Run `wipeseal plan {}` to see what it offers, or use --method "
                     "auto",
                     method, why, device_path);
}

}  // namespace wipeseal
