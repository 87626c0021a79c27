// Is this the device we think it is, and may it still be touched? Checked again right before a
// job opens a device (a disk may be swapped, mounted or renamed since it was examined) and when a
// job is resumed (device names change across reboots).
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "wipe/block_device.h"
#include "wipe/device_info.h"
#include "wipe/error.h"
#include "wipe/job.h"
#include "wipe/system_state.h"

namespace wipeseal {

// Why `current` is not the device `recorded` describes (different serial, size, model, backing
// file...), or nullopt if it is the same device.
std::optional<std::string> identity_mismatch(const DeviceInfo& recorded, const DeviceInfo& current);

// Finds the job's device again: at `override_path` if given, else at the recorded path, else
// among all disks by serial number; refuses a device whose identity differs from the record.
Result<DeviceInfo> locate_job_device(const UnfinishedJob& job, const std::string& override_path);

// The engine applies the safety policy itself, on a fresh look at the device, so no frontend can
// skip it and a disk mounted since it was examined is still refused.
Status recheck_safety(const DeviceInfo& given, const SystemState& system);

// Opens the device with `opener` and checks it still has the size it had when examined.
Result<std::unique_ptr<BlockDevice>> open_checked(const DeviceInfo& info, const DeviceOpener& opener);

}  // namespace wipeseal
