#include "wipe/firmware/capabilities.h"

#include <array>

#include <fmt/format.h>

#include "wipe/firmware/command_recorder.h"
#include "wipe/firmware/procedures.h"
#include "wipe/hex.h"

namespace wipeseal {

std::string Capabilities::summary() const {
  std::vector<std::string> parts;
  if (ata) {
    const auto& s = ata->security;
    parts.push_back(fmt::format("ATA: SANITIZE {}{}{}{}",
                                !ata->sanitize.reported   ? "not reported (word 59)"
                                : ata->sanitize.supported ? "supported"
                                                          : "not supported",
                                ata->sanitize.crypto_scramble ? " crypto" : "", ata->sanitize.block_erase ? " block" : "",
                                ata->sanitize.overwrite ? " overwrite" : ""));
    parts.push_back(fmt::format("security {}{}{}{}{}",
                                !s.reported   ? "not reported (word 128)"
                                : s.supported ? "supported"
                                              : "not supported",
                                s.enabled ? ", enabled" : "", s.locked ? ", locked" : "", s.frozen ? ", frozen" : "",
                                s.enhanced_erase_supported ? ", enhanced erase" : ""));
    if (ata->amax_supported) parts.push_back("Accessible Max Address feature (a new maximum is permanent)");
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
  caps.other_namespaces_known = access.other_namespaces_known;
  CommandRecorder rec(caps.commands);
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
        // Which namespace this block device is: without it, Format NVM could hit another one.
        caps.nvme_namespace_id = access.nvme->namespace_id();
        if (caps.nvme_namespace_id) {
          std::vector<std::uint8_t> ns(4096);
          auto nr = rec.nvme(*access.nvme, nvme::identify_namespace(*caps.nvme_namespace_id), ns);
          if (nr && nr->ok()) {
            if (auto n = nvme::parse_identify_namespace(ns)) caps.nvme_namespace = *n;
          }
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
    auto id = purge_detail::ata_identify(*access.ata, rec, &hash);
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
        auto r = purge_detail::ata_whole(*access.ata, rec, c);
        const auto native = r && r->ok() ? ata::native_max_lba(c, *r) : std::nullopt;
        if (native && *native + 1 < id->sectors) {
          // Below what the drive already makes accessible: cut short on the way back (a bridge
          // that passes only LBA 23:0), not a value to build on.
          h.note = fmt::format("{} reports {} sectors, fewer than the {} accessible ones: the value is not credible, "
                               "so hidden sectors cannot be ruled out",
                               c.name, *native + 1, id->sectors);
        } else if (native) {
          h.checked = true;
          h.native_sectors = *native + 1;
        } else {
          h.note = !r ? "the native maximum could not be read: " + r.error().message
                 : !r->ok()
                     ? "the native maximum could not be read: the drive refused " + c.name
                     : "the native maximum came back without its upper bytes (fixed-format sense) and the adapter "
                       "would not return descriptor-format sense, so hidden sectors cannot be ruled out";
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
    if (r && !(r->r1 && (*r->r1 & mmc::kR1Errors) != 0)) {
      caps.ext_csd = mmc::parse_ext_csd(ext);
      caps.command_set = "mmc";
      caps.identify_kind = "eMMC EXT_CSD";
      caps.identify_sha256 = sha256_hex(ext.data(), ext.size());
      caps.error.clear();
      return caps;
    }
    caps.error = "SEND_EXT_CSD failed: " + (r ? "the card reported " + mmc::r1_errors(*r->r1) : r.error().message);
  }
  (void)device;
  return caps;
}

}  // namespace wipeseal
