// Finding disks and describing them from sysfs (identity, geometry, transport, partitions,
// holders) plus the udev database where sysfs lacks a field, and libblkid for content.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "wipe/device_info.h"
#include "wipe/error.h"

namespace wipeseal {

// Where the kernel and udev publish device facts; tests point these at a fake tree.
struct SystemPaths {
  std::string sysfs = "/sys";
  std::string udev_data = "/run/udev/data";
};

// Every whole disk the kernel knows (not partitions, RAM disks, zram, dm/md volumes or unbound
// loop devices), with identity and content, sorted by kernel name.
std::vector<DeviceInfo> list_disks(const SystemPaths& paths = {});

// Describes what `path` names: a block device (whole disk or partition, symlinks such as
// /dev/disk/by-id/... resolved) or a regular image file. Errors: not_found if nothing is there;
// refused, with the reason, for anything that is neither (character device, directory, ...).
Result<DeviceInfo> describe_device(const std::string& path, const SystemPaths& paths = {});

// Classifies how a disk is attached from the resolved sysfs path of /sys/block/<name>.
Transport classify_transport(std::string_view sysfs_device_path);

// Parses SCSI VPD page 0x80 (Unit Serial Number, SPC-4 7.8.15): bytes 2-3 length, then ASCII.
std::string parse_vpd_unit_serial(std::string_view page);

// Loop devices whose backing file is `file` (by device and inode), as /dev/loopN paths.
std::vector<std::string> loop_devices_backed_by(const std::string& file, const SystemPaths& paths = {});

}  // namespace wipeseal
