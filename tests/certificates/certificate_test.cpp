// Certificates end to end: issued from real (image-file) erasures, checked by openssl and pdfsig,
// printed as a signed PDF an inspector can trust page and all, tampered with in every way the
// issues list, signed on a SoftHSM2 token and with long-term keys, refused cleanly on bad input.
#include <QFontMetricsF>
#include <QPainter>
#include <QPdfWriter>
#include <QRawFont>

#include <iterator>

#include "certificates/layout.h"
#include "certificates/pdf_file.h"
#include "certificates/pdf_signature.h"
#include "tests/certificates/fixture.h"
#include "wipe/clock.h"

namespace wipeseal::certificates::testing {
namespace {

class CertificateTest : public Office {
 protected:
  // The signed PDF of a certificate with these details, rendered (not issued) to `path`.
  std::string render(const OfficeDetails& details, const JobRecord& record, const std::string& path) {
    Certificate c;
    c.id = "0b7f4b8e-4a3c-4f62-9d51-3c2a1e0f9a77";
    c.sequence = 7;
    c.issued_at = now_timestamp();
    c.number = "7/" + details.record_symbol;
    c.office = details;
    c.signer = signer_->identity();
    c.records = {record};
    auto pdf = render_certificate_pdf(c, certificate_to_json(c).dump(), "p7s", *signer_);
    EXPECT_TRUE(pdf) << pdf.error().describe();
    spit(path, pdf ? *pdf : std::string());
    return path;
  }
};

// The first revision of a signed certificate PDF: the document before its signature was appended.
std::string unsigned_revision(const std::string& pdf) { return pdf.substr(0, pdf.find("%%EOF\n") + 6); }

TEST_F(CertificateTest, TheOpensslCommandAcceptsEveryCertificateAndItsSignatureIsCadesBes) {
  for (const char* name : {"a.img", "b.img"}) {
    const IssuedCertificate c = issue(erased_record(name));
    EXPECT_TRUE(openssl_accepts(c.json_path, c.p7s_path, ca_));
    std::string printed;
    ASSERT_EQ(run_command({"openssl", "cms", "-cmsout", "-print", "-inform", "DER", "-in", c.p7s_path}, &printed), 0);
    EXPECT_NE(printed.find("id-smime-aa-signingCertificateV2"), std::string::npos) << "ESS signing-certificate-v2";
  }
}

TEST_F(CertificateTest, TheSignedDocumentSaysWhatTheRecordsProve) {
  const JobRecord a = erased_record("a.img", "SERIAL-A"), b = erased_record("b.img", "SERIAL-B");
  const IssuedCertificate c = issue({a, b});
  const json doc = json::parse(slurp(c.json_path));
  EXPECT_EQ(doc["schema"], "wipeseal.certificate/2");
  EXPECT_EQ(doc["number"], "1/BB-KHCN");
  EXPECT_EQ(doc["time_source"], "local_clock");
  ASSERT_EQ(doc["records"].size(), 2u);
  EXPECT_EQ(doc["devices"][0]["record_id"], a.id);
  EXPECT_EQ(doc["devices"][1]["record_id"], b.id);
  EXPECT_EQ(doc["verdict"]["vi"], "ĐẠT");
  EXPECT_EQ(doc["records"][1]["device"]["serial"], "SERIAL-B");
  EXPECT_NE(doc["disclaimer"]["vi"].get<std::string>().find("không phải là biên bản tiêu hủy"), std::string::npos);
  EXPECT_EQ(doc["signer"]["fingerprint_sha256"], signer_->identity().fingerprint_sha256);
  EXPECT_EQ(sha256_hex(slurp(c.json_path)), c.sha256);
}

TEST(VerdictTest, OnlyAVerifiedErasurePassesAndABienBanTakesTheWorstOfItsDisks) {
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
  EXPECT_TRUE(judge(usb, SecrecyLevel::tuyet_mat).destroy);
  JobRecord exceptions = r;
  exceptions.outcome = Outcome::erased_with_exceptions;
  EXPECT_EQ(judge(exceptions, SecrecyLevel::mat).vi, "ĐẠT CÓ NGOẠI LỆ");
  JobRecord unverified = r;
  unverified.verification.reset();
  EXPECT_EQ(judge(unverified, SecrecyLevel::mat).vi, "KHÔNG ĐẠT");
  EXPECT_EQ(judge_all({r, exceptions}, SecrecyLevel::mat).code, "passed_with_exceptions");
  EXPECT_EQ(judge_all({exceptions, r, unverified}, SecrecyLevel::mat).code, "failed");
  EXPECT_EQ(judge_all({exceptions, r, unverified}, SecrecyLevel::mat).destroy_why, "failed");
  EXPECT_EQ(judge_all({r, usb}, SecrecyLevel::tuyet_mat).code, "passed");
  EXPECT_EQ(judge_all({r, usb}, SecrecyLevel::tuyet_mat).destroy_why, "clear_only_top_secret");
}

TEST_F(CertificateTest, ThePdfIsSignedPadesAndPdfsigTrustsItWithTheOfficeCa) {
  const IssuedCertificate c = issue(erased_record("a.img"));
  const PdfSig sig = pdfsig(c.pdf_path);
  EXPECT_TRUE(sig.valid()) << sig.out;
  EXPECT_TRUE(sig.whole()) << sig.out;
  EXPECT_NE(sig.out.find("ETSI.CAdES.detached"), std::string::npos) << sig.out;
  // With the office CA in an NSS database, pdfsig trusts the signer too.
  TempDir nss;
  ASSERT_EQ(run_command({"certutil", "-N", "-d", "sql:" + nss.path().string(), "--empty-password"}), 0);
  ASSERT_EQ(run_command({"certutil", "-A", "-d", "sql:" + nss.path().string(), "-n", "office", "-t", "CT,C,C", "-i", ca_}), 0);
  std::string trusted;
  EXPECT_EQ(run_command({"pdfsig", "-nssdir", "sql:" + nss.path().string(), c.pdf_path}, &trusted), 0);
  EXPECT_NE(trusted.find("Certificate is Trusted"), std::string::npos) << trusted;

  // PAdES B-B: ESS signing-certificate-v2, no signing-time attribute (the time is /M); DocMDP P=2.
  auto found = find_signatures(slurp(c.pdf_path));
  ASSERT_TRUE(found && found->size() == 1u);
  EXPECT_TRUE(found->front().certifies);
  spit(dir_.file("pades.der"), found->front().cms);
  std::string printed;
  ASSERT_EQ(run_command({"openssl", "cms", "-cmsout", "-print", "-inform", "DER", "-in", dir_.file("pades.der")}, &printed), 0);
  EXPECT_NE(printed.find("id-smime-aa-signingCertificateV2"), std::string::npos);
  EXPECT_EQ(printed.find("signingTime"), std::string::npos);
  std::string objects, xmp;
  ASSERT_EQ(run_command({"qpdf", "--json=2", c.pdf_path}, &objects), 0);
  EXPECT_NE(objects.find("\"/DocMDP\": \""), std::string::npos) << "the catalogue's /Perms";
  EXPECT_NE(objects.find("\"/TransformMethod\": \"/DocMDP\""), std::string::npos);
  EXPECT_NE(objects.find("\"/P\": 2,"), std::string::npos) << "form filling and signing still allowed";
  // PDF/A-3b: the XMP says so, and each attachment is an associated file with its relationship.
  ASSERT_EQ(run_command({"pdfinfo", "-meta", c.pdf_path}, &xmp), 0);
  EXPECT_NE(xmp.find("pdfaid:part=\"3\""), std::string::npos) << xmp;
  EXPECT_NE(xmp.find("pdfaid:conformance=\"B\""), std::string::npos) << xmp;
  EXPECT_NE(objects.find("\"/AFRelationship\": \"/Source\""), std::string::npos);
  EXPECT_NE(objects.find("\"/AFRelationship\": \"/Supplement\""), std::string::npos);
  EXPECT_TRUE(check(c.pdf_path).ok());
}

TEST_F(CertificateTest, ThePdfReadsRightUsesOnlyLiberationScansRightAndCarriesTheSignedFiles) {
  const IssuedCertificate c = issue(erased_record("a.img"));
  const std::string text = pdf_text(c.pdf_path);
  for (const char* expected :
       {"BIÊN BẢN", "Xóa dữ liệu, loại bỏ bí mật nhà nước trên thiết bị lưu trữ", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc", "Số: 1/BB-KHCN", "S6PNNS0T123456", "KẾT QUẢ: ĐẠT", "NGƯỜI THỰC HIỆN",
        "NGƯỜI QUẢN LÝ THIẾT BỊ", "THỦ TRƯỞNG ĐƠN VỊ", "(Ký, ghi rõ họ tên)", "Nơi nhận", "Nguyễn Văn An", "Tối mật",
        "Căn cứ Luật Bảo vệ bí mật nhà nước số 117/2025/QH15", "được lập thành 02 bản", "Lưu: VT, hồ sơ tiêu hủy",
        "chữ ký điện tử của phần mềm", "không phải là chữ ký số", "TS-2024-0153", "ANNEX: ENGLISH GLOSSES",
        "Outcome: PASSED", "random", "time-stamp"}) {
    EXPECT_NE(text.find(expected), std::string::npos) << "missing in the PDF text: " << expected;
  }
  for (const char* wrong : {"Như trên", "chữ ký số của cơ quan", "(clear, clear)"}) {
    EXPECT_EQ(text.find(wrong), std::string::npos) << "still in the PDF: " << wrong;
  }
  std::string fonts;
  ASSERT_EQ(run_command({"pdffonts", c.pdf_path}, &fonts), 0);
  std::istringstream lines(fonts);
  std::string line;
  int font_lines = 0;
  for (int n = 0; std::getline(lines, line); ++n) {
    if (n < 2) continue;  // the header
    EXPECT_NE(line.find("LiberationSerif"), std::string::npos) << "another font was pulled in: " << line;
    std::istringstream words(line);
    std::vector<std::string> w{std::istream_iterator<std::string>(words), {}};
    ASSERT_GE(w.size(), 5u);
    EXPECT_EQ(w[w.size() - 5], "yes") << "embedded: " << line;
    EXPECT_EQ(w[w.size() - 3], "yes") << "with a ToUnicode map: " << line;
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

TEST_F(CertificateTest, OneChangedByteOrAnEditedPageIsCaughtByPdfsigAndByWipeseal) {
  const IssuedCertificate c = issue(erased_record("a.img"));
  const std::string pdf = slurp(c.pdf_path);
  // One byte inside the first page's content stream (signed bytes).
  const int content = first_content_object(c.pdf_path);
  ASSERT_GT(content, 0);
  const std::size_t stream = pdf.find("stream\n", pdf.find("\n" + std::to_string(content) + " 0 obj"));
  ASSERT_NE(stream, std::string::npos);
  std::string flipped = pdf;
  flipped[stream + 40] = static_cast<char>(flipped[stream + 40] ^ 0x01);
  spit(dir_.file("flipped.pdf"), flipped);
  EXPECT_FALSE(pdfsig(dir_.file("flipped.pdf")).valid());
  CertificateCheck k = check(dir_.file("flipped.pdf"));
  EXPECT_EQ(k.code, "pdf_content_changed") << k.message;
  EXPECT_EQ(k.status, CheckStatus::invalid);

  // The page's content replaced in an incremental update, the signed bytes untouched: a black
  // box drawn over the page. pdfsig says the signature no longer covers the whole document.
  std::string drawn;
  ASSERT_EQ(run_command({"qpdf", "--show-object=" + std::to_string(content), "--filtered-stream-data", c.pdf_path}, &drawn), 0);
  drawn += "\nq 0 0 0 rg 100 400 300 60 re f Q\n";
  spit(dir_.file("edited.pdf"),
       append_update(pdf, content, "<< /Length " + std::to_string(drawn.size()) + " >>\nstream\n" + drawn + "\nendstream"));
  const PdfSig edited = pdfsig(dir_.file("edited.pdf"));
  EXPECT_FALSE(edited.whole()) << edited.out;
  k = check(dir_.file("edited.pdf"));
  EXPECT_EQ(k.code, "pdf_modified_after_signing") << k.message;

  // What DocMDP P=2 allows stays valid: the document information edited (never trusted anyway).
  std::string info;
  ASSERT_EQ(run_command({"qpdf", "--show-object=trailer", c.pdf_path}, &info), 0);
  const long long info_object = number_after(info, "/Info ");
  ASSERT_GT(info_object, 0);
  spit(dir_.file("info.pdf"),
       append_update(pdf, static_cast<int>(info_object), "<< /Title (Forged title) /WipesealCertificate (x) >>"));
  k = check(dir_.file("info.pdf"));
  EXPECT_TRUE(k.ok()) << k.code << ": " << k.message;
}

// Found by fuzzing (tests/fuzz/regressions/pdf/): /ByteRange numbers chosen so that their sums
// overflow passed the fit check and made the reader index far outside the file. Now they are
// "damaged", the same as any /ByteRange that does not fit.
TEST_F(CertificateTest, AByteRangeChosenToOverflowIsDamagedNotReadOutsideTheFile) {
  const IssuedCertificate c = issue(erased_record("a.img"));
  const std::string pdf = slurp(c.pdf_path);
  const std::size_t at = pdf.find("/ByteRange [");
  ASSERT_NE(at, std::string::npos);
  const std::size_t end = pdf.find(']', at);
  for (const char* range : {"/ByteRange [0 9223372036854775807 9223372036854775807 9223372036854775807]",
                            "/ByteRange [0 100 4611686018427387904 4611686018427387904]"}) {
    std::string hostile = pdf;
    hostile.replace(at, end + 1 - at, range);
    EXPECT_FALSE(find_signatures(hostile)) << range;
    spit(dir_.file("hostile.pdf"), hostile);
    const CertificateCheck k = check(dir_.file("hostile.pdf"));
    EXPECT_EQ(k.status, CheckStatus::invalid) << range;
    EXPECT_EQ(k.code, "pdf_damaged") << k.message;
  }
}

TEST_F(CertificateTest, TheHeadOfUnitCanCounterSignAndThePageStaysProtected) {
  const IssuedCertificate c = issue(erased_record("a.img"));
  ASSERT_TRUE(create_office_keys(dir_.file("head-keys"), "Thủ trưởng đơn vị (mô phỏng token VGCA)", kPassphrase));
  auto head = Signer::from_key_files(dir_.file("head-keys/signer.pem"), dir_.file("head-keys/signer.key"), kPassphrase);
  ASSERT_TRUE(head);
  spit(dir_.file("countersigned.pdf"), countersign(slurp(c.pdf_path), *head));
  const PdfSig sig = pdfsig(dir_.file("countersigned.pdf"));
  EXPECT_TRUE(sig.valid()) << sig.out;
  EXPECT_NE(sig.out.find("Signature #2"), std::string::npos) << sig.out;
  CertificateCheck k = check(dir_.file("countersigned.pdf"));
  EXPECT_TRUE(k.ok()) << k.code << ": " << k.message;
  ASSERT_EQ(k.countersigned_by.size(), 1u);
  EXPECT_NE(k.countersigned_by[0].find("Thủ trưởng"), std::string::npos);
  // A byte changed after the counter-signature breaks it.
  std::string counter = slurp(dir_.file("countersigned.pdf"));
  counter[counter.size() - 30] = 'X';
  spit(dir_.file("counter-changed.pdf"), counter);
  EXPECT_EQ(check(dir_.file("counter-changed.pdf")).status, CheckStatus::invalid);
}

TEST_F(CertificateTest, APdfShowingOneCertificateButCarryingAnotherIsCaught) {
  const IssuedCertificate one = issue(erased_record("a.img"));
  const IssuedCertificate two = issue(erased_record("b.img"));
  TempDir t;
  // 1. The attachments of no. 2 put into no. 1's PDF under no. 1's names: the file was rewritten.
  fs::copy_file(two.json_path, t.file(one.cert.id + ".json"));
  fs::copy_file(two.p7s_path, t.file(one.cert.id + ".p7s"));
  ASSERT_EQ(run_command({"qpdf", one.pdf_path, t.file("swapped.pdf"), "--add-attachment", t.file(one.cert.id + ".json"),
                         "--replace", "--", "--add-attachment", t.file(one.cert.id + ".p7s"), "--replace", "--"}),
            0);
  EXPECT_FALSE(pdfsig(t.file("swapped.pdf")).valid());
  EXPECT_EQ(check(t.file("swapped.pdf")).status, CheckStatus::invalid);

  // 2. Someone holding the key signs no. 1's document (page and QR) after replacing its
  // attachments with no. 2's genuine JSON and signature: every signature is valid, only the QR
  // code on the page tells.
  spit(t.file("one-unsigned.pdf"), unsigned_revision(slurp(one.pdf_path)));
  ASSERT_EQ(run_command({"qpdf", t.file("one-unsigned.pdf"), t.file("carrying-two.pdf"),
                         "--remove-attachment=" + one.cert.id + ".json", "--remove-attachment=" + one.cert.id + ".p7s",
                         "--add-attachment", two.json_path, "--", "--add-attachment", two.p7s_path, "--"}),
            0);
  auto forged = sign_pdf(slurp(t.file("carrying-two.pdf")), *signer_, {now_timestamp(), "forgery", "Hưng Yên"});
  ASSERT_TRUE(forged) << forged.error().describe();
  spit(t.file("forged.pdf"), *forged);
  EXPECT_TRUE(pdfsig(t.file("forged.pdf")).valid()) << "a well-formed signature: pdfsig cannot tell";
  const CertificateCheck k = check(t.file("forged.pdf"));
  EXPECT_EQ(k.code, "qr_mismatch") << k.message;
  EXPECT_NE(k.message.find(one.cert.id), std::string::npos) << k.message;

  // 3. The document without its signature.
  EXPECT_EQ(check(t.file("one-unsigned.pdf")).code, "pdf_unsigned");
}

TEST_F(CertificateTest, EveryKindOfJsonTamperingIsCaughtWithItsOwnCode) {
  const IssuedCertificate one = issue(erased_record("a.img"));
  const IssuedCertificate two = issue(erased_record("b.img"));
  TempDir t;
  auto copy_pair = [&](const IssuedCertificate& c, const std::string& stem) {
    fs::copy_file(c.json_path, t.file(stem + ".json"));
    fs::copy_file(c.p7s_path, t.file(stem + ".p7s"));
    return t.file(stem + ".json");
  };
  const std::string changed = copy_pair(one, "changed");
  std::string text = slurp(changed);
  text[text.find("S6PNNS0T123456") + 13] = '7';
  spit(changed, text);
  EXPECT_EQ(check(changed).code, "content_changed");
  const std::string spaced = copy_pair(one, "spaced");
  spit(spaced, json::parse(slurp(spaced)).dump(2));
  EXPECT_EQ(check(spaced).code, "not_canonical");
  const std::string swapped = copy_pair(one, "swapped");
  fs::copy_file(two.p7s_path, t.file("swapped.p7s"), fs::copy_options::overwrite_existing);
  EXPECT_EQ(check(swapped).code, "other_certificate");
  const std::string truncated = copy_pair(one, "truncated");
  spit(t.file("truncated.p7s"), slurp(one.p7s_path).substr(0, 100));
  EXPECT_EQ(check(truncated).code, "damaged_signature");
  fs::copy_file(one.json_path, t.file("alone.json"));
  EXPECT_EQ(check(t.file("alone.json")).code, "missing_signature");

  ASSERT_TRUE(create_office_keys(dir_.file("other-keys"), "Văn phòng khác", kPassphrase));
  auto other = Signer::from_key_files(dir_.file("other-keys/signer.pem"), dir_.file("other-keys/signer.key"), kPassphrase);
  auto other_reg = Register::open(dir_.file("other.sqlite"));
  ASSERT_TRUE(other && other_reg);
  auto foreign = issue_certificate({erased_record("c.img")}, details_, *other, *other_reg, dir_.file("foreign"));
  ASSERT_TRUE(foreign) << foreign.error().describe();
  for (const std::string& f : {foreign->json_path, foreign->pdf_path}) {
    const CertificateCheck k = check(f);
    EXPECT_EQ(k.code, "untrusted_signer") << f << ": " << k.message;
    EXPECT_EQ(k.status, CheckStatus::invalid);
  }
  // A check that cannot be made is not a verdict.
  const CertificateCheck no_ca = check_certificate(one.pdf_path, dir_.file("missing-ca.pem"), "");
  EXPECT_EQ(no_ca.status, CheckStatus::unchecked);
  EXPECT_EQ(no_ca.code, "ca_unreadable");
  EXPECT_EQ(check(dir_.file("none.pdf")).code, "file_unreadable");
  EXPECT_EQ(check(dir_.file("none.pdf")).status, CheckStatus::unchecked);
  EXPECT_TRUE(check(one.json_path).ok());
}

// Records are kept for decades: a SHA-1 signature, or a signer key weaker than RSA 2048, is
// refused whoever signed it.
TEST_F(CertificateTest, WeakAlgorithmsAreRefused) {
  const IssuedCertificate one = issue(erased_record("a.img"));
  TempDir t;
  fs::copy_file(one.json_path, t.file("sha1.json"));
  ASSERT_EQ(run_command({"openssl", "cms", "-sign", "-binary", "-in", one.json_path, "-signer", keys_ + "/signer.pem",
                         "-inkey", keys_ + "/signer.key", "-passin", std::string("pass:") + kPassphrase, "-md", "sha1",
                         "-outform", "DER", "-out", t.file("sha1.p7s")}),
            0);
  const CertificateCheck sha1 = check(t.file("sha1.json"));
  EXPECT_EQ(sha1.code, "weak_algorithm") << sha1.message;
  EXPECT_EQ(sha1.status, CheckStatus::invalid);
  EXPECT_NE(sha1.message.find("SHA1"), std::string::npos) << sha1.message;

  ASSERT_EQ(run_command({"openssl", "req", "-x509", "-newkey", "rsa:1024", "-nodes", "-keyout", t.file("weak.key"),
                         "-out", t.file("weak.pem"), "-subj", "/CN=weak", "-days", "30"}),
            0);
  fs::copy_file(one.json_path, t.file("rsa1024.json"));
  ASSERT_EQ(run_command({"openssl", "cms", "-sign", "-binary", "-in", one.json_path, "-signer", t.file("weak.pem"),
                         "-inkey", t.file("weak.key"), "-md", "sha256", "-outform", "DER", "-out", t.file("rsa1024.p7s")}),
            0);
  const CertificateCheck rsa = check(t.file("rsa1024.json"));
  EXPECT_EQ(rsa.code, "weak_algorithm") << rsa.message;
  EXPECT_NE(rsa.message.find("1024 bits"), std::string::npos) << rsa.message;
}

TEST_F(CertificateTest, LongFieldsPrintInFullAndTheSignaturesNeverStandAlone) {
  const JobRecord record = erased_record("a.img");
  // Notes of every length from none to several pages: whatever the break, the closing
  // paragraph and the signature blocks share a page, and the notes' last word is printed.
  for (int lines : {0, 3, 6, 9, 12, 15, 18, 24, 40}) {
    OfficeDetails d = details_;
    for (int i = 0; i < lines; ++i) d.notes += "Ghi chú dòng số " + std::to_string(i) + " về tình trạng máy tính. ";
    d.notes += "HẾT-GHI-CHÚ";
    const std::string pdf = render(d, record, dir_.file("notes" + std::to_string(lines) + ".pdf"));
    EXPECT_NE(pdf_text(pdf).find("HẾT-GHI-CHÚ"), std::string::npos) << lines;
    bool found = false;
    for (int page = 1; page <= pdf_pages(pdf); ++page) {
      const std::string text = pdf_text(pdf, page);
      if (text.find("NGƯỜI THỰC HIỆN") == std::string::npos) continue;
      found = true;
      EXPECT_NE(text.find("Biên bản kết thúc"), std::string::npos) << "signatures alone on page " << page << " (" << lines << ")";
    }
    EXPECT_TRUE(found) << lines;
  }
  // The longest notes accepted are printed in full; longer ones are refused at input.
  json details = sample_details();
  details["notes"] = std::string(max_length("notes"), 'x');
  EXPECT_TRUE(details_from_json(details));
  details["notes"] = std::string(1 << 20, 'x');
  auto refused = details_from_json(details);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("'notes' has 1048576 characters; at most 4000"), std::string::npos);
}

TEST_F(CertificateTest, WordsBreakAtSpacesAndIdentifiersOnlyAtTheirSeparators) {
  OfficeDetails d = details_;
  d.asset_number = "TS-DEMO-001";
  d.host_serial = "PC-DEMO-01";
  // A basis of the office's own keeps "Căn cứ" on every line.
  d.basis = "Quyết định số 12/QĐ-UBND ngày 01/3/2026 thành lập Hội đồng;\ncăn cứ Quy chế bảo vệ bí mật nhà nước của Sở;";
  EXPECT_EQ(basis_lines(d), (std::vector<std::string>{"Căn cứ Quyết định số 12/QĐ-UBND ngày 01/3/2026 thành lập Hội đồng;",
                                                      "căn cứ Quy chế bảo vệ bí mật nhà nước của Sở;"}));
  const std::string pdf = render(d, erased_record("a.img", "WD-WCC4N0ABCDEF"), dir_.file("w.pdf"));
  const std::string text = pdf_text(pdf);
  EXPECT_NE(text.find("Căn cứ Quyết định số 12/QĐ-UBND"), std::string::npos);
  EXPECT_EQ(text.find("117/2025/QH15"), std::string::npos) << "the office's own basis replaces the default";
  for (const char* whole : {"TS-DEMO-001", "PC-DEMO-01", "WD-WCC4N0ABCDEF", "random", "Verification", "certifies", "Protection"}) {
    EXPECT_NE(text.find(whole), std::string::npos) << "broken inside: " << whole;
  }
  // The line breaker itself: a word too wide breaks after its own separators.
  QPdfWriter writer(QString::fromStdString(dir_.file("probe.pdf")));
  QPainter painter(&writer);
  PageFlow flow(painter, writer, *serif_family());
  const QFont f = flow.font(11);
  const QFontMetricsF fm(f, &writer);
  const auto lines = flow.lines(QStringLiteral("TS-2024-0153-PHONG-KE-TOAN"), f, fm.horizontalAdvance(QStringLiteral("TS-2024-0153-PH")));
  ASSERT_GE(lines.size(), 2u);
  for (std::size_t i = 0; i + 1 < lines.size(); ++i) EXPECT_TRUE(lines[i].endsWith(QLatin1Char('-'))) << lines[i].toStdString();
}

TEST_F(CertificateTest, ControlCharactersAndUnprintableTextAreRefusedNamingTheField) {
  for (const auto& [field, value, code] : std::vector<std::tuple<std::string, std::string, std::string>>{
           {"issuing_body", "Sở\tKhoa học", "control_character"},
           {"asset_number", std::string("TS\0-1", 5), "control_character"},
           {"destination", "Kho \x1b[31m", "control_character"},
           {"notes", "Máy tốt \xF0\x9F\x98\x80", "unprintable_character"},
           {"place", "北京", "unprintable_character"}}) {
    json d = sample_details();
    d[field] = value;
    const auto problems = detail_problems(d);
    ASSERT_EQ(problems.size(), 1u) << field;
    EXPECT_EQ(problems[0].field, field);
    EXPECT_EQ(problems[0].code, code);
    auto refused = details_from_json(d);
    ASSERT_FALSE(refused);
    EXPECT_NE(refused.error().message.find("'" + field + "'"), std::string::npos) << refused.error().message;
  }
  json lines = sample_details();
  lines["notes"] = "Dòng một\nDòng hai";
  EXPECT_TRUE(details_from_json(lines)) << "line breaks are allowed in notes";
  json letter = sample_details();
  letter["recipients"] = {"Như trên", "Lưu: VT"};
  EXPECT_TRUE(details_from_json(letter)->recipients.empty()) << "the old default reads as the new default";
  letter["recipients"] = {"Như trên", "Phòng Hành chính"};
  EXPECT_EQ(detail_problems(letter).at(0).code, "not_a_recipient");
}

TEST(PrintableTest, EveryAcceptedCharacterIsInEveryLiberationSerifStyle) {
  ASSERT_TRUE(serif_family());
  for (const char* face : {"Regular", "Bold", "Italic", "BoldItalic"}) {
    QRawFont font(QStringLiteral("/usr/share/fonts/truetype/liberation2/LiberationSerif-%1.ttf").arg(QLatin1String(face)), 12);
    ASSERT_TRUE(font.isValid()) << face;
    int checked = 0;
    for (char32_t c = 0x20; c < 0x3000; ++c) {
      if (!printable_code_point(c)) continue;
      EXPECT_TRUE(font.supportsCharacter(static_cast<uint>(c))) << face << " lacks U+" << std::hex << static_cast<unsigned>(c);
      ++checked;
    }
    EXPECT_GT(checked, 700);
  }
  EXPECT_EQ(printable(std::string("A\x01\xF0\x9F\x98\x80")).toStdString(), "A<U+0001><U+1F600>");
}

TEST_F(CertificateTest, KeysUseAStrongKdfAndTheCaKeyLivesApartUnderItsOwnPassphrase) {
  EXPECT_EQ(fs::status(keys_ + "/signer.key").permissions() & fs::perms::all, fs::perms::owner_read | fs::perms::owner_write);
  EXPECT_FALSE(fs::exists(keys_ + "/office-ca.key")) << "the CA key is not beside the signing key";
  EXPECT_TRUE(fs::exists(dir_.file("ca-key/office-ca.key")));
  for (const std::string& key : {keys_ + "/signer.key", dir_.file("ca-key/office-ca.key")}) {
    std::string parsed;
    ASSERT_EQ(run_command({"openssl", "asn1parse", "-in", key}, &parsed), 0);
    EXPECT_NE(parsed.find("PBKDF2"), std::string::npos) << parsed;
    EXPECT_NE(parsed.find("INTEGER           :0927C0"), std::string::npos) << "600,000 iterations: " << parsed;
    EXPECT_NE(parsed.find("hmacWithSHA256"), std::string::npos);
  }
  std::string out;
  EXPECT_EQ(run_command({"openssl", "pkey", "-in", dir_.file("ca-key/office-ca.key"), "-passin",
                         std::string("pass:") + kCaPassphrase, "-noout"}, &out), 0) << out;
  EXPECT_NE(run_command({"openssl", "pkey", "-in", dir_.file("ca-key/office-ca.key"), "-passin",
                         std::string("pass:") + kPassphrase, "-noout"}, &out), 0) << "not the signing key's passphrase";
  // Validity for record retention: the signer 40 years, the CA 50.
  std::string end;
  ASSERT_EQ(run_command({"openssl", "x509", "-in", keys_ + "/signer.pem", "-noout", "-checkend",
                         std::to_string(39LL * 365 * 24 * 3600)}, &end), 0) << end;
  ASSERT_EQ(run_command({"openssl", "x509", "-in", ca_, "-noout", "-checkend", std::to_string(49LL * 365 * 24 * 3600)}, &end), 0);
  auto same = create_office_keys(dir_.file("k2"), "X", kPassphrase, CaKeyPlacement{dir_.file("c2"), kPassphrase});
  ASSERT_FALSE(same);
  EXPECT_NE(same.error().message.find("its own passphrase"), std::string::npos);
  auto again = create_office_keys(keys_, "Khác", kPassphrase);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::refused);
  EXPECT_FALSE(create_office_keys(dir_.file("weak"), "Yếu", "short"));
}

TEST_F(CertificateTest, SigningOnASoftHsm2TokenWorksEndToEnd) {
  TempDir hsm;
  fs::create_directories(hsm.file("tokens"));
  spit(hsm.file("softhsm2.conf"), "directories.tokendir = " + hsm.file("tokens") + "\nobjectstore.backend = file\n");
  setenv("SOFTHSM2_CONF", hsm.file("softhsm2.conf").c_str(), 1);
  const std::string module = "/usr/lib/softhsm/libsofthsm2.so";
  std::string out;
  ASSERT_EQ(run_command({"softhsm2-util", "--init-token", "--free", "--label", "office", "--pin", "246810", "--so-pin",
                         "13579111"}, &out), 0) << out;
  ASSERT_EQ(run_command({"pkcs11-tool", "--module", module, "--login", "--pin", "246810", "--keypairgen", "--key-type",
                         "EC:prime256v1", "--id", "01", "--label", "signer"}, &out), 0) << out;
  const std::string uri = "pkcs11:token=office;object=signer;type=private";
  spit(hsm.file("pass"), kCaPassphrase);
  ASSERT_EQ(run_command({"sh", "-c",
                         "OPENSSL_CONF=/dev/null PKCS11_MODULE_PATH=" + module +
                             " openssl req -new -engine pkcs11 -keyform engine -key '" + uri +
                             ";pin-value=246810' -subj '/CN=Token signer' -out " + hsm.file("req.csr") + " 2>&1"}, &out), 0) << out;
  ASSERT_EQ(run_command({"openssl", "x509", "-req", "-in", hsm.file("req.csr"), "-CA", ca_, "-CAkey",
                         dir_.file("ca-key/office-ca.key"), "-passin", "file:" + hsm.file("pass"), "-days", "30", "-out",
                         hsm.file("token.pem")}, &out), 0) << out;
  auto wrong_pin = Signer::from_pkcs11(uri, hsm.file("token.pem"), "000000", module);
  ASSERT_FALSE(wrong_pin);
  EXPECT_NE(wrong_pin.error().message.find("wrong PIN"), std::string::npos);
  auto token = Signer::from_pkcs11(uri, hsm.file("token.pem"), "246810", module);
  ASSERT_TRUE(token) << token.error().describe();
  auto reg = Register::open(hsm.file("r.sqlite"));
  auto c = issue_certificate({erased_record("a.img")}, details_, *token, *reg, hsm.file("certs"));
  ASSERT_TRUE(c) << c.error().describe();
  EXPECT_TRUE(openssl_accepts(c->json_path, c->p7s_path, ca_));
  EXPECT_TRUE(pdfsig(c->pdf_path).valid());
  EXPECT_TRUE(check(c->pdf_path).ok());
  unsetenv("SOFTHSM2_CONF");
}

TEST_F(CertificateTest, BadInputIsRefusedWithoutFilesOrAGapInTheRegister) {
  const JobRecord record = erased_record("a.img");
  json missing = sample_details();
  missing.erase("issuing_body");
  missing["reason"] = "fun";
  auto d = details_from_json(missing);
  ASSERT_FALSE(d);
  EXPECT_NE(d.error().message.find("'issuing_body' is missing"), std::string::npos) << d.error().message;
  EXPECT_NE(d.error().message.find("'reason' must be one of"), std::string::npos) << d.error().message;
  auto wrong = Signer::from_key_files(keys_ + "/signer.pem", keys_ + "/signer.key", "not-the-passphrase");
  ASSERT_FALSE(wrong);
  // A wrong passphrase is the operator's input, never "run as root".
  EXPECT_EQ(wrong.error().code, ErrorCode::invalid_input);
  EXPECT_NE(wrong.error().message.find("wrong passphrase"), std::string::npos) << wrong.error().message;

  JobRecord unverified = record;
  unverified.verification.reset();
  auto refused = issue_certificate({record, unverified}, details_, *signer_, *register_, dir_.file("out"));
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("not read back"), std::string::npos);
  EXPECT_FALSE(issue_certificate({record, record}, details_, *signer_, *register_, dir_.file("out")));
  EXPECT_FALSE(issue_certificate({}, details_, *signer_, *register_, dir_.file("out")));
  EXPECT_FALSE(fs::exists(dir_.file("out")) && !fs::is_empty(dir_.file("out")));

  const IssuedCertificate first = issue(record);
  EXPECT_EQ(first.cert.sequence, 1u) << "no gap: failed attempts used no number";
  std::size_t files = 0;
  for (const auto& e : fs::directory_iterator(dir_.file("out"))) files += e.is_regular_file();
  EXPECT_EQ(files, 3u) << "exactly the json, p7s and pdf, no temporary file";
  auto again = issue_certificate({erased_record("b.img"), record}, details_, *signer_, *register_, dir_.file("out"));
  ASSERT_FALSE(again);
  EXPECT_NE(again.error().message.find("already certified (certificate " + first.cert.id + ")"), std::string::npos)
      << again.error().message;
}

}  // namespace
}  // namespace wipeseal::certificates::testing
