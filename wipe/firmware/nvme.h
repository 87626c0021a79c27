// NVMe admin commands wipeseal sends (Identify, Get Log Page, Format NVM, Sanitize) and the
// structures it parses from their data. Layouts follow NVM Express Base Specification 2.0
// (5.15 Get Log Page, 5.17 Identify, 5.23 Format NVM, 5.24 Sanitize, 5.16.1.25 Sanitize Status log)
// and are tied to libnvme's struct definitions by static_asserts in nvme.cpp. Pure functions;
// the ioctl lives in nvme_transport.h.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "wipe/error.h"

namespace wipeseal::nvme {

inline constexpr std::uint32_t kAllNamespaces = 0xFFFFFFFF;

struct AdminCommand {
  std::string name;
  std::uint8_t opcode = 0;
  std::uint32_t nsid = 0;
  std::uint32_t cdw10 = 0, cdw11 = 0, cdw12 = 0, cdw13 = 0, cdw14 = 0, cdw15 = 0;
  std::uint32_t data_len = 0;  // bytes read from the controller (all commands here read or move nothing)
  std::uint32_t timeout_ms = 0;  // 0: the kernel's default admin timeout
};

// The status the kernel returns for a passthrough command: the completion queue entry's Status
// Field without the phase tag (Base 2.0 Figure 92/93): SC 7:0, SCT 10:8, CRD 12:11, M 13, DNR 14.
struct Completion {
  std::uint16_t status = 0;
  std::uint32_t result = 0;  // CQE Dword 0
  bool ok() const { return (status & 0x7FF) == 0; }
  std::uint8_t sct() const { return static_cast<std::uint8_t>(status >> 8 & 0x7); }
  std::uint8_t sc() const { return static_cast<std::uint8_t>(status & 0xFF); }
  // Generic Command Status 01h Invalid Command Opcode or 02h Invalid Field in Command: the
  // controller does not offer what was asked.
  bool unsupported() const { return sct() == 0 && (sc() == 0x01 || sc() == 0x02); }
  std::string describe() const;
};

AdminCommand identify_controller();            // CNS 01h, 4096 bytes
AdminCommand identify_namespace(std::uint32_t nsid);  // CNS 00h, 4096 bytes
AdminCommand get_sanitize_log();               // LID 81h, 512 bytes
// How a namespace keeps its metadata (Base 2.0 5.23, Format NVM CDW10): MSET 1 = as part of an
// extended data LBA, 0 = in a separate buffer; PI = the protection information type (0: none);
// PIL 1 = in the first bytes of the metadata, 0 = in the last.
struct MetadataSettings {
  bool mset = false;
  unsigned pi = 0;
  bool pil = false;
  bool operator==(const MetadataSettings&) const = default;
};
// Format NVM (opcode 80h), CDW10: LBAF 3:0, MSET 4, PI 7:5, PIL 8, SES 11:9, LBAFU 13:12.
AdminCommand format_nvm(std::uint32_t nsid, unsigned lba_format, MetadataSettings metadata, unsigned ses);
// Sanitize (opcode 84h), CDW10: SANACT 2:0, AUSE 3, OWPASS 7:4, OIPBP 8, NDAS 9; CDW11 pattern.
enum class SanitizeAction : unsigned { exit_failure_mode = 1, block_erase = 2, overwrite = 3, crypto_erase = 4 };
AdminCommand sanitize(SanitizeAction action, std::uint32_t overwrite_pattern = 0, unsigned overwrite_passes = 1);

struct ControllerInfo {
  std::string model;     // MN, bytes 63:24
  std::string serial;    // SN, 23:4
  std::string firmware;  // FR, 71:64
  std::uint16_t oacs = 0;     // bytes 257:256
  std::uint32_t sanicap = 0;  // bytes 331:328
  std::uint8_t fna = 0;       // byte 524
  bool format_supported() const { return (oacs & 0x0002) != 0; }
  bool sanitize_crypto() const { return (sanicap & 0x1) != 0; }
  bool sanitize_block() const { return (sanicap & 0x2) != 0; }
  bool sanitize_overwrite() const { return (sanicap & 0x4) != 0; }
  bool format_crypto_erase() const { return (fna & 0x4) != 0; }  // FNA bit 2
  bool format_applies_to_all() const { return (fna & 0x1) != 0; }
  bool secure_erase_applies_to_all() const { return (fna & 0x2) != 0; }
};
Result<ControllerInfo> parse_identify_controller(std::span<const std::uint8_t> data);

struct NamespaceInfo {
  std::uint64_t size_blocks = 0;  // NSZE
  unsigned lba_format = 0;        // FLBAS bits 3:0 plus bits 6:5 as the upper bits
  std::uint32_t block_size = 0;   // 2^LBADS of the current format
  std::uint16_t metadata_size = 0;  // MS of the current format, bytes per block
  // The current settings, which a Format must keep (Identify Namespace, NVM Command Set 1.0
  // 4.1.5.1): FLBAS bit 4 (metadata at the end of the data LBA), DPS bits 2:0 (PI type) and bit 3
  // (PI in the first eight bytes of the metadata). Offsets tied to libnvme's nvme_id_ns.
  MetadataSettings metadata;
};
// "LBA format 0 (512-byte blocks, no metadata)" or with "8-byte metadata, extended LBA (MSET=1),
// protection information type 1 (PI=1) in the last 8 bytes (PIL=0)".
std::string describe_format(const NamespaceInfo& ns);
Result<NamespaceInfo> parse_identify_namespace(std::span<const std::uint8_t> data);

struct SanitizeLog {
  std::uint16_t sprog = 0xFFFF;  // progress out of 65536 of the operation in progress
  std::uint16_t sstat = 0;
  std::uint32_t scdw10 = 0;
  std::uint32_t eto = 0xFFFFFFFF, etbe = 0xFFFFFFFF, etce = 0xFFFFFFFF;  // estimated seconds
  unsigned status() const { return sstat & 0x7; }  // 0 never, 1 success, 2 in progress, 3 failed, 4 success (no-dealloc)
  bool in_progress() const { return status() == 2; }
  bool succeeded() const { return status() == 1 || status() == 4; }
  bool failed() const { return status() == 3; }
  bool global_data_erased() const { return (sstat & 0x100) != 0; }
  double progress() const { return static_cast<double>(sprog) / 65536.0; }
};
Result<SanitizeLog> parse_sanitize_log(std::span<const std::uint8_t> data);

}  // namespace wipeseal::nvme
