// SCSI commands for firmware purge and their parsers (SPC-5, SBC-4). Pure functions; the SG_IO
// ioctl lives in transport.h.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace wipeseal::scsi {

std::array<std::uint8_t, 6> inquiry(std::uint16_t allocation_length);          // SPC-5 6.7
std::array<std::uint8_t, 6> request_sense(std::uint8_t allocation_length);      // SPC-5 6.39
// SPC-5 6.35 REPORT SUPPORTED OPERATION CODES, reporting option 010b (one command, with its
// service action), which is how SANITIZE's service actions are asked about.
std::array<std::uint8_t, 12> report_supported_opcode(std::uint8_t opcode, std::uint16_t service_action,
                                                      std::uint32_t allocation_length = 512);

// SBC-4 5.30 SANITIZE (48h): service action 01h OVERWRITE, 02h BLOCK ERASE, 03h CRYPTOGRAPHIC
// ERASE, 1Fh EXIT FAILURE MODE; IMMED returns at once and progress is polled with REQUEST SENSE.
enum class SanitizeAction : std::uint8_t { overwrite = 0x01, block_erase = 0x02, crypto_erase = 0x03, exit_failure_mode = 0x1F };
std::array<std::uint8_t, 10> sanitize(SanitizeAction action, bool immediate, std::uint16_t parameter_length);
// SBC-4 5.30.2.2: the OVERWRITE parameter list (INVERT, count, pattern).
std::vector<std::uint8_t> sanitize_overwrite_parameters(std::span<const std::uint8_t> pattern, unsigned passes,
                                                        bool invert);

struct Sense {
  std::uint8_t key = 0;
  std::uint8_t asc = 0;
  std::uint8_t ascq = 0;
  std::optional<double> progress;  // sense-key-specific progress indication / 65536 (SPC-5 4.4.2.4.4)
  bool sanitize_in_progress() const { return key == 0x02 && asc == 0x04 && ascq == 0x1B; }
  bool invalid_opcode() const { return key == 0x05 && asc == 0x20; }
  bool invalid_field() const { return key == 0x05 && asc == 0x24; }
  std::string describe() const;
};
// Fixed (70h/71h) or descriptor (72h/73h) format; nullopt if `data` is not sense data.
std::optional<Sense> parse_sense(std::span<const std::uint8_t> data);

struct InquiryData {
  std::uint8_t peripheral_type = 0;  // 00h direct-access block device
  std::string vendor, product, revision;
};
std::optional<InquiryData> parse_inquiry(std::span<const std::uint8_t> data);

// SUPPORT field of the one-command format (SPC-5 Table 256): true for 011b (supported as the
// standard says) or 101b (supported in a vendor-specific manner).
bool opcode_supported(std::span<const std::uint8_t> data);

}  // namespace wipeseal::scsi
