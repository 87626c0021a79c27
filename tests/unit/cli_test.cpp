// The CLI on image files (no root): language, messages, exit codes, records.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "tests/support/cli_runner.h"
#include "tests/support/device_content.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_loop_device.h"
#include "wipe/job_record.h"
#include "words/catalogue.h"

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

// The biên bản and the Vietnamese screens write numbers as Vietnamese does: a decimal comma.
TEST(WordsTest, VietnameseNumbersUseADecimalComma) {
  VerificationRecord v;
  v.mode = VerificationMode::sampled;
  v.outcome = VerificationOutcome::passed;
  v.bytes_read = 6'130'000;
  v.coverage = 0.0457;
  v.samples = 1000;
  v.seed = "d5ace6cbe2d03ec3d5ace6cbe2d03ec3";
  v.largest_undetected_region = 262'144;
  v.escape_probability = 1e-6;
  const std::string vi = words::verification_text(v, words::Lang::vi).toStdString();
  const std::string en = words::verification_text(v, words::Lang::en).toStdString();
  EXPECT_NE(vi.find("4,57 %"), std::string::npos) << vi;
  EXPECT_NE(vi.find("6,13 MB"), std::string::npos) << vi;
  EXPECT_NE(en.find("4.57 %"), std::string::npos) << en;
  EXPECT_NE(en.find("6.13 MB"), std::string::npos) << en;
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
  // The rest of the options' bad values (docs/bad-inputs.md): each is an input error, nothing written.
  for (const std::vector<std::string>& bad : std::vector<std::vector<std::string>>{
           {"--chunk-size", std::to_string((64u << 20) + 4096)},
           {"--verify", "0x10"},
           {"--verify", "50 %%"},
           {"--verify", "101"},
           {"--verify", "-1"},
           {"--certify", "--verify", "none", "--details", dir_.file("d.json")}}) {
    const auto bad_run = run_wipeseal(erase_args(bad));
    EXPECT_EQ(bad_run.exit_code, 1) << bad.front() << " " << bad.back() << ": " << bad_run.err;
  }
  std::ofstream(dir_.file("empty-passphrase")).close();
  for (const auto& [file, says] : std::vector<std::pair<std::string, std::string>>{
           {dir_.path().string(), "this is a folder"}, {dir_.file("empty-passphrase"), "first line of this file is empty"}}) {
    const auto pass = run_wipeseal({"key", "init", "--key-dir", dir_.file("keys"), "--office", "X",
                                    "--passphrase-file", file, "--no-ca-key"});
    EXPECT_EQ(pass.exit_code, 1) << file << ": " << pass.err;
    EXPECT_NE(pass.err.find(says), std::string::npos) << "a passphrase file's problem is named: " << pass.err;
    EXPECT_FALSE(std::filesystem::exists(dir_.file("keys/signer.key")));
  }
  EXPECT_EQ(test::read_bytes(image(), 0, 4), "BBBB") << "nothing was written";
}

TEST_F(CliTest, ResumeWithNothingToResume) {
  const auto r = run_wipeseal({"resume", "--state-dir", dir_.file("state")});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("No interrupted jobs"), std::string::npos) << r.out;
  const auto named = run_wipeseal({"resume", "--job", "abc", "--state-dir", dir_.file("state")});
  EXPECT_EQ(named.exit_code, 1);
}

TEST_F(CliTest, PlanExplainsTheChoiceInBothLanguages) {
  const auto vi = run_wipeseal({"plan", image()}, {}, "");
  EXPECT_EQ(vi.exit_code, 0) << vi.err;
  EXPECT_NE(vi.out.find("Phương pháp đề xuất: clear"), std::string::npos) << vi.out;
  EXPECT_NE(vi.out.find("(EN) Not a physical drive"), std::string::npos) << vi.out;
  const auto json = run_wipeseal({"plan", image(), "--json"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  const auto doc = nlohmann::json::parse(json.out);
  ASSERT_EQ(doc.size(), 1u);
  EXPECT_EQ(doc[0]["method"], "clear");
  EXPECT_EQ(doc[0]["category"], "clear");
  EXPECT_EQ(doc[0]["reason_code"], "not_a_drive");
}

TEST_F(CliTest, AutoOnAnImageFileOverwritesAndRecordsWhy) {
  const auto r = run_wipeseal(erase_args({"--method", "auto"}));
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  bool found = false;
  for (const auto& e : std::filesystem::directory_iterator(dir_.file("records"))) {
    auto record = read_record_file(e.path().string());
    ASSERT_TRUE(record) << record.error().describe();
    found = true;
    EXPECT_EQ(record->method.name, "clear");
    ASSERT_TRUE(record->firmware.has_value());
    EXPECT_EQ(record->firmware->requested, "auto");
    EXPECT_FALSE(record->firmware->completed);
    EXPECT_EQ(record->outcome, Outcome::erased);
  }
  EXPECT_TRUE(found);
}

TEST_F(CliTest, FirmwareMethodOnADeviceWithoutItIsRefusedUntouched) {
  const auto r = run_wipeseal(erase_args({"--method", "nvme-sanitize-block"}));
  EXPECT_EQ(r.exit_code, 2) << "a refusal, not a failure";
  EXPECT_EQ(r.out.find("ALL DATA"), std::string::npos) << "refused before the warning: " << r.out;
  EXPECT_NE(r.err.find("does not offer nvme-sanitize-block"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("wipeseal plan"), std::string::npos) << r.err;
  EXPECT_EQ(test::read_bytes(image(), 0, 16), std::string(16, '\x42'));
  EXPECT_EQ(run_wipeseal(erase_args({"--method", "nvme-sanitise"})).exit_code, 1);
}

TEST_F(CliTest, ConfusedUsersGetAnErrorNamingTheProblemAndNothingIsWritten) {
  const std::string before = test::read_bytes(image(), 0, 2 << 20);
  // --out naming a file: found before the disk is touched.
  std::ofstream(dir_.file("a-file")) << "x";
  const auto out_file = run_wipeseal({"erase", image(), "--yes", "--out", dir_.file("a-file"), "--state-dir",
                                      dir_.file("state")});
  EXPECT_EQ(out_file.exit_code, 1) << out_file.err;
  EXPECT_NE(out_file.err.find("records folder"), std::string::npos) << out_file.err;
  EXPECT_EQ(test::read_bytes(image(), 0, 2 << 20), before);
  // A folder where a file is expected: an input error, not a crash.
  const auto record_dir = run_wipeseal({"verify", image(), "--record", dir_.path().string()});
  EXPECT_EQ(record_dir.exit_code, 1) << record_dir.err;
  EXPECT_NE(record_dir.err.find("folder"), std::string::npos) << record_dir.err;
  const auto issue_dir = run_wipeseal({"cert", "issue", dir_.path().string(), "--details", dir_.file("d.json")});
  EXPECT_EQ(issue_dir.exit_code, 1) << issue_dir.err;
  // An empty image file is refused like a drive with no medium.
  std::ofstream(dir_.file("empty.img")).flush();
  const auto empty = run_wipeseal({"erase", dir_.file("empty.img"), "--yes", "--out", dir_.file("records"),
                                   "--state-dir", dir_.file("state")});
  EXPECT_EQ(empty.exit_code, 2) << empty.out << empty.err;
  EXPECT_NE(empty.err.find("size of zero"), std::string::npos) << empty.err;
  EXPECT_FALSE(std::filesystem::exists(dir_.file("records")));
}

TEST_F(CliTest, ALabelNeverSendsControlCharactersToTheTerminal) {
  const std::string disk = dir_.file("labelled.img");
  test::make_filled_file(disk, 16 << 20, 0);
  ASSERT_EQ(test::run_command({"mke2fs", "-q", "-F", "-t", "ext4", "-L", "\x1b[31mA\nB", disk}), 0);
  const auto r = run_wipeseal({"erase", disk, "--out", dir_.file("records"), "--state-dir", dir_.file("state")}, "no\n");
  EXPECT_EQ(r.out.find('\x1b'), std::string::npos) << "raw escape in: " << r.out;
  EXPECT_NE(r.out.find("\\x1b[31mA\\nB"), std::string::npos) << r.out;
}

TEST_F(CliTest, ResumeListsEveryGoodJobAndReportsADamagedJournal) {
  std::filesystem::create_directories(dir_.file("state/journal"));
  std::ofstream(dir_.file("state/journal/broken.jsonl")).flush();
  const auto r = run_wipeseal({"resume", "--list", "--state-dir", dir_.file("state")});
  EXPECT_NE(r.err.find("DAMAGED JOURNAL"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("broken.jsonl"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("No interrupted jobs"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace wipeseal
