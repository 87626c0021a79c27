// Certification through the application layer, as both frontends use it: the key is unlocked in
// prepare, each device's biên bản is issued as soon as its job ends, a crash during signing is
// finished by resume without a second number, and `--json-progress --certify` keeps its stream
// pure JSON with the final event after the certificates.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "app/session.h"
#include "certificates/register.h"
#include "certificates/signing.h"
#include "tests/support/cli_runner.h"
#include "tests/support/device_content.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_loop_device.h"

namespace wipeseal {
namespace {

namespace fs = std::filesystem;
using test::TempDir;
constexpr const char* kPassphrase = "mat-khau-van-phong-1";
constexpr std::uint64_t MiB = 1 << 20;

const char* kDetails = R"({
  "issuing_body": "Sở Khoa học và Công nghệ", "record_symbol": "BB-KHCN", "place": "Hưng Yên",
  "reason": "repurpose", "secrecy_level": "mat", "asset_number": "TS-2024-0153",
  "participants": [{"name": "Nguyễn Văn An", "title": "Chuyên viên", "role": "performer"}],
  "destination": "Văn phòng"
})";

class AppCertifyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(certificates::create_office_keys(dir_.file("keys"), "Sở KHCN Hưng Yên", kPassphrase));
    std::ofstream(dir_.file("details.json")) << kDetails;
    std::ofstream(dir_.file("passphrase")) << kPassphrase << "\n";
  }
  std::string image(const std::string& name) {
    test::make_filled_file(dir_.file(name), 4 * MiB, 0x5A);
    return fs::canonical(dir_.file(name)).string();
  }
  app::EraseRequest request(std::vector<std::string> devices) {
    app::EraseRequest r;
    r.devices = std::move(devices);
    r.records_dir = dir_.file("records");
    r.state_dir = dir_.file("state");
    app::CertificationRequest c;
    c.details_file = dir_.file("details.json");
    c.register_path = dir_.file("register.sqlite");
    c.signing.key_dir = dir_.file("keys");
    r.certify = c;
    return r;
  }
  app::SecretPrompt passphrase() {
    return [&](app::SecretKind kind) -> Result<std::string> {
      ++asked_;
      EXPECT_EQ(kind, app::SecretKind::key_passphrase);
      return std::string(kPassphrase);
    };
  }
  bool openssl_accepts(const certificates::IssuedCertificate& c) {
    std::string out;
    return test::run_command({"openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in", c.p7s_path, "-content",
                              c.json_path, "-CAfile", dir_.file("keys") + "/office-ca.pem", "-out", "/dev/null"},
                             &out) == 0;
  }
  TempDir dir_;
  int asked_ = 0;
};

TEST_F(AppCertifyTest, EachDeviceGetsItsSignedCertificateThroughTheSession) {
  const std::string a = image("a.img"), b = image("b.img");
  auto session = app::Session::prepare(request({a, b}), passphrase());
  ASSERT_TRUE(session) << session.error().describe();
  EXPECT_EQ(asked_, 1) << "the key is unlocked once, before anything is erased";
  ASSERT_NE((*session)->certifier(), nullptr);
  NullProgressSink none;
  (*session)->start(none);
  (*session)->wait();
  const auto& results = (*session)->results();
  ASSERT_EQ(results.devices.size(), 2u);
  std::set<std::string> numbers;
  for (const auto& d : results.devices) {
    EXPECT_EQ(d.classification, app::Classification::erased);
    ASSERT_TRUE(d.certificate) << (d.certificate_error ? d.certificate_error->describe() : "");
    EXPECT_TRUE(openssl_accepts(*d.certificate));
    EXPECT_TRUE(fs::exists(d.certificate->pdf_path));
    numbers.insert(d.certificate->cert.number);
  }
  EXPECT_EQ(numbers, (std::set<std::string>{"1/BB-KHCN", "2/BB-KHCN"}));
}

TEST_F(AppCertifyTest, AWrongPassphraseStopsTheJobBeforeAnyWrite) {
  const std::string a = image("a.img");
  auto refused = app::Session::prepare(request({a}), [](app::SecretKind) -> Result<std::string> {
    return std::string("not the passphrase");
  });
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("wrong passphrase"), std::string::npos) << refused.error().message;
  EXPECT_EQ(test::read_bytes(a, 0, 4 * MiB), std::string(4 * MiB, '\x5A'));
  EXPECT_FALSE(fs::exists(dir_.file("state/journal")) && !fs::is_empty(dir_.file("state/journal")));
}

TEST_F(AppCertifyTest, ACertificateNeedsAReadBack) {
  auto r = request({image("a.img")});
  r.read_back = *app::ReadBackSpec::parse("none", true);
  auto refused = app::Session::prepare(std::move(r), passphrase());
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::invalid_input);
}

TEST_F(AppCertifyTest, ResumeCertifiesAStoppedJobAsItWasAskedWithoutASecondNumber) {
  const std::string a = image("a.img");
  auto session = app::Session::prepare(request({a}), passphrase());
  ASSERT_TRUE(session);
  (*session)->cancel_all();  // stopped before its first write
  NullProgressSink none;
  (*session)->start(none);
  (*session)->wait();
  ASSERT_EQ((*session)->results().devices[0].classification, app::Classification::aborted);
  EXPECT_FALSE((*session)->results().devices[0].certificate_requested) << "a stopped job is not certified";

  app::ResumeRequest resume;
  resume.state_dir = dir_.file("state");
  auto resumed = app::Session::prepare_resume(resume, passphrase());
  ASSERT_TRUE(resumed) << resumed.error().describe();
  (*resumed)->start(none);
  (*resumed)->wait();
  const auto& d = (*resumed)->results().devices.at(0);
  EXPECT_EQ(d.classification, app::Classification::erased);
  ASSERT_TRUE(d.certificate) << (d.certificate_error ? d.certificate_error->describe() : "");
  EXPECT_EQ(d.certificate->cert.number, "1/BB-KHCN");
  EXPECT_TRUE(openssl_accepts(*d.certificate));
  auto reg = certificates::Register::open(dir_.file("register.sqlite"));
  ASSERT_TRUE(reg);
  EXPECT_EQ(reg->entries()->size(), 1u);
}

TEST_F(AppCertifyTest, JsonProgressWithCertifyIsPureJsonAndEndsWithTheFinalExitCode) {
  const std::string a = image("a.img");
  const auto r = test::run_wipeseal({"erase", a, "--yes", "--json-progress", "--certify", "--details",
                                     dir_.file("details.json"), "--key-dir", dir_.file("keys"), "--passphrase-file",
                                     dir_.file("passphrase"), "--register", dir_.file("register.sqlite"), "--out",
                                     dir_.file("records"), "--state-dir", dir_.file("state")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::istringstream lines(r.out);
  std::string line, last;
  bool signed_event = false;
  while (std::getline(lines, line)) {
    const auto j = nlohmann::json::parse(line, nullptr, false);
    ASSERT_FALSE(j.is_discarded()) << "not JSON: " << line;
    if (j.value("event", "") == "signing_finished") signed_event = true;
    last = line;
  }
  EXPECT_TRUE(signed_event);
  const auto final_event = nlohmann::json::parse(last);
  EXPECT_EQ(final_event["event"], "job_finished");
  EXPECT_EQ(final_event["exit_code"], 0);
  EXPECT_EQ(final_event["devices"][0]["certificate"]["number"], "1/BB-KHCN");
  EXPECT_TRUE(fs::exists(final_event["devices"][0]["certificate"]["pdf"].get<std::string>()));
}

}  // namespace
}  // namespace wipeseal
