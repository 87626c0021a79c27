// A drive whose ATA security the BIOS froze at power-on (SECURITY FREEZE LOCK) cannot be purged
// by its firmware until it is power-cycled; a suspend and resume of the computer does that on
// most machines (ACS-3 4.19.9: the freeze lasts until power-on or hardware reset). The wizard
// offers it when a plan says a drive is frozen, then examines the disks again.
#pragma once

#include <chrono>
#include <vector>

#include "app/examine.h"
#include "wipe/error.h"

namespace wipeseal::app {

// True if any of `disks` could be purged by its firmware were it not frozen by the BIOS.
bool any_frozen(const std::vector<DiskView>& disks);

// Suspends the computer to RAM and wakes it after `seconds` (rtcwake -m mem; $WIPESEAL_RTCWAKE
// names another program, for tests). Blocks until the computer is back. Errors say why it
// could not sleep (no rtcwake, no wake-up alarm, suspend refused).
Status suspend_and_resume(std::chrono::seconds seconds);

}  // namespace wipeseal::app
