// The CLI on image files (no root): language, messages, exit codes, records.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "tests/support/cli_runner.h"
#include "tests/support/device_content.h"
#include "tests/support/temp_dir.h"
#include "wipe/job_record.h"

namespace wipeseal {
namespace {

using test::run_wipeseal;

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ::unsetenv("WIPESEAL_LANG");
    test::make_filled_file(image(), 2 << 20, 0x42);
  }
  std::string image() const { return dir_.file("disk.img"); }
  std::vector<std::string> erase_args(std::vector<std::string> extra = {}) const {
    std::vector<std::string> args = {"erase", image(), "--yes", "--out", dir_.file("records"), "--state-dir",
                                     dir_.file("state")};
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
  }
  test::TempDir dir_;
};

TEST_F(CliTest, VietnameseIsTheDefaultLanguage) {
  const auto r = run_wipeseal(erase_args(), {}, "");
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("TOÀN BỘ DỮ LIỆU"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("ĐÃ XÓA"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Hồ sơ công việc: "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("(tệp ảnh đĩa, không phải ổ đĩa vật lý)"), std::string::npos) << r.out;
}

TEST_F(CliTest, EnglishOnRequest) {
  const auto r = run_wipeseal(erase_args(), {}, "en");
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("ERASED: every byte was overwritten"), std::string::npos) << r.out;
  ::setenv("WIPESEAL_LANG", "en", 1);
  const auto env = run_wipeseal({"methods"}, {}, "");
  ::unsetenv("WIPESEAL_LANG");
  EXPECT_NE(env.out.find("LEGACY: Gutmann"), std::string::npos) << env.out;
  const auto bad = run_wipeseal({"methods"}, {}, "fr");
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.err.find("vi"), std::string::npos) << bad.err;
}

TEST_F(CliTest, AnImageFileIsErasedAndRecorded) {
  const auto r = run_wipeseal(erase_args({"--method", "byte:0x5A"}));
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  std::vector<std::string> files;
  for (const auto& e : std::filesystem::directory_iterator(dir_.file("records"))) files.push_back(e.path());
  ASSERT_EQ(files.size(), 1u);
  auto rec = read_record_file(files[0]);
  ASSERT_TRUE(rec) << rec.error().describe();
  EXPECT_EQ(rec->device.transport, Transport::image_file);
  EXPECT_EQ(rec->method.name, "byte:0x5A");
  EXPECT_TRUE(test::pattern_mismatches(image(), Pattern::fixed_byte(0x5A), 2 << 20).empty());
}

TEST_F(CliTest, UsageErrorsExitWithOne) {
  EXPECT_EQ(run_wipeseal({"erase"}).exit_code, 1) << "a device is required";
  EXPECT_EQ(run_wipeseal({"frobnicate"}).exit_code, 1);
  EXPECT_EQ(run_wipeseal(erase_args({"--chunk-size", "1000"})).exit_code, 1);
  const auto r = run_wipeseal(erase_args({"--method", "byte:0xQQ"}));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("byte:0xNN"), std::string::npos) << r.err;
  EXPECT_EQ(test::read_bytes(image(), 0, 4), "BBBB") << "nothing was written";
}

TEST_F(CliTest, ResumeWithNothingToResume) {
  const auto r = run_wipeseal({"resume", "--state-dir", dir_.file("state")});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("No interrupted jobs"), std::string::npos) << r.out;
  const auto named = run_wipeseal({"resume", "--job", "abc", "--state-dir", dir_.file("state")});
  EXPECT_EQ(named.exit_code, 1);
}

}  // namespace
}  // namespace wipeseal
