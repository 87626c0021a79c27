#include "wipe/firmware/nvme.h"

#include <nvme/types.h>

#include <algorithm>
#include <cstddef>

#include <fmt/format.h>

namespace wipeseal::nvme {

// The offsets parsed below, checked against libnvme's definitions of the same structures.
static_assert(offsetof(nvme_id_ctrl, sn) == 4 && offsetof(nvme_id_ctrl, mn) == 24 && offsetof(nvme_id_ctrl, fr) == 64);
static_assert(offsetof(nvme_id_ctrl, oacs) == 256);
static_assert(offsetof(nvme_id_ctrl, sanicap) == 328);
static_assert(offsetof(nvme_id_ctrl, fna) == 524);
static_assert(sizeof(nvme_id_ctrl) == 4096 && sizeof(nvme_id_ns) == 4096);
static_assert(offsetof(nvme_id_ns, nsze) == 0 && offsetof(nvme_id_ns, flbas) == 26 && offsetof(nvme_id_ns, dps) == 29 &&
              offsetof(nvme_id_ns, lbaf) == 128);
static_assert(NVME_NS_FLBAS_META_EXT == 0x10 && NVME_NS_DPS_PI_FIRST == 0x8 && NVME_NS_DPS_PI_MASK == 0x7);
static_assert(sizeof(nvme_sanitize_log_page) == 512 && offsetof(nvme_sanitize_log_page, sstat) == 2 &&
              offsetof(nvme_sanitize_log_page, scdw10) == 4 && offsetof(nvme_sanitize_log_page, eto) == 8 &&
              offsetof(nvme_sanitize_log_page, etbe) == 12 && offsetof(nvme_sanitize_log_page, etce) == 16);
static_assert(nvme_admin_format_nvm == 0x80 && nvme_admin_sanitize_nvm == 0x84 && nvme_admin_identify == 0x06 &&
              nvme_admin_get_log_page == 0x02);
static_assert(NVME_LOG_LID_SANITIZE == 0x81);
static_assert(static_cast<unsigned>(SanitizeAction::block_erase) == NVME_SANITIZE_SANACT_START_BLOCK_ERASE &&
              static_cast<unsigned>(SanitizeAction::overwrite) == NVME_SANITIZE_SANACT_START_OVERWRITE &&
              static_cast<unsigned>(SanitizeAction::crypto_erase) == NVME_SANITIZE_SANACT_START_CRYPTO_ERASE);

namespace {

std::uint16_t le16(std::span<const std::uint8_t> d, std::size_t o) {
  return static_cast<std::uint16_t>(d[o] | d[o + 1] << 8);
}
std::uint32_t le32(std::span<const std::uint8_t> d, std::size_t o) {
  return static_cast<std::uint32_t>(d[o]) | static_cast<std::uint32_t>(d[o + 1]) << 8 |
         static_cast<std::uint32_t>(d[o + 2]) << 16 | static_cast<std::uint32_t>(d[o + 3]) << 24;
}
std::string ascii(std::span<const std::uint8_t> d, std::size_t from, std::size_t len) {
  std::string s(reinterpret_cast<const char*>(d.data() + from), len);
  std::replace_if(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20; }, ' ');
  const auto first = s.find_first_not_of(' ');
  if (first == std::string::npos) return {};
  return s.substr(first, s.find_last_not_of(' ') - first + 1);
}
Status need(std::span<const std::uint8_t> d, std::size_t n, const char* what) {
  if (d.size() >= n) return {};
  return std::unexpected(make_error(ErrorCode::invalid_input, fmt::format("{} needs {} bytes, got {}", what, n, d.size())));
}

}  // namespace

std::string Completion::describe() const {
  if (ok()) return "success";
  const char* what = "";
  if (sct() == 0) {
    switch (sc()) {
      case 0x01: what = "Invalid Command Opcode"; break;
      case 0x02: what = "Invalid Field in Command"; break;
      case 0x06: what = "Internal Error"; break;
      case 0x1C: what = "Sanitize Failed"; break;
      case 0x1D: what = "Sanitize In Progress"; break;
      case 0x0B: what = "Invalid Namespace or Format"; break;
      case 0x20: what = "Namespace is Write Protected"; break;
      default: break;
    }
  } else if (sct() == 1) {
    switch (sc()) {
      case 0x0A: what = "Invalid Format"; break;
      case 0x15: what = "Namespace Insufficient Capacity"; break;
      default: break;
    }
  }
  return fmt::format("status 0x{:04x} (SCT {}, SC 0x{:02x}{}{})", status, sct(), sc(), *what ? ": " : "", what);
}

AdminCommand identify_controller() {
  AdminCommand c;
  c.name = "Identify Controller";
  c.opcode = 0x06;
  c.cdw10 = NVME_IDENTIFY_CNS_CTRL;
  c.data_len = 4096;
  return c;
}

AdminCommand identify_namespace(std::uint32_t nsid) {
  AdminCommand c;
  c.name = "Identify Namespace";
  c.opcode = 0x06;
  c.nsid = nsid;
  c.cdw10 = NVME_IDENTIFY_CNS_NS;
  c.data_len = 4096;
  return c;
}

AdminCommand get_sanitize_log() {
  // Base 2.0 5.16: CDW10 LID 7:0, RAE 15, NUMDL 31:16 (dwords - 1); the log is global (NSID FFFFFFFFh).
  AdminCommand c;
  c.name = "Get Log Page (Sanitize Status)";
  c.opcode = 0x02;
  c.nsid = kAllNamespaces;
  const std::uint32_t numd = 512 / 4 - 1;
  c.cdw10 = 0x81u | (numd & 0xFFFF) << 16;
  c.cdw11 = numd >> 16;
  c.data_len = 512;
  return c;
}

AdminCommand format_nvm(std::uint32_t nsid, unsigned lba_format, MetadataSettings metadata, unsigned ses) {
  AdminCommand c;
  c.name = ses == 2 ? "Format NVM (SES=2, cryptographic erase)" : ses == 1 ? "Format NVM (SES=1, user data erase)"
                                                                           : "Format NVM";
  c.opcode = 0x80;
  c.nsid = nsid;
  c.cdw10 = (lba_format & 0xF) | (metadata.mset ? 1u : 0u) << 4 | (metadata.pi & 0x7) << 5 |
            (metadata.pil ? 1u : 0u) << 8 | (ses & 0x7) << 9 | ((lba_format >> 4) & 0x3) << 12;
  c.timeout_ms = 0;  // set by the caller: a format can take minutes
  return c;
}

AdminCommand sanitize(SanitizeAction action, std::uint32_t overwrite_pattern, unsigned overwrite_passes) {
  AdminCommand c;
  c.opcode = 0x84;
  c.cdw10 = static_cast<unsigned>(action) & 0x7;
  switch (action) {
    case SanitizeAction::exit_failure_mode: c.name = "Sanitize (Exit Failure Mode)"; break;
    case SanitizeAction::block_erase: c.name = "Sanitize (Block Erase)"; break;
    case SanitizeAction::crypto_erase: c.name = "Sanitize (Crypto Erase)"; break;
    case SanitizeAction::overwrite:
      c.name = "Sanitize (Overwrite)";
      c.cdw10 |= (std::clamp(overwrite_passes, 1u, 16u) & 0xF) << 4;
      c.cdw11 = overwrite_pattern;
      break;
  }
  return c;
}

Result<ControllerInfo> parse_identify_controller(std::span<const std::uint8_t> d) {
  if (auto s = need(d, 4096, "Identify Controller data"); !s) return std::unexpected(s.error());
  ControllerInfo c;
  c.serial = ascii(d, 4, 20);
  c.model = ascii(d, 24, 40);
  c.firmware = ascii(d, 64, 8);
  c.oacs = le16(d, 256);
  c.sanicap = le32(d, 328);
  c.fna = d[524];
  return c;
}

Result<NamespaceInfo> parse_identify_namespace(std::span<const std::uint8_t> d) {
  if (auto s = need(d, 4096, "Identify Namespace data"); !s) return std::unexpected(s.error());
  NamespaceInfo n;
  n.size_blocks = static_cast<std::uint64_t>(le32(d, 0)) | static_cast<std::uint64_t>(le32(d, 4)) << 32;
  const std::uint8_t flbas = d[26];
  n.lba_format = (flbas & 0xF) | ((flbas >> 5) & 0x3) << 4;
  if (n.lba_format >= 64) return std::unexpected(make_error(ErrorCode::corrupt, "Identify Namespace: FLBAS out of range"));
  const std::uint32_t lbaf = le32(d, 128 + 4 * n.lba_format);
  const unsigned lbads = (lbaf >> 16) & 0xFF;
  if (lbads < 9 || lbads > 16) {
    return std::unexpected(make_error(ErrorCode::corrupt, fmt::format("Identify Namespace: LBA data size 2^{}", lbads)));
  }
  n.block_size = 1u << lbads;
  n.metadata_size = static_cast<std::uint16_t>(lbaf & 0xFFFF);
  const std::uint8_t dps = d[29];
  n.metadata.mset = (flbas & 0x10) != 0;
  n.metadata.pi = dps & 0x7;
  n.metadata.pil = (dps & 0x8) != 0;
  return n;
}

std::string describe_format(const NamespaceInfo& ns) {
  std::string s = fmt::format("LBA format {} ({}-byte blocks, ", ns.lba_format, ns.block_size);
  if (ns.metadata_size == 0 && ns.metadata == MetadataSettings{}) return s + "no metadata)";
  s += fmt::format("{}-byte metadata {}, ", ns.metadata_size,
                   ns.metadata.mset ? "at the end of each block (MSET=1)" : "in a separate buffer (MSET=0)");
  if (ns.metadata.pi == 0) return s + "no protection information (PI=0))";
  return s + fmt::format("protection information type {} (PI={}) in the {} 8 bytes (PIL={}))", ns.metadata.pi,
                         ns.metadata.pi, ns.metadata.pil ? "first" : "last", ns.metadata.pil ? 1 : 0);
}

Result<SanitizeLog> parse_sanitize_log(std::span<const std::uint8_t> d) {
  if (auto s = need(d, 20, "Sanitize Status log"); !s) return std::unexpected(s.error());
  SanitizeLog l;
  l.sprog = le16(d, 0);
  l.sstat = le16(d, 2);
  l.scdw10 = le32(d, 4);
  l.eto = le32(d, 8);
  l.etbe = le32(d, 12);
  l.etce = le32(d, 16);
  return l;
}

}  // namespace wipeseal::nvme
