#include "wipe/device_info.h"

#include <array>

#include <fmt/format.h>

namespace wipeseal {

const char* transport_name(Transport t) {
  switch (t) {
    case Transport::sata: return "sata";
    case Transport::sas: return "sas";
    case Transport::nvme: return "nvme";
    case Transport::usb: return "usb";
    case Transport::mmc: return "mmc";
    case Transport::virtio: return "virtio";
    case Transport::loop: return "loop";
    case Transport::scsi: return "scsi";
    case Transport::image_file: return "image_file";
    case Transport::unknown: return "unknown";
  }
  return "unknown";
}

std::string format_size(std::uint64_t bytes) {
  static constexpr std::array<const char*, 6> units = {"B", "kB", "MB", "GB", "TB", "PB"};
  double value = static_cast<double>(bytes);
  std::size_t unit = 0;
  while (value >= 1000.0 && unit + 1 < units.size()) {
    value /= 1000.0;
    ++unit;
  }
  if (unit == 0) return fmt::format("{} B", bytes);
  std::string number = fmt::format("{:.3g}", value);
  return number + " " + units[unit];
}

std::string DeviceInfo::one_line() const {
  std::string who = model.empty() ? name : model;
  if (!serial.empty()) who += fmt::format(" (S/N {})", serial);
  return fmt::format("{}, {}, {}", who, format_size(size_bytes), transport_name(transport));
}

}  // namespace wipeseal
