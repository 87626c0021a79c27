#include "wipe/discovery.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "wipe/content_probe.h"
#include "wipe/hex.h"
#include "wipe/system_state.h"
#include "wipe/text.h"

namespace wipeseal {
namespace fs = std::filesystem;

namespace {

std::string trim(std::string s) {
  const auto not_space = [](unsigned char c) { return !std::isspace(c) && c != '\0'; };
  s.erase(s.begin(), std::find_if(s.begin(), s.end(), not_space));
  s.erase(std::find_if(s.rbegin(), s.rend(), not_space).base(), s.end());
  return s;
}

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return {};
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string read_attr(const fs::path& p) { return trim(read_text(p)); }

std::uint64_t read_u64(const fs::path& p, std::uint64_t fallback = 0) {
  const std::string s = read_attr(p);
  if (s.empty()) return fallback;
  try {
    return std::stoull(s);
  } catch (...) {
    return fallback;
  }
}

dev_t parse_devno(const std::string& text) {
  unsigned maj = 0, min = 0;
  if (std::sscanf(text.c_str(), "%u:%u", &maj, &min) != 2) return 0;
  return makedev(maj, min);
}

// The udev database entry for a block device: "E:KEY=value" lines.
std::string udev_property(const SystemPaths& paths, dev_t devno, std::string_view key) {
  std::ifstream in(fs::path(paths.udev_data) / fmt::format("b{}:{}", major(devno), minor(devno)));
  std::string line;
  const std::string prefix = fmt::format("E:{}=", key);
  while (std::getline(in, line)) {
    if (line.starts_with(prefix)) return trim(line.substr(prefix.size()));
  }
  return {};
}

bool is_virtual_name(std::string_view name) {
  return name.starts_with("dm-") || name.starts_with("md") || name.starts_with("zram") ||
         name.starts_with("ram") || name.starts_with("nbd");
}

void fill_identity(DeviceInfo& d, const fs::path& block_dir, const SystemPaths& paths) {
  const fs::path dev = block_dir / "device";
  switch (d.transport) {
    case Transport::nvme:
      // The namespace's "device" is the controller (nvme0): model, serial, firmware_rev.
      d.model = read_attr(dev / "model");
      d.serial = read_attr(dev / "serial");
      d.firmware = read_attr(dev / "firmware_rev");
      d.wwn = read_attr(block_dir / "wwid");
      break;
    case Transport::mmc:
      d.model = read_attr(dev / "name");
      d.serial = read_attr(dev / "serial");
      d.firmware = read_attr(dev / "fwrev");
      d.vendor = read_attr(dev / "manfid");
      break;
    case Transport::virtio:
      d.serial = read_attr(block_dir / "serial");  // virtio-blk has no model string
      break;
    case Transport::loop:
      d.loop_backing_file = read_attr(block_dir / "loop" / "backing_file");
      break;
    default:
      d.vendor = read_attr(dev / "vendor");
      d.model = read_attr(dev / "model");
      d.firmware = read_attr(dev / "rev");
      d.wwn = read_attr(dev / "wwid");
      d.serial = parse_vpd_unit_serial(read_text(dev / "vpd_pg80"));
      break;
  }
  // udev has the ATA serial from IDENTIFY (ata_id) and USB descriptors where sysfs has none.
  if (d.serial.empty()) d.serial = udev_property(paths, d.devno, "ID_SERIAL_SHORT");
  if (d.model.empty()) d.model = udev_property(paths, d.devno, "ID_MODEL");
  if (d.wwn.empty()) d.wwn = udev_property(paths, d.devno, "ID_WWN");
  if (d.firmware.empty()) d.firmware = udev_property(paths, d.devno, "ID_REVISION");
  // A drive may report bytes that are not UTF-8; keep the fields printable and the bytes in hex.
  for (auto [field, value] : {std::pair{"vendor", &d.vendor}, std::pair{"model", &d.model}, std::pair{"serial", &d.serial},
                              std::pair{"firmware", &d.firmware}, std::pair{"wwn", &d.wwn}}) {
    if (is_valid_utf8(*value)) continue;
    d.raw_hex[field] = to_hex(*value);
    *value = escape_invalid_utf8(*value);
  }
}

void fill_stack(DeviceInfo& d, const fs::path& block_dir) {
  std::error_code ec;
  auto add_holders = [&](const fs::path& dir) {
    for (const auto& h : fs::directory_iterator(dir / "holders", ec)) d.holders.push_back(h.path().filename());
  };
  add_holders(block_dir);
  // Names and device numbers are kept in pairs and sorted together: a refusal names the
  // partition whose number matched.
  std::vector<std::pair<std::string, dev_t>> parts;
  for (const auto& entry : fs::directory_iterator(block_dir, ec)) {
    if (!fs::exists(entry.path() / "partition")) continue;
    parts.emplace_back(entry.path().filename(), parse_devno(read_attr(entry.path() / "dev")));
    add_holders(entry.path());
  }
  std::sort(parts.begin(), parts.end());
  for (auto& [name, devno] : parts) {
    d.partition_names.push_back(std::move(name));
    d.partition_devnos.push_back(devno);
  }
  std::sort(d.holders.begin(), d.holders.end());
}

// Whether another open of the whole disk holds it exclusively: opening it O_EXCL is refused with
// EBUSY (man 2 open) and nothing is read. The claim is let go at once.
bool held_exclusively(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_EXCL | O_CLOEXEC | O_NONBLOCK);
  if (fd >= 0) {
    ::close(fd);
    return false;
  }
  return errno == EBUSY;
}

// Whether the running system's own use of the disk (a mounted or swap partition, a stacked
// volume) explains an exclusive claim: the safety policy names those itself.
bool claim_explained(const DeviceInfo& d, const SystemPaths& paths) {
  if (!d.holders.empty()) return true;
  const SystemState system = read_system_state(paths);
  const auto ours = [&](dev_t devno) {
    return devno == d.devno || std::find(d.partition_devnos.begin(), d.partition_devnos.end(), devno) != d.partition_devnos.end();
  };
  return std::any_of(system.mounts.begin(), system.mounts.end(), [&](const MountUse& m) { return ours(m.devno); }) ||
         std::any_of(system.swaps.begin(), system.swaps.end(), [&](const SwapUse& s) { return ours(s.devno); });
}

// Describes the whole disk or partition whose sysfs directory is `block_dir` (/sys/block/X or
// /sys/block/X/X1). Content is probed only for whole disks, and not while another program holds
// the disk exclusively (its reads would queue behind that program's writes).
DeviceInfo describe_sysfs(const fs::path& block_dir, const SystemPaths& paths, bool probe) {
  DeviceInfo d;
  std::error_code ec;
  const fs::path real = fs::canonical(block_dir, ec);
  d.name = block_dir.filename();
  d.path = "/dev/" + d.name;
  d.devno = parse_devno(read_attr(block_dir / "dev"));
  d.is_partition = fs::exists(block_dir / "partition");
  fs::path disk_dir = block_dir;
  if (d.is_partition) {
    disk_dir = real.parent_path();
    d.parent_disk = "/dev/" + disk_dir.filename().string();
  }
  d.is_virtual = is_virtual_name(disk_dir.filename().string());
  d.transport = classify_transport((ec ? block_dir : real).string());
  d.size_bytes = read_u64(block_dir / "size") * 512;  // sysfs "size" is always in 512-byte units
  d.read_only = read_u64(block_dir / "ro") != 0;
  d.removable = read_u64(disk_dir / "removable") != 0;
  d.rotational = read_u64(disk_dir / "queue" / "rotational") != 0;
  d.logical_sector_size = static_cast<std::uint32_t>(read_u64(disk_dir / "queue" / "logical_block_size", 512));
  d.physical_sector_size = static_cast<std::uint32_t>(read_u64(disk_dir / "queue" / "physical_block_size", 512));
  fill_identity(d, disk_dir, paths);
  if (!d.is_partition) fill_stack(d, block_dir);
  if (d.is_partition) {
    for (const auto& h : fs::directory_iterator(block_dir / "holders", ec)) d.holders.push_back(h.path().filename());
  }
  if (probe && !d.is_partition && d.size_bytes > 0) {
    d.in_use = held_exclusively(d.path) && !claim_explained(d, paths);
    if (d.in_use) {
      d.content.probe_error = kContentNotReadInUse;
    } else {
      d.content = probe_content(d.path);
    }
  }
  return d;
}

}  // namespace

Transport classify_transport(std::string_view p) {
  auto has = [&](std::string_view s) { return p.find(s) != std::string_view::npos; };
  // Order matters: a USB bridge also shows hostN/targetN, and virtio-scsi disks show virtioN.
  if (has("/usb")) return Transport::usb;
  if (has("/nvme")) return Transport::nvme;
  if (has("/mmc_host/") || has("/mmcblk")) return Transport::mmc;
  if (has("/ata")) return Transport::sata;
  if (has("/end_device-") || has("/sas_") || has("/port-")) return Transport::sas;
  if (has("/virtual/block/loop")) return Transport::loop;
  if (has("/virtio") && !has("/host")) return Transport::virtio;
  if (has("/host") && has("/target")) return Transport::scsi;
  return Transport::unknown;
}

std::string parse_vpd_unit_serial(std::string_view page) {
  if (page.size() < 4) return {};
  const std::size_t len = std::size_t{static_cast<unsigned char>(page[2])} << 8 | static_cast<unsigned char>(page[3]);
  return trim(std::string(page.substr(4, std::min(len, page.size() - 4))));
}

std::vector<std::string> loop_devices_backed_by(const std::string& file, const SystemPaths& paths) {
  std::vector<std::string> out;
  struct stat target {};
  if (::stat(file.c_str(), &target) != 0) return out;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(fs::path(paths.sysfs) / "block", ec)) {
    const std::string name = entry.path().filename();
    if (!name.starts_with("loop")) continue;
    const fs::path loop = entry.path() / "loop";
    const std::uint64_t ino = read_u64(loop / "backing_inode");
    const dev_t dev = static_cast<dev_t>(read_u64(loop / "backing_dev"));
    const std::string backing = read_attr(loop / "backing_file");
    const bool same_inode = ino != 0 && ino == target.st_ino && dev == target.st_dev;
    if (same_inode || (ino == 0 && !backing.empty() && fs::equivalent(backing, file, ec))) {
      out.push_back("/dev/" + name);
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<DeviceInfo> list_disks(const SystemPaths& paths) {
  std::vector<DeviceInfo> disks;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(fs::path(paths.sysfs) / "block", ec)) {
    const std::string name = entry.path().filename();
    if (is_virtual_name(name)) continue;
    if (read_u64(entry.path() / "size") == 0) continue;  // unbound loop, empty card reader, no disc
    disks.push_back(describe_sysfs(entry.path(), paths, true));
  }
  std::sort(disks.begin(), disks.end(), [](const DeviceInfo& a, const DeviceInfo& b) { return a.name < b.name; });
  return disks;
}

Result<DeviceInfo> describe_device(const std::string& path, const SystemPaths& paths) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    const int err = errno;
    return std::unexpected(errno_error(err, err == ENOENT ? "no such device or file; check the path (wipeseal list "
                                                            "shows the disks it can see)"
                                                          : "cannot examine this path",
                                       path));
  }
  if (S_ISREG(st.st_mode)) {
    DeviceInfo d;
    std::error_code ec;
    d.path = fs::canonical(path, ec).string();
    if (ec) d.path = path;
    d.name = fs::path(d.path).filename();
    d.transport = Transport::image_file;
    d.size_bytes = static_cast<std::uint64_t>(st.st_size);
    d.read_only = ::access(d.path.c_str(), W_OK) != 0;
    d.holders = loop_devices_backed_by(d.path, paths);
    d.content = probe_content(d.path);
    return d;
  }
  if (!S_ISBLK(st.st_mode)) {
    const char* what = S_ISCHR(st.st_mode)    ? "a character device"
                       : S_ISDIR(st.st_mode)  ? "a directory"
                       : S_ISFIFO(st.st_mode) ? "a named pipe (FIFO)"
                       : S_ISSOCK(st.st_mode) ? "a socket"
                                              : "a special file";
    return std::unexpected(make_error(ErrorCode::refused,
                                      fmt::format("this is {}, not a disk; wipeseal erases whole block devices "
                                                  "(see wipeseal list) or image files",
                                                  what),
                                      path));
  }
  const fs::path sys = fs::path(paths.sysfs) / "dev" / "block" / fmt::format("{}:{}", major(st.st_rdev), minor(st.st_rdev));
  std::error_code ec;
  const fs::path real = fs::canonical(sys, ec);
  if (ec) {
    return std::unexpected(make_error(ErrorCode::not_found,
                                      "the kernel has no record of this block device (was it just removed?)", path));
  }
  DeviceInfo d = describe_sysfs(real, paths, true);
  d.path = "/dev/" + d.name;
  return d;
}

}  // namespace wipeseal
