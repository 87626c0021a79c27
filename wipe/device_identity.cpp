#include "wipe/device_identity.h"

#include <fmt/format.h>

#include "wipe/discovery.h"
#include "wipe/safety_policy.h"

namespace wipeseal {

std::optional<std::string> identity_mismatch(const DeviceInfo& recorded, const DeviceInfo& current) {
  if (recorded.size_bytes != current.size_bytes) {
    return fmt::format("its size is {} bytes, the job's device had {}", current.size_bytes, recorded.size_bytes);
  }
  if (recorded.transport != current.transport) {
    return fmt::format("it is attached as {}, the job's device was {}", transport_name(current.transport),
                       transport_name(recorded.transport));
  }
  if (recorded.serial != current.serial) {
    return fmt::format("its serial number is '{}', the job's device had '{}'", current.serial, recorded.serial);
  }
  if (recorded.model != current.model) {
    return fmt::format("its model is '{}', the job's device was '{}'", current.model, recorded.model);
  }
  if (!recorded.wwn.empty() && recorded.wwn != current.wwn) {
    return fmt::format("its WWN is '{}', the job's device had '{}'", current.wwn, recorded.wwn);
  }
  if (recorded.transport == Transport::loop && recorded.loop_backing_file != current.loop_backing_file) {
    return fmt::format("it is backed by '{}', the job's loop device by '{}'", current.loop_backing_file,
                       recorded.loop_backing_file);
  }
  if (recorded.transport == Transport::image_file && recorded.path != current.path) {
    return fmt::format("it is the file '{}', the job's was '{}'", current.path, recorded.path);
  }
  return std::nullopt;
}

Result<DeviceInfo> locate_job_device(const UnfinishedJob& job, const std::string& override_path) {
  const std::string path = override_path.empty() ? job.device.path : override_path;
  auto here = describe_device(path);
  if (here) {
    auto mismatch = identity_mismatch(job.device, *here);
    if (!mismatch) return here;
    if (!override_path.empty()) {
      return std::unexpected(make_error(ErrorCode::refused,
                                        fmt::format("this is not the device the job was erasing: {}", *mismatch), path));
    }
  }
  // Device names change across reboots; a disk with a serial number can be found by it.
  if (!job.device.serial.empty()) {
    for (DeviceInfo& d : list_disks()) {
      if (!identity_mismatch(job.device, d)) return d;
    }
  }
  return std::unexpected(make_error(
      ErrorCode::not_found,
      fmt::format("the job's device ({}) is not attached{}; reconnect it, or name it with --device", job.device.one_line(),
                  here ? fmt::format(" ({} is now a different device)", path) : ""),
      job.device.path));
}

Status recheck_safety(const DeviceInfo& given, const SystemState& system) {
  auto fresh = describe_device(given.path);
  if (!fresh) return std::unexpected(fresh.error());
  if (auto mismatch = identity_mismatch(given, *fresh)) {
    return std::unexpected(make_error(
        ErrorCode::refused, fmt::format("the device changed since it was examined: {}; list the disks again", *mismatch),
        given.path));
  }
  const SafetyDecision decision = assess_safety(*fresh, system);
  if (decision.allowed()) return {};
  std::string why;
  for (const Refusal& r : decision.refusals) {
    why += fmt::format("{}{}", why.empty() ? "" : "; ", describe_refusal(r));
  }
  return std::unexpected(make_error(ErrorCode::refused, "refused by the safety policy: " + why, given.path));
}

Result<std::unique_ptr<BlockDevice>> open_checked(const DeviceInfo& info, const DeviceOpener& opener) {
  auto dev = opener(info);
  if (!dev) return dev;
  if ((*dev)->size_bytes() != info.size_bytes) {
    return std::unexpected(make_error(
        ErrorCode::refused,
        fmt::format("the device now reports {} bytes, not the {} it had when examined; it may have been swapped. "
                    "List the disks again before erasing",
                    (*dev)->size_bytes(), info.size_bytes),
        info.path));
  }
  return dev;
}

}  // namespace wipeseal
