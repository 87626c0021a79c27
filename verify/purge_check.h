// Verification after a firmware purge, whose result is not a known pattern (NIST SP 800-88 Rev. 1
// 4.7.3: for cryptographic and block erase, sample locations before and compare after). Before:
// SHA-256 of a seeded sample of blocks (the data itself is never kept). After: every sampled block
// must differ from its old hash, and libblkid must find no partition table or filesystem.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include "verify/plan_reader.h"
#include "verify/read_back.h"
#include "verify/sampling_plan.h"
#include "wipe/block_device.h"
#include "wipe/device_info.h"
#include "wipe/job.h"
#include "wipe/job_record.h"

namespace wipeseal::verify {

using BlockHash = std::array<std::uint8_t, 32>;

struct PurgeFingerprint {
  SamplingPlan plan;
  Seed seed{};
  std::vector<ByteRange> blocks;    // the blocks hashed, ascending
  std::vector<BlockHash> hashes;    // SHA-256 of each block, same order
  // False for blocks that held only 0x00 or only 0xFF: reading the same after the purge (a block
  // erase returns zeros) shows nothing, so they cannot count as evidence either way.
  std::vector<char> informative;
  std::vector<ByteRange> unreadable;
};

// Reads and hashes a sample of `device` before the purge. Errors: cancelled, or the device gone.
Result<PurgeFingerprint> take_fingerprint(BlockDevice& device, const DeviceInfo& info, const ReadBackOptions& options,
                                          RandomSource& random, const std::atomic<bool>& cancel);

// Re-reads the same blocks after the purge and checks them; `device_path` is probed with libblkid.
Result<VerificationRecord> check_purge(BlockDevice& device, const std::string& device_path,
                                       const PurgeFingerprint& before, const ReadBackOptions& options,
                                       const ReadProgress& progress, const std::atomic<bool>& cancel);

// The fingerprint as text (JSON) and back, so that a job interrupted during the purge (operator
// stop, crash, power loss) is checked on resume against the drive's content before the purge, not
// against what the interrupted purge left. Holds hashes of the sampled blocks, never their data.
std::string fingerprint_to_text(const PurgeFingerprint& fp);
Result<PurgeFingerprint> fingerprint_from_text(const std::string& text);

// The engine's hook for firmware purges: fingerprint before, check after, with `options`.
PurgeVerifierFactory purge_verifier(const ReadBackOptions& options);

enum class BlockClass { zero, ones, random, other };
// How a block reads back: all 0x00, all 0xFF, random-looking (byte histogram passes a chi-square
// test at the 6-sigma level; needs >= 4 KiB), or other.
BlockClass classify_block(std::span<const std::byte> data);

}  // namespace wipeseal::verify
