// Read-back verification on image files: clean wipes pass, remnants are found where the issue
// says they must be, the detection rate matches the computed probability, and firmware-purge
// checks catch unchanged blocks and surviving signatures.
#include <gtest/gtest.h>

#include <atomic>
#include <cmath>
#include <fstream>
#include <random>

#include "tests/support/faulty_block_device.h"
#include "tests/support/temp_dir.h"
#include "verify/purge_check.h"
#include "verify/read_back.h"
#include "wipe/discovery.h"
#include "wipe/job.h"
#include "wipe/random_source.h"

namespace wipeseal::verify {
namespace {

constexpr std::uint64_t KiB = 1024, MiB = 1024 * 1024;

void write_at(const std::string& path, std::uint64_t offset, const std::string& bytes) {
  std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
  f.seekp(static_cast<std::streamoff>(offset));
  f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

std::string random_bytes(std::size_t n, unsigned seed) {
  std::mt19937 gen(seed);
  std::string s(n, '\0');
  for (char& c : s) c = static_cast<char>(gen() & 0xFF);
  return s;
}

class ReadBackTest : public ::testing::Test {
 protected:
  // An image erased by a real job (method clear, no verification yet), ready to be checked.
  JobRecord erase_image(std::uint64_t size, const std::string& name = "disk.img", bool ext4 = false) {
    const std::string path = dir_.file(name);
    test::make_filled_file(path, size, 0xA5);
    if (ext4) {
      EXPECT_EQ(std::system(("mkfs.ext4 -q -F -L GONE " + path + " >/dev/null 2>&1").c_str()), 0);
    }
    auto d = describe_device(path);
    EXPECT_TRUE(d) << d.error().describe();
    JobOptions options;
    options.records_dir = dir_.file("records");
    options.state_dir = dir_.file("state");
    NullProgressSink none;
    std::atomic<bool> cancel{false};
    auto r = run_erase_job({*d}, options, none, cancel);
    EXPECT_TRUE(r) << r.error().describe();
    return (*r)[0].record;
  }
  VerificationRecord check(const JobRecord& record, double coverage, std::uint64_t seed = 1,
                           std::uint64_t unit = 0) {
    auto dev = open_block_device(record.device.path, OpenOptions{.write = false, .exclusive = false});
    EXPECT_TRUE(dev) << dev.error().describe();
    ReadBackOptions options;
    options.coverage = coverage;
    options.unit_bytes = unit;
    auto random = make_deterministic_random(seed);
    std::atomic<bool> cancel{false};
    auto v = verify_overwrite(**dev, record, options, *random, {}, cancel);
    EXPECT_TRUE(v) << v.error().describe();
    return *v;
  }
  test::TempDir dir_;
};

TEST_F(ReadBackTest, ACleanWipePassesInEveryMode) {
  const JobRecord rec = erase_image(32 * MiB);
  for (double coverage : {0.01, 0.1, 1.0}) {
    const VerificationRecord v = check(rec, coverage);
    EXPECT_EQ(v.outcome, VerificationOutcome::passed) << coverage << ": " << v.failure;
    EXPECT_EQ(v.mismatch_bytes, 0u);
    EXPECT_GE(v.coverage, coverage);
    EXPECT_EQ(v.mode, coverage >= 1 ? VerificationMode::full : VerificationMode::sampled);
    EXPECT_FALSE(v.statement.empty());
  }
  const VerificationRecord full = check(rec, 1.0);
  EXPECT_EQ(full.bytes_read, 32 * MiB);
  EXPECT_EQ(full.largest_undetected_region, 0u);
  EXPECT_TRUE(full.seed.empty());
}

TEST_F(ReadBackTest, FullModeFindsAPlantedRemnantAtItsExactOffset) {
  const JobRecord rec = erase_image(64 * MiB);
  std::mt19937_64 where(2026);
  for (int trial = 0; trial < 3; ++trial) {
    const std::uint64_t block = (where() % (64 * MiB / 4096 - 1)) * 4096;
    write_at(rec.device.path, block, random_bytes(4096, static_cast<unsigned>(trial)));
    const VerificationRecord v = check(rec, 1.0);
    EXPECT_EQ(v.outcome, VerificationOutcome::failed);
    ASSERT_EQ(v.mismatches.size(), 1u);
    EXPECT_EQ(v.mismatches[0], (ByteRange{block, 4096}));
    EXPECT_NE(v.failure.find(std::to_string(block)), std::string::npos) << v.failure;
    // Repair it for the next trial.
    PatternGenerator gen(rec.passes[0].pattern);
    std::string good(4096, '\0');
    gen.fill(block, std::as_writable_bytes(std::span(good.data(), good.size())));
    write_at(rec.device.path, block, good);
  }
  const std::uint64_t region = (where() % (63 * MiB / 512)) * 512;
  write_at(rec.device.path, region, std::string(MiB, 'S'));
  const VerificationRecord v = check(rec, 1.0);
  ASSERT_EQ(v.mismatches.size(), 1u);
  EXPECT_EQ(v.mismatches[0], (ByteRange{region, MiB}));
  EXPECT_EQ(v.mismatch_bytes, MiB);
}

TEST_F(ReadBackTest, SampledModeAlwaysChecksTheEdgesAndFormerSignatures) {
  const JobRecord rec = erase_image(64 * MiB, "fs.img", true);
  ASSERT_FALSE(rec.device.content.signatures.empty());
  const std::uint64_t superblock = rec.device.content.signatures[0].magic_offset / 512 * 512;
  for (std::uint64_t at : {std::uint64_t{4096}, 64 * MiB - 8192, superblock}) {
    const std::string before = test::read_bytes(rec.device.path, at, 512);
    write_at(rec.device.path, at, std::string(512, 'R'));
    for (std::uint64_t seed = 1; seed <= 5; ++seed) {
      const VerificationRecord v = check(rec, 0.01, seed);
      EXPECT_EQ(v.outcome, VerificationOutcome::failed) << "remnant at " << at << ", seed " << seed;
      ASSERT_FALSE(v.mismatches.empty());
      EXPECT_EQ(v.mismatches[0], (ByteRange{at, 512}));
    }
    write_at(rec.device.path, at, before);
  }
}

TEST_F(ReadBackTest, SampledDetectionRateMatchesTheComputedProbability) {
  // 16 MiB in 4 KiB units, 1 % in 1000 strata: one sample per stratum of 4 or 5 units. A remnant
  // of two units inside one stratum escapes with probability (m - 2) / m.
  const JobRecord rec = erase_image(16 * MiB);
  const SamplingPlan shape = plan_for(rec.device, 512, ReadBackOptions{.coverage = 0.01, .unit_bytes = 4 * KiB}, {});
  const std::uint64_t j = 500;
  const ByteRange remnant{shape.first_unit(j) * 4 * KiB, 2 * 4 * KiB};
  write_at(rec.device.path, remnant.offset, random_bytes(static_cast<std::size_t>(remnant.length), 9));
  const double p_escape = escape_probability(shape, remnant);
  ASSERT_GT(p_escape, 0.3);
  ASSERT_LT(p_escape, 0.8);
  const int trials = 400;
  int detected = 0;
  for (int t = 0; t < trials; ++t) {
    const VerificationRecord v = check(rec, 0.01, 1000 + static_cast<std::uint64_t>(t), 4 * KiB);
    if (v.outcome == VerificationOutcome::failed) ++detected;
  }
  const double expected = trials * (1 - p_escape);
  const double sigma = std::sqrt(trials * p_escape * (1 - p_escape));
  EXPECT_NEAR(detected, expected, 4.5 * sigma) << "detected " << detected << " of " << trials;
}

TEST_F(ReadBackTest, ANeverWipedDeviceOrAWrongKeyFails) {
  const JobRecord rec = erase_image(8 * MiB);
  JobRecord wrong = rec;
  AesCtrKey key = rec.passes[0].pattern.aes();
  key.key[0] ^= 1;
  wrong.passes[0].pattern = Pattern::aes256_ctr(key);
  const VerificationRecord v = check(wrong, 0.01);
  EXPECT_EQ(v.outcome, VerificationOutcome::failed);
  EXPECT_EQ(v.mismatch_bytes, v.bytes_read) << "every byte read mismatches the wrong key";

  test::make_filled_file(dir_.file("never.img"), 8 * MiB, 0x42);
  JobRecord never = rec;
  never.device.path = dir_.file("never.img");
  EXPECT_EQ(check(never, 0.01).outcome, VerificationOutcome::failed);
}

TEST_F(ReadBackTest, MismatchesOnlyWhereWritesFailedAreExceptionsAndLiesAreFailures) {
  test::make_filled_file(dir_.file("bad.img"), 8 * MiB, 0xA5);
  auto d = describe_device(dir_.file("bad.img"));
  ASSERT_TRUE(d);
  JobOptions options;
  options.records_dir = dir_.file("records");
  options.state_dir = dir_.file("state");
  options.verify = [](BlockDevice& dev, const JobRecord& r, const auto& progress, const std::atomic<bool>& cancel) {
    return verify_overwrite(dev, r, ReadBackOptions{.coverage = 1.0}, secure_random(), progress, cancel);
  };
  auto with_faults = [&](test::FaultPlan plan) {
    options.open_device = [plan](const DeviceInfo& info) -> Result<std::unique_ptr<BlockDevice>> {
      auto real = open_block_device(info.path, OpenOptions{});
      if (!real) return std::unexpected(real.error());
      return std::make_unique<test::FaultyBlockDevice>(std::move(*real), plan);
    };
    NullProgressSink none;
    std::atomic<bool> cancel{false};
    auto r = run_erase_job({*d}, options, none, cancel);
    EXPECT_TRUE(r) << r.error().describe();
    return (*r)[0].record;
  };
  const JobRecord unwritable = with_faults({.bad_ranges = {{3 * MiB, 4096}}});
  ASSERT_TRUE(unwritable.verification);
  EXPECT_EQ(unwritable.verification->outcome, VerificationOutcome::passed_except_unwritable);
  EXPECT_EQ(unwritable.verification->mismatch_bytes_in_unwritable, 4096u);
  EXPECT_EQ(unwritable.outcome, Outcome::erased_with_exceptions);

  // A device that reports success but drops the data: only reading back can tell.
  const JobRecord lying = with_faults({.lost_ranges = {{5 * MiB, 8192}}});
  ASSERT_TRUE(lying.verification);
  EXPECT_EQ(lying.verification->outcome, VerificationOutcome::failed);
  EXPECT_EQ(lying.outcome, Outcome::failed);
  ASSERT_EQ(lying.verification->mismatches.size(), 1u);
  EXPECT_EQ(lying.verification->mismatches[0], (ByteRange{5 * MiB, 8192}));
  EXPECT_NE(lying.outcome_detail.find("reading back found"), std::string::npos) << lying.outcome_detail;
}

TEST(BlockClassTest, ZeroOnesRandomOther) {
  const std::string zeros(4096, '\0'), ones(4096, '\xFF');
  EXPECT_EQ(classify_block(std::as_bytes(std::span(zeros))), BlockClass::zero);
  EXPECT_EQ(classify_block(std::as_bytes(std::span(ones))), BlockClass::ones);
  const std::string noise = random_bytes(65536, 3);
  EXPECT_EQ(classify_block(std::as_bytes(std::span(noise))), BlockClass::random);
  std::string text;
  while (text.size() < 65536) text += "TAI LIEU MAT ";
  EXPECT_EQ(classify_block(std::as_bytes(std::span(text))), BlockClass::other);
}

class PurgeCheckTest : public ReadBackTest {
 protected:
  // A 32 MiB ext4 image with files, fingerprinted as before a firmware purge.
  void SetUp() override {
    path_ = dir_.file("purge.img");
    test::make_filled_file(path_, 32 * MiB, 0x00);
    ASSERT_EQ(std::system(("mkfs.ext4 -q -F -L SECRET " + path_ + " >/dev/null 2>&1").c_str()), 0);
    for (std::uint64_t off = 2 * MiB; off < 30 * MiB; off += 64 * KiB) write_at(path_, off, "TAI LIEU MAT " + std::to_string(off));
    auto d = describe_device(path_);
    ASSERT_TRUE(d);
    info_ = *d;
    auto dev = open_block_device(path_, OpenOptions{.write = false, .exclusive = false});
    ASSERT_TRUE(dev);
    auto random = make_deterministic_random(77);
    std::atomic<bool> cancel{false};
    auto fp = take_fingerprint(**dev, info_, ReadBackOptions{.coverage = 0.05, .unit_bytes = 16 * KiB}, *random, cancel);
    ASSERT_TRUE(fp) << fp.error().describe();
    fingerprint_ = std::move(*fp);
  }
  // What a crypto erase looks like from outside: every block now random.
  void purge_everything() { write_at(path_, 0, random_bytes(32 * MiB, 5)); }
  VerificationRecord after() {
    auto dev = open_block_device(path_, OpenOptions{.write = false, .exclusive = false});
    EXPECT_TRUE(dev);
    std::atomic<bool> cancel{false};
    auto v = check_purge(**dev, path_, fingerprint_, ReadBackOptions{}, {}, cancel);
    EXPECT_TRUE(v) << v.error().describe();
    return *v;
  }
  std::string path_;
  DeviceInfo info_;
  PurgeFingerprint fingerprint_;
};

TEST_F(PurgeCheckTest, APurgedDevicePasses) {
  ASSERT_GT(fingerprint_.blocks.size(), 100u);
  purge_everything();
  const VerificationRecord v = after();
  EXPECT_EQ(v.outcome, VerificationOutcome::passed) << v.failure;
  EXPECT_EQ(v.unchanged_blocks, 0u);
  EXPECT_EQ(v.blocks_random, fingerprint_.blocks.size());
  EXPECT_TRUE(v.signatures_remaining.empty());
}

TEST_F(PurgeCheckTest, AnUnchangedBlockFails) {
  // A block that held data (not only zeros) before, left as it was by the "purge".
  std::size_t i = fingerprint_.blocks.size() / 2;
  while (i < fingerprint_.blocks.size() && fingerprint_.informative[i] == 0) ++i;
  ASSERT_LT(i, fingerprint_.blocks.size());
  const ByteRange kept = fingerprint_.blocks[i];
  const std::string original = test::read_bytes(path_, kept.offset, kept.length);
  purge_everything();
  write_at(path_, kept.offset, original);
  const VerificationRecord v = after();
  EXPECT_EQ(v.outcome, VerificationOutcome::failed);
  EXPECT_EQ(v.unchanged_blocks, 1u);
  ASSERT_EQ(v.mismatches.size(), 1u);
  EXPECT_EQ(v.mismatches[0], kept);
}

TEST_F(PurgeCheckTest, ASurvivingExt4SignatureFailsEvenIfEveryBlockChanged) {
  const std::string superblock = test::read_bytes(path_, 1024, 1024);
  purge_everything();
  write_at(path_, 1024, superblock);  // the drive "purged" everything but left the superblock
  const VerificationRecord v = after();
  EXPECT_EQ(v.outcome, VerificationOutcome::failed);
  ASSERT_FALSE(v.signatures_remaining.empty());
  EXPECT_EQ(v.signatures_remaining[0].type, "ext4");
  EXPECT_NE(v.failure.find("ext4"), std::string::npos) << v.failure;
}

TEST_F(PurgeCheckTest, ZeroedByTheDriveIsAChangeAndIsCounted) {
  write_at(path_, 0, std::string(32 * MiB, '\0'));
  const VerificationRecord v = after();
  EXPECT_EQ(v.outcome, VerificationOutcome::passed) << v.failure;
  EXPECT_EQ(v.blocks_zero, fingerprint_.blocks.size());
  // Blocks that were already zero cannot show a change; they are counted, not held against it.
  std::uint64_t uniform_before = 0;
  for (char informative : fingerprint_.informative) uniform_before += informative == 0;
  EXPECT_GT(uniform_before, 0u);
  EXPECT_EQ(v.blocks_uniform_unchanged, uniform_before);
}

}  // namespace
}  // namespace wipeseal::verify

namespace wipeseal::verify {
namespace {

// Readers that finish before the others have started must not leave the reader count stuck
// (this hung once: the start loop read the shared counter the early readers decrement).
TEST(PlanReaderTest, ATinyPlanWithManyReadersAlwaysFinishes) {
  test::TempDir dir;
  test::make_filled_file(dir.file("small.img"), 64 * 1024, 0x11);
  auto dev = open_block_device(dir.file("small.img"), OpenOptions{.write = false, .exclusive = false});
  ASSERT_TRUE(dev);
  std::atomic<bool> cancel{false};
  for (int round = 0; round < 200; ++round) {
    std::atomic<int> pieces{0};
    auto visitor = [&]() -> PieceVisitor { return [&](std::uint64_t, std::span<std::byte>) { ++pieces; }; };
    const PlanReadResult r = read_ranges(**dev, {{0, 4096}}, 4096, 32, visitor, {}, cancel);
    ASSERT_EQ(r.bytes_read, 4096u);
    ASSERT_EQ(pieces.load(), 1);
  }
}

}  // namespace
}  // namespace wipeseal::verify
