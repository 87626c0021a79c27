// Faults through the real kernel: a loop device whose backing file lives on a FUSE filesystem that
// fails chosen byte ranges, runs slowly, or disappears (tests/support/faultfs.cpp). Errors reach
// wipeseal the way a failing disk's do: through the loop driver and the block layer, as EIO on
// O_DIRECT reads and writes. What the in-process fault tests say must hold here too: the exact
// bad blocks recorded, everything else written and read back, an honest outcome, and no hang.
// Root only (label "root"); every device is one this test creates and removes.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <thread>

#include "tests/integration/fault_fs.h"
#include "tests/support/cli_runner.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_loop_device.h"
#include "wipe/job_record.h"

namespace wipeseal {
namespace {

namespace fs = std::filesystem;
using test::TempDir;
using test::FaultFs;
using test::TestLoopDevice;

constexpr std::uint64_t MiB = 1 << 20;

class KernelFaultTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!test::can_use_loop_devices()) GTEST_SKIP() << "needs root and /dev/loop-control (label: root)";
    if (::access("/dev/fuse", R_OK | W_OK) != 0) GTEST_SKIP() << "needs /dev/fuse";
  }
  // A loop device on a file of the fault filesystem, filled with 0x5A through the store so that
  // every byte the erasure did not reach is visible.
  std::unique_ptr<TestLoopDevice> device(FaultFs& faults, std::uint64_t size) {
    TestLoopDevice::Options o;
    o.backing_dir = faults.mount_point();
    auto d = std::make_unique<TestLoopDevice>(size, o);
    std::ofstream(faults.store("backing.img"), std::ios::binary | std::ios::in | std::ios::out)
        << std::string(static_cast<std::size_t>(size), '\x5a');
    return d;
  }
  test::CliResult erase(const std::string& path, const std::vector<std::string>& extra = {}) {
    std::vector<std::string> args = {"erase", path, "--yes", "--out", work_.file("records"), "--state-dir",
                                     work_.file("state")};
    args.insert(args.end(), extra.begin(), extra.end());
    return test::run_wipeseal(args);
  }
  JobRecord only_record() const {
    std::vector<JobRecord> out;
    for (const auto& e : fs::directory_iterator(work_.file("records"))) {
      if (e.path().extension() != ".json") continue;
      auto r = read_record_file(e.path().string());
      if (r) out.push_back(*r);
    }
    EXPECT_EQ(out.size(), 1u);
    return out.empty() ? JobRecord{} : out.front();
  }
  // The byte ranges of `file` that still hold 0x5A, one logical block (512 B) at a time.
  static std::vector<ByteRange> untouched(const std::string& file) {
    std::ifstream in(file, std::ios::binary);
    std::vector<ByteRange> out;
    std::string block(512, '\0');
    for (std::uint64_t off = 0; in.read(block.data(), 512); off += 512) {
      const bool old = block == std::string(512, '\x5a');
      if (!old && block != std::string(512, '\0')) ADD_FAILURE() << "byte " << off << " holds neither 0x00 nor 0x5A";
      if (!old) continue;
      if (!out.empty() && out.back().end() == off) {
        out.back().length += 512;
      } else {
        out.push_back({off, 512});
      }
    }
    return out;
  }
  TempDir work_;
};

// A disk with two bad areas (an 8 KiB one inside a 1 MiB chunk, and one single sector): exactly
// those blocks are recorded, every other byte is zero, and the read-back passes except there.
TEST_F(KernelFaultTest, WriteErrorsAreRecordedToTheBlockAndEverythingElseIsErased) {
  const ByteRange bad1{5 * MiB + 4096, 8192}, bad2{9 * MiB + 512, 512};
  FaultFs faults({"--fail-write", std::to_string(bad1.offset) + ":" + std::to_string(bad1.length), "--fail-write",
                  std::to_string(bad2.offset) + ":" + std::to_string(bad2.length)});
  auto loop = device(faults, 16 * MiB);
  const auto r = erase(loop->path(), {"--method", "zero", "--verify", "full"});
  EXPECT_EQ(r.exit_code, 3) << r.out << r.err;
  const JobRecord record = only_record();
  EXPECT_EQ(record.outcome, Outcome::erased_with_exceptions);
  ASSERT_EQ(record.passes.size(), 1u);
  std::vector<ByteRange> recorded;
  for (const auto& e : record.passes[0].errors) recorded.push_back(e.range);
  EXPECT_EQ(recorded, (std::vector<ByteRange>{bad1, bad2}));
  EXPECT_EQ(untouched(faults.store("backing.img")), (std::vector<ByteRange>{bad1, bad2}));
  ASSERT_TRUE(record.verification);
  EXPECT_EQ(record.verification->outcome, VerificationOutcome::passed_except_unwritable);
  EXPECT_EQ(record.verification->bytes_read, 16 * MiB);
  loop.reset();
}

// One 4 KiB area that cannot be read: only it is reported (not the 2 MiB piece around it), the
// rest is read and compared, and the erasure is not called proven.
TEST_F(KernelFaultTest, ABlockThatCannotBeReadBackIsReportedAloneAndNothingIsCalledProvenThere) {
  const ByteRange bad{3 * MiB + 8192, 4096};
  FaultFs faults({"--fail-read", std::to_string(bad.offset) + ":" + std::to_string(bad.length)});
  auto loop = device(faults, 16 * MiB);
  const auto r = erase(loop->path(), {"--method", "zero", "--verify", "full"});
  EXPECT_EQ(r.exit_code, 4) << r.out << r.err;
  EXPECT_NE(r.out.find("could not read part of the disk"), std::string::npos) << r.out;
  const JobRecord record = only_record();
  EXPECT_EQ(record.outcome, Outcome::failed);
  EXPECT_TRUE(untouched(faults.store("backing.img")).empty()) << "every byte was written";
  ASSERT_TRUE(record.verification);
  EXPECT_EQ(record.verification->read_errors, std::vector<ByteRange>{bad});
  EXPECT_EQ(record.verification->bytes_read, 16 * MiB - bad.length);
  EXPECT_NE(record.verification->statement.find("refused to read"), std::string::npos) << record.verification->statement;
  loop.reset();
}

// A slow disk (every request waits) is erased and read back completely, with progress.
TEST_F(KernelFaultTest, ASlowDiskIsErasedAndReadBackWithProgress) {
  FaultFs faults({"--delay-us", "3000"});
  auto loop = device(faults, 8 * MiB);
  const auto r = erase(loop->path(), {"--method", "zero", "--verify", "full", "--json-progress"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("\"progress\""), std::string::npos) << r.out.substr(0, 500);
  EXPECT_TRUE(untouched(faults.store("backing.img")).empty());
  EXPECT_EQ(only_record().outcome, Outcome::erased);
  loop.reset();
}

// The disk drops off mid-pass (its FUSE process is killed): the job ends FAILED with a record that
// says so, promptly, and never claims bytes the disk did not confirm.
TEST_F(KernelFaultTest, ADiskThatVanishesMidPassEndsFailedWithARecordAndDoesNotHang) {
  FaultFs faults({"--delay-us", "20000"});
  auto loop = device(faults, 128 * MiB);
  TempDir logs;
  const auto started = std::chrono::steady_clock::now();
  const pid_t pid = test::spawn_wipeseal({"erase", loop->path(), "--yes", "--method", "zero", "--verify", "full",
                                          "--out", work_.file("records"), "--state-dir", work_.file("state")},
                                         logs);
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  faults.kill();
  int status = 0;
  bool ended = false;
  for (int i = 0; i < 1200 && !ended; ++i) {  // at most two minutes
    ended = ::waitpid(pid, &status, WNOHANG) == pid;
    if (!ended) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  if (!ended) {
    ::kill(pid, SIGKILL);
    ::waitpid(pid, &status, 0);
  }
  ASSERT_TRUE(ended) << "wipeseal hung after the disk vanished";
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(60));
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 4);
  const JobRecord record = only_record();
  EXPECT_EQ(record.outcome, Outcome::failed);
  ASSERT_TRUE(record.failure);
  ASSERT_EQ(record.passes.size(), 1u);
  EXPECT_LT(record.passes[0].bytes_written, 128 * MiB) << "bytes the disk never confirmed are not claimed";
  loop.reset();
}

// Two wipeseal processes on one disk at the same time (two operators, or the wizard and the CLI):
// while the first is writing, the second is refused as "in use" at once, writes nothing and
// leaves no record or journal; the first finishes its job undisturbed. The disk's writes are
// slowed so that the first job is certainly still running when the second starts.
TEST_F(KernelFaultTest, ASecondWipesealOnADiskBeingErasedIsRefusedAndTheFirstFinishes) {
  // Each write waits 0.1 s: the first job takes several seconds, the second needs about one to
  // reach the disk.
  FaultFs faults({"--write-delay-us", "100000"});
  auto loop = device(faults, 32 * MiB);
  TempDir logs, second;
  const pid_t first = test::spawn_wipeseal({"erase", loop->path(), "--yes", "--method", "zero", "--verify", "none",
                                            "--out", work_.file("records"), "--state-dir", work_.file("state")},
                                           logs);
  // The first job has begun writing once its journal exists.
  const auto journal_exists = [&] {
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(work_.file("state"), ec); !ec && it != fs::end(it); it.increment(ec)) {
      if (it->is_regular_file()) return true;
    }
    return false;
  };
  for (int i = 0; i < 400 && !journal_exists(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(25));
  ASSERT_TRUE(journal_exists()) << "the first job did not begin";

  const test::CliResult r = test::run_wipeseal({"erase", loop->path(), "--yes", "--method", "zero", "--out",
                                                second.file("records"), "--state-dir", second.file("state")});
  int status = 0;
  EXPECT_EQ(::waitpid(first, &status, WNOHANG), 0) << "the first job was still erasing when the second was refused";
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("in use"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(second.file("records")) && !fs::is_empty(second.file("records"))) << "no record";
  EXPECT_FALSE(fs::exists(second.file("state")) && !fs::is_empty(second.file("state"))) << "no journal";

  ASSERT_EQ(::waitpid(first, &status, 0), first);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
  EXPECT_EQ(only_record().outcome, Outcome::erased);
  EXPECT_TRUE(untouched(faults.store("backing.img")).empty());
  loop.reset();
}

}  // namespace
}  // namespace wipeseal
