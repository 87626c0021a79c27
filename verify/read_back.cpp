#include "verify/read_back.h"

#include <chrono>
#include <cstring>
#include <mutex>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "wipe/clock.h"
#include "wipe/pattern.h"
#include "wipe/random_source.h"

namespace wipeseal::verify {
namespace {

constexpr std::size_t kKeptMismatches = 100;
constexpr std::size_t kTrackedRangesLimit = 100000;
// Expected bytes are generated and compared in chunks that stay in the CPU's L2 cache.
constexpr std::size_t kCompareChunk = 128 * 1024;

std::uint64_t overlap_bytes(const ByteRange& r, const std::vector<ByteRange>& set) {
  std::uint64_t n = 0;
  for (const ByteRange& s : set) {
    if (s.overlaps(r)) n += std::min(s.end(), r.end()) - std::max(s.offset, r.offset);
  }
  return n;
}

std::string hex_seed(const Seed& seed) { return to_hex(seed.data(), seed.size()); }

// Collects mismatching logical blocks found by the reader threads, merged as they come.
class MismatchLog {
 public:
  void add(ByteRange r) {
    std::lock_guard lock(mu_);
    bytes_ += r.length;
    if (!ranges_.empty() && ranges_.back().end() == r.offset) {
      ranges_.back().length += r.length;
      return;
    }
    ranges_.push_back(r);
    if (ranges_.size() > kTrackedRangesLimit) ranges_ = merge_ranges(std::move(ranges_));
  }
  std::vector<ByteRange> ranges() {
    std::lock_guard lock(mu_);
    return merge_ranges(ranges_);
  }
  std::uint64_t bytes() {
    std::lock_guard lock(mu_);
    return bytes_;
  }

 private:
  std::mutex mu_;
  std::vector<ByteRange> ranges_;
  std::uint64_t bytes_ = 0;
};

}  // namespace

std::string describe_bytes(std::uint64_t bytes) {
  static constexpr const char* units[] = {"bytes", "KiB", "MiB", "GiB", "TiB"};
  std::size_t unit = 0;
  double v = static_cast<double>(bytes);
  while (v >= 1024 && unit + 1 < std::size(units)) {
    v /= 1024;
    ++unit;
  }
  if (unit == 0) return fmt::format("{} bytes", bytes);
  return fmt::format("{:.4g} {}", v, units[unit]);
}

SamplingPlan plan_for(const DeviceInfo& device, std::uint32_t logical_block_size, const ReadBackOptions& options,
                      const Seed& seed) {
  SamplingParams params;
  params.device_size = device.size_bytes;
  params.logical_block_size = logical_block_size;
  params.unit_bytes = options.unit_bytes != 0 ? options.unit_bytes : default_sample_unit(device, options.coverage);
  params.coverage = options.coverage;
  params.seed = seed;
  params.must_read = default_must_read(device);
  return make_sampling_plan(params);
}

Result<VerificationRecord> verify_overwrite(BlockDevice& device, const JobRecord& record,
                                            const ReadBackOptions& options, RandomSource& random,
                                            const ReadProgress& progress, const std::atomic<bool>& cancel) {
  const auto started = std::chrono::steady_clock::now();
  VerificationRecord v;
  v.started_at = now_timestamp();
  if (record.passes.empty()) {
    return std::unexpected(make_error(ErrorCode::invalid_input, "the record has no pass to verify against"));
  }
  const PassRecord& last = record.passes.back();
  Seed seed{};
  random.fill(std::as_writable_bytes(std::span(seed)));
  DeviceInfo geometry = record.device;
  geometry.size_bytes = device.size_bytes();
  const SamplingPlan plan = plan_for(geometry, device.logical_block_size(), options, seed);

  v.mode = plan.full ? VerificationMode::full : VerificationMode::sampled;
  v.seed = plan.full ? "" : hex_seed(seed);
  v.sample_unit = plan.unit_bytes;
  v.coverage_requested = std::min(options.coverage, 1.0);
  v.strata = plan.strata;
  v.samples_per_stratum = plan.samples_per_stratum;
  v.samples = plan.sampled_units;
  for (const MustRead& m : plan.must_read) v.extra_regions.push_back(m.reason);
  v.expected = fmt::format("pass {}: {} ({})", last.index, last.pattern.kind_name(), last.pattern.describe());
  v.escape_probability = options.escape_threshold;

  // Each reader checks a cache-sized chunk at a time against the pattern (for AES-CTR on the wide
  // path without ever storing the expected bytes); only a chunk that differs is generated and
  // looked at block by block.
  const std::uint32_t lbs = device.logical_block_size();
  const std::size_t piece = plan.full ? options.request_bytes : std::min<std::size_t>(options.request_bytes, plan.unit_bytes);
  const std::size_t chunk = std::max<std::size_t>(lbs, kCompareChunk - kCompareChunk % lbs);
  MismatchLog mismatches;
  auto make_visitor = [&]() -> PieceVisitor {
    struct Reader {
      Reader(const Pattern& pattern, std::size_t bytes) : generator(pattern), expected(bytes) {}
      PatternGenerator generator;
      std::vector<std::byte> expected;
    };
    auto state = std::make_shared<Reader>(last.pattern, std::min(piece, chunk));
    return [state, &mismatches, lbs](std::uint64_t offset, std::span<std::byte> data) {
      std::byte* expected = state->expected.data();
      for (std::size_t at = 0; at < data.size(); at += state->expected.size()) {
        const std::size_t len = std::min(state->expected.size(), data.size() - at);
        if (state->generator.matches(offset + at, data.subspan(at, len))) continue;
        state->generator.fill(offset + at, {expected, len});
        for (std::size_t i = 0; i < len; i += lbs) {
          const std::size_t n = std::min<std::size_t>(lbs, len - i);
          if (std::memcmp(data.data() + at + i, expected + i, n) != 0) mismatches.add({offset + at + i, n});
        }
      }
    };
  };
  PlanReadResult read = read_ranges(device, plan.ranges, piece, plan.full ? options.readers : options.sampled_readers,
                                    make_visitor, progress, cancel, /*narrow_read_errors=*/true);
  if (read.cancelled) return std::unexpected(make_error(ErrorCode::cancelled, "verification stopped by the operator"));

  const std::vector<ByteRange> found = mismatches.ranges();
  v.bytes_read = read.bytes_read;
  v.coverage = static_cast<double>(read.bytes_read) / static_cast<double>(std::max<std::uint64_t>(plan.device_size, 1));
  v.mismatch_bytes = mismatches.bytes();
  v.mismatch_ranges = found.size();
  v.mismatches.assign(found.begin(), found.begin() + static_cast<std::ptrdiff_t>(std::min(found.size(), kKeptMismatches)));
  std::vector<ByteRange> unwritable;
  for (const auto& e : last.errors) unwritable.push_back(e.range);
  for (const ByteRange& r : found) v.mismatch_bytes_in_unwritable += overlap_bytes(r, unwritable);
  v.read_errors = read.read_errors;
  std::uint64_t unreadable_outside = 0;
  for (const ByteRange& r : read.read_errors) unreadable_outside += r.length - overlap_bytes(r, unwritable);

  v.largest_undetected_region = largest_undetected_region(plan, options.escape_threshold);
  if (read.fatal) {
    v.outcome = VerificationOutcome::failed;
    v.failure = fmt::format("the device could not be read back: {}", read.fatal->describe());
  } else if (v.mismatch_bytes > v.mismatch_bytes_in_unwritable) {
    v.outcome = VerificationOutcome::failed;
    v.failure = fmt::format("{} bytes in {} range(s) do not hold the pattern that was written, the first at byte {}",
                            v.mismatch_bytes - v.mismatch_bytes_in_unwritable, found.size(), found.front().offset);
  } else if (unreadable_outside > 0) {
    v.outcome = VerificationOutcome::failed;
    v.failure = fmt::format("{} bytes could not be read back, the first at byte {}", unreadable_outside,
                            read.read_errors.front().offset);
  } else if (v.mismatch_bytes > 0 || !read.read_errors.empty()) {
    v.outcome = VerificationOutcome::passed_except_unwritable;
  } else {
    v.outcome = VerificationOutcome::passed;
  }

  if (plan.full) {
    v.statement = fmt::format("Every byte of the device ({}) was read back and compared with the expected pattern.",
                              describe_bytes(plan.device_size));
  } else {
    v.statement = fmt::format(
        "Read back {} ({:.2f} % of the device): {} random samples of {} in {} equal strata (seed {}), plus {}. "
        "A contiguous unerased region larger than {} would have been found with probability at least "
        "1 - {:g}, wherever it lies; smaller regions can escape a sample.",
        describe_bytes(v.bytes_read), v.coverage * 100, v.samples, describe_bytes(v.sample_unit), v.strata, v.seed,
        fmt::join(v.extra_regions, ", "), describe_bytes(v.largest_undetected_region), options.escape_threshold);
    // On a small device the floor of samples per stratum and the always-read regions can add up
    // to far more than was asked: say so, rather than leave the reader to wonder.
    if (v.coverage > v.coverage_requested * 1.5) {
      v.statement += fmt::format(
          " More was read than the {:g} % asked for: every one of the {} strata gets at least one sample of {} and the "
          "first and last MiB and former signatures are always read, which on a device of {} comes to {:.2f} %.",
          v.coverage_requested * 100, v.strata, describe_bytes(v.sample_unit), describe_bytes(plan.device_size),
          v.coverage * 100);
    }
  }
  if (!read.read_errors.empty()) {
    std::uint64_t unreadable = 0;
    for (const ByteRange& r : read.read_errors) unreadable += r.length;
    v.statement += fmt::format(" Except {} in {} range(s) that the device refused to read (listed in read_errors): "
                               "nothing is proven there.",
                               describe_bytes(unreadable), read.read_errors.size());
  }
  v.finished_at = now_timestamp();
  v.duration_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return v;
}

}  // namespace wipeseal::verify
