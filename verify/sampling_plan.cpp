#include "verify/sampling_plan.h"

#include <algorithm>
#include <cmath>
#include <span>

#include <fmt/format.h>

#include "wipe/job_record.h"
#include "wipe/pattern.h"

namespace wipeseal::verify {
namespace {

__extension__ typedef unsigned __int128 u128;
constexpr std::uint64_t kMiB = 1 << 20;

// A deterministic random stream from the seed: the AES-256-CTR keystream under key = seed, IV 0.
class SeededStream {
 public:
  explicit SeededStream(const Seed& seed) : generator_(make_pattern(seed)) {}

  std::uint64_t next() {
    if (pos_ == buffer_.size()) {
      generator_.fill(offset_, std::as_writable_bytes(std::span(buffer_)));
      offset_ += sizeof buffer_;
      pos_ = 0;
    }
    return buffer_[pos_++];
  }

  // Uniform in [0, bound), without modulo bias.
  std::uint64_t below(std::uint64_t bound) {
    const std::uint64_t limit = UINT64_MAX - UINT64_MAX % bound;
    for (;;) {
      const std::uint64_t v = next();
      if (v < limit) return v % bound;
    }
  }

 private:
  static Pattern make_pattern(const Seed& seed) {
    AesCtrKey key;
    key.key = seed;
    return Pattern::aes256_ctr(key);
  }
  PatternGenerator generator_;
  std::array<std::uint64_t, 512> buffer_{};
  std::size_t pos_ = buffer_.size();
  std::uint64_t offset_ = 0;
};

// C(m - c, k) / C(m, k): the chance that k units drawn without replacement from m all miss c of them.
double miss_probability(std::uint64_t m, std::uint64_t c, std::uint64_t k) {
  if (c == 0) return 1.0;
  if (c > m || m - c < k) return 0.0;
  const auto lg = [](std::uint64_t n) { return std::lgamma(static_cast<double>(n) + 1.0); };
  return std::exp(lg(m - c) - lg(m - c - k) - lg(m) + lg(m - k));
}

std::uint64_t stratum_of(const SamplingPlan& plan, std::uint64_t unit) {
  // The largest j with floor(j * units / strata) <= unit.
  const u128 num = static_cast<u128>(unit + 1) * plan.strata;
  return static_cast<std::uint64_t>((num + plan.units - 1) / plan.units) - 1;
}

}  // namespace

std::uint64_t SamplingPlan::first_unit(std::uint64_t stratum) const {
  return static_cast<std::uint64_t>(static_cast<u128>(stratum) * units / strata);
}

std::uint64_t SamplingPlan::samples_in(std::uint64_t m) const {
  if (full) return m;
  const auto k = static_cast<std::uint64_t>(std::ceil(requested_coverage * static_cast<double>(m) - 1e-9));
  return std::clamp<std::uint64_t>(k, 1, m);
}

std::uint64_t default_sample_unit(const DeviceInfo& device, double coverage, std::uint64_t min_strata) {
  // A seek costs about as much as reading 1 MiB on a hard disk: with 256 KiB units a 1 % sample
  // costs roughly 5 % of a full read. Flash has no seeks; 64 KiB keeps the request count modest.
  std::uint64_t unit = device.rotational ? 256 * 1024 : 64 * 1024;
  // The smallest power of two that is at least coverage x stratum: about one sample per stratum.
  const double fit = std::min(coverage, 1.0) * static_cast<double>(device.size_bytes) / static_cast<double>(min_strata);
  while (unit > 4096 && static_cast<double>(unit) / 2 >= fit) unit /= 2;
  return std::max<std::uint64_t>(unit, device.logical_sector_size);
}

std::vector<MustRead> default_must_read(const DeviceInfo& device) {
  std::vector<MustRead> out;
  const std::uint64_t size = device.size_bytes;
  out.push_back({{0, std::min(kMiB, size)}, "first MiB"});
  if (size > kMiB) out.push_back({{size - kMiB, kMiB}, "last MiB"});
  // The 4 KiB around each signature's magic: enough for any superblock or partition header.
  const std::uint64_t unit = 4096;
  for (const ContentSignature& s : device.content.signatures) {
    const std::uint64_t start = s.magic_offset / unit * unit;
    out.push_back({{start, std::min(unit, size - std::min(size, start))},
                   fmt::format("{} {} signature at byte {}", s.type, s.kind == "partition_table" ? "partition table" : "filesystem",
                               s.magic_offset)});
  }
  return out;
}

SamplingPlan make_sampling_plan(const SamplingParams& params) {
  SamplingPlan plan;
  plan.device_size = params.device_size;
  plan.unit_bytes = std::max<std::uint64_t>(params.unit_bytes / params.logical_block_size * params.logical_block_size,
                                            params.logical_block_size);
  plan.requested_coverage = params.coverage;
  plan.full = params.coverage >= 1.0;
  if (plan.device_size == 0) return plan;
  plan.units = (plan.device_size + plan.unit_bytes - 1) / plan.unit_bytes;
  plan.strata = std::min(plan.units, std::max<std::uint64_t>(params.min_strata, 1));

  std::vector<ByteRange> ranges;
  if (plan.full) {
    ranges.push_back({0, plan.device_size});
    plan.sampled_units = plan.units;
    plan.samples_per_stratum = plan.units / plan.strata + (plan.units % plan.strata != 0);
  } else {
    SeededStream random(params.seed);
    std::vector<char> taken;
    for (std::uint64_t j = 0; j < plan.strata; ++j) {
      const std::uint64_t first = plan.first_unit(j);
      const std::uint64_t m = plan.first_unit(j + 1) - first;
      const std::uint64_t k = plan.samples_in(m);
      plan.samples_per_stratum = std::max(plan.samples_per_stratum, k);
      plan.sampled_units += k;
      // Floyd's algorithm: k distinct units out of m, each subset equally likely.
      taken.assign(m, 0);
      for (std::uint64_t t = m - k; t < m; ++t) {
        const std::uint64_t pick = random.below(t + 1);
        const std::uint64_t unit = taken[pick] != 0 ? t : pick;
        taken[unit] = 1;
        const std::uint64_t offset = (first + unit) * plan.unit_bytes;
        ranges.push_back({offset, std::min(plan.unit_bytes, plan.device_size - offset)});
      }
    }
  }
  for (const MustRead& must : params.must_read) {
    if (must.range.offset >= plan.device_size || must.range.length == 0) continue;
    ByteRange r{must.range.offset, std::min(must.range.length, plan.device_size - must.range.offset)};
    // Whole logical blocks: O_DIRECT reads nothing smaller.
    const std::uint64_t lbs = params.logical_block_size;
    const std::uint64_t start = r.offset / lbs * lbs;
    const std::uint64_t end = std::min(plan.device_size, (r.end() + lbs - 1) / lbs * lbs);
    r = {start, end - start};
    plan.must_read.push_back({r, must.reason});
    ranges.push_back(r);
  }
  plan.ranges = merge_ranges(std::move(ranges));
  for (const ByteRange& r : plan.ranges) plan.bytes += r.length;
  plan.coverage = static_cast<double>(plan.bytes) / static_cast<double>(plan.device_size);
  return plan;
}

double escape_probability(const SamplingPlan& plan, ByteRange region) {
  if (region.length == 0) return 1.0;
  if (plan.full) return 0.0;
  for (const MustRead& m : plan.must_read) {
    if (m.range.overlaps(region)) return 0.0;
  }
  const std::uint64_t first = region.offset / plan.unit_bytes;
  const std::uint64_t last = std::min(region.end() - 1, plan.device_size - 1) / plan.unit_bytes;
  double p = 1.0;
  for (std::uint64_t j = stratum_of(plan, first); j <= stratum_of(plan, last) && p > 0; ++j) {
    const std::uint64_t lo = plan.first_unit(j), hi = plan.first_unit(j + 1);
    const std::uint64_t c = std::min(hi, last + 1) - std::max(lo, first);
    p *= miss_probability(hi - lo, c, plan.samples_in(hi - lo));
  }
  return p;
}

double worst_case_escape_probability(const SamplingPlan& plan, std::uint64_t length) {
  if (length == 0) return 1.0;
  if (plan.full || plan.strata == 0) return 0.0;
  // A region of `length` bytes overlaps at least c units; placed across a stratum boundary it
  // splits them c1 + c2. Strata hold m_lo or m_hi units. Try every split and size pairing.
  const std::uint64_t c = (length + plan.unit_bytes - 1) / plan.unit_bytes;
  const std::uint64_t m_lo = plan.units / plan.strata;
  const std::uint64_t m_hi = m_lo + (plan.units % plan.strata != 0);
  double worst = 0.0;
  for (std::uint64_t ma : {m_lo, m_hi}) {
    for (std::uint64_t mb : {m_lo, m_hi}) {
      if (ma == 0 || mb == 0 || c > ma + mb) continue;  // longer regions cover a whole stratum
      for (std::uint64_t c1 = c > mb ? c - mb : 0; c1 <= std::min(c, ma); ++c1) {
        const double p =
            miss_probability(ma, c1, plan.samples_in(ma)) * miss_probability(mb, c - c1, plan.samples_in(mb));
        worst = std::max(worst, p);
      }
    }
  }
  return worst;
}

std::uint64_t largest_undetected_region(const SamplingPlan& plan, double threshold) {
  if (plan.full || plan.strata == 0) return 0;
  if (worst_case_escape_probability(plan, plan.unit_bytes) < threshold) return 0;
  // The escape probability falls as the region grows: binary search on whole units.
  std::uint64_t lo = 1, hi = 2 * (plan.units / plan.strata + 1);
  while (lo < hi) {
    const std::uint64_t mid = lo + (hi - lo + 1) / 2;
    if (worst_case_escape_probability(plan, mid * plan.unit_bytes) >= threshold) {
      lo = mid;
    } else {
      hi = mid - 1;
    }
  }
  return std::min(lo * plan.unit_bytes, plan.device_size);
}

bool parse_seed(const std::string& hex, Seed& out) { return from_hex(hex, out.data(), out.size()); }

}  // namespace wipeseal::verify
