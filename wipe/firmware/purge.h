// Firmware purge (NIST SP 800-88 Purge / IEEE 2883): running a method through the drive's own
// commands, with a record of every command sent. What a drive can do is in capabilities.h, which
// method is recommended in recommendation.h, the methods themselves in methods.h; the procedures
// for each command set are in ata_purge.cpp, nvme_purge.cpp, scsi_purge.cpp and mmc_purge.cpp.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "wipe/error.h"
#include "wipe/firmware/capabilities.h"
#include "wipe/firmware/methods.h"
#include "wipe/firmware/recommendation.h"
#include "wipe/firmware/transport.h"
#include "wipe/job_record.h"

namespace wipeseal {

class RandomSource;

struct PurgeContext {
  std::function<void(double fraction)> progress;   // 0..1, from the drive's own progress report
  // Makes a fact durable before the next command is sent (the ATA temporary password, which
  // must survive a crash until the drive reports security disabled). Must not fail silently.
  std::function<Status(const nlohmann::json& entry)> persist;
  std::chrono::milliseconds poll_interval{std::chrono::seconds(2)};
  std::function<void(std::chrono::milliseconds)> sleep;  // default: std::this_thread::sleep_for
  RandomSource* random = nullptr;
  std::uint64_t capacity_bytes = 0;
  // The password of an interrupted ATA security erase, found in the journal.
  std::optional<std::array<std::uint8_t, 32>> ata_password;
  // The operator's stop. A drive that sanitizes in the background is left to finish on its own
  // (it cannot be called back, and it carries on even across a power cycle): polling ends and
  // the result says so. A command the drive runs to completion before answering (Format NVM,
  // SECURITY ERASE UNIT, eMMC SANITIZE) cannot be stopped; the stop takes effect after it.
  const std::atomic<bool>* cancel = nullptr;
};

struct PurgeResult {
  std::string method;  // the method that completed, empty if none
  bool completed = false;
  std::vector<CommandRecord> commands;
  std::vector<CandidateRecord> attempts;  // what happened to each method tried
  std::string device_report;
  std::optional<Error> error;  // why no method completed
  // Stopped by the operator: `interrupted_method` is still running in the drive, or empty when
  // the stop came between methods and nothing is running.
  bool interrupted = false;
  std::string interrupted_method;
};

// Runs the methods in `methods` in order until one completes. A method the drive rejects as
// unsupported, or one that fails, is recorded and the next is tried. Before a method's first
// command, `context.persist` receives {"type": "firmware_method", "method": ...}, so that after
// an interruption the job knows which operation the drive may still be running. A sanitize that
// is already running when its method starts (an earlier run of the job was stopped, or lost
// power) is followed to its end instead of being sent again.
PurgeResult run_firmware_purge(FirmwareAccess& access, const Capabilities& caps, const std::vector<std::string>& methods,
                               PurgeContext& context);

// Takes back security that an interrupted erase of ours left enabled (ACS-3 4.19.11: SEC4 ->
// SECURITY UNLOCK -> SEC5), so the drive can be read and the erase completed.
void unlock_interrupted_ata(AtaTransport& transport, std::span<const std::uint8_t, 32> password,
                            std::vector<CommandRecord>& commands);

// Makes the sectors of an ATA Host Protected Area accessible, so that an overwrite reaches them:
// until the next power cycle (SET MAX ADDRESS), or for good on a drive with the Accessible Max
// Address feature (SET ACCESSIBLE MAX ADDRESS EXT, ACS-3 7.4.3); the hidden area's note says
// which. Refuses (ErrorCode::refused) when the native maximum cannot be read whole, or reads below
// the accessible size: sent back as the new maximum, a value cut to 24 bits would shrink the
// drive. Does nothing when nothing is hidden.
Status restore_hidden_area(FirmwareAccess& access, Capabilities& caps, std::vector<CommandRecord>& commands);

}  // namespace wipeseal
