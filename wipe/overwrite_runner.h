// Runs an overwrite job on one device: each pass of its plan from where the job stands, with
// durable checkpoints in the journal, then the read-back (JobOptions::verify), then finish.
#pragma once

#include <atomic>
#include <cstdint>

#include "wipe/device_job.h"

namespace wipeseal {

DeviceJobResult run_overwrite(DeviceJob& job, unsigned start_pass, std::uint64_t start_offset, ProgressSink& progress,
                              const std::atomic<bool>& cancel);

}  // namespace wipeseal
