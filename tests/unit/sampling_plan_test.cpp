// The sampling plan and what it proves: pure, no I/O.
#include <gtest/gtest.h>

#include <cmath>
#include <set>

#include "verify/sampling_plan.h"

namespace wipeseal::verify {
namespace {

constexpr std::uint64_t KiB = 1024, MiB = 1024 * 1024, GiB = 1024 * MiB;

Seed seed_of(std::uint8_t n) {
  Seed s{};
  s[0] = n;
  s[31] = static_cast<std::uint8_t>(n * 7 + 1);
  return s;
}

SamplingParams params(std::uint64_t size, std::uint64_t unit, double coverage, std::uint8_t seed = 1) {
  SamplingParams p;
  p.device_size = size;
  p.unit_bytes = unit;
  p.coverage = coverage;
  p.seed = seed_of(seed);
  return p;
}

TEST(SamplingPlanTest, AtLeastAThousandStrataEachSampledAtTheRequestedRate) {
  const SamplingPlan plan = make_sampling_plan(params(4 * GiB, 8 * KiB, 0.01));
  EXPECT_EQ(plan.strata, 1000u);
  EXPECT_EQ(plan.units, 4 * GiB / (8 * KiB));
  // 524 or 525 units per stratum, ceil(1 % of that) = 6 samples in each.
  EXPECT_EQ(plan.samples_per_stratum, 6u);
  EXPECT_EQ(plan.sampled_units, 6000u);
  EXPECT_GE(plan.coverage, 0.01);
  EXPECT_LT(plan.coverage, 0.013);
  // Every stratum really got its samples.
  std::vector<int> per_stratum(plan.strata, 0);
  for (const ByteRange& r : plan.ranges) {
    for (std::uint64_t off = r.offset; off < r.end(); off += plan.unit_bytes) {
      const std::uint64_t unit = off / plan.unit_bytes;
      std::uint64_t j = 0;
      while (j + 1 < plan.strata && plan.first_unit(j + 1) <= unit) ++j;
      ++per_stratum[j];
    }
  }
  for (int n : per_stratum) EXPECT_EQ(n, 6);
}

TEST(SamplingPlanTest, TheSeedDecidesThePlanAndRangesAscend) {
  const auto a = make_sampling_plan(params(GiB, 4 * KiB, 0.01, 1));
  const auto b = make_sampling_plan(params(GiB, 4 * KiB, 0.01, 1));
  const auto c = make_sampling_plan(params(GiB, 4 * KiB, 0.01, 2));
  EXPECT_EQ(a.ranges, b.ranges);
  EXPECT_NE(a.ranges, c.ranges);
  for (std::size_t i = 1; i < a.ranges.size(); ++i) EXPECT_LT(a.ranges[i - 1].end(), a.ranges[i].offset + 1);
  Seed parsed{};
  EXPECT_TRUE(parse_seed(std::string(64, 'a'), parsed));
  EXPECT_FALSE(parse_seed("abc", parsed));
}

TEST(SamplingPlanTest, AlwaysReadRegionsAreInThePlan) {
  DeviceInfo d;
  d.size_bytes = 8 * GiB + 512;
  d.content.signatures.push_back({"filesystem", "ext4", "", "", "", "", 1 * GiB, 1 * GiB + 1080, "partition 1"});
  auto p = params(d.size_bytes, 64 * KiB, 0.01);
  p.must_read = default_must_read(d);
  const SamplingPlan plan = make_sampling_plan(p);
  ASSERT_EQ(plan.must_read.size(), 3u);
  EXPECT_EQ(plan.must_read[0].reason, "first MiB");
  EXPECT_EQ(plan.must_read[1].range, (ByteRange{d.size_bytes - MiB, MiB}));
  EXPECT_NE(plan.must_read[2].reason.find("ext4 filesystem signature at byte 1073742904"), std::string::npos);
  auto covered = [&](ByteRange r) {
    for (const ByteRange& x : plan.ranges) {
      if (x.offset <= r.offset && r.end() <= x.end()) return true;
    }
    return false;
  };
  EXPECT_TRUE(covered({0, MiB}));
  EXPECT_TRUE(covered({d.size_bytes - MiB, MiB}));
  EXPECT_TRUE(covered({GiB, 4096}));
  EXPECT_EQ(escape_probability(plan, {GiB + 1000, 10}), 0.0);
  EXPECT_EQ(escape_probability(plan, {100, 10}), 0.0);
}

TEST(SamplingPlanTest, FullMeansEveryByte) {
  const SamplingPlan plan = make_sampling_plan(params(GiB + 4096, 64 * KiB, 1.0));
  EXPECT_TRUE(plan.full);
  ASSERT_EQ(plan.ranges.size(), 1u);
  EXPECT_EQ(plan.ranges[0], (ByteRange{0, GiB + 4096}));
  EXPECT_EQ(escape_probability(plan, {12345, 1}), 0.0);
  EXPECT_EQ(largest_undetected_region(plan, 1e-6), 0u);
}

TEST(SamplingPlanTest, SmallDevicesGetSmallerUnitsNotOversampled) {
  DeviceInfo d;
  d.rotational = true;
  d.size_bytes = 4 * GiB;
  EXPECT_EQ(default_sample_unit(d, 0.01), 64 * KiB);  // 1 % of a 4.3 MB stratum is 43 KB
  d.size_bytes = 512 * MiB;
  EXPECT_EQ(default_sample_unit(d, 0.01), 8 * KiB);
  d.size_bytes = 2000ULL * GiB;
  EXPECT_EQ(default_sample_unit(d, 0.01), 256 * KiB);
  d.rotational = false;
  EXPECT_EQ(default_sample_unit(d, 0.01), 64 * KiB);
  d.size_bytes = 64 * MiB;
  EXPECT_EQ(default_sample_unit(d, 0.01), 4 * KiB) << "never below 4 KiB";
}

TEST(SamplingPlanTest, EscapeProbabilityIsExactForOneStratum) {
  // 16 MiB in 4 KiB units: 4096 units in 1000 strata of 4 or 5; 1 % gives one sample each.
  const SamplingPlan plan = make_sampling_plan(params(16 * MiB, 4 * KiB, 0.01));
  const std::uint64_t j = 10;
  const std::uint64_t first = plan.first_unit(j), m = plan.first_unit(j + 1) - first;
  ASSERT_EQ(plan.samples_in(m), 1u);
  for (std::uint64_t c = 1; c <= m; ++c) {
    const ByteRange region{first * 4 * KiB, c * 4 * KiB};
    EXPECT_NEAR(escape_probability(plan, region), static_cast<double>(m - c) / static_cast<double>(m), 1e-12);
  }
  // Across two strata the chances multiply.
  const std::uint64_t next_m = plan.first_unit(j + 2) - plan.first_unit(j + 1);
  const ByteRange straddle{(first + m - 1) * 4 * KiB, 2 * 4 * KiB};
  EXPECT_NEAR(escape_probability(plan, straddle),
              (static_cast<double>(m - 1) / static_cast<double>(m)) *
                  (static_cast<double>(next_m - 1) / static_cast<double>(next_m)),
              1e-12);
}

TEST(SamplingPlanTest, WorstCaseBoundsEveryPlacementAndDefinesTheLargestUndetectedRegion) {
  const SamplingPlan plan = make_sampling_plan(params(4 * GiB, 8 * KiB, 0.01));
  for (std::uint64_t length : {8 * KiB, 100 * KiB, MiB, 3 * MiB}) {
    const double worst = worst_case_escape_probability(plan, length);
    for (std::uint64_t start = 5 * MiB; start < 5 * MiB + 5 * 4398 * KiB; start += 8 * KiB * 37) {
      EXPECT_LE(escape_probability(plan, {start, length}), worst + 1e-12) << length << " at " << start;
    }
  }
  const std::uint64_t largest = largest_undetected_region(plan, 1e-6);
  ASSERT_GT(largest, 0u);
  EXPECT_GE(worst_case_escape_probability(plan, largest), 1e-6);
  EXPECT_LT(worst_case_escape_probability(plan, largest + plan.unit_bytes), 1e-6);
  // A region as large as two strata can never escape.
  EXPECT_EQ(worst_case_escape_probability(plan, 3 * (plan.units / plan.strata + 1) * plan.unit_bytes), 0.0);
}

}  // namespace
}  // namespace wipeseal::verify
