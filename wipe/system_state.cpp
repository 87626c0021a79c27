#include "wipe/system_state.h"

#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <array>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "wipe/discovery.h"

namespace wipeseal {
namespace fs = std::filesystem;

namespace {

std::string unescape_mount_field(const std::string& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 3 < s.size() && std::isdigit(static_cast<unsigned char>(s[i + 1]))) {
      out.push_back(static_cast<char>(std::stoi(s.substr(i + 1, 3), nullptr, 8)));
      i += 3;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

dev_t devno_of_path(const std::string& path, bool want_block_device) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return 0;
  if (want_block_device) return S_ISBLK(st.st_mode) ? st.st_rdev : 0;
  return st.st_dev;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Mount points whose backing disk is the running system: root, boot partitions, and where the
// live systems of Debian (live-boot), dracut and casper keep their boot medium.
constexpr std::array<const char*, 9> kSystemMountPoints = {
    "/", "/boot", "/boot/efi", "/usr", "/var", "/run/live/medium", "/lib/live/mount/medium",
    "/run/initramfs/live", "/cdrom"};

}  // namespace

std::vector<MountUse> parse_mountinfo(const std::string& text) {
  std::vector<MountUse> mounts;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string id, parent, majmin, root, mount_point;
    if (!(fields >> id >> parent >> majmin >> root >> mount_point)) continue;
    std::string token;
    while (fields >> token && token != "-") {
    }
    std::string fstype, source;
    fields >> fstype >> source;
    unsigned maj = 0, min = 0;
    if (std::sscanf(majmin.c_str(), "%u:%u", &maj, &min) != 2) continue;
    mounts.push_back({makedev(maj, min), unescape_mount_field(source), unescape_mount_field(mount_point)});
  }
  return mounts;
}

dev_t whole_disk_of(dev_t devno, const SystemPaths& paths) {
  if (devno == 0) return 0;
  const fs::path sys = fs::path(paths.sysfs) / "dev" / "block" / fmt::format("{}:{}", major(devno), minor(devno));
  std::error_code ec;
  const fs::path real = fs::canonical(sys, ec);
  if (ec) return devno;
  if (!fs::exists(real / "partition")) return devno;
  unsigned maj = 0, min = 0;
  if (std::sscanf(read_file((real.parent_path() / "dev").string()).c_str(), "%u:%u", &maj, &min) != 2) return devno;
  return makedev(maj, min);
}

SystemState read_system_state(const SystemPaths& paths) {
  SystemState state;
  for (MountUse m : parse_mountinfo(read_file("/proc/self/mountinfo"))) {
    // Filesystems such as btrfs report an anonymous device number; the source names the disk.
    if (major(m.devno) == 0 && m.source.starts_with("/dev/")) m.devno = devno_of_path(m.source, true);
    state.mounts.push_back(m);
  }

  std::istringstream swaps(read_file("/proc/swaps"));
  std::string line;
  std::getline(swaps, line);  // header
  while (std::getline(swaps, line)) {
    std::istringstream fields(line);
    std::string filename, type;
    if (!(fields >> filename >> type)) continue;
    filename = unescape_mount_field(filename);
    const dev_t dev = type == "partition" ? devno_of_path(filename, true) : devno_of_path(filename, false);
    state.swaps.push_back({dev, filename});
  }

  for (const MountUse& m : state.mounts) {
    for (const char* system_point : kSystemMountPoints) {
      if (m.mount_point != system_point || major(m.devno) == 0) continue;
      state.boot.push_back({whole_disk_of(m.devno, paths), m.mount_point, m.source});
    }
  }
  return state;
}

}  // namespace wipeseal
