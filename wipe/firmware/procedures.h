// Internal to the firmware purge: what one method's attempt came to, and the helpers every
// command set's procedure shares (stop checks, polling waits, progress, time budgets).
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <string>

#include "wipe/firmware/command_recorder.h"
#include "wipe/firmware/purge.h"

namespace wipeseal::purge_detail {

// A method's attempt: completed, rejected as unsupported (try the next), blocked, failed, or
// interrupted by the operator while the drive goes on in the background.
struct Attempt {
  CandidateDecision decision = CandidateDecision::failed;
  std::string reason;
  std::string device_report;
};

Attempt done(std::string report = {});
Attempt rejected(std::string why);
Attempt blocked(std::string why);
Attempt failed(std::string why);
Attempt interrupted(const std::string& state);

bool stop_requested(const PurgeContext& ctx);
// Waits between status polls; a real wait ends early when the operator stops the job.
void sleep_for(PurgeContext& ctx, std::chrono::milliseconds d);
void report(PurgeContext& ctx, double fraction);
// How long a drive may take: its own estimate doubled plus 10 minutes, else capacity at 30 MB/s
// plus 30 minutes, at least an hour.
std::chrono::seconds purge_budget(std::uint32_t estimate_seconds, std::uint64_t capacity);

// One method of one command set; `method` is known to belong to it.
Attempt run_nvme(NvmeTransport& t, CommandRecorder& rec, const Capabilities& caps, const std::string& method,
                 PurgeContext& ctx);
Attempt run_ata(AtaTransport& t, CommandRecorder& rec, const std::string& method, PurgeContext& ctx);
Attempt run_scsi(ScsiTransport& t, CommandRecorder& rec, const std::string& method, PurgeContext& ctx);
Attempt run_mmc(MmcTransport& t, CommandRecorder& rec, const std::string& method, PurgeContext& ctx);

// A temporary ATA password: 32 printable characters drawn uniformly (by rejection sampling) from
// an alphabet without look-alikes; some firmware mishandles other bytes.
std::array<std::uint8_t, 32> temporary_password(RandomSource& random);

// IDENTIFY DEVICE, parsed; the raw block's SHA-256 into `sha256` if given.
Result<ata::Identify> ata_identify(AtaTransport& t, CommandRecorder& rec, std::string* sha256 = nullptr);

// A repeatable 48-bit command (SANITIZE STATUS EXT, READ NATIVE MAX ADDRESS EXT) whose registers
// must come back whole: when fixed-format sense left COUNT 15:8 or LBA 47:24 unknown, asks for
// descriptor-format sense and sends the command once more. The registers may still be partial
// if the adapter does not allow that; callers check count_upper_known / lba_upper_known.
Result<ata::Registers> ata_whole(AtaTransport& t, CommandRecorder& rec, const ata::Command& c);

std::string ata_reason(const ata::Registers& r);  // "status=0x51 error=0x04"

}  // namespace wipeseal::purge_detail
