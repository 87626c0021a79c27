// Certification as both frontends use it, and the register as an inspector checks it: one
// biên bản per computer from a session, a crash during signing finished once by resume, the CLI's
// exit codes, and a register that cannot be quietly cut, edited or used to write outside its
// export folder.
#include <signal.h>
#include <sys/wait.h>

#include <set>
#include <thread>

#include "app/office.h"
#include "app/session.h"
#include "certificates/register_head.h"
#include "tests/certificates/fixture.h"
#include "tests/support/device_content.h"

namespace wipeseal::certificates::testing {
namespace {

constexpr std::uint64_t MiB = 1 << 20;

const char* kDetails = R"({
  "issuing_body": "Sở Khoa học và Công nghệ", "record_symbol": "BB-KHCN", "place": "Hưng Yên",
  "reason": "repurpose", "secrecy_level": "mat", "asset_number": "TS-2024-0153",
  "participants": [{"name": "Nguyễn Văn An", "title": "Chuyên viên", "role": "performer"}],
  "destination": "Văn phòng"
})";

// Sets one column of one register row, as an SQL editor would.
void set_column(const std::string& db, std::uint64_t sequence, const std::string& column, const std::string& value) {
  sqlite3* h = nullptr;
  ASSERT_EQ(sqlite3_open(db.c_str(), &h), SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(h, ("UPDATE certificates SET " + column + " = ? WHERE sequence = ?").c_str(), -1, &st, nullptr),
            SQLITE_OK);
  sqlite3_bind_blob(st, 1, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
  sqlite3_bind_int64(st, 2, static_cast<sqlite3_int64>(sequence));
  EXPECT_EQ(sqlite3_step(st), SQLITE_DONE);
  sqlite3_finalize(st);
  sqlite3_close(h);
}

class AppCertifyTest : public Office {
 protected:
  void SetUp() override {
    Office::SetUp();
    std::ofstream(dir_.file("details.json")) << kDetails;
    std::ofstream(dir_.file("passphrase")) << kPassphrase << "\n";
  }
  std::string image(const std::string& name) {
    test::make_filled_file(dir_.file(name), 4 * MiB, 0x5A);
    return fs::canonical(dir_.file(name)).string();
  }
  app::EraseRequest request(std::vector<std::string> devices) { return certified_erase(std::move(devices)); }
  app::SecretPrompt passphrase() {
    return [&](app::SecretKind) -> Result<std::string> {
      ++asked_;
      return std::string(kPassphrase);
    };
  }
  std::vector<std::string> cli_certify() {
    return {"--certify", "--details", dir_.file("details.json"), "--key-dir", keys_, "--passphrase-file",
            dir_.file("passphrase"), "--register", dir_.file("app-register.sqlite"), "--out", dir_.file("records"),
            "--state-dir", dir_.file("state")};
  }
  // Registers of several certificates for the register tests.
  std::vector<IssuedCertificate> several(int n) {
    std::vector<IssuedCertificate> out;
    for (int i = 0; i < n; ++i) out.push_back(issue(erased_record("r" + std::to_string(i) + ".img")));
    return out;
  }
  std::string copy_register(const std::string& name) {
    fs::copy_file(dir_.file("register.sqlite"), dir_.file(name));
    fs::create_directories(dir_.file(name + ".heads"));
    for (const auto& e : fs::directory_iterator(dir_.file("register.sqlite.heads"))) {
      fs::copy_file(e.path(), dir_.file(name + ".heads") + "/" + e.path().filename().string());
    }
    return dir_.file(name);
  }
  std::vector<std::string> kinds(const std::string& reg, const std::string& ca, const std::string& folder = {}) {
    auto r = Register::open_existing(reg, true);
    EXPECT_TRUE(r) << r.error().describe();
    std::string used;
    auto report = app::verify_register(*r, ca, folder, used);
    EXPECT_TRUE(report);
    std::vector<std::string> out;
    for (const auto& p : report->problems) out.push_back(p.kind);
    return out;
  }
  int asked_ = 0;
};

bool has(const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); }

TEST_F(AppCertifyTest, ATwoDiskJobGivesOneBienBanWithTwoRows) {
  const std::string a = image("a.img"), b = image("b.img");
  auto session = app::Session::prepare(request({a, b}), passphrase());
  ASSERT_TRUE(session) << session.error().describe();
  EXPECT_EQ(asked_, 1) << "the key is unlocked once, before anything is erased";
  NullProgressSink none;
  (*session)->start(none);
  (*session)->wait();
  const auto& results = (*session)->results();
  ASSERT_EQ(results.devices.size(), 2u);
  ASSERT_EQ(results.certificates().size(), 1u) << "one biên bản per computer";
  const IssuedCertificate& c = *results.certificates().front();
  for (const auto& d : results.devices) {
    EXPECT_EQ(d.classification, app::Classification::erased);
    ASSERT_TRUE(d.certificate) << (d.certificate_error ? d.certificate_error->describe() : "");
    EXPECT_EQ(d.certificate->cert.id, c.cert.id);
  }
  ASSERT_EQ(c.cert.records.size(), 2u);
  EXPECT_EQ(c.cert.records[0].device.path, a) << "rows in the order of the job's disks";
  EXPECT_EQ(c.cert.number, "1/BB-KHCN");
  EXPECT_TRUE(openssl_accepts(c.json_path, c.p7s_path, ca_));
  EXPECT_TRUE(pdfsig(c.pdf_path).valid());
  const std::string text = pdf_text(c.pdf_path);
  EXPECT_NE(text.find("a.img"), std::string::npos);
  EXPECT_NE(text.find("b.img"), std::string::npos);
  EXPECT_NE(text.find("Thiết bị 2"), std::string::npos);
  EXPECT_TRUE(check(c.pdf_path).ok());

  // The same records handed in again (a resumed job): the same certificate, its lost PDF redrawn.
  auto certifier = app::Certifier::prepare(request({}).certify.value(), dir_.file("records"), passphrase());
  ASSERT_TRUE(certifier);
  fs::remove(c.pdf_path);
  auto again = (*certifier)->issue(c.cert.records);
  ASSERT_TRUE(again) << again.error().describe();
  EXPECT_EQ(again->cert.number, "1/BB-KHCN");
  EXPECT_TRUE(check(c.pdf_path).ok());
  EXPECT_FALSE((*certifier)->issue({c.cert.records[0], erased_record("x.img")})) << "partly certified: refused";
}

TEST_F(AppCertifyTest, AStoppedDiskIsResumedAndCertifiedWithoutASecondNumberForTheOther) {
  const std::string a = image("a.img"), b = image("b.img");
  auto session = app::Session::prepare(request({a, b}), passphrase());
  ASSERT_TRUE(session);
  (*session)->cancel(b);  // stopped before its first write; a finishes and is certified alone
  NullProgressSink none;
  (*session)->start(none);
  (*session)->wait();
  const auto& first = (*session)->results().devices;
  ASSERT_EQ(first[1].classification, app::Classification::aborted);
  ASSERT_TRUE(first[0].certificate);
  EXPECT_EQ(first[0].certificate->cert.records.size(), 1u);
  app::ResumeRequest resume;
  resume.state_dir = dir_.file("state");
  auto resumed = app::Session::prepare_resume(resume, passphrase());
  ASSERT_TRUE(resumed) << resumed.error().describe();
  (*resumed)->start(none);
  (*resumed)->wait();
  const auto& d = (*resumed)->results().devices.at(0);
  ASSERT_TRUE(d.certificate) << (d.certificate_error ? d.certificate_error->describe() : "");
  EXPECT_EQ(d.certificate->cert.number, "2/BB-KHCN");
  EXPECT_EQ(Register::open(dir_.file("app-register.sqlite"))->entries()->size(), 2u);
}

TEST_F(AppCertifyTest, ACrashWhileSigningIsFinishedOnceByResume) {
  const std::string a = image("a.img"), b = image("b.img");
  ASSERT_TRUE(Register::open(dir_.file("app-register.sqlite")));
  // Another process holds the register's write lock: the job stops while signing, and is killed.
  sqlite3* lock = nullptr;
  ASSERT_EQ(sqlite3_open(dir_.file("app-register.sqlite").c_str(), &lock), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(lock, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
  TempDir logs;
  std::vector<std::string> args = {"erase", a, b, "--yes", "--json-progress"};
  for (const auto& s : cli_certify()) args.push_back(s);
  const pid_t pid = test::spawn_wipeseal(args, logs);
  bool signing = false;
  for (int i = 0; i < 3000 && !signing; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    signing = slurp(logs.file("stdout")).find("\"signing_started\"") != std::string::npos;
  }
  ::kill(pid, SIGKILL);
  int status = 0;
  ::waitpid(pid, &status, 0);
  sqlite3_exec(lock, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(lock);
  ASSERT_TRUE(signing) << slurp(logs.file("stderr"));
  ASSERT_EQ(app::list_unfinished(dir_.file("state"))->jobs.size(), 2u) << "both disks await their paperwork";

  const auto r = test::run_wipeseal({"resume", "--yes", "--state-dir", dir_.file("state"), "--passphrase-file",
                                     dir_.file("passphrase")});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  auto entries = Register::open(dir_.file("app-register.sqlite"))->entries();
  ASSERT_EQ(entries->size(), 1u) << "one number for the computer";
  EXPECT_EQ(entries->front().record_ids.size(), 2u);
  EXPECT_NE(r.out.find("Certificate no. 1/BB-KHCN for"), std::string::npos) << r.out;
  EXPECT_TRUE(app::list_unfinished(dir_.file("state"))->jobs.empty());
  test::run_wipeseal({"resume", "--yes", "--state-dir", dir_.file("state"), "--passphrase-file", dir_.file("passphrase")});
  EXPECT_EQ(Register::open(dir_.file("app-register.sqlite"))->entries()->size(), 1u) << "resuming again adds nothing";
}

TEST_F(AppCertifyTest, JsonProgressWithCertifyIsPureJsonAndEndsWithTheFinalExitCode) {
  const std::string a = image("a.img");
  std::vector<std::string> args = {"erase", a, "--yes", "--json-progress"};
  for (const auto& s : cli_certify()) args.push_back(s);
  const auto r = test::run_wipeseal(args);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::istringstream lines(r.out);
  std::string line, last;
  while (std::getline(lines, line)) {
    ASSERT_FALSE(json::parse(line, nullptr, false).is_discarded()) << "not JSON: " << line;
    last = line;
  }
  const auto final_event = json::parse(last);
  EXPECT_EQ(final_event["event"], "job_finished");
  EXPECT_EQ(final_event["devices"][0]["certificate"]["number"], "1/BB-KHCN");
}

TEST_F(AppCertifyTest, CertIssueMakesOneBienBanPerComputerFromEarlierRecords) {
  const std::string a = image("a.img"), b = image("b.img");
  const auto erased = test::run_wipeseal({"erase", a, b, "--yes", "--out", dir_.file("records"), "--state-dir", dir_.file("state")});
  ASSERT_EQ(erased.exit_code, 0) << erased.err;
  std::vector<std::string> args = {"cert", "issue"};
  for (const auto& e : fs::directory_iterator(dir_.file("records"))) args.push_back(e.path().string());
  for (const auto& s : std::vector<std::string>{"--details", dir_.file("details.json"), "--key-dir", keys_, "--passphrase-file",
                                                dir_.file("passphrase"), "--register", dir_.file("app-register.sqlite")}) {
    args.push_back(s);
  }
  const auto r = test::run_wipeseal(args);
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  auto entries = Register::open(dir_.file("app-register.sqlite"))->entries();
  ASSERT_EQ(entries->size(), 1u);
  EXPECT_EQ(entries->front().record_ids.size(), 2u);
}

TEST_F(AppCertifyTest, CertVerifyExitCodesTellValidInvalidAndNotChecked) {
  const IssuedCertificate c = issue(erased_record("a.img"));
  const std::string reg = dir_.file("register.sqlite");
  auto ok = test::run_wipeseal({"cert", "verify", c.pdf_path, "--ca", ca_, "--register", reg});
  EXPECT_EQ(ok.exit_code, 0) << ok.out << ok.err;
  EXPECT_NE(ok.out.find("VALID certificate no. 1/BB-KHCN"), std::string::npos) << ok.out;
  auto json_ok = test::run_wipeseal({"cert", "verify", c.pdf_path, "--ca", ca_, "--json"});
  EXPECT_EQ(json_ok.exit_code, 0);
  EXPECT_EQ(json::parse(json_ok.out)["code"], "ok");
  std::string text = slurp(c.json_path);
  text[text.find("TS-2024-0153") + 3] = '9';
  spit(c.json_path, text);
  auto bad = test::run_wipeseal({"cert", "verify", c.json_path, "--ca", ca_, "--json"});
  EXPECT_EQ(bad.exit_code, 4);
  EXPECT_EQ(json::parse(bad.out)["code"], "content_changed");
  EXPECT_EQ(json::parse(bad.out)["status"], "invalid");
  auto no_ca = test::run_wipeseal({"cert", "verify", c.pdf_path, "--ca", dir_.file("nope.pem"), "--json"});
  EXPECT_EQ(no_ca.exit_code, 6) << no_ca.out;
  EXPECT_EQ(json::parse(no_ca.out)["code"], "ca_unreadable");
  auto no_file = test::run_wipeseal({"cert", "verify", dir_.file("nope.pdf"), "--ca", ca_});
  EXPECT_EQ(no_file.exit_code, 6);
  EXPECT_NE(no_file.err.find("NOT CHECKED"), std::string::npos) << no_file.err;
}

TEST_F(AppCertifyTest, ADeletedTailIsCaughtAndItsNumbersAreNeverIssuedAgain) {
  const auto issued = several(3);
  const std::string cut = copy_register("cut.sqlite");
  sql(cut, "DELETE FROM certificates WHERE sequence = 3; DELETE FROM certified_records WHERE certificate_id = '" +
               issued[2].cert.id + "'");
  const auto found = kinds(cut, ca_);
  EXPECT_TRUE(has(found, "tail_missing")) << "the signed head still counts 3";
  auto r = test::run_wipeseal({"register", "verify", "--register", cut, "--ca", ca_});
  EXPECT_EQ(r.exit_code, 4);
  EXPECT_NE(r.err.find("certificate(s) 3 to 3 were deleted"), std::string::npos) << r.err;
  // The issuer refuses to draw number 3 again.
  auto reg = Register::open(cut);
  auto again = issue_certificate({erased_record("z.img")}, details_, *signer_, *reg, dir_.file("out"));
  ASSERT_FALSE(again);
  EXPECT_NE(again.error().message.find("numbers are never issued twice"), std::string::npos) << again.error().message;
  // Without its head, the certificate files still show the tail.
  fs::remove_all(cut + ".heads");
  const auto from_files = kinds(cut, ca_, dir_.file("out"));
  EXPECT_TRUE(has(from_files, "head_missing"));
  EXPECT_TRUE(has(from_files, "tail_missing")) << "the folder holds certificate 3";
  // A certificate checked against the cut register says so too.
  EXPECT_EQ(check(issued[2].pdf_path, cut).code, "not_registered");
  // With the head deleted as well, issuing is still refused: a new head would hide the cut tail
  // and number 3 would be drawn again.
  auto headless = issue_certificate({erased_record("y.img")}, details_, *signer_, *reg, dir_.file("out"));
  ASSERT_FALSE(headless);
  EXPECT_NE(headless.error().message.find("signed register head is missing"), std::string::npos)
      << headless.error().message;
  EXPECT_FALSE(fs::exists(cut + ".heads")) << "no new head was written";
}

TEST_F(AppCertifyTest, EveryColumnTheRegisterShowsIsCheckedAgainstTheSignedCertificate) {
  several(3);
  const std::vector<std::pair<std::string, std::string>> edits = {
      {"verdict", "failed"}, {"issued_at", "2020-01-01T00:00:00.000Z"}, {"device", "Forged disk S/N 1"},
      {"record_ids", "00000000-0000-4000-8000-000000000000"}, {"previous_sha256", std::string(64, 'a')}};
  for (const auto& [column, value] : edits) {
    const std::string copy = copy_register("edit-" + column + ".sqlite");
    set_column(copy, 2, column, value);
    const auto found = kinds(copy, ca_);
    EXPECT_TRUE(has(found, "column_mismatch")) << column;
  }
  // The JSON edited and every hash recomputed: only the signatures (and the head) can tell.
  const std::string rehashed = copy_register("rehashed.sqlite");
  auto entries = Register::open(rehashed)->entries();
  std::string edited = entries->at(2).json;
  edited.replace(edited.find("TS-2024-0153"), 12, "TS-2024-9999");
  set_column(rehashed, 3, "json", edited);
  set_column(rehashed, 3, "sha256", sha256_hex(edited));
  EXPECT_TRUE(has(kinds(rehashed, ca_), "bad_signature"));
  EXPECT_TRUE(has(kinds(rehashed, ca_), "head_mismatch"));
  // Without any office CA, the register is not called intact, and the exit code says "not checked".
  const std::string lone = dir_.file("lone/register.sqlite");
  fs::create_directories(dir_.file("lone"));
  fs::copy_file(dir_.file("register.sqlite"), lone);
  fs::create_directories(lone + ".heads");
  for (const auto& e : fs::directory_iterator(dir_.file("register.sqlite.heads"))) {
    fs::copy_file(e.path(), lone + ".heads/" + e.path().filename().string());
  }
  setenv("WIPESEAL_STATE_DIR", dir_.file("no-keys-here").c_str(), 1);  // no default key folder either
  auto unchecked = test::run_wipeseal({"register", "verify", "--register", lone});
  EXPECT_EQ(unchecked.exit_code, 6) << unchecked.out << unchecked.err;
  EXPECT_NE(unchecked.err.find("signatures were NOT checked"), std::string::npos) << unchecked.err;
  fs::copy_file(ca_, dir_.file("lone/office-ca.pem"));
  EXPECT_EQ(test::run_wipeseal({"register", "verify", "--register", lone}).exit_code, 0) << "the CA beside it is found";
  unsetenv("WIPESEAL_STATE_DIR");
}

TEST_F(AppCertifyTest, HostileRegistersNeverWriteOutsideTheExportFolderNorSlipIn) {
  several(2);
  const std::string hostile = copy_register("hostile.sqlite");
  const std::string victim = dir_.file("victim");
  spit(victim + ".json", "precious");
  set_column(hostile, 1, "id", "../victim");
  auto reg = Register::open_existing(hostile, true);
  auto exported = app::export_register(*reg, dir_.file("export"));
  ASSERT_FALSE(exported);
  EXPECT_NE(exported.error().message.find("row 1"), std::string::npos) << exported.error().message;
  EXPECT_EQ(slurp(victim + ".json"), "precious");
  EXPECT_FALSE(fs::exists(dir_.file("export")) && !fs::is_empty(dir_.file("export")));
  set_column(hostile, 1, "id", "/tmp/wipeseal-absolute-victim");
  auto r = test::run_wipeseal({"register", "export", dir_.file("export"), "--register", hostile});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_FALSE(fs::exists("/tmp/wipeseal-absolute-victim.json"));
  auto central = Register::open(dir_.file("central.sqlite"));
  auto imported = central->import_from(hostile);
  ASSERT_FALSE(imported);
  EXPECT_NE(imported.error().message.find("not a certificate id"), std::string::npos) << imported.error().message;
  EXPECT_EQ(central->entries()->size(), 0u);

  // A mistyped name creates nothing; an empty or foreign file is not a register and is left alone.
  auto typo = test::run_wipeseal({"register", "import", dir_.file("typo.sqlite"), "--register", dir_.file("central.sqlite")});
  EXPECT_EQ(typo.exit_code, 1) << typo.out;
  EXPECT_FALSE(fs::exists(dir_.file("typo.sqlite")));
  spit(dir_.file("empty.sqlite"), "");
  EXPECT_FALSE(central->import_from(dir_.file("empty.sqlite")));
  EXPECT_EQ(fs::file_size(dir_.file("empty.sqlite")), 0u);
  sql(dir_.file("foreign.sqlite"), "CREATE TABLE notes (x TEXT)");
  const std::string before = slurp(dir_.file("foreign.sqlite"));
  EXPECT_FALSE(central->import_from(dir_.file("foreign.sqlite")));
  EXPECT_EQ(slurp(dir_.file("foreign.sqlite")), before);

  // A genuine register merges, with its head; twice adds nothing.
  EXPECT_EQ(test::run_wipeseal({"register", "import", dir_.file("register.sqlite"), "--register",
                                dir_.file("central.sqlite")}).exit_code, 0);
  EXPECT_EQ(*central->import_from(dir_.file("register.sqlite")), 0u);
  EXPECT_TRUE(kinds(dir_.file("central.sqlite"), ca_).empty());
  auto ok = app::export_register(*Register::open_existing(dir_.file("central.sqlite"), true), dir_.file("export"));
  ASSERT_TRUE(ok) << ok.error().describe();
  EXPECT_EQ(*ok, 2u);
}

TEST_F(AppCertifyTest, ThePaperRegisterListsEveryCertificate) {
  const auto issued = several(2);
  const auto r = test::run_wipeseal({"register", "pdf", dir_.file("so-dang-ky.pdf"), "--register", dir_.file("register.sqlite")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string text = pdf_text(dir_.file("so-dang-ky.pdf"));
  EXPECT_NE(text.find("SỔ ĐĂNG KÝ BIÊN BẢN"), std::string::npos) << text;
  EXPECT_NE(text.find("Đầu sổ đã ký: 2 biên bản"), std::string::npos) << text;
  for (const IssuedCertificate& c : issued) {
    EXPECT_NE(text.find(c.cert.number), std::string::npos);
    EXPECT_NE(text.find(c.sha256.substr(0, 16)), std::string::npos) << "hashes in groups of 16";
    EXPECT_NE(text.find(c.cert.id.substr(0, 8)), std::string::npos);
  }
  EXPECT_NE(text.find("S6PNNS0T123456"), std::string::npos) << "the devices";
  EXPECT_NE(text.find("ĐẠT"), std::string::npos);
  EXPECT_NE(text.find("THỦ TRƯỞNG ĐƠN VỊ"), std::string::npos);
}

}  // namespace
}  // namespace wipeseal::certificates::testing
