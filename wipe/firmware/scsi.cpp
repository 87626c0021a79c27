#include "wipe/firmware/scsi.h"

#include <algorithm>

#include <fmt/format.h>

namespace wipeseal::scsi {

std::array<std::uint8_t, 6> inquiry(std::uint16_t allocation_length) {
  return {0x12, 0, 0, static_cast<std::uint8_t>(allocation_length >> 8), static_cast<std::uint8_t>(allocation_length), 0};
}

std::array<std::uint8_t, 6> request_sense(std::uint8_t allocation_length) {
  return {0x03, 0, 0, 0, allocation_length, 0};
}

std::array<std::uint8_t, 12> report_supported_opcode(std::uint8_t opcode, std::uint16_t service_action,
                                                      std::uint32_t allocation_length) {
  return {0xA3,
          0x0C,
          0x02,
          opcode,
          static_cast<std::uint8_t>(service_action >> 8),
          static_cast<std::uint8_t>(service_action),
          static_cast<std::uint8_t>(allocation_length >> 24),
          static_cast<std::uint8_t>(allocation_length >> 16),
          static_cast<std::uint8_t>(allocation_length >> 8),
          static_cast<std::uint8_t>(allocation_length),
          0,
          0};
}

std::array<std::uint8_t, 10> sanitize(SanitizeAction action, bool immediate, std::uint16_t parameter_length) {
  std::array<std::uint8_t, 10> cdb{};
  cdb[0] = 0x48;
  cdb[1] = static_cast<std::uint8_t>((immediate ? 0x80 : 0) | (static_cast<std::uint8_t>(action) & 0x1F));
  cdb[7] = static_cast<std::uint8_t>(parameter_length >> 8);
  cdb[8] = static_cast<std::uint8_t>(parameter_length);
  return cdb;
}

std::vector<std::uint8_t> sanitize_overwrite_parameters(std::span<const std::uint8_t> pattern, unsigned passes,
                                                        bool invert) {
  std::vector<std::uint8_t> p(4 + pattern.size());
  p[0] = static_cast<std::uint8_t>((invert ? 0x80 : 0) | (std::clamp(passes, 1u, 31u) & 0x1F));
  p[2] = static_cast<std::uint8_t>(pattern.size() >> 8);
  p[3] = static_cast<std::uint8_t>(pattern.size());
  std::copy(pattern.begin(), pattern.end(), p.begin() + 4);
  return p;
}

std::string Sense::describe() const {
  std::string s = fmt::format("sense key {:x}h, ASC/ASCQ {:02x}h/{:02x}h", key, asc, ascq);
  if (invalid_opcode()) s += " (INVALID COMMAND OPERATION CODE)";
  if (invalid_field()) s += " (INVALID FIELD IN CDB)";
  if (sanitize_in_progress()) s += " (SANITIZE IN PROGRESS)";
  return s;
}

std::optional<Sense> parse_sense(std::span<const std::uint8_t> d) {
  if (d.size() < 8) return std::nullopt;
  const std::uint8_t code = d[0] & 0x7F;
  Sense s;
  auto progress = [](const std::uint8_t* sks) -> std::optional<double> {
    if ((sks[0] & 0x80) == 0) return std::nullopt;  // SKSV
    return static_cast<double>(sks[1] << 8 | sks[2]) / 65536.0;
  };
  if (code == 0x70 || code == 0x71) {
    if (d.size() < 14) return std::nullopt;
    s.key = d[2] & 0x0F;
    s.asc = d[12];
    s.ascq = d[13];
    if (d.size() >= 18 && (s.key == 0x00 || s.key == 0x02)) s.progress = progress(d.data() + 15);
    return s;
  }
  if (code == 0x72 || code == 0x73) {
    s.key = d[1] & 0x0F;
    s.asc = d[2];
    s.ascq = d[3];
    const std::size_t total = std::min<std::size_t>(d.size(), 8u + d[7]);
    for (std::size_t i = 8; i + 2 <= total; i += 2u + d[i + 1]) {
      if (d[i] == 0x02 && i + 8 <= total && (s.key == 0x00 || s.key == 0x02)) s.progress = progress(d.data() + i + 4);
    }
    return s;
  }
  return std::nullopt;
}

std::optional<InquiryData> parse_inquiry(std::span<const std::uint8_t> d) {
  if (d.size() < 36) return std::nullopt;
  auto field = [&](std::size_t from, std::size_t len) {
    std::string s(reinterpret_cast<const char*>(d.data() + from), len);
    const auto last = s.find_last_not_of(' ');
    return last == std::string::npos ? std::string() : s.substr(0, last + 1);
  };
  InquiryData q;
  q.peripheral_type = d[0] & 0x1F;
  q.vendor = field(8, 8);
  q.product = field(16, 16);
  q.revision = field(32, 4);
  return q;
}

bool opcode_supported(std::span<const std::uint8_t> d) {
  if (d.size() < 2) return false;
  const unsigned support = d[1] & 0x07;
  return support == 0x3 || support == 0x5;
}

}  // namespace wipeseal::scsi
