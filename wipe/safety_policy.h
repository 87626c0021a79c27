// Which devices wipeseal may touch. A pure function of what discovery found and what the system
// is using, so every rule is unit-tested without a device. Every refusal carries a code and the
// names it concerns; the catalogue (words/) says why and what to do, in Vietnamese and English.
#pragma once

#include <string>
#include <vector>

#include "wipe/device_info.h"
#include "wipe/system_state.h"

namespace wipeseal {

enum class RefusalCode {
  partition,        // subject = partition, detail = its whole disk
  virtual_device,   // dm/md/zram: subject = name
  boot_medium,      // subject = source, detail = mount point of the running system
  mounted,          // subject = mounted partition or disk, detail = mount point
  swap,             // subject = swap device or file
  holders,          // subject = partition or disk, detail = holder (dm-0, md127)
  read_only,        // subject = device
  no_medium,        // subject = device (size 0)
  image_attached,   // subject = image file, detail = loop device using it
  wipeseal_medium,  // subject = device, detail = the label that marks it (the wipeseal stick or its data drive)
  in_use,           // subject = device: another program holds it exclusively (another wipeseal job)
};

// Labels that mark the wipeseal stick (its ISO 9660 volume) and the office's data drive: a disk
// carrying either is never erased, mounted or not (the live system may have been copied to RAM).
inline constexpr const char* kWipesealVolumeLabel = "WIPESEAL";
inline constexpr const char* kWipesealDataLabel = "WIPESEAL-DATA";

const char* refusal_code_name(RefusalCode code);

struct Refusal {
  RefusalCode code;
  std::string subject;
  std::string detail;
  friend bool operator==(const Refusal&, const Refusal&) = default;
};

struct SafetyDecision {
  std::vector<Refusal> refusals;
  bool allowed() const { return refusals.empty(); }
};

SafetyDecision assess_safety(const DeviceInfo& device, const SystemState& system);

// "mounted: loop1p1 (/mnt)": a terse English form for logs and engine errors.
std::string describe_refusal(const Refusal& r);

}  // namespace wipeseal
