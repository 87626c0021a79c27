// Verification of an overwrite by reading the device back (O_DIRECT, never the page cache) and
// comparing every byte read with the pattern the last pass wrote: sampled by default, full on
// request. The result says what was read, with which seed, and what that proves.
#pragma once

#include <atomic>
#include <cstdint>

#include "verify/plan_reader.h"
#include "verify/sampling_plan.h"
#include "wipe/block_device.h"
#include "wipe/job_record.h"

namespace wipeseal {
class RandomSource;
}

namespace wipeseal::verify {

struct ReadBackOptions {
  double coverage = 0.01;           // fraction of the device to sample; >= 1 reads every byte
  std::uint64_t unit_bytes = 0;     // sample unit; 0 = default_sample_unit(device)
  // Requests in flight and their size for a full read: 4 x 2 MiB measured best of 2-16 x
  // 128 KiB-4 MiB on both bench devices (bench/benchmark.sh); on a RAM-backed loop device the
  // kernel's copy and the check share two cores, and fewer, larger requests cost less system time.
  unsigned readers = 4;
  std::size_t request_bytes = 2u << 20;
  // Sampled reads are one sample unit each (64-256 KiB), scattered: more of them in flight keep
  // a flash drive's queues busy.
  unsigned sampled_readers = 8;
  double escape_threshold = 1e-6;   // for the statement of what the sample proves
};

// The sampling plan verification would use for `device` with these options and seed.
SamplingPlan plan_for(const DeviceInfo& device, std::uint32_t logical_block_size, const ReadBackOptions& options,
                      const Seed& seed);

// Checks that `device` holds the pattern of the last pass of `record` (which must be complete).
// Mismatches inside ranges the engine recorded as unwritable make the outcome
// "passed_except_unwritable"; anywhere else, or an unreadable range, "failed". Returns an error
// only if `cancel` stops it.
Result<VerificationRecord> verify_overwrite(BlockDevice& device, const JobRecord& record,
                                            const ReadBackOptions& options, RandomSource& random,
                                            const ReadProgress& progress, const std::atomic<bool>& cancel);

// "A 4 KiB region" style size for statements: exact binary units where they fit.
std::string describe_bytes(std::uint64_t bytes);

}  // namespace wipeseal::verify
