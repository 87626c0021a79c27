// What a firmware purge job needs besides its record: the command transports, what the drive
// reported, the methods to try in order, and — when resuming — where an interrupted purge stood.
// Built in one place for new and resumed jobs.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "wipe/block_device.h"
#include "wipe/device_info.h"
#include "wipe/error.h"
#include "wipe/firmware/purge.h"
#include "wipe/job.h"
#include "wipe/job_replay.h"

namespace wipeseal {

struct PurgePlan {
  FirmwareAccess access;
  Capabilities capabilities;
  std::vector<std::string> methods;
  std::optional<std::array<std::uint8_t, 32>> ata_password;  // an interrupted ATA erase's password
  // From the journal of an interrupted job: the drive finished the purge before the interruption
  // (only the read-back is left), and the sample hashed before the purge.
  std::string completed_method;
  std::string fingerprint_text;
  // Why that sample cannot be used (missing or altered file): the purge is still completed (a
  // locked drive must not stay locked), but its read-back is recorded as failed.
  std::string fingerprint_problem;
  // When resuming: why none of the journalled methods may be sent to the drive as it is now.
  std::string resume_refusal;
  ~PurgePlan();
};

// A new job's decision for one device under `options.method` ("auto", a firmware method, or an
// overwrite method, for which nothing is asked of the drive unless its hidden sectors are to be
// made accessible first): either a purge plan, or the overwrite method to use (auto on a drive
// without a usable purge). `firmware` is what the record keeps of the probe. Refuses a firmware
// method the drive does not offer, and a hidden area it cannot restore safely.
struct NewJobPlan {
  std::unique_ptr<PurgePlan> purge;
  std::string overwrite_method;
  std::optional<FirmwareRecord> firmware;
};
Result<NewJobPlan> plan_new_job(const DeviceInfo& info, BlockDevice& device, const JobOptions& options);

// A resumed purge job's plan from its journal; the probe's commands are added to `record`. The
// drive is asked again what it offers, and a journalled method it no longer offers (another
// drive in the same place, a controller that now has other namespaces, a frozen drive) is not
// sent: the record's candidates say why. The method the drive may still be running stays first.
std::unique_ptr<PurgePlan> plan_resumed_purge(const Replay& replay, const DeviceInfo& info, BlockDevice& device,
                                              const JobOptions& options, JobRecord& record);

}  // namespace wipeseal
