// Certificates end to end: issued from real (image-file) erasures, checked by the openssl
// command, printed as PDF, tampered with in every way the issue lists, signed on a SoftHSM2
// token, and refused cleanly on bad input.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>

#include "certificates/certificate.h"
#include "certificates/issuer.h"
#include "certificates/pdf.h"
#include "certificates/register.h"
#include "certificates/signing.h"
#include "certificates/verifier.h"
#include "tests/support/cli_runner.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_loop_device.h"
#include "verify/read_back.h"
#include "wipe/discovery.h"
#include "wipe/job.h"
#include "wipe/random_source.h"

namespace wipeseal::certificates {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using test::run_command;
using test::TempDir;

constexpr const char* kPassphrase = "mat-khau-van-phong-1";

json sample_details() {
  return json::parse(R"({
    "parent_body": "Ủy ban nhân dân tỉnh Hưng Yên",
    "issuing_body": "Sở Khoa học và Công nghệ",
    "record_symbol": "BB-KHCN",
    "place": "Hưng Yên",
    "reason": "repurpose",
    "secrecy_level": "toi_mat",
    "asset_number": "TS-2024-0153",
    "host_serial": "PC-VP-07",
    "participants": [
      {"name": "Nguyễn Văn An", "title": "Chuyên viên", "role": "performer"},
      {"name": "Trần Thị Bình", "title": "Văn thư", "role": "custodian"},
      {"name": "Lê Quang Cường", "title": "Giám đốc", "role": "head"}
    ],
    "destination": "Máy tính kết nối Internet của Văn phòng"
  })");
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void spit(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
}

std::size_t files_in(const std::string& dir) {
  std::error_code ec;
  std::size_t n = 0;
  for (const auto& e : fs::directory_iterator(dir, ec)) n += e.is_regular_file();
  return n;
}

class CertificateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    keys_ = dir_.file("keys");
    ASSERT_TRUE(create_office_keys(keys_, "Sở Khoa học và Công nghệ Hưng Yên", kPassphrase));
    auto signer = Signer::from_key_files(keys_ + "/signer.pem", keys_ + "/signer.key", kPassphrase);
    ASSERT_TRUE(signer) << signer.error().describe();
    signer_.emplace(std::move(*signer));
    auto reg = Register::open(dir_.file("register.sqlite"));
    ASSERT_TRUE(reg) << reg.error().describe();
    register_.emplace(std::move(*reg));
    details_ = *details_from_json(sample_details());
  }

  // A real erasure of an image file, read back in full.
  JobRecord erased_record(const std::string& name) {
    const std::string img = dir_.file(name);
    test::make_filled_file(img, 4 << 20, 0x5A);
    auto d = describe_device(img);
    EXPECT_TRUE(d);
    JobOptions options;
    options.records_dir = dir_.file("records");
    options.state_dir = dir_.file("state");
    options.verify = [](BlockDevice& dev, const JobRecord& r, const auto& progress, const std::atomic<bool>& cancel) {
      return verify::verify_overwrite(dev, r, verify::ReadBackOptions{.coverage = 1.0}, secure_random(), progress, cancel);
    };
    NullProgressSink none;
    std::atomic<bool> cancel{false};
    auto r = run_erase_job({*d}, options, none, cancel);
    EXPECT_TRUE(r) << r.error().describe();
    JobRecord record = (*r)[0].record;
    // Present it as the office's disk would appear.
    record.device.model = "Samsung SSD 870 EVO";
    record.device.serial = "S6PNNS0T123456";
    return record;
  }

  IssuedCertificate issue(const JobRecord& record) {
    auto issued = issue_certificate(record, details_, *signer_, *register_, dir_.file("out"));
    EXPECT_TRUE(issued) << issued.error().describe();
    return *issued;
  }

  CertificateCheck check(const std::string& path, const std::string& reg = {}) {
    auto c = check_certificate(path, keys_ + "/office-ca.pem", reg);
    EXPECT_TRUE(c) << c.error().describe();
    return *c;
  }

  TempDir dir_;
  std::string keys_;
  std::optional<Signer> signer_;
  std::optional<Register> register_;
  OfficeDetails details_;
};

TEST_F(CertificateTest, TheOpensslCommandAcceptsEveryCertificate) {
  for (const char* name : {"a.img", "b.img", "c.img"}) {
    const IssuedCertificate c = issue(erased_record(name));
    std::string out;
    EXPECT_EQ(run_command({"openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in", c.p7s_path, "-content",
                           c.json_path, "-CAfile", keys_ + "/office-ca.pem", "-out", "/dev/null"},
                          &out),
              0)
        << out;
    EXPECT_NE(out.find("Verification successful"), std::string::npos) << out;
    EXPECT_TRUE(check(c.json_path, dir_.file("register.sqlite")).ok());
    EXPECT_TRUE(check(c.pdf_path).ok());
  }
  auto entries = register_->entries();
  ASSERT_TRUE(entries);
  ASSERT_EQ(entries->size(), 3u);
  EXPECT_EQ((*entries)[2].sequence, 3u);
  EXPECT_EQ((*entries)[2].previous_sha256, (*entries)[1].sha256) << "each certificate names its predecessor";
}

TEST_F(CertificateTest, TheSignedDocumentSaysWhatTheRecordProves) {
  const IssuedCertificate c = issue(erased_record("a.img"));
  const json doc = json::parse(slurp(c.json_path));
  EXPECT_EQ(doc["schema"], "wipeseal.certificate/1");
  EXPECT_EQ(doc["number"], "1/BB-KHCN");
  EXPECT_EQ(doc["verdict"]["vi"], "ĐẠT");
  EXPECT_EQ(doc["verdict"]["physical_destruction_recommended"], false);
  EXPECT_EQ(doc["record"]["verification"]["mode"], "full");
  EXPECT_EQ(doc["office"]["secrecy_level"], "toi_mat");
  EXPECT_NE(doc["disclaimer"]["vi"].get<std::string>().find("không phải là biên bản tiêu hủy"), std::string::npos);
  EXPECT_EQ(doc["signer"]["fingerprint_sha256"], signer_->identity().fingerprint_sha256);
  EXPECT_EQ(sha256_hex(slurp(c.json_path)), c.sha256);
}

TEST_F(CertificateTest, ThePdfReadsRightScansRightAndCarriesTheSignedFiles) {
  const IssuedCertificate c = issue(erased_record("a.img"));
  std::string text;
  ASSERT_EQ(run_command({"pdftotext", "-layout", c.pdf_path, "-"}, &text), 0);
  for (const char* expected : {"BIÊN BẢN", "Xóa dữ liệu, loại bỏ bí mật nhà nước trên thiết bị lưu trữ",
                               "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Số: 1/BB-KHCN",
                               "S6PNNS0T123456", "KẾT QUẢ: ĐẠT", "NGƯỜI THỰC HIỆN", "NGƯỜI QUẢN LÝ THIẾT BỊ",
                               "THỦ TRƯỞNG ĐƠN VỊ", "(Ký, ghi rõ họ tên)", "Nơi nhận", "Nguyễn Văn An", "Tối mật",
                               "ANNEX: ENGLISH GLOSSES", "Outcome: PASSED"}) {
    EXPECT_NE(text.find(expected), std::string::npos) << "missing in the PDF text: " << expected;
  }
  std::string fonts;
  ASSERT_EQ(run_command({"pdffonts", c.pdf_path}, &fonts), 0);
  EXPECT_NE(fonts.find("LiberationSerif"), std::string::npos) << fonts;
  // pdffonts columns end with: emb sub uni object-number generation.
  std::istringstream lines(fonts);
  std::string line;
  int font_lines = 0;
  while (std::getline(lines, line)) {
    if (line.find("LiberationSerif") == std::string::npos) continue;
    std::istringstream words(line);
    std::vector<std::string> w{std::istream_iterator<std::string>(words), {}};
    ASSERT_GE(w.size(), 5u);
    EXPECT_EQ(w[w.size() - 5], "yes") << "embedded: " << line;
    EXPECT_EQ(w[w.size() - 3], "yes") << "with a ToUnicode map, so text extracts: " << line;
    ++font_lines;
  }
  EXPECT_GE(font_lines, 2);

  TempDir pages;
  ASSERT_EQ(run_command({"pdftoppm", "-r", "150", "-png", c.pdf_path, pages.file("page")}), 0);
  std::string qr;
  for (const auto& e : fs::directory_iterator(pages.path())) {
    std::string out;
    if (run_command({"zbarimg", "-q", "--raw", e.path().string()}, &out) == 0) qr += out;
  }
  EXPECT_NE(qr.find("WIPESEAL-CERT:" + c.cert.id + ";SHA256:" + c.sha256 + ";SIGNER:" +
                    signer_->identity().fingerprint_sha256),
            std::string::npos)
      << qr;

  TempDir detached;
  ASSERT_EQ(run_command({"pdfdetach", "-saveall", "-o", detached.path().string(), c.pdf_path}), 0);
  EXPECT_EQ(slurp(detached.file(c.cert.id + ".json")), slurp(c.json_path));
  EXPECT_EQ(slurp(detached.file(c.cert.id + ".p7s")), slurp(c.p7s_path));
}

TEST_F(CertificateTest, EveryKindOfTamperingIsCaughtWithItsOwnMessage) {
  const IssuedCertificate one = issue(erased_record("a.img"));
  const IssuedCertificate two = issue(erased_record("b.img"));
  TempDir t;
  auto copy_pair = [&](const IssuedCertificate& c, const std::string& stem) {
    fs::copy_file(c.json_path, t.file(stem + ".json"));
    fs::copy_file(c.p7s_path, t.file(stem + ".p7s"));
    return t.file(stem + ".json");
  };

  // One changed byte in the JSON (a digit of the serial number).
  const std::string changed = copy_pair(one, "changed");
  std::string text = slurp(changed);
  text[text.find("S6PNNS0T123456") + 13] = '7';
  spit(changed, text);
  CertificateCheck c = check(changed);
  EXPECT_EQ(c.code, "content_changed") << c.message;
  EXPECT_NE(c.message.find("changed after signing"), std::string::npos);

  // Re-formatted JSON (whitespace added).
  const std::string spaced = copy_pair(one, "spaced");
  spit(spaced, json::parse(slurp(spaced)).dump(2));
  EXPECT_EQ(check(spaced).code, "not_canonical");

  // The signature of another certificate put beside this JSON.
  const std::string swapped = copy_pair(one, "swapped");
  fs::copy_file(two.p7s_path, t.file("swapped.p7s"), fs::copy_options::overwrite_existing);
  c = check(swapped);
  EXPECT_EQ(c.code, "other_certificate") << c.message;
  EXPECT_NE(c.message.find(two.cert.id), std::string::npos) << c.message;

  // A truncated signature.
  const std::string truncated = copy_pair(one, "truncated");
  const std::string p7s = slurp(one.p7s_path);
  spit(t.file("truncated.p7s"), p7s.substr(0, p7s.size() / 2));
  c = check(truncated);
  EXPECT_EQ(c.code, "damaged_signature") << c.message;
  EXPECT_NE(c.message.find("damaged or truncated"), std::string::npos);

  // Signed by another office's CA.
  const std::string other_keys = dir_.file("other-keys");
  ASSERT_TRUE(create_office_keys(other_keys, "Văn phòng khác", kPassphrase));
  auto other = Signer::from_key_files(other_keys + "/signer.pem", other_keys + "/signer.key", kPassphrase);
  ASSERT_TRUE(other);
  auto other_reg = Register::open(dir_.file("other.sqlite"));
  ASSERT_TRUE(other_reg);
  auto foreign = issue_certificate(erased_record("c.img"), details_, *other, *other_reg, dir_.file("foreign"));
  ASSERT_TRUE(foreign) << foreign.error().describe();
  c = check(foreign->json_path);
  EXPECT_EQ(c.code, "untrusted_signer") << c.message;
  EXPECT_NE(c.message.find("not certified by the office CA"), std::string::npos);

  // A PDF whose JSON attachment was replaced by another certificate's.
  fs::copy_file(two.json_path, t.file(one.cert.id + ".json"));
  std::string out;
  ASSERT_EQ(run_command({"qpdf", one.pdf_path, t.file("replaced.pdf"), "--add-attachment", t.file(one.cert.id + ".json"),
                         "--replace", "--"},
                        &out),
            0)
      << out;
  c = check(t.file("replaced.pdf"));
  EXPECT_EQ(c.code, "attachment_replaced") << c.message;

  // A missing signature file.
  fs::copy_file(one.json_path, t.file("alone.json"));
  EXPECT_EQ(check(t.file("alone.json")).code, "missing_signature");

  // Each message differs.
  EXPECT_TRUE(check(one.json_path).ok());
}

// Changes the register behind wipeseal's back with SQL.
void sql(const std::string& db, const std::string& statement) {
  sqlite3* h = nullptr;
  ASSERT_EQ(sqlite3_open(db.c_str(), &h), SQLITE_OK);
  char* err = nullptr;
  ASSERT_EQ(sqlite3_exec(h, statement.c_str(), nullptr, nullptr, &err), SQLITE_OK) << (err ? err : "");
  sqlite3_close(h);
}

TEST_F(CertificateTest, ARegisterWithADeletedOrReorderedEntryIsCaught) {
  std::vector<IssuedCertificate> issued;
  for (const char* name : {"a.img", "b.img", "c.img", "d.img"}) issued.push_back(issue(erased_record(name)));
  const std::string path = dir_.file("register.sqlite");
  auto problems = register_->verify(keys_ + "/office-ca.pem");
  ASSERT_TRUE(problems);
  EXPECT_TRUE(problems->empty());

  fs::copy_file(path, dir_.file("deleted.sqlite"));
  sql(dir_.file("deleted.sqlite"), "DELETE FROM certificates WHERE sequence = 2");
  auto deleted = Register::open(dir_.file("deleted.sqlite"))->verify("");
  ASSERT_TRUE(deleted);
  ASSERT_EQ(deleted->size(), 1u);
  EXPECT_EQ((*deleted)[0].kind, "missing");
  EXPECT_NE((*deleted)[0].message.find("certificate number 2 is missing"), std::string::npos) << (*deleted)[0].message;

  fs::copy_file(path, dir_.file("reordered.sqlite"));
  sql(dir_.file("reordered.sqlite"),
      "UPDATE certificates SET sequence = 99 WHERE sequence = 2; UPDATE certificates SET sequence = 2 WHERE sequence "
      "= 3; UPDATE certificates SET sequence = 3 WHERE sequence = 99;");
  auto reordered = Register::open(dir_.file("reordered.sqlite"))->verify("");
  ASSERT_TRUE(reordered);
  ASSERT_FALSE(reordered->empty());
  EXPECT_EQ((*reordered)[0].kind, "reordered");
  EXPECT_NE((*reordered)[0].message.find("reordered"), std::string::npos) << (*reordered)[0].message;

  fs::copy_file(path, dir_.file("altered.sqlite"));
  sql(dir_.file("altered.sqlite"), "UPDATE certificates SET json = replace(json, 'TS-2024-0153', 'TS-2024-9999') WHERE sequence = 3");
  auto altered = Register::open(dir_.file("altered.sqlite"))->verify("");
  ASSERT_TRUE(altered);
  ASSERT_EQ(altered->size(), 1u);
  EXPECT_EQ((*altered)[0].kind, "altered");

  // A certificate checked against a register that lost its predecessor says so.
  const CertificateCheck c = check(issued[2].json_path, dir_.file("deleted.sqlite"));
  EXPECT_EQ(c.code, "register_broken") << c.message;
}

TEST_F(CertificateTest, RegistersFromSeveralMachinesMergeAndConflictsStopTheImport) {
  issue(erased_record("a.img"));
  issue(erased_record("b.img"));
  // A second machine with its own key.
  const std::string keys_b = dir_.file("keys-b");
  ASSERT_TRUE(create_office_keys(keys_b, "Máy B", kPassphrase));
  auto signer_b = Signer::from_key_files(keys_b + "/signer.pem", keys_b + "/signer.key", kPassphrase);
  auto reg_b = Register::open(dir_.file("b.sqlite"));
  ASSERT_TRUE(signer_b && reg_b);
  ASSERT_TRUE(issue_certificate(erased_record("c.img"), details_, *signer_b, *reg_b, dir_.file("out-b")));

  auto central = Register::open(dir_.file("central.sqlite"));
  ASSERT_TRUE(central);
  EXPECT_EQ(*central->import_from(dir_.file("register.sqlite")), 2u);
  EXPECT_EQ(*central->import_from(dir_.file("b.sqlite")), 1u);
  EXPECT_EQ(*central->import_from(dir_.file("b.sqlite")), 0u) << "importing twice adds nothing";
  auto problems = central->verify("");
  ASSERT_TRUE(problems);
  EXPECT_TRUE(problems->empty());
  EXPECT_EQ(central->entries()->size(), 3u);

  // A register whose certificate 1 differs from the central one's: refused, nothing merged.
  fs::copy_file(dir_.file("register.sqlite"), dir_.file("forged.sqlite"));
  sql(dir_.file("forged.sqlite"), "UPDATE certificates SET sha256 = 'ff' || substr(sha256, 3) WHERE sequence = 1");
  auto conflict = central->import_from(dir_.file("forged.sqlite"));
  ASSERT_FALSE(conflict);
  EXPECT_NE(conflict.error().message.find("two different certificates numbered 1"), std::string::npos)
      << conflict.error().message;
  EXPECT_EQ(central->entries()->size(), 3u);
}

TEST_F(CertificateTest, BadInputIsRefusedWithoutFilesOrAGapInTheRegister) {
  const JobRecord record = erased_record("a.img");
  // Details with parts missing.
  json missing = sample_details();
  missing.erase("issuing_body");
  missing["reason"] = "fun";
  auto d = details_from_json(missing);
  ASSERT_FALSE(d);
  EXPECT_NE(d.error().message.find("'issuing_body' is missing"), std::string::npos) << d.error().message;
  EXPECT_NE(d.error().message.find("'reason' must be one of"), std::string::npos) << d.error().message;
  json nobody = sample_details();
  nobody["participants"] = json::array();
  d = details_from_json(nobody);
  ASSERT_FALSE(d);
  EXPECT_NE(d.error().message.find("at least one person"), std::string::npos);

  // A missing key, a wrong passphrase.
  auto absent = Signer::from_key_files(keys_ + "/signer.pem", dir_.file("nope.key"), kPassphrase);
  ASSERT_FALSE(absent);
  EXPECT_NE(absent.error().message.find("cannot open the signing key"), std::string::npos);
  auto wrong = Signer::from_key_files(keys_ + "/signer.pem", keys_ + "/signer.key", "not-the-passphrase");
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().code, ErrorCode::permission_denied);
  EXPECT_NE(wrong.error().message.find("wrong passphrase"), std::string::npos) << wrong.error().message;

  // An unverified record.
  JobRecord unverified = record;
  unverified.verification.reset();
  auto refused = issue_certificate(unverified, details_, *signer_, *register_, dir_.file("out"));
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("not read back"), std::string::npos);
  EXPECT_EQ(files_in(dir_.file("out")), 0u);

  // A number drawn and then abandoned is not used up.
  {
    auto tx = register_->begin();
    ASSERT_TRUE(tx);
    EXPECT_EQ(tx->next_for(signer_->identity().fingerprint_sha256)->first, 1u);
  }
  const IssuedCertificate first = issue(record);
  EXPECT_EQ(first.cert.sequence, 1u) << "no gap: failed attempts used no number";
  EXPECT_EQ(files_in(dir_.file("out")), 3u) << "exactly the json, p7s and pdf, no temporary file";
  auto again = issue_certificate(record, details_, *signer_, *register_, dir_.file("out"));
  ASSERT_FALSE(again);
  EXPECT_NE(again.error().message.find("already issued (number 1)"), std::string::npos);
}

TEST_F(CertificateTest, KeyFilesArePrivateAndNeverOverwritten) {
  EXPECT_EQ(fs::status(keys_ + "/signer.key").permissions() & fs::perms::all, fs::perms::owner_read | fs::perms::owner_write);
  EXPECT_EQ(fs::status(keys_ + "/office-ca.key").permissions() & fs::perms::all, fs::perms::owner_read | fs::perms::owner_write);
  EXPECT_NE(slurp(keys_ + "/signer.key").find("BEGIN ENCRYPTED PRIVATE KEY"), std::string::npos);
  EXPECT_EQ(slurp(keys_ + "/signer.key").find(kPassphrase), std::string::npos);
  auto again = create_office_keys(keys_, "Khác", kPassphrase);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::refused);
  EXPECT_FALSE(create_office_keys(dir_.file("weak"), "Yếu", "short"));
}

TEST_F(CertificateTest, ImportedKeysSignLikeCreatedOnes) {
  // An existing key made with the openssl command, certified by the office CA.
  TempDir t;
  std::string out;
  ASSERT_EQ(run_command({"openssl", "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                         "-keyout", t.file("k.pem"), "-subj", "/CN=Imported signer", "-out", t.file("req.csr")},
                        &out),
            0)
      << out;
  spit(t.file("pass"), kPassphrase);
  ASSERT_EQ(run_command({"openssl", "x509", "-req", "-in", t.file("req.csr"), "-CA", keys_ + "/office-ca.pem", "-CAkey",
                         keys_ + "/office-ca.key", "-passin", "file:" + t.file("pass"), "-days", "30", "-out",
                         t.file("c.pem")},
                        &out),
            0)
      << out;
  ASSERT_TRUE(import_office_keys(t.file("imported"), t.file("c.pem"), t.file("k.pem"), "", keys_ + "/office-ca.pem",
                                 kPassphrase));
  auto signer = Signer::from_key_files(t.file("imported/signer.pem"), t.file("imported/signer.key"), kPassphrase);
  ASSERT_TRUE(signer) << signer.error().describe();
  auto reg = Register::open(t.file("r.sqlite"));
  auto c = issue_certificate(erased_record("a.img"), details_, *signer, *reg, t.file("certs"));
  ASSERT_TRUE(c) << c.error().describe();
  EXPECT_TRUE(check(c->json_path).ok());
}

TEST_F(CertificateTest, SigningOnASoftHsm2TokenWorksEndToEnd) {
  TempDir hsm;
  fs::create_directories(hsm.file("tokens"));
  spit(hsm.file("softhsm2.conf"), "directories.tokendir = " + hsm.file("tokens") + "\nobjectstore.backend = file\n");
  setenv("SOFTHSM2_CONF", hsm.file("softhsm2.conf").c_str(), 1);
  const std::string module = "/usr/lib/softhsm/libsofthsm2.so";
  std::string out;
  ASSERT_EQ(run_command({"softhsm2-util", "--init-token", "--free", "--label", "office", "--pin", "246810", "--so-pin",
                         "13579111"},
                        &out),
            0)
      << out;
  ASSERT_EQ(run_command({"pkcs11-tool", "--module", module, "--login", "--pin", "246810", "--keypairgen", "--key-type",
                         "EC:prime256v1", "--id", "01", "--label", "signer"},
                        &out),
            0)
      << out;
  // The token's key gets a certificate from the office CA, through a request the token signs.
  const std::string uri = "pkcs11:token=office;object=signer;type=private";
  spit(hsm.file("pass"), kPassphrase);
  ASSERT_EQ(run_command({"sh", "-c",
                         "OPENSSL_CONF=/dev/null PKCS11_MODULE_PATH=" + module +
                             " openssl req -new -engine pkcs11 -keyform engine -key '" + uri +
                             ";pin-value=246810' -subj '/CN=Token signer' -out " + hsm.file("req.csr") + " 2>&1"},
                        &out),
            0)
      << out;
  ASSERT_EQ(run_command({"openssl", "x509", "-req", "-in", hsm.file("req.csr"), "-CA", keys_ + "/office-ca.pem", "-CAkey",
                         keys_ + "/office-ca.key", "-passin", "file:" + hsm.file("pass"), "-days", "30", "-out",
                         hsm.file("token.pem")},
                        &out),
            0)
      << out;
  auto wrong_pin = Signer::from_pkcs11(uri, hsm.file("token.pem"), "000000", module);
  ASSERT_FALSE(wrong_pin);
  EXPECT_NE(wrong_pin.error().message.find("wrong PIN"), std::string::npos) << wrong_pin.error().message;
  auto token = Signer::from_pkcs11(uri, hsm.file("token.pem"), "246810", module);
  ASSERT_TRUE(token) << token.error().describe();
  auto reg = Register::open(hsm.file("r.sqlite"));
  auto c = issue_certificate(erased_record("a.img"), details_, *token, *reg, hsm.file("certs"));
  ASSERT_TRUE(c) << c.error().describe();
  ASSERT_EQ(run_command({"openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in", c->p7s_path, "-content",
                         c->json_path, "-CAfile", keys_ + "/office-ca.pem", "-out", "/dev/null"},
                        &out),
            0)
      << out;
  EXPECT_TRUE(check(c->pdf_path).ok());
  unsetenv("SOFTHSM2_CONF");
}

TEST_F(CertificateTest, TheCommandLineReportsValidAndInvalidCertificates) {
  const IssuedCertificate c = issue(erased_record("a.img"));
  const std::string ca = keys_ + "/office-ca.pem", reg = dir_.file("register.sqlite");
  auto ok = test::run_wipeseal({"cert", "verify", c.pdf_path, "--ca", ca, "--register", reg});
  EXPECT_EQ(ok.exit_code, 0) << ok.out << ok.err;
  EXPECT_NE(ok.out.find("VALID certificate no. 1/BB-KHCN"), std::string::npos) << ok.out;
  EXPECT_NE(ok.out.find("PASSED"), std::string::npos) << ok.out;
  std::string text = slurp(c.json_path);
  text[text.find("TS-2024-0153") + 3] = '9';
  spit(c.json_path, text);
  auto bad = test::run_wipeseal({"cert", "verify", c.json_path, "--ca", ca});
  EXPECT_EQ(bad.exit_code, 4);
  EXPECT_NE(bad.err.find("[content_changed]"), std::string::npos) << bad.err;
  EXPECT_EQ(test::run_wipeseal({"register", "verify", "--register", reg, "--ca", ca}).exit_code, 0);
  EXPECT_EQ(test::run_wipeseal({"cert", "issue", dir_.file("none.json"), "--details", "x.json"}).exit_code, 1);
}

TEST(VerdictTest, OnlyAVerifiedErasurePassesAndMediaThatCannotBePurgedAreFlagged) {
  JobRecord r;
  r.outcome = Outcome::erased;
  r.device.transport = Transport::sata;
  VerificationRecord v;
  v.outcome = VerificationOutcome::passed;
  r.verification = v;
  EXPECT_EQ(judge(r, SecrecyLevel::tuyet_mat).vi, "ĐẠT");
  EXPECT_FALSE(judge(r, SecrecyLevel::tuyet_mat).destroy);

  JobRecord usb = r;
  usb.device.transport = Transport::usb;
  EXPECT_FALSE(judge(usb, SecrecyLevel::toi_mat).destroy);
  const Verdict top = judge(usb, SecrecyLevel::tuyet_mat);
  EXPECT_EQ(top.vi, "ĐẠT");
  EXPECT_TRUE(top.destroy);
  EXPECT_NE(top.destroy_reason_vi.find("tiêu hủy vật lý"), std::string::npos);

  JobRecord exceptions = r;
  exceptions.outcome = Outcome::erased_with_exceptions;
  EXPECT_EQ(judge(exceptions, SecrecyLevel::mat).vi, "ĐẠT CÓ NGOẠI LỆ");
  EXPECT_TRUE(judge(exceptions, SecrecyLevel::mat).destroy);

  JobRecord unverified = r;
  unverified.verification.reset();
  EXPECT_EQ(judge(unverified, SecrecyLevel::mat).vi, "KHÔNG ĐẠT");
  JobRecord failed = r;
  failed.outcome = Outcome::failed;
  EXPECT_EQ(judge(failed, SecrecyLevel::mat).vi, "KHÔNG ĐẠT");
  EXPECT_TRUE(judge(failed, SecrecyLevel::mat).destroy);
  JobRecord bad_read = r;
  bad_read.verification->outcome = VerificationOutcome::failed;
  EXPECT_EQ(judge(bad_read, SecrecyLevel::mat).code, "failed");
}

}  // namespace
}  // namespace wipeseal::certificates
