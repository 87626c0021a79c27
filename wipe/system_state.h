// The running system's use of disks: what is mounted, what is swap, and which disks carry the
// running system itself (root, /boot, the live medium). Read once, then handed to the pure
// safety policy.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace wipeseal {

struct SystemPaths;

struct MountUse {
  dev_t devno = 0;           // device number of the mounted block device (partition or disk)
  std::string source;        // "/dev/sdb1"
  std::string mount_point;   // "/mnt/data"
};

struct SwapUse {
  dev_t devno = 0;           // the block device, or the device holding a swap file
  std::string source;        // "/dev/sdb2" or "/swapfile"
};

struct BootUse {
  dev_t disk_devno = 0;      // the whole disk carrying it
  std::string mount_point;   // "/", "/boot/efi", "/run/live/medium", ...
  std::string source;
};

struct SystemState {
  std::vector<MountUse> mounts;
  std::vector<SwapUse> swaps;
  std::vector<BootUse> boot;
};

// Reads /proc/self/mountinfo, /proc/swaps and sysfs.
SystemState read_system_state(const SystemPaths& paths);

// The whole-disk device number for a disk or partition device number (itself for a whole disk).
dev_t whole_disk_of(dev_t devno, const SystemPaths& paths);

// Parses /proc/self/mountinfo text (proc(5)): major:minor in field 3, mount point in field 5,
// source after the " - fstype " separator. Octal escapes (\040) are decoded.
std::vector<MountUse> parse_mountinfo(const std::string& text);

}  // namespace wipeseal
