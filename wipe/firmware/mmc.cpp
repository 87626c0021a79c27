#include "wipe/firmware/mmc.h"

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

std::optional<ExtCsd> parse_ext_csd(std::span<const std::uint8_t> d) {
  if (d.size() != 512) return std::nullopt;
  ExtCsd e;
  e.revision = d[192];
  e.sec_feature_support = d[231];
  return e;
}

}  // namespace wipeseal::mmc
