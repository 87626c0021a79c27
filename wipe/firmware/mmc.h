// eMMC commands for firmware purge (JEDEC JESD84-B51): reading EXT_CSD and starting SANITIZE.
// Pure functions; MMC_IOC_CMD and BLKSECDISCARD live in transport.h.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>

namespace wipeseal::mmc {

// Response and command-type flags of the kernel's struct mmc_ioc_cmd (include/linux/mmc/core.h;
// not exported in the UAPI headers, so spelled out as mmc-utils does).
inline constexpr std::uint32_t kRspPresent = 1u << 0, kRspCrc = 1u << 2, kRspBusy = 1u << 3, kRspOpcode = 1u << 4;
inline constexpr std::uint32_t kCmdAc = 0u << 5, kCmdAdtc = 1u << 5;
inline constexpr std::uint32_t kRspSpiS1 = 1u << 7, kRspSpiBusy = 1u << 10;
inline constexpr std::uint32_t kRspR1 = kRspPresent | kRspCrc | kRspOpcode;
inline constexpr std::uint32_t kRspR1b = kRspPresent | kRspCrc | kRspOpcode | kRspBusy;

struct Command {
  std::string name;
  std::uint32_t opcode = 0;
  std::uint32_t arg = 0;
  std::uint32_t flags = 0;
  std::uint32_t block_size = 0;
  std::uint32_t blocks = 0;
  bool write = false;
  std::uint32_t cmd_timeout_ms = 0;
};

// CMD8 SEND_EXT_CSD: one 512-byte block.
Command send_ext_csd();
// CMD6 SWITCH, WRITE_BYTE access mode (JESD84-B51 6.6.1): EXT_CSD[index] = value.
Command switch_byte(std::uint8_t index, std::uint8_t value, std::uint32_t timeout_ms);
inline constexpr std::uint8_t kExtCsdSanitizeStart = 165;  // SANITIZE_START [165]
// A SWITCH that writes SANITIZE_START: the one command Linux runs itself (mmc_sanitize()).
bool is_sanitize_start(const Command& c);

// The card status (R1) bits that report an error with the command (JESD84-B51 6.13, Device
// status, the bits of type "E"): 31 ADDRESS_OUT_OF_RANGE, 30 ADDRESS_MISALIGN, 29
// BLOCK_LEN_ERROR, 28 ERASE_SEQ_ERROR, 27 ERASE_PARAM, 26 WP_VIOLATION, 24 LOCK_UNLOCK_FAILED,
// 23 COM_CRC_ERROR, 22 ILLEGAL_COMMAND, 21 DEVICE_ECC_FAILED, 20 CC_ERROR, 19 ERROR, 16
// CID/CSD_OVERWRITE, 15 WP_ERASE_SKIP, 7 SWITCH_ERROR. Not errors: 25 DEVICE_IS_LOCKED, 13
// ERASE_RESET, the state and flags; bits 4, 3, 2 are reserved and 1:0 for test mode.
inline constexpr std::uint32_t kR1Errors = 0xFDF98080u;
// The names of the error bits set in `r1`, "SWITCH_ERROR, ILLEGAL_COMMAND"; empty if none.
std::string r1_errors(std::uint32_t r1);

struct ExtCsd {
  std::uint8_t revision = 0;            // EXT_CSD_REV [192]; 6 = eMMC 4.5, 7 = 5.0, 8 = 5.1
  std::uint8_t sec_feature_support = 0; // SEC_FEATURE_SUPPORT [231]
  bool secure_erase() const { return (sec_feature_support & 0x01) != 0; }  // SECURE_ER_EN
  bool secure_gc() const { return (sec_feature_support & 0x10) != 0; }     // SEC_GB_CL_EN
  bool sanitize() const { return (sec_feature_support & 0x40) != 0 && revision >= 6; }  // SEC_SANITIZE
};
std::optional<ExtCsd> parse_ext_csd(std::span<const std::uint8_t> data);

}  // namespace wipeseal::mmc
