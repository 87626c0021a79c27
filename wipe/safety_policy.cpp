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
    case RefusalCode::in_use: return "in_use";
    case RefusalCode::image_attached: return "image_attached";
    case RefusalCode::wipeseal_medium: return "wipeseal_medium";
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
  auto refuse = [&](RefusalCode code, std::string subject, std::string detail) {
    Refusal r{code, std::move(subject), std::move(detail)};
    if (std::find(decision.refusals.begin(), decision.refusals.end(), r) == decision.refusals.end()) {
      decision.refusals.push_back(std::move(r));
    }
  };

  for (const ContentSignature& sig : d.content.signatures) {
    const bool stick = sig.type == "iso9660" && sig.label == kWipesealVolumeLabel;
    if (stick || sig.label == kWipesealDataLabel) refuse(RefusalCode::wipeseal_medium, d.name, sig.label);
  }
  if (d.is_image_file()) {
    for (const std::string& loop : d.holders) refuse(RefusalCode::image_attached, d.path, loop);
    if (d.read_only) refuse(RefusalCode::read_only, d.path, {});
    // An empty file has nothing to erase and nothing to prove; the same answer as an empty drive.
    if (d.size_bytes == 0) refuse(RefusalCode::no_medium, d.path, {});
    return decision;
  }

  if (d.is_partition) refuse(RefusalCode::partition, d.name, d.parent_disk);
  if (d.is_virtual) refuse(RefusalCode::virtual_device, d.name, {});
  if (d.size_bytes == 0) refuse(RefusalCode::no_medium, d.name, {});

  for (const BootUse& b : system.boot) {
    if (b.disk_devno == d.devno || !part_of(d, b.disk_devno).empty()) {
      refuse(RefusalCode::boot_medium, b.source, b.mount_point);
    }
  }
  for (const MountUse& m : system.mounts) {
    if (std::string part = part_of(d, m.devno); !part.empty()) refuse(RefusalCode::mounted, part, m.mount_point);
  }
  for (const SwapUse& s : system.swaps) {
    if (std::string part = part_of(d, s.devno); !part.empty()) refuse(RefusalCode::swap, s.source, part);
  }
  for (const std::string& holder : d.holders) refuse(RefusalCode::holders, d.name, holder);
  if (d.in_use) refuse(RefusalCode::in_use, d.name, {});
  if (d.read_only) refuse(RefusalCode::read_only, d.name, {});
  return decision;
}

std::string describe_refusal(const Refusal& r) {
  std::string out = fmt::format("{}: {}", refusal_code_name(r.code), r.subject);
  if (!r.detail.empty()) out += fmt::format(" ({})", r.detail);
  return out;
}

}  // namespace wipeseal
