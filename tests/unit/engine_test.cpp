// The overwrite engine and job layer on image files (no root needed): every method writes its
// pattern over every byte; injected write errors end as "erased with exceptions" with exactly
// the failing ranges recorded; a stopped job resumes and ends fully overwritten.
#include <gtest/gtest.h>

#include <atomic>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <nlohmann/json.hpp>

#include "tests/support/device_content.h"
#include "tests/support/faulty_block_device.h"
#include "tests/support/temp_dir.h"
#include "wipe/aligned_buffer.h"
#include "wipe/discovery.h"
#include "wipe/device_identity.h"
#include "wipe/job.h"
#include "wipe/journal.h"
#include "wipe/pattern.h"

namespace wipeseal {
namespace {

using test::FaultPlan;
using test::pattern_mismatches;
using test::FaultyBlockDevice;
using test::TempDir;

constexpr std::uint64_t MiB = 1 << 20;

struct Fixture {
  TempDir dir;
  JobOptions options;
  Fixture() {
    options.records_dir = dir.file("records");
    options.state_dir = dir.file("state");
    options.tuning.chunk_bytes = 256 * 1024;  // many chunks even on small images
    options.tuning.checkpoint_interval = std::chrono::milliseconds(20);
  }
  DeviceInfo image(const std::string& name, std::uint64_t size, unsigned char fill = 0xA5) {
    test::make_filled_file(dir.file(name), size, fill);
    auto d = describe_device(dir.file(name));
    EXPECT_TRUE(d) << d.error().describe();
    return *d;
  }
  void inject(const FaultPlan& plan) {
    options.open_device = [plan](const DeviceInfo& info) -> Result<std::unique_ptr<BlockDevice>> {
      auto real = open_block_device(info.path, OpenOptions{});
      if (!real) return std::unexpected(real.error());
      return std::make_unique<FaultyBlockDevice>(std::move(*real), plan);
    };
  }
  std::vector<DeviceJobResult> run(const std::vector<DeviceInfo>& devices, ProgressSink* sink = nullptr) {
    NullProgressSink none;
    std::atomic<bool> cancel{false};
    auto r = run_erase_job(devices, options, sink != nullptr ? *sink : none, cancel);
    EXPECT_TRUE(r) << r.error().describe();
    return r ? *r : std::vector<DeviceJobResult>{};
  }
};

// O_DIRECT needs the buffer's address aligned; large buffers come from their own mapping, small
// ones from the heap, and both must be fully usable and keep that through a move.
TEST(AlignedBufferTest, SmallAndHugePageBuffersAreAlignedWritableAndMovable) {
  for (const std::size_t size : {std::size_t{4096}, std::size_t{1} << 20, std::size_t{2} << 20,
                                 (std::size_t{5} << 20) + 4096}) {
    for (const std::size_t alignment : {std::size_t{512}, std::size_t{4096}}) {
      AlignedBuffer buffer(size, alignment);
      ASSERT_NE(buffer.data(), nullptr);
      EXPECT_EQ(buffer.size(), size);
      EXPECT_EQ(reinterpret_cast<std::uintptr_t>(buffer.data()) % alignment, 0u);
      if (size >= (std::size_t{2} << 20)) {
        EXPECT_EQ(reinterpret_cast<std::uintptr_t>(buffer.data()) % (std::size_t{2} << 20), 0u) << size;
      }
      std::memset(buffer.data(), 0xA5, size);  // every byte is ours (ASan checks this build)
      EXPECT_EQ(buffer.data()[size - 1], std::byte{0xA5});
      std::byte* const where = buffer.data();
      AlignedBuffer moved(std::move(buffer));
      EXPECT_EQ(moved.data(), where);
      EXPECT_EQ(moved.size(), size);
      EXPECT_EQ(buffer.size(), 0u);  // NOLINT(bugprone-use-after-move): the moved-from state is the point
      AlignedBuffer assigned(4096, 512);
      assigned = std::move(moved);
      EXPECT_EQ(assigned.data(), where);
      EXPECT_EQ(assigned.span().back(), std::byte{0xA5});
    }
  }
}

TEST(EngineTest, EveryMethodWritesItsLastPatternOverEveryByte) {
  for (const char* method : {"clear", "zero", "one", "byte:0x5A", "dod-3"}) {
    Fixture f;
    f.options.method = method;
    const DeviceInfo d = f.image("disk.img", 3 * MiB + 4096);
    auto results = f.run({d});
    ASSERT_EQ(results.size(), 1u);
    const JobRecord& r = results[0].record;
    EXPECT_EQ(r.outcome, Outcome::erased) << method << ": " << r.outcome_detail;
    ASSERT_FALSE(r.passes.empty());
    for (const auto& p : r.passes) {
      EXPECT_TRUE(p.completed && p.flushed) << method;
      EXPECT_EQ(p.bytes_written, d.size_bytes) << method;
    }
    EXPECT_TRUE(pattern_mismatches(d.path, r.passes.back().pattern, d.size_bytes).empty()) << method;
    EXPECT_TRUE(std::filesystem::exists(results[0].record_path)) << method;
  }
}

TEST(EngineTest, ImageWhoseSizeIsNotAWholeNumberOfBlocksIsCoveredToTheLastByte) {
  Fixture f;
  const DeviceInfo d = f.image("odd.img", MiB + 100);
  auto results = f.run({d});
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].record.outcome, Outcome::erased);
  EXPECT_TRUE(pattern_mismatches(d.path, results[0].record.passes[0].pattern, d.size_bytes).empty());
}

TEST(EngineTest, InjectedErrorsEndAsExceptionsWithExactlyThoseRanges) {
  Fixture f;
  const std::vector<ByteRange> bad = {{MiB + 512, 4096}, {5 * MiB, MiB}, {8 * MiB - 512, 512}};
  f.inject({.bad_ranges = bad});
  const DeviceInfo d = f.image("disk.img", 8 * MiB, 0xA5);
  auto results = f.run({d});
  ASSERT_EQ(results.size(), 1u);
  const JobRecord& r = results[0].record;
  EXPECT_EQ(r.outcome, Outcome::erased_with_exceptions);
  std::vector<ByteRange> recorded;
  for (const auto& e : r.passes[0].errors) {
    recorded.push_back(e.range);
    EXPECT_EQ(e.sys_errno, EIO);
    EXPECT_TRUE(e.narrowed);
  }
  EXPECT_EQ(recorded, bad);
  EXPECT_EQ(r.passes[0].bytes_written, d.size_bytes - 4096 - MiB - 512);
  // Every other block carries the pattern; the failing ones were never written.
  EXPECT_EQ(pattern_mismatches(d.path, r.passes[0].pattern, d.size_bytes), bad);
  EXPECT_EQ(test::read_bytes(d.path, 5 * MiB, 16), std::string(16, '\xA5'));
  // The record file says the same.
  auto on_disk = read_record_file(results[0].record_path);
  ASSERT_TRUE(on_disk);
  EXPECT_EQ(on_disk->passes[0].errors.size(), 3u);
}

TEST(EngineTest, TransientErrorsAreRetriedAndDoNotCountAsExceptions) {
  Fixture f;
  f.inject({.transient_failures = 2});
  const DeviceInfo d = f.image("disk.img", 2 * MiB);
  auto results = f.run({d});
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].record.outcome, Outcome::erased);
  EXPECT_GE(results[0].record.passes[0].retried_writes, 2u);
  EXPECT_TRUE(pattern_mismatches(d.path, results[0].record.passes[0].pattern, d.size_bytes).empty());
}

TEST(EngineTest, ADeviceThatDisappearsEndsAsFailedAndSaysSo) {
  Fixture f;
  f.inject({.gone_after_bytes = 2 * MiB});
  const DeviceInfo d = f.image("disk.img", 8 * MiB);
  auto results = f.run({d});
  ASSERT_EQ(results.size(), 1u);
  const JobRecord& r = results[0].record;
  EXPECT_EQ(r.outcome, Outcome::failed);
  ASSERT_TRUE(r.failure.has_value());
  EXPECT_EQ(r.failure->code, "device_gone");
  EXPECT_LT(r.passes[0].bytes_written, d.size_bytes);
  EXPECT_FALSE(r.passes[0].completed);
  EXPECT_FALSE(results[0].record_path.empty()) << "a failed job still gets its record";
}

TEST(EngineTest, AFailedFlushIsAFailureNotASuccess) {
  Fixture f;
  f.inject({.fail_flush = true});
  const DeviceInfo d = f.image("disk.img", MiB);
  auto results = f.run({d});
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].record.outcome, Outcome::failed);
  EXPECT_NE(results[0].record.outcome_detail.find("flush"), std::string::npos) << results[0].record.outcome_detail;
}

TEST(EngineTest, PastTheNarrowingBudgetFailingChunksAreRecordedWhole) {
  Fixture f;
  f.options.tuning.narrowing_budget_bytes = 512;
  f.options.tuning.requests_in_flight = 1;  // chunks in order, so the budget is spent by the first
  f.inject({.bad_ranges = {{MiB, 512}, {3 * MiB, 512}}});
  const DeviceInfo d = f.image("disk.img", 4 * MiB);
  auto results = f.run({d});
  ASSERT_EQ(results.size(), 1u);
  const auto& errors = results[0].record.passes[0].errors;
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].range, (ByteRange{MiB, 512}));
  EXPECT_TRUE(errors[0].narrowed);
  // The second bad block comes after the budget is spent: its whole chunk is reported.
  EXPECT_EQ(errors[1].range, (ByteRange{3 * MiB, 256 * 1024}));
  EXPECT_FALSE(errors[1].narrowed);
  EXPECT_EQ(results[0].record.outcome, Outcome::erased_with_exceptions);
}

// Records the order of device start and finish events.
class EventLog final : public ProgressSink {
 public:
  void on_event(const ProgressEvent& e) override {
    std::lock_guard lock(mu_);
    if (e.kind == ProgressEvent::Kind::device_started) order_.push_back("start");
    if (e.kind == ProgressEvent::Kind::device_finished) order_.push_back("finish");
  }
  std::vector<std::string> order() {
    std::lock_guard lock(mu_);
    return order_;
  }

 private:
  std::mutex mu_;
  std::vector<std::string> order_;
};

TEST(EngineTest, SeveralDevicesRunConcurrentlyInOneJob) {
  Fixture f;
  f.inject({.write_delay = std::chrono::microseconds(50000)});
  std::vector<DeviceInfo> devices = {f.image("a.img", 2 * MiB), f.image("b.img", 2 * MiB), f.image("c.img", 2 * MiB)};
  EventLog log;
  auto results = f.run(devices, &log);
  ASSERT_EQ(results.size(), 3u);
  for (const auto& r : results) {
    EXPECT_EQ(r.record.outcome, Outcome::erased);
    EXPECT_EQ(r.record.job_id, results[0].record.job_id);
    EXPECT_TRUE(pattern_mismatches(r.record.device.path, r.record.passes[0].pattern, r.record.device.size_bytes).empty());
  }
  EXPECT_NE(results[0].record.id, results[1].record.id);
  // Each device needs at least 50 ms of writes; all three are under way before any finishes.
  EXPECT_EQ(log.order(), (std::vector<std::string>{"start", "start", "start", "finish", "finish", "finish"}));
}

TEST(EngineTest, IfOneDeviceCannotBeOpenedNoDeviceIsTouched) {
  Fixture f;
  const DeviceInfo good = f.image("good.img", MiB, 0xA5);
  DeviceInfo missing = good;
  missing.path = f.dir.file("vanished.img");
  NullProgressSink none;
  std::atomic<bool> cancel{false};
  auto r = run_erase_job({good, missing}, f.options, none, cancel);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().device, missing.path);
  EXPECT_EQ(test::read_bytes(good.path, 0, MiB), std::string(MiB, '\xA5'));
  EXPECT_FALSE(std::filesystem::exists(f.options.records_dir));
  auto pending = find_unfinished_jobs(f.options.state_dir);
  ASSERT_TRUE(pending);
  EXPECT_TRUE(pending->jobs.empty()) << "no journal is left for a job that never started";
}

TEST(EngineTest, ADeviceThatChangedSizeSinceDiscoveryIsRefused) {
  Fixture f;
  DeviceInfo d = f.image("disk.img", MiB, 0xA5);
  d.size_bytes += 4096;
  NullProgressSink none;
  std::atomic<bool> cancel{false};
  auto r = run_erase_job({d}, f.options, none, cancel);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::refused);
  EXPECT_EQ(test::read_bytes(d.path, 0, 16), std::string(16, '\xA5'));
}

// Stops the job once a pass is a quarter done, as Ctrl-C would.
class StopAtQuarter final : public ProgressSink {
 public:
  explicit StopAtQuarter(std::atomic<bool>& cancel) : cancel_(cancel) {}
  void on_event(const ProgressEvent& e) override {
    if (e.kind == ProgressEvent::Kind::progress && e.pass_bytes_done * 4 >= e.pass_bytes_total) cancel_ = true;
  }

 private:
  std::atomic<bool>& cancel_;
};

TEST(EngineTest, AStoppedJobIsRecordedAsAbortedAndResumesToTheEnd) {
  Fixture f;
  f.options.tuning.progress_interval = std::chrono::milliseconds(5);
  f.options.tuning.requests_in_flight = 2;  // 64 chunks at 5 ms, two at a time: ~160 ms to stop in
  f.inject({.write_delay = std::chrono::microseconds(5000)});
  const DeviceInfo d = f.image("disk.img", 16 * MiB, 0xA5);
  std::atomic<bool> cancel{false};
  StopAtQuarter stopper(cancel);
  auto first = run_erase_job({d}, f.options, stopper, cancel);
  ASSERT_TRUE(first) << first.error().describe();
  const JobRecord& stopped = (*first)[0].record;
  ASSERT_EQ(stopped.outcome, Outcome::aborted) << stopped.outcome_detail;
  EXPECT_LT(stopped.passes[0].bytes_written, d.size_bytes);
  EXPECT_FALSE(pattern_mismatches(d.path, stopped.passes[0].pattern, d.size_bytes).empty()) << "the stop was mid-pass";

  auto pending = find_unfinished_jobs(f.options.state_dir);
  ASSERT_TRUE(pending);
  ASSERT_EQ(pending->jobs.size(), 1u);
  const UnfinishedJob& job = pending->jobs[0];
  EXPECT_TRUE(job.stopped_by_operator);
  EXPECT_EQ(job.record_id, stopped.id);
  EXPECT_GT(job.offset, 0u);
  EXPECT_EQ(job.offset, stopped.passes[0].bytes_written);

  auto located = locate_job_device(job, "");
  ASSERT_TRUE(located) << located.error().describe();
  f.options.open_device = default_device_opener();
  NullProgressSink none;
  std::atomic<bool> no_cancel{false};
  auto resumed = resume_erase_jobs({{job, *located}}, f.options, none, no_cancel);
  ASSERT_TRUE(resumed) << resumed.error().describe();
  const JobRecord& r = (*resumed)[0].record;
  EXPECT_EQ(r.outcome, Outcome::erased);
  EXPECT_EQ(r.id, stopped.id) << "one record per device per job, across the interruption";
  ASSERT_EQ(r.interruptions.size(), 1u);
  EXPECT_EQ(r.interruptions[0].cause, InterruptionCause::operator_stopped);
  EXPECT_EQ(r.interruptions[0].resumed_from_offset, job.offset);
  EXPECT_EQ(r.passes[0].pattern, stopped.passes[0].pattern) << "the resumed pass writes the same keystream";
  EXPECT_TRUE(pattern_mismatches(d.path, r.passes[0].pattern, d.size_bytes).empty());
  auto after = find_unfinished_jobs(f.options.state_dir);
  ASSERT_TRUE(after);
  EXPECT_TRUE(after->jobs.empty());
}

TEST(EngineTest, ResumeRefusesADifferentDevice) {
  Fixture f;
  const DeviceInfo d = f.image("disk.img", MiB);
  UnfinishedJob job;
  job.device = d;
  DeviceInfo other = d;
  other.size_bytes = 2 * MiB;
  EXPECT_TRUE(identity_mismatch(d, other).has_value());
  other = d;
  other.serial = "X";
  EXPECT_NE(identity_mismatch(d, other)->find("serial"), std::string::npos);
  EXPECT_FALSE(identity_mismatch(d, d).has_value());
  (void)f.image("other.img", 2 * MiB);
  auto located = locate_job_device(job, f.dir.file("other.img"));
  ASSERT_FALSE(located);
  EXPECT_EQ(located.error().code, ErrorCode::refused);
}

}  // namespace
}  // namespace wipeseal
