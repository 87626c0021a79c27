// Runs a firmware purge job on one device: the sample hashed before the purge (kept beside the
// journal until the job ends), the purge itself with every command recorded, and the read-back
// that checks the drive's content changed (JobOptions::purge_verifier), then finish.
#pragma once

#include <atomic>

#include "wipe/device_job.h"
#include "wipe/purge_plan.h"

namespace wipeseal {

DeviceJobResult run_purge(DeviceJob& job, PurgePlan& plan, ProgressSink& progress, const std::atomic<bool>& cancel);

}  // namespace wipeseal
