// Concurrency and load through the application layer both frontends use: sixteen real loop devices
// in one job, two of them on the FUSE fault filesystem (write errors through the kernel), one
// stopped by the operator half-way. The others must finish with correct, independent records; the
// faulty ones must record exactly their bad blocks; the stopped one must be resumable; peak memory
// stays bounded (printed, and recorded as a test property). Root only.
#include <gtest/gtest.h>
#include <sys/resource.h>

#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <set>

#include "app/session.h"
#include "tests/integration/fault_fs.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_loop_device.h"

namespace wipeseal {
namespace {

namespace fs = std::filesystem;
using test::TempDir;
using test::TestLoopDevice;

constexpr std::uint64_t MiB = 1 << 20;

const app::SecretPrompt kNoSecrets = [](app::SecretKind) -> Result<std::string> {
  return std::unexpected(make_error(ErrorCode::internal, "no secret expected"));
};

class Progress final : public ProgressSink {
 public:
  void on_event(const ProgressEvent& e) override {
    std::lock_guard lock(mu_);
    if (e.kind == ProgressEvent::Kind::progress && e.phase == ProgressPhase::overwrite) ++seen_[e.device];
    cv_.notify_all();
  }
  bool wait_progress(const std::string& device) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, std::chrono::seconds(60), [&] { return seen_[device] > 0; });
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::map<std::string, int> seen_;
};

TEST(ConcurrencyTest, SixteenDisksTwoFaultyOneStoppedTheOthersFinishWithIndependentRecords) {
  if (!test::can_use_loop_devices() || ::access("/dev/fuse", R_OK | W_OK) != 0) {
    GTEST_SKIP() << "needs root, /dev/loop-control and /dev/fuse (label: root)";
  }
  constexpr std::uint64_t kSize = 32 * MiB;
  const ByteRange bad{7 * MiB + 4096, 4096};
  test::FaultFs faults({"--fail-write", std::to_string(bad.offset) + ":" + std::to_string(bad.length)});
  TempDir work, faulty_a, faulty_b;
  // Two files on the fault filesystem, each behind its own loop device; fourteen plain ones.
  std::vector<std::unique_ptr<TestLoopDevice>> devices;
  std::set<std::string> faulty;
  for (const std::string& sub : {std::string("a"), std::string("b")}) {
    TestLoopDevice::Options o;
    o.backing_dir = faults.mount_point() + "/" + sub;
    fs::create_directories(o.backing_dir);
    devices.push_back(std::make_unique<TestLoopDevice>(kSize, o));
    faulty.insert(devices.back()->path());
  }
  for (int i = 0; i < 14; ++i) devices.push_back(std::make_unique<TestLoopDevice>(kSize));
  app::EraseRequest request;
  for (const auto& d : devices) request.devices.push_back(d->path());
  request.method = "zero";
  request.read_back = *app::ReadBackSpec::parse("full", false);
  request.records_dir = work.file("records");
  request.state_dir = work.file("state");
  auto session = app::Session::prepare(std::move(request), kNoSecrets);
  ASSERT_TRUE(session) << session.error().describe();
  const std::string stopped = devices[5]->path();
  Progress progress;
  const auto started = std::chrono::steady_clock::now();
  (*session)->start(progress);
  ASSERT_TRUE(progress.wait_progress(stopped));
  ASSERT_TRUE((*session)->cancel(stopped));
  ASSERT_TRUE((*session)->wait_for(std::chrono::minutes(5))) << "the job did not end";
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  const app::SessionResults& results = (*session)->results();
  ASSERT_EQ(results.devices.size(), 16u);
  std::set<std::string> ids, paths;
  for (const app::DeviceResult& d : results.devices) {
    const std::string& path = d.record.device.path;
    ids.insert(d.record.id);
    paths.insert(path);
    ASSERT_FALSE(d.record_path.empty()) << path << ": every device has its own record file";
    if (path == stopped) {
      EXPECT_EQ(d.classification, app::Classification::aborted) << path;
    } else if (faulty.contains(path)) {
      EXPECT_EQ(d.classification, app::Classification::erased_with_exceptions) << path;
      ASSERT_EQ(d.record.passes.size(), 1u);
      ASSERT_EQ(d.record.passes[0].errors.size(), 1u) << path;
      EXPECT_EQ(d.record.passes[0].errors[0].range, bad) << path;
    } else {
      EXPECT_EQ(d.classification, app::Classification::erased) << path;
      EXPECT_TRUE(d.record.passes.at(0).errors.empty()) << path;
      ASSERT_TRUE(d.record.verification) << path;
      EXPECT_EQ(d.record.verification->bytes_read, kSize) << path;
    }
  }
  EXPECT_EQ(ids.size(), 16u) << "records are independent: one id each";
  EXPECT_EQ(paths.size(), 16u);
  // Every plain device, read back from its backing file, holds only zeros.
  for (std::size_t i = 2; i < devices.size(); ++i) {
    if (devices[i]->path() == stopped) continue;
    std::ifstream in(devices[i]->backing_file(), std::ios::binary);
    std::string block(MiB, '\1');
    bool zero = true;
    while (in.read(block.data(), static_cast<std::streamsize>(block.size()))) zero &= block == std::string(MiB, '\0');
    EXPECT_TRUE(zero) << devices[i]->path();
  }
  rusage usage{};
  ::getrusage(RUSAGE_SELF, &usage);
  const double peak_mib = static_cast<double>(usage.ru_maxrss) / 1024.0;
  std::printf("16 devices x %llu MiB, erased and read back in full: %.1f s (%.0f MB/s in all); peak memory %.0f MiB\n",
              static_cast<unsigned long long>(kSize / MiB), seconds, 2.0 * 16.0 * static_cast<double>(kSize) / 1e6 / seconds,
              peak_mib);
  ::testing::Test::RecordProperty("peak_rss_mib", static_cast<int>(peak_mib));
  EXPECT_LT(peak_mib, 2048.0) << "peak memory must stay bounded with sixteen devices";
  devices.clear();  // loop devices go before the filesystem behind two of them
}

}  // namespace
}  // namespace wipeseal
