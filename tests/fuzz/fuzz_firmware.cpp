// libFuzzer target: every parser of bytes a drive hands back. The first byte picks the parser;
// the rest is the drive's answer. None may crash, hang or read past its input, whatever it gets.
#include <cstddef>
#include <cstdint>
#include <span>

#include "wipe/firmware/ata.h"
#include "wipe/firmware/mmc.h"
#include "wipe/firmware/nvme.h"
#include "wipe/firmware/scsi.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace wipeseal;
  if (size < 1) return 0;
  const std::span<const std::uint8_t> bytes(data + 1, size - 1);
  switch (data[0] % 9) {
    case 0: (void)ata::parse_identify(bytes); break;  // ATA IDENTIFY DEVICE (512 bytes)
    case 1:                                            // ATA PASS-THROUGH sense (both formats)
      if (auto r = ata::decode_sense(bytes)) (void)ata::parse_sanitize_status(*r);
      break;
    case 2: (void)nvme::parse_identify_controller(bytes); break;
    case 3: (void)nvme::parse_identify_namespace(bytes); break;
    case 4: (void)nvme::parse_sanitize_log(bytes); break;
    case 5: (void)scsi::parse_sense(bytes); break;
    case 6: (void)scsi::parse_inquiry(bytes); break;
    case 7: (void)scsi::opcode_supported(bytes); break;  // REPORT SUPPORTED OPERATION CODES
    case 8: (void)mmc::parse_ext_csd(bytes); break;      // eMMC EXT_CSD (512 bytes)
  }
  return 0;
}
