// The bad-input matrix (docs/bad-inputs.md), the rows that need root: what a confused or hostile
// operator can name, and what wipeseal must then do. Every refusal names the problem, and nothing
// is written. Loop devices and files are this test's own.
#include <gtest/gtest.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "tests/support/cli_runner.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_loop_device.h"
#include "wipe/job_record.h"

namespace wipeseal {
namespace {

namespace fs = std::filesystem;
using test::CliResult;
using test::run_wipeseal;
using test::TempDir;
using test::TestLoopDevice;

constexpr std::uint64_t MiB = 1 << 20;

// Fills this test's own device with `byte`, so that any byte wipeseal did (or did not) write shows.
void fill_device(const std::string& path, char byte) {
  TestLoopDevice::require_ours(path);
  std::fstream f(path, std::ios::binary | std::ios::in | std::ios::out);
  const std::string chunk(MiB, byte);
  while (f.write(chunk.data(), static_cast<std::streamsize>(chunk.size()))) {
  }
  f.close();
  test::run_command({"blockdev", "--flushbufs", path});
}

class BadInputTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!test::can_use_loop_devices()) GTEST_SKIP() << "needs root and /dev/loop-control (label: root)";
  }
  CliResult erase(const std::vector<std::string>& what, const std::vector<std::string>& extra = {}) {
    std::vector<std::string> args = {"erase"};
    args.insert(args.end(), what.begin(), what.end());
    for (const std::string& a : {std::string("--yes"), std::string("--out"), work_.file("records"),
                                 std::string("--state-dir"), work_.file("state")}) {
      args.push_back(a);
    }
    args.insert(args.end(), extra.begin(), extra.end());
    return run_wipeseal(args);
  }
  bool nothing_recorded() const {
    std::error_code ec;
    return !fs::exists(work_.file("records"), ec) || fs::is_empty(work_.file("records"), ec);
  }
  TempDir work_;
};

// A named pipe is not a disk: refused by name, never opened for writing.
TEST_F(BadInputTest, AFifoIsRefusedAsANamedPipe) {
  const std::string fifo = work_.file("pipe");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  const CliResult r = erase({fifo});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("named pipe (FIFO), not a disk"), std::string::npos) << r.err;
  EXPECT_TRUE(nothing_recorded());
}

// A link to a mounted device (as /dev/disk/by-id/... is) is followed: the device is refused as
// mounted, and its filesystem is untouched.
TEST_F(BadInputTest, ALinkToAMountedDeviceIsRefusedAsMounted) {
  TestLoopDevice dev(32 * MiB);
  dev.make_ext4(dev.path(), {{"mat.txt", "TÀI LIỆU MẬT"}}, "HOSO");
  dev.mount(dev.path());
  const std::string link = work_.file("by-id-link");
  fs::create_symlink(dev.path(), link);
  const std::string before = test::read_bytes(dev.path(), 0, 4 * MiB);
  const CliResult r = erase({link});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("mounted"), std::string::npos) << r.err;
  EXPECT_EQ(test::read_bytes(dev.path(), 0, 4 * MiB), before);
  EXPECT_TRUE(nothing_recorded());
}

// A partition instead of its whole disk: refused, naming the disk to erase instead.
TEST_F(BadInputTest, APartitionIsRefusedNamingItsWholeDisk) {
  TestLoopDevice::Options o;
  o.partition_scan = true;
  TestLoopDevice dev(32 * MiB, o);
  ASSERT_EQ(test::run_command({"sh", "-c", "echo 'start=2048, size=20480, type=83' | sfdisk -q " + dev.path()}), 0);
  test::run_command({"partx", "-u", dev.path()});
  for (int i = 0; i < 50 && !fs::exists(dev.partition(1)); ++i) test::run_command({"sleep", "0.1"});
  ASSERT_TRUE(fs::exists(dev.partition(1)));
  const CliResult r = erase({dev.partition(1)});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_NE(r.err.find("partition"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(fs::path(dev.path()).filename().string()), std::string::npos) << r.err;
  EXPECT_TRUE(nothing_recorded());
}

// A disk with 4096-byte logical sectors is erased and read back whole; the record says 4096.
TEST_F(BadInputTest, FourKibibyteSectorsAreErasedAndReadBackWhole) {
  TestLoopDevice::Options o;
  o.sector_size = 4096;
  TestLoopDevice dev(16 * MiB, o);
  fill_device(dev.path(), 0x5A);
  const CliResult r = erase({dev.path()}, {"--method", "zero", "--verify", "full"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(test::read_bytes(dev.path(), 0, 16 * MiB), std::string(16 * MiB, '\0'));
  std::size_t records = 0;
  for (const auto& e : fs::directory_iterator(work_.file("records"))) {
    ++records;
    auto rec = read_record_file(e.path().string());
    ASSERT_TRUE(rec);
    EXPECT_EQ(rec->device.logical_sector_size, 4096u);
    ASSERT_TRUE(rec->verification);
    EXPECT_EQ(rec->verification->bytes_read, 16 * MiB);
  }
  EXPECT_EQ(records, 1u) << "the erasure left its record";
}

// An output folder on a read-only filesystem: found before anything is written, and said.
TEST_F(BadInputTest, AnOutputFolderOnAReadOnlyFilesystemIsFoundBeforeAnyWrite) {
  TestLoopDevice dev(8 * MiB);
  fill_device(dev.path(), 0x5A);
  const std::string ro = work_.file("ro");
  fs::create_directories(ro);
  ASSERT_EQ(test::run_command({"mount", "-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", ro}), 0);
  const CliResult r = run_wipeseal({"erase", dev.path(), "--yes", "--out", ro, "--state-dir", work_.file("state")});
  test::run_command({"umount", ro});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find("Read-only file system"), std::string::npos) << r.err;
  EXPECT_EQ(test::read_bytes(dev.path(), 0, 8 * MiB), std::string(8 * MiB, '\x5a')) << "not a byte written";
}

// A disk another process holds exclusively, as a running wipeseal holds the disk it erases (O_EXCL):
// refused as busy, not a byte written; once it is let go, the erasure goes ahead. (Two wipeseal
// processes cannot be raced here reliably: the loop driver queues the second one's reads behind
// the first one's writes, so it simply waits its turn.)
TEST_F(BadInputTest, ADiskAnotherProcessHoldsExclusivelyIsRefusedAsBusy) {
  TestLoopDevice dev(8 * MiB);
  fill_device(dev.path(), 0x5A);
  const int held = ::open(dev.path().c_str(), O_RDWR | O_EXCL | O_CLOEXEC);
  ASSERT_GE(held, 0);
  const CliResult r = erase({dev.path()}, {"--method", "zero"});
  ::close(held);
  EXPECT_EQ(r.exit_code, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("in use"), std::string::npos) << r.err;
  EXPECT_EQ(test::read_bytes(dev.path(), 0, 8 * MiB), std::string(8 * MiB, '\x5a')) << "not a byte written";
  const CliResult after = erase({dev.path()}, {"--method", "zero"});
  EXPECT_EQ(after.exit_code, 0) << after.out << after.err;
}

}  // namespace
}  // namespace wipeseal
