#include "wipe/safety_policy.h"

#include <sys/sysmacros.h>

#include <algorithm>

#include <fmt/format.h>

namespace wipeseal {

const char* refusal_code_name(RefusalCode code) {
  switch (code) {
    case RefusalCode::partition: return "partition";
    case RefusalCode::virtual_device: return "virtual_device";
    case RefusalCode::boot_medium: return "boot_medium";
    case RefusalCode::mounted: return "mounted";
    case RefusalCode::swap: return "swap";
    case RefusalCode::holders: return "holders";
    case RefusalCode::read_only: return "read_only";
    case RefusalCode::no_medium: return "no_medium";
    case RefusalCode::image_attached: return "image_attached";
  }
  return "unknown";
}

namespace {

// Name of the disk or one of its partitions that carries `devno`, or empty if none does.
std::string part_of(const DeviceInfo& d, dev_t devno) {
  if (devno == 0) return {};
  if (d.devno == devno) return d.name;
  for (std::size_t i = 0; i < d.partition_devnos.size(); ++i) {
    if (d.partition_devnos[i] == devno) return d.partition_names[i];
  }
  return {};
}

}  // namespace

SafetyDecision assess_safety(const DeviceInfo& d, const SystemState& system) {
  SafetyDecision decision;
  auto refuse = [&](RefusalCode code, std::string subject, std::string detail, std::string message, std::string remedy) {
    Refusal r{code, std::move(subject), std::move(detail), std::move(message), std::move(remedy)};
    if (std::find(decision.refusals.begin(), decision.refusals.end(), r) == decision.refusals.end()) {
      decision.refusals.push_back(std::move(r));
    }
  };

  if (d.is_image_file()) {
    for (const std::string& loop : d.holders) {
      refuse(RefusalCode::image_attached, d.path, loop,
             fmt::format("the image file is attached as {}, which may be mounted or in use", loop),
             fmt::format("erase {} instead, or detach it first (losetup -d {})", loop, loop));
    }
    if (d.read_only) {
      refuse(RefusalCode::read_only, d.path, {}, "the image file is not writable",
             "check the file's permissions and that its filesystem is mounted read-write");
    }
    return decision;
  }

  if (d.is_partition) {
    refuse(RefusalCode::partition, d.name, d.parent_disk,
           fmt::format("{} is a partition of {}; wipeseal erases whole disks so that nothing survives outside "
                       "the partition",
                       d.name, d.parent_disk),
           fmt::format("name the whole disk ({}) instead", d.parent_disk));
  }
  if (d.is_virtual) {
    refuse(RefusalCode::virtual_device, d.name, {},
           fmt::format("{} is a virtual device built from other disks (device-mapper, RAID or RAM); erasing it "
                       "would not reach the physical disks",
                       d.name),
           "stop or close the volume and erase each member disk");
  }
  if (d.size_bytes == 0) {
    refuse(RefusalCode::no_medium, d.name, {}, "the device reports a size of zero (no medium inserted?)",
           "insert the medium or check the cable, then list the disks again");
  }

  for (const BootUse& b : system.boot) {
    if (b.disk_devno == d.devno || !part_of(d, b.disk_devno).empty()) {
      refuse(RefusalCode::boot_medium, b.source, b.mount_point,
             fmt::format("this disk carries the running system ({} is mounted at {})", b.source, b.mount_point),
             "wipeseal never erases the disk it is running from; boot from the wipeseal USB stick to erase "
             "this computer's internal disks");
    }
  }
  for (const MountUse& m : system.mounts) {
    if (std::string part = part_of(d, m.devno); !part.empty()) {
      refuse(RefusalCode::mounted, part, m.mount_point, fmt::format("{} is mounted at {}", part, m.mount_point),
             fmt::format("copy off anything you need, then unmount it (umount {})", m.mount_point));
    }
  }
  for (const SwapUse& s : system.swaps) {
    if (std::string part = part_of(d, s.devno); !part.empty()) {
      refuse(RefusalCode::swap, s.source, part, fmt::format("{} is in use as swap space", s.source),
             fmt::format("turn it off first (swapoff {})", s.source));
    }
  }
  for (const std::string& holder : d.holders) {
    refuse(RefusalCode::holders, d.name, holder,
           fmt::format("{} is part of {} (an LVM, RAID or encrypted volume)", d.name, holder),
           "deactivate that volume first (vgchange -an, mdadm --stop or cryptsetup close)");
  }
  if (d.read_only) {
    refuse(RefusalCode::read_only, d.name, {}, fmt::format("{} is read-only", d.name),
           "check for a write-protect switch, or clear the kernel's read-only flag (blockdev --setrw)");
  }
  return decision;
}

}  // namespace wipeseal
