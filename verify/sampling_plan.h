// Where read-back verification looks. The device is split into equal strata (at least 1000 when
// it has that many sample units); in each, a number of sample units is drawn without replacement
// from a CSPRNG stream keyed by a recorded seed. The first and last MiB, and every place where
// a partition table or filesystem signature was found before erasure, are always read. Pure:
// the same parameters and seed always give the same plan, so an auditor can rebuild it.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "wipe/byte_range.h"
#include "wipe/device_info.h"

namespace wipeseal::verify {

using Seed = std::array<std::uint8_t, 32>;

struct MustRead {
  ByteRange range;
  std::string reason;  // "first MiB", "last MiB", "ext4 signature at byte 1080"
};

struct SamplingParams {
  std::uint64_t device_size = 0;
  std::uint32_t logical_block_size = 512;
  std::uint64_t unit_bytes = 64 * 1024;  // a multiple of the logical block size
  double coverage = 0.01;                // fraction of each stratum sampled; >= 1 reads everything
  std::uint64_t min_strata = 1000;
  Seed seed{};
  std::vector<MustRead> must_read;
};

struct SamplingPlan {
  std::uint64_t device_size = 0;
  std::uint64_t unit_bytes = 0;
  double requested_coverage = 0;
  std::uint64_t units = 0;                // sample units on the device (the last may be partial)
  std::uint64_t strata = 0;               // the units of stratum j: [first_unit(j), first_unit(j + 1))
  std::uint64_t samples_per_stratum = 0;  // in the largest strata
  std::uint64_t sampled_units = 0;        // stratified samples drawn in all
  bool full = false;                      // every byte is read
  std::vector<MustRead> must_read;        // clipped to the device
  std::vector<ByteRange> ranges;          // everything to read: sorted, merged, within the device
  std::uint64_t bytes = 0;                // total of `ranges`
  double coverage = 0;                    // bytes / device_size

  std::uint64_t first_unit(std::uint64_t stratum) const;
  // Samples drawn from a stratum of `m` units: ceil(coverage x m), at least 1, at most m.
  std::uint64_t samples_in(std::uint64_t m) const;
};

// The sample unit for a device: 256 KiB on spinning disks so that a 1 % sample costs a small
// fraction of a full read (seeks dominate), 64 KiB on flash where random reads are cheap; but
// smaller (a power of two, at least 4 KiB) on devices too small for `min_strata` strata to hold
// one such unit each at `coverage`, so that small devices are not over-sampled. One sample of
// about coverage x stratum per stratum keeps the request count near the stratum count; the
// largest region that can escape is about two strata whatever the unit, so little is lost.
std::uint64_t default_sample_unit(const DeviceInfo& device, double coverage, std::uint64_t min_strata = 1000);

// First and last MiB, plus the 4 KiB around each signature libblkid found before erasure.
std::vector<MustRead> default_must_read(const DeviceInfo& device);

SamplingPlan make_sampling_plan(const SamplingParams& params);

// Probability that the random samples all miss `region` (0 if it touches an always-read range).
// Exact for this plan: strata are independent, samples in a stratum are drawn without replacement.
double escape_probability(const SamplingPlan& plan, ByteRange region);

// The highest escape probability of a contiguous region of `length` bytes over every placement
// (always-read ranges ignored, which can only overstate it).
double worst_case_escape_probability(const SamplingPlan& plan, std::uint64_t length);

// The largest contiguous region that, placed as badly as possible, escapes the plan with
// probability >= `threshold`. 0 means no region can escape (everything is read).
std::uint64_t largest_undetected_region(const SamplingPlan& plan, double threshold);

// Parses 64 hex digits.
bool parse_seed(const std::string& hex, Seed& out);

}  // namespace wipeseal::verify
