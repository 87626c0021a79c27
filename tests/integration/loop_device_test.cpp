// End-to-end tests of the wipeseal CLI on real loop devices that each test creates and removes.
// Root only (label "root"). The harness aborts if any /dev path that is not one of these loop
// devices is ever handed to wipeseal.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <thread>

#include "tests/support/cli_runner.h"
#include "tests/support/device_content.h"
#include "tests/support/faulty_block_device.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_loop_device.h"
#include "verify/audit.h"
#include "wipe/content_probe.h"
#include "wipe/discovery.h"
#include "wipe/file_io.h"
#include "wipe/job.h"
#include "wipe/job_record.h"
#include "wipe/journal.h"

namespace wipeseal {
namespace {

namespace fs = std::filesystem;
using test::CliResult;
using test::run_wipeseal;
using test::TempDir;
using test::TestLoopDevice;

constexpr std::uint64_t MiB = 1 << 20;

class LoopDeviceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!test::can_use_loop_devices()) GTEST_SKIP() << "needs root and /dev/loop-control (label: root)";
  }
  std::vector<std::string> dirs() const {
    return {"--out", work_.file("records"), "--state-dir", work_.file("state")};
  }
  CliResult erase(const std::vector<std::string>& devices, const std::vector<std::string>& extra = {},
                  const std::string& stdin_text = {}) {
    std::vector<std::string> args = {"erase"};
    args.insert(args.end(), devices.begin(), devices.end());
    for (const auto& a : dirs()) args.push_back(a);
    args.insert(args.end(), extra.begin(), extra.end());
    return run_wipeseal(args, stdin_text);
  }
  std::vector<JobRecord> records() const {
    std::vector<JobRecord> out;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(work_.file("records"), ec)) {
      if (e.path().extension() != ".json") continue;
      auto r = read_record_file(e.path().string());
      EXPECT_TRUE(r) << r.error().describe();
      if (r) out.push_back(*r);
    }
    return out;
  }
  static std::map<std::string, std::string> marker_files(int n) {
    std::map<std::string, std::string> files;
    for (int i = 0; i < n; ++i) {
      files["bien-ban-mat-" + std::to_string(i) + ".txt"] =
          "TÀI LIỆU MẬT - không phổ biến. WIPESEAL-MARKER-" + std::to_string(i) + "\n" + std::string(3000, 'x');
    }
    return files;
  }
  // A fingerprint of the whole device, to show a refused command wrote nothing.
  static std::size_t digest(const std::string& path, std::uint64_t size) {
    std::size_t h = 0;
    for (std::uint64_t off = 0; off < size; off += 8 * MiB) {
      h = h * 31 + std::hash<std::string>{}(test::read_bytes(path, off, std::min<std::uint64_t>(8 * MiB, size - off)));
    }
    return h;
  }

  TempDir work_;
};

TEST_F(LoopDeviceTest, ClearLeavesNoMarkerNoSignatureAndOnlyThePattern) {
  TestLoopDevice dev(64 * MiB);
  dev.make_ext4(dev.path(), marker_files(20), "HOSO-MAT");
  ASSERT_FALSE(test::find_string(dev.path(), dev.size(), "WIPESEAL-MARKER-").empty()) << "the markers are there to start with";

  const CliResult r = erase({dev.path()}, {"--yes", "--method", "clear"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("ERASED"), std::string::npos) << r.out;

  EXPECT_TRUE(test::find_string(dev.path(), dev.size(), "WIPESEAL-MARKER-").empty());
  EXPECT_TRUE(test::find_string(dev.backing_file(), dev.size(), "WIPESEAL-MARKER-").empty());
  std::string blkid_out;
  EXPECT_EQ(test::run_command({"blkid", "-p", dev.path()}, &blkid_out), 2) << "blkid finds nothing: " << blkid_out;
  EXPECT_TRUE(probe_content(dev.path()).empty());

  const auto recs = records();
  ASSERT_EQ(recs.size(), 1u);
  const JobRecord& rec = recs[0];
  EXPECT_EQ(rec.outcome, Outcome::erased);
  EXPECT_EQ(rec.device.path, dev.path());
  EXPECT_EQ(rec.device.transport, Transport::loop);
  EXPECT_EQ(rec.device.loop_backing_file, dev.backing_file());
  EXPECT_EQ(rec.device.size_bytes, dev.size());
  ASSERT_FALSE(rec.device.content.signatures.empty());
  EXPECT_EQ(rec.device.content.signatures[0].label, "HOSO-MAT");
  ASSERT_TRUE(rec.content_after.has_value());
  EXPECT_TRUE(rec.content_after->empty());
  EXPECT_TRUE(rec.io.direct_io);
  EXPECT_GT(rec.io.time_to_first_write_ms, 0);
  ASSERT_EQ(rec.passes.size(), 1u);
  EXPECT_TRUE(test::pattern_mismatches(dev.path(), rec.passes[0].pattern, dev.size()).empty())
      << "every byte equals the AES-256-CTR pattern named in the record";
}

TEST_F(LoopDeviceTest, ZeroLeavesOnlyZeros) {
  TestLoopDevice dev(16 * MiB);
  dev.make_ext4(dev.path(), marker_files(3), "Z");
  const CliResult r = erase({dev.path()}, {"--yes", "--method", "zero"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_TRUE(test::pattern_mismatches(dev.path(), Pattern::fixed_byte(0), dev.size()).empty());
}

TEST_F(LoopDeviceTest, AMountedDeviceIsRefusedAndUntouched) {
  TestLoopDevice dev(32 * MiB);
  dev.make_ext4(dev.path(), marker_files(2), "M");
  const std::string point = dev.mount(dev.path());
  // Mounting itself updates the superblock, so compare while mounted and idle.
  const std::size_t before = digest(dev.backing_file(), dev.size());
  const CliResult r = erase({dev.path()}, {"--yes"});
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("is mounted at " + point), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("umount " + point), std::string::npos) << "the refusal says what to do: " << r.err;
  EXPECT_EQ(digest(dev.backing_file(), dev.size()), before);
  EXPECT_FALSE(test::find_string(dev.path(), dev.size(), "WIPESEAL-MARKER-").empty());
  EXPECT_TRUE(records().empty());
}

TEST_F(LoopDeviceTest, ADeviceWithAMountedPartitionIsRefused) {
  TestLoopDevice dev(64 * MiB, {.partition_scan = true});
  std::string out;
  ASSERT_EQ(test::run_command({"sh", "-c", "echo 'start=2048, type=L' | sfdisk -q -X gpt " + dev.path()}, &out), 0) << out;
  ASSERT_EQ(test::run_command({"partx", "-u", dev.path()}, &out), 0) << out;
  for (int i = 0; i < 50 && !fs::exists(dev.partition(1)); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  ASSERT_TRUE(fs::exists(dev.partition(1)));
  dev.make_ext4(dev.partition(1), marker_files(2), "P1");
  const std::string point = dev.mount(dev.partition(1));
  const std::size_t before = digest(dev.backing_file(), dev.size());

  const CliResult whole = erase({dev.path()}, {"--yes"});
  EXPECT_EQ(whole.exit_code, 2) << whole.out << whole.err;
  EXPECT_NE(whole.err.find(fs::path(dev.partition(1)).filename().string() + " is mounted at " + point),
            std::string::npos)
      << whole.err;

  const CliResult part = erase({dev.partition(1)}, {"--yes"});
  EXPECT_EQ(part.exit_code, 2) << part.out << part.err;
  EXPECT_NE(part.err.find("is a partition of " + dev.path()), std::string::npos) << part.err;

  EXPECT_EQ(digest(dev.backing_file(), dev.size()), before);
  EXPECT_TRUE(records().empty());
}

TEST_F(LoopDeviceTest, TheRefusalNamesThePartitionThatIsReallyMounted) {
  // Ten partitions: their names sort p1, p10, p2, ... while the kernel lists them p1, p2, ..., p10,
  // so names and device numbers must be kept in pairs.
  TestLoopDevice dev(64 * MiB, {.partition_scan = true});
  std::string table;
  for (int i = 0; i < 10; ++i) table += "size=5M, type=L\\n";
  std::string out;
  ASSERT_EQ(test::run_command({"sh", "-c", "printf '" + table + "' | sfdisk -q -X gpt " + dev.path()}, &out), 0) << out;
  ASSERT_EQ(test::run_command({"partx", "-u", dev.path()}, &out), 0) << out;
  for (int i = 0; i < 50 && !fs::exists(dev.partition(10)); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  ASSERT_TRUE(fs::exists(dev.partition(10)));
  dev.make_ext4(dev.partition(2), marker_files(1), "P2");
  const std::string point = dev.mount(dev.partition(2));
  const CliResult r = erase({dev.path()}, {"--yes"});
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  const std::string p2 = fs::path(dev.partition(2)).filename().string();
  EXPECT_NE(r.err.find(p2 + " is mounted at " + point), std::string::npos) << r.err;
  for (int i : {1, 3, 10}) {
    const std::string other = fs::path(dev.partition(i)).filename().string();
    EXPECT_EQ(r.err.find(other + " is mounted"), std::string::npos) << "the wrong partition was named: " << r.err;
  }
}

TEST_F(LoopDeviceTest, AFullStateFolderRefusesTheJobAndLeavesNoEmptyJournal) {
  TestLoopDevice dev(16 * MiB);
  dev.make_ext4(dev.path(), marker_files(2), "FULL");
  // A 1 MiB tmpfs, filled to the last byte, as the state folder.
  TempDir tiny;
  ASSERT_EQ(test::run_command({"mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", tiny.path().string()}), 0);
  struct Unmount {
    std::string path;
    ~Unmount() { test::run_command({"umount", path}); }
  } unmount{tiny.path().string()};
  fs::create_directories(tiny.file("journal"));
  test::run_command({"sh", "-c", "cat /dev/zero > " + tiny.file("filler") + " 2>/dev/null; true"});
  const std::size_t before = digest(dev.backing_file(), dev.size());
  const CliResult r = run_wipeseal({"erase", dev.path(), "--yes", "--out", work_.file("records"), "--state-dir",
                                    tiny.path().string()});
  EXPECT_EQ(r.exit_code, 1) << "found before any write: the folder is what must change. " << r.out << r.err;
  EXPECT_NE(r.err.find("state folder"), std::string::npos) << r.err;
  EXPECT_EQ(digest(dev.backing_file(), dev.size()), before) << "nothing was written";
  for (const auto& e : fs::recursive_directory_iterator(tiny.path())) {
    EXPECT_FALSE(e.path().extension() == ".jsonl") << "no journal is left behind: " << e.path();
  }
  // The journal itself is created whole or not at all.
  auto journal = Journal::create(tiny.file("journal/direct.jsonl"), {{"type", "begin"}, {"pad", std::string(8192, 'x')}});
  EXPECT_FALSE(journal);
  EXPECT_FALSE(fs::exists(tiny.file("journal/direct.jsonl")));
  EXPECT_FALSE(fs::exists(tiny.file("journal/direct.jsonl.new")));
}

TEST_F(LoopDeviceTest, TheEngineItselfRefusesAMountedDevice) {
  TestLoopDevice dev(16 * MiB);
  dev.make_ext4(dev.path(), marker_files(1), "E");
  auto info = describe_device(dev.path());
  ASSERT_TRUE(info) << info.error().describe();
  const std::string point = dev.mount(dev.path());  // mounted after it was examined: a frontend's check would be stale
  JobOptions options;
  options.records_dir = work_.file("records");
  options.state_dir = work_.file("state");
  NullProgressSink none;
  std::atomic<bool> cancel{false};
  auto r = run_erase_job({*info}, options, none, cancel);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::refused);
  EXPECT_NE(r.error().message.find("mounted: "), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find(point), std::string::npos) << r.error().message;
  EXPECT_FALSE(test::find_string(dev.path(), dev.size(), "WIPESEAL-MARKER-").empty());
  EXPECT_TRUE(records().empty());
}

TEST_F(LoopDeviceTest, AReadOnlyDeviceIsRefused) {
  TestLoopDevice dev(16 * MiB, {.read_only = true});
  const CliResult r = erase({dev.path()}, {"--yes"});
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("read-only"), std::string::npos) << r.err;
}

TEST_F(LoopDeviceTest, BadPathsAndNonDisksAreRefused) {
  const CliResult missing = erase({work_.file("no-such-disk")}, {"--yes"});
  EXPECT_EQ(missing.exit_code, 1) << missing.err;
  EXPECT_NE(missing.err.find("no such device"), std::string::npos) << missing.err;

  const std::string node = work_.file("chardev");
  ASSERT_EQ(::mknod(node.c_str(), S_IFCHR | 0600, makedev(1, 3)), 0);
  const CliResult chr = erase({node}, {"--yes"});
  EXPECT_EQ(chr.exit_code, 2) << chr.err;
  EXPECT_NE(chr.err.find("character device"), std::string::npos) << chr.err;

  TestLoopDevice dev(8 * MiB);
  const CliResult bad_method = erase({dev.path()}, {"--yes", "--method", "shred"});
  EXPECT_EQ(bad_method.exit_code, 1) << bad_method.err;
  EXPECT_NE(bad_method.err.find("unknown erase method"), std::string::npos) << bad_method.err;

  const CliResult twice = erase({dev.path(), dev.path()}, {"--yes"});
  EXPECT_EQ(twice.exit_code, 1) << twice.err;
  EXPECT_TRUE(records().empty());
}

TEST_F(LoopDeviceTest, WithoutYesOnlyTheTypedWordStartsTheErasure) {
  TestLoopDevice dev(16 * MiB);
  dev.make_ext4(dev.path(), marker_files(1), "C");
  const std::size_t before = digest(dev.backing_file(), dev.size());
  for (const std::string answer : {"", "no\n", "yes\n", "xoa\n"}) {
    const CliResult r = erase({dev.path()}, {}, answer);
    EXPECT_EQ(r.exit_code, 1) << "answer '" << answer << "': " << r.out << r.err;
    EXPECT_NE(r.out.find("Type XOA"), std::string::npos) << r.out;
  }
  EXPECT_EQ(digest(dev.backing_file(), dev.size()), before);
  const CliResult yes = erase({dev.path()}, {}, "XOA\n");
  EXPECT_EQ(yes.exit_code, 0) << yes.out << yes.err;
  EXPECT_NE(yes.out.find(dev.path()), std::string::npos) << "the prompt shows the device: " << yes.out;
  EXPECT_TRUE(test::find_string(dev.path(), dev.size(), "WIPESEAL-MARKER-").empty());
}

TEST_F(LoopDeviceTest, ListShowsOurDeviceAndWhyItMayNotBeErased) {
  TestLoopDevice dev(16 * MiB);
  dev.make_ext4(dev.path(), marker_files(1), "LISTME");
  auto find = [&](const nlohmann::json& list) {
    for (const auto& d : list) {
      if (d["path"] == dev.path()) return d;
    }
    return nlohmann::json();
  };
  CliResult r = run_wipeseal({"list", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  nlohmann::json d = find(nlohmann::json::parse(r.out));
  ASSERT_FALSE(d.is_null()) << r.out;
  EXPECT_EQ(d["transport"], "loop");
  EXPECT_EQ(d["size_bytes"], dev.size());
  EXPECT_EQ(d["erasable"], true);
  EXPECT_EQ(d["content_before"]["signatures"][0]["label"], "LISTME");

  const std::string point = dev.mount(dev.path());
  r = run_wipeseal({"list", "--json"});
  d = find(nlohmann::json::parse(r.out));
  EXPECT_EQ(d["erasable"], false);
  ASSERT_FALSE(d["refusals"].empty());
  EXPECT_EQ(d["refusals"][0]["code"], "mounted");
  EXPECT_EQ(d["refusals"][0]["detail"], point);

  r = run_wipeseal({"list"});
  EXPECT_NE(r.out.find("NOT ERASABLE"), std::string::npos) << r.out;
}

TEST_F(LoopDeviceTest, TwoDevicesInOneCommandAreErasedTogether) {
  TestLoopDevice a(16 * MiB), b(24 * MiB);
  const CliResult r = erase({a.path(), b.path()}, {"--yes"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  const auto recs = records();
  ASSERT_EQ(recs.size(), 2u);
  EXPECT_EQ(recs[0].job_id, recs[1].job_id);
  for (const auto& rec : recs) {
    EXPECT_EQ(rec.outcome, Outcome::erased);
    EXPECT_TRUE(test::pattern_mismatches(rec.device.path, rec.passes[0].pattern, rec.device.size_bytes).empty());
  }
  EXPECT_NE(recs[0].passes[0].pattern, recs[1].passes[0].pattern) << "each device gets its own key";
}

TEST_F(LoopDeviceTest, ProgressIsReportedAsPlainLinesOrJson) {
  TestLoopDevice dev(16 * MiB);
  CliResult plain = erase({dev.path()}, {"--yes"});
  ASSERT_EQ(plain.exit_code, 0);
  EXPECT_NE(plain.out.find(dev.path() + ": pass 1/1 started"), std::string::npos) << plain.out;
  EXPECT_NE(plain.out.find("Job record: "), std::string::npos) << plain.out;

  CliResult json = erase({dev.path()}, {"--yes", "--json-progress"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  std::vector<std::string> events;
  std::istringstream lines(json.out);
  std::string line;
  nlohmann::json last;
  while (std::getline(lines, line)) {
    last = nlohmann::json::parse(line);  // every stdout line is JSON
    events.push_back(last["event"]);
  }
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events.front(), "device_started");
  EXPECT_NE(std::find(events.begin(), events.end(), "pass_finished"), events.end());
  EXPECT_EQ(last["event"], "job_finished");
  EXPECT_EQ(last["devices"][0]["outcome"], "erased");
  EXPECT_EQ(last["exit_code"], 0);
}

// Waits until the job's journal holds a checkpoint past byte 0 of some pass, or the job ends.
std::optional<std::string> wait_for_checkpoint(const std::string& state_dir, pid_t pid) {
  for (int i = 0; i < 3000; ++i) {
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(state_dir + "/journal", ec)) {
      if (e.path().extension() != ".jsonl") continue;
      std::ifstream in(e.path());
      std::string line;
      while (std::getline(in, line)) {
        auto j = nlohmann::json::parse(line, nullptr, false);
        if (!j.is_discarded() && j.value("type", "") == "checkpoint" && j.value("offset", 0ULL) > 0 &&
            j.value("offset", 0ULL) < 1024 * MiB) {
          return e.path().string();
        }
      }
    }
    int status = 0;
    if (waitpid(pid, &status, WNOHANG) == pid) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return std::nullopt;
}

TEST_F(LoopDeviceTest, KilledMidPassTheJobResumesAndEndsFullyOverwritten) {
  TestLoopDevice dev(1024 * MiB);
  dev.make_ext4(dev.path(), marker_files(5), "CRASH");
  TempDir logs;
  std::vector<std::string> args = {"erase", dev.path(), "--yes", "--method", "dod-3", "--checkpoint-interval", "50"};
  for (const auto& a : dirs()) args.push_back(a);
  const pid_t pid = test::spawn_wipeseal(args, logs);
  const auto journal = wait_for_checkpoint(work_.file("state"), pid);
  ASSERT_TRUE(journal.has_value()) << "the job ended before a checkpoint could be seen";
  ASSERT_EQ(::kill(pid, SIGKILL), 0);
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status)) << "killed mid-pass";
  ASSERT_TRUE(fs::exists(*journal)) << "the journal of an unfinished job stays in place";

  CliResult list = run_wipeseal({"resume", "--list", "--state-dir", work_.file("state")});
  EXPECT_NE(list.out.find("interrupted: crash, kill or power loss"), std::string::npos) << list.out;

  CliResult r = run_wipeseal({"resume", "--yes", "--state-dir", work_.file("state")});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  const auto recs = records();
  ASSERT_EQ(recs.size(), 1u);
  const JobRecord& rec = recs[0];
  EXPECT_EQ(rec.outcome, Outcome::erased);
  ASSERT_EQ(rec.interruptions.size(), 1u);
  EXPECT_EQ(rec.interruptions[0].cause, InterruptionCause::process_ended);
  EXPECT_GT(rec.interruptions[0].resumed_from_offset + (rec.interruptions[0].pass - 1) * dev.size(), 0u);
  ASSERT_EQ(rec.passes.size(), 3u);
  for (const auto& p : rec.passes) {
    EXPECT_TRUE(p.completed && p.flushed);
    EXPECT_EQ(p.bytes_written, dev.size());
  }
  EXPECT_TRUE(test::pattern_mismatches(dev.path(), rec.passes[2].pattern, dev.size()).empty());
  EXPECT_TRUE(test::find_string(dev.path(), dev.size(), "WIPESEAL-MARKER-").empty());
  auto pending = find_unfinished_jobs(work_.file("state"));
  ASSERT_TRUE(pending);
  EXPECT_TRUE(pending->jobs.empty());
}

TEST_F(LoopDeviceTest, StoppedByTheOperatorTheJobIsResumable) {
  TestLoopDevice dev(1024 * MiB);
  TempDir logs;
  std::vector<std::string> args = {"erase", dev.path(), "--yes", "--method", "dod-3", "--checkpoint-interval", "50"};
  for (const auto& a : dirs()) args.push_back(a);
  const pid_t pid = test::spawn_wipeseal(args, logs);
  ASSERT_TRUE(wait_for_checkpoint(work_.file("state"), pid).has_value());
  ASSERT_EQ(::kill(pid, SIGINT), 0);
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 5) << "exit code 5: stopped, resumable";
  auto recs = records();
  ASSERT_EQ(recs.size(), 1u);
  EXPECT_EQ(recs[0].outcome, Outcome::aborted);

  CliResult r = run_wipeseal({"resume", "--yes", "--state-dir", work_.file("state")});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  recs = records();
  ASSERT_EQ(recs.size(), 1u) << "the resumed job completes the same record";
  EXPECT_EQ(recs[0].outcome, Outcome::erased);
  ASSERT_EQ(recs[0].interruptions.size(), 1u);
  EXPECT_EQ(recs[0].interruptions[0].cause, InterruptionCause::operator_stopped);
  EXPECT_TRUE(test::pattern_mismatches(dev.path(), recs[0].passes[2].pattern, dev.size()).empty());
}

TEST_F(LoopDeviceTest, InjectedErrorsOnARealDeviceAreRecordedExactly) {
  TestLoopDevice dev(16 * MiB);
  TestLoopDevice::require_ours(dev.path());
  auto info = describe_device(dev.path());
  ASSERT_TRUE(info) << info.error().describe();
  const std::vector<ByteRange> bad = {{3 * MiB + 4096, 512}, {9 * MiB, 2 * MiB + 1024}};
  JobOptions options;
  options.records_dir = work_.file("records");
  options.state_dir = work_.file("state");
  options.open_device = [&](const DeviceInfo& d) -> Result<std::unique_ptr<BlockDevice>> {
    TestLoopDevice::require_ours(d.path);
    auto real = open_block_device(d.path, OpenOptions{});
    if (!real) return std::unexpected(real.error());
    return std::make_unique<test::FaultyBlockDevice>(std::move(*real), test::FaultPlan{.bad_ranges = bad});
  };
  NullProgressSink none;
  std::atomic<bool> cancel{false};
  auto results = run_erase_job({*info}, options, none, cancel);
  ASSERT_TRUE(results) << results.error().describe();
  const JobRecord& rec = (*results)[0].record;
  EXPECT_EQ(rec.outcome, Outcome::erased_with_exceptions);
  std::vector<ByteRange> recorded;
  for (const auto& e : rec.passes[0].errors) recorded.push_back(e.range);
  EXPECT_EQ(recorded, bad);
  EXPECT_EQ(test::pattern_mismatches(dev.path(), rec.passes[0].pattern, dev.size()), bad)
      << "every other block was written";
}

TEST_F(LoopDeviceTest, EveryErasureIsReadBackAndTheRecordSaysWhatWasRead) {
  TestLoopDevice dev(256 * MiB);
  dev.make_ext4(dev.path(), marker_files(3), "V");
  CliResult r = erase({dev.path()}, {"--yes"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("Verification PASSED"), std::string::npos) << r.out;
  auto recs = records();
  ASSERT_EQ(recs.size(), 1u);
  ASSERT_TRUE(recs[0].verification.has_value());
  const VerificationRecord& v = *recs[0].verification;
  EXPECT_EQ(v.mode, VerificationMode::sampled);
  EXPECT_EQ(v.outcome, VerificationOutcome::passed);
  EXPECT_EQ(v.seed.size(), 64u);
  EXPECT_GE(v.coverage, 0.01);
  EXPECT_GE(v.strata, 1000u);
  EXPECT_GT(v.largest_undetected_region, 0u);
  ASSERT_GE(v.extra_regions.size(), 3u) << "first MiB, last MiB and the former ext4 superblock";
  EXPECT_NE(v.extra_regions[2].find("ext4"), std::string::npos);

  TestLoopDevice full_dev(64 * MiB);
  r = erase({full_dev.path()}, {"--yes", "--verify", "full", "--method", "zero"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  TestLoopDevice no_dev(16 * MiB);
  r = erase({no_dev.path()}, {"--yes", "--verify", "none"});
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  for (const JobRecord& rec : records()) {
    if (rec.device.path == full_dev.path()) {
      ASSERT_TRUE(rec.verification);
      EXPECT_EQ(rec.verification->mode, VerificationMode::full);
      EXPECT_EQ(rec.verification->bytes_read, full_dev.size());
    }
    if (rec.device.path == no_dev.path()) {
      EXPECT_FALSE(rec.verification.has_value());
    }
  }
  EXPECT_EQ(erase({no_dev.path()}, {"--yes", "--verify", "lots"}).exit_code, 1);
}

TEST_F(LoopDeviceTest, AnAuditorsSpotCheckFindsAPlantedRemnantWithoutTouchingTheRecord) {
  TestLoopDevice dev(128 * MiB);
  ASSERT_EQ(erase({dev.path()}, {"--yes", "--verify", "none"}).exit_code, 0);
  const auto recs = records();
  ASSERT_EQ(recs.size(), 1u);
  const std::string record_path = work_.file("records") + "/" + recs[0].id + ".json";
  const auto bytes_before = read_file(record_path);
  ASSERT_TRUE(bytes_before);

  CliResult ok = run_wipeseal({"verify", dev.path(), "--record", record_path, "--verify", "full"});
  EXPECT_EQ(ok.exit_code, 0) << ok.out << ok.err;

  // Remnants: one 4 KiB block and one 1 MiB region, written behind wipeseal's back.
  const std::uint64_t block = 77 * MiB + 12 * 4096, region = 23 * MiB + 512;
  ASSERT_EQ(test::run_command({"dd", "if=/dev/urandom", "of=" + dev.path(), "bs=4096", "count=1", "oflag=direct",
                               "seek=" + std::to_string(block / 4096)}),
            0);
  ASSERT_EQ(test::run_command({"dd", "if=/dev/urandom", "of=" + dev.path(), "bs=512", "count=2048", "oflag=direct",
                               "seek=" + std::to_string(region / 512)}),
            0);
  CliResult bad = run_wipeseal({"verify", dev.path(), "--record", record_path, "--verify", "full"});
  EXPECT_EQ(bad.exit_code, 4) << bad.out << bad.err;
  EXPECT_NE(bad.out.find("bytes " + std::to_string(region) + " to " + std::to_string(region + MiB - 1)),
            std::string::npos)
      << bad.out;
  EXPECT_NE(bad.out.find("bytes " + std::to_string(block) + " to " + std::to_string(block + 4095)), std::string::npos)
      << bad.out;
  EXPECT_NE(bad.out.find("Audit document: "), std::string::npos);

  CliResult json = run_wipeseal({"verify", dev.path(), "--record", record_path, "--json"});
  const auto j = nlohmann::json::parse(json.out);
  EXPECT_EQ(j["verification"]["mode"], "sampled");
  EXPECT_TRUE(fs::exists(j["audit"].get<std::string>()));

  EXPECT_EQ(*read_file(record_path), *bytes_before) << "the original record is never rewritten";
  std::size_t audits = 0;
  for (const auto& e : fs::directory_iterator(work_.file("records"))) {
    audits += e.path().filename().string().find(".audit-") != std::string::npos;
  }
  EXPECT_EQ(audits, 3u);
}

TEST_F(LoopDeviceTest, TheSpotCheckRefusesAnotherDeviceOrOneInUse) {
  TestLoopDevice dev(16 * MiB), other(32 * MiB);
  ASSERT_EQ(erase({dev.path()}, {"--yes", "--verify", "none"}).exit_code, 0);
  const std::string record_path = work_.file("records") + "/" + records()[0].id + ".json";
  CliResult wrong = run_wipeseal({"verify", other.path(), "--record", record_path});
  EXPECT_EQ(wrong.exit_code, 2) << wrong.err;
  EXPECT_NE(wrong.err.find("not the device the record describes"), std::string::npos) << wrong.err;
  dev.make_ext4(dev.path(), {}, "INUSE");
  dev.mount(dev.path());
  CliResult mounted = run_wipeseal({"verify", dev.path(), "--record", record_path});
  EXPECT_EQ(mounted.exit_code, 2) << mounted.err;
  EXPECT_NE(mounted.err.find("mounted"), std::string::npos) << mounted.err;
}

}  // namespace
}  // namespace wipeseal
