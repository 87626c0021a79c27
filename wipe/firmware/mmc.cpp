#include "wipe/firmware/mmc.h"

#include <utility>

namespace wipeseal::mmc {

Command send_ext_csd() {
  Command c;
  c.name = "CMD8 SEND_EXT_CSD";
  c.opcode = 8;
  c.flags = kRspSpiS1 | kRspR1 | kCmdAdtc;
  c.block_size = 512;
  c.blocks = 1;
  return c;
}

Command switch_byte(std::uint8_t index, std::uint8_t value, std::uint32_t timeout_ms) {
  Command c;
  c.name = index == kExtCsdSanitizeStart ? "CMD6 SWITCH (SANITIZE_START)" : "CMD6 SWITCH";
  c.opcode = 6;
  // Argument: access mode 31:24 (03h = write byte), index 23:16, value 15:8, command set 2:0.
  c.arg = 0x03u << 24 | static_cast<std::uint32_t>(index) << 16 | static_cast<std::uint32_t>(value) << 8;
  c.flags = kRspSpiS1 | kRspSpiBusy | kRspR1b | kCmdAc;
  c.write = true;
  c.cmd_timeout_ms = timeout_ms;
  return c;
}

bool is_sanitize_start(const Command& c) { return c.opcode == 6 && ((c.arg >> 16) & 0xFF) == kExtCsdSanitizeStart; }

std::string r1_errors(std::uint32_t r1) {
  static constexpr std::pair<unsigned, const char*> kNames[] = {
      {31, "ADDRESS_OUT_OF_RANGE"}, {30, "ADDRESS_MISALIGN"}, {29, "BLOCK_LEN_ERROR"}, {28, "ERASE_SEQ_ERROR"},
      {27, "ERASE_PARAM"},          {26, "WP_VIOLATION"},     {24, "LOCK_UNLOCK_FAILED"}, {23, "COM_CRC_ERROR"},
      {22, "ILLEGAL_COMMAND"},      {21, "DEVICE_ECC_FAILED"}, {20, "CC_ERROR"},        {19, "ERROR"},
      {16, "CID/CSD_OVERWRITE"},    {15, "WP_ERASE_SKIP"},    {7, "SWITCH_ERROR"}};
  std::string out;
  for (const auto& [bit, name] : kNames) {
    if ((r1 >> bit & 1) != 0) out += (out.empty() ? "" : ", ") + std::string(name);
  }
  return out;
}

std::optional<ExtCsd> parse_ext_csd(std::span<const std::uint8_t> d) {
  if (d.size() != 512) return std::nullopt;
  ExtCsd e;
  e.revision = d[192];
  e.sec_feature_support = d[231];
  return e;
}

}  // namespace wipeseal::mmc
