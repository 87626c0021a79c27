// What is on a device, as libblkid sees it: partition table, partitions, and every filesystem /
// RAID / swap / crypto signature with the absolute offset of its magic. Shown to the operator
// before erasure, recorded before and after, and (later) sampled by verification.
#pragma once

#include <string>

#include "wipe/device_info.h"

namespace wipeseal {

// Probes `path` (a whole disk or an image file) read-only. Never fails: if the device cannot be
// read, the summary says so in `probe_error` and `probed` is false.
ContentSummary probe_content(const std::string& path);

}  // namespace wipeseal
