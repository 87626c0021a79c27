// A signer's certificate and the clock: a certificate signed while its signer was valid stays
// valid after the signer expires, one signed after expiry or before the signer began is invalid,
// a computer whose clock is before the signer's start is refused before anything is erased (a
// retired PC with a dead CMOS battery), and a verifier with such a clock says it cannot judge.
#include "certificates/canonical_json.h"
#include "certificates/register_check.h"
#include "tests/certificates/fixture.h"
#include "wipe/clock.h"

namespace wipeseal::certificates::testing {
namespace {

using std::chrono::sys_days;
using std::chrono::year;

// A CA valid 2019-2070 and a signer valid only from `start` to `end` (YYYYMMDDhhmmssZ), made
// with the openssl command (`openssl ca` is the only way openssl 3.0 sets a start date).
struct DatedKeys {
  std::string ca, cert, key;
};
DatedKeys dated_keys(const TempDir& t, const std::string& start, const std::string& end) {
  spit(t.file("ca.cnf"),
       "[ca]\ndefault_ca=d\n[d]\ndatabase=" + t.file("index") + "\nnew_certs_dir=" + t.path().string() +
           "\nserial=" + t.file("serial") + "\ndefault_md=sha256\npolicy=p\n[p]\ncommonName=supplied\n[ext]\n"
           "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\n[caext]\n"
           "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign\nsubjectKeyIdentifier=hash\n");
  spit(t.file("index"), "");
  spit(t.file("serial"), "01\n");
  std::string out;
  const auto ok = [&](std::vector<std::string> args) { EXPECT_EQ(run_command(args, &out), 0) << out; };
  ok({"openssl", "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
      t.file("ca.key"), "-subj", "/CN=Dated CA", "-out", t.file("ca.csr")});
  ok({"openssl", "ca", "-batch", "-selfsign", "-config", t.file("ca.cnf"), "-keyfile", t.file("ca.key"), "-in",
      t.file("ca.csr"), "-out", t.file("ca.pem"), "-startdate", "20190101000000Z", "-enddate", "20700101000000Z",
      "-extensions", "caext"});
  ok({"openssl", "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
      t.file("s.key"), "-subj", "/CN=Dated signer", "-out", t.file("s.csr")});
  ok({"openssl", "ca", "-batch", "-config", t.file("ca.cnf"), "-cert", t.file("ca.pem"), "-keyfile", t.file("ca.key"),
      "-in", t.file("s.csr"), "-out", t.file("s.pem"), "-startdate", start, "-enddate", end, "-extensions", "ext"});
  return {t.file("ca.pem"), t.file("s.pem"), t.file("s.key")};
}

sys_days on(int y, unsigned m, unsigned d) { return sys_days{year{y} / static_cast<int>(m) / static_cast<int>(d)}; }

// Every test leaves the clock as it found it.
struct ClockGuard {
  ~ClockGuard() { clear_clock_correction(); }
};

// A CA, a signer valid from `start` to `end`, and a register of their own, in `t_`.
class SignerValidityTest : public Office {
 protected:
  void dated(const std::string& start, const std::string& end) {
    keys = dated_keys(t_, start, end);
    auto s = Signer::from_key_files(keys.cert, keys.key, "");
    ASSERT_TRUE(s) << s.error().describe();
    signer.emplace(std::move(*s));
    auto r = Register::open(t_.file("r.sqlite"));
    ASSERT_TRUE(r) << r.error().describe();
    reg.emplace(std::move(*r));
  }
  TempDir t_;
  ClockGuard guard_;
  DatedKeys keys;
  std::optional<Signer> signer;
  std::optional<Register> reg;
};

TEST_F(SignerValidityTest, ASignerThatHasExpiredSinceIsValidAtItsSigningTimeAndSaysSo) {
  ASSERT_NO_FATAL_FAILURE(dated("20200101000000Z", "20210101000000Z"));
  const JobRecord record = erased_record("a.img"), later = erased_record("b.img");
  set_clock_correction(on(2020, 6, 1));
  auto in_time = issue_certificate({record}, details_, *signer, *reg, t_.file("certs"));
  ASSERT_TRUE(in_time) << in_time.error().describe();
  clear_clock_correction();
  for (const std::string& f : {in_time->json_path, in_time->pdf_path}) {
    const CertificateCheck c = check_certificate(f, keys.ca, "");
    EXPECT_TRUE(c.ok()) << f << ": " << c.code << " " << c.message;
    EXPECT_NE(c.expired_on.find("2021"), std::string::npos) << c.expired_on;
    EXPECT_NE(c.message.find("was valid when this was signed"), std::string::npos) << c.message;
  }
  // The openssl command too, told the signing time (docs/certificate.md).
  EXPECT_FALSE(openssl_accepts(in_time->json_path, in_time->p7s_path, keys.ca));
  std::string out;
  EXPECT_EQ(run_command({"openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in", in_time->p7s_path, "-content",
                         in_time->json_path, "-CAfile", keys.ca, "-attime", "1591000000", "-out", "/dev/null"}, &out), 0)
      << out;

  // wipeseal will not sign with it any more; a document that says it was signed after the expiry
  // (made by other software with the same key) is invalid.
  set_clock_correction(on(2022, 6, 1));
  auto too_late = issue_certificate({later}, details_, *signer, *reg, t_.file("certs"));
  ASSERT_FALSE(too_late);
  EXPECT_NE(too_late.error().message.find("has expired"), std::string::npos) << too_late.error().message;
  Certificate forged = in_time->cert;
  forged.issued_at = now_timestamp();
  clear_clock_correction();
  const std::string json = *canonicalize(certificate_to_json(forged));
  spit(t_.file("late.json"), json);
  spit(t_.file("late.p7s"), *signer->sign(json, forged.id));
  EXPECT_EQ(check_certificate(t_.file("late.json"), keys.ca, "").code, "signed_after_expiry");
}

TEST_F(SignerValidityTest, ASignerThatHasNotBegunIsRefusedBeforeAnythingIsSigned) {
  ASSERT_NO_FATAL_FAILURE(dated("20300101000000Z", "20600101000000Z"));
  const JobRecord record = erased_record("a.img");

  // Today's clock is before the signer's start: refused, naming both dates and the remedy; no
  // number is drawn and no file is written.
  auto refused = issue_certificate({record}, details_, *signer, *reg, t_.file("certs"));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::invalid_input);
  const std::string& why = refused.error().message;
  EXPECT_NE(why.find("valid only from Jan  1 00:00:00 2030 GMT"), std::string::npos) << why;
  EXPECT_NE(why.find("Correct the date and time"), std::string::npos) << why;
  EXPECT_TRUE(reg->entries()->empty());
  EXPECT_FALSE(fs::exists(t_.file("certs")) && !fs::is_empty(t_.file("certs")));

  // Signed while valid (a clock of 2031): a verifier whose clock is before 2030 cannot judge it
  // and says so (exit 6, "not checked"), rather than calling it invalid.
  set_clock_correction(on(2031, 1, 1));
  auto issued = issue_certificate({record}, details_, *signer, *reg, t_.file("certs"));
  clear_clock_correction();
  ASSERT_TRUE(issued) << issued.error().describe();
  for (const std::string& f : {issued->json_path, issued->pdf_path}) {
    const CertificateCheck c = check_certificate(f, keys.ca, "");
    EXPECT_EQ(c.status, CheckStatus::unchecked) << f;
    EXPECT_EQ(c.code, "signer_not_yet_valid") << f << ": " << c.message;
    EXPECT_NE(c.message.find("check the clock"), std::string::npos) << c.message;
  }
  // The register, checked on that clock: not checked (exit 6), not "invalid".
  const test::CliResult r = test::run_wipeseal({"register", "verify", "--register", t_.file("r.sqlite"), "--ca", keys.ca});
  EXPECT_EQ(r.exit_code, 6) << r.out << r.err;
  EXPECT_NE(r.err.find("clock"), std::string::npos) << r.err;
  // On a clock inside the signer's validity the same register is intact; the CLI runs on the
  // real clock, so the register's own check is asked in-process.
  set_clock_correction(on(2031, 6, 1));
  RegisterCheckOptions o;
  o.ca_pem = keys.ca;
  auto report = check_register(*reg, o);
  clear_clock_correction();
  ASSERT_TRUE(report) << report.error().describe();
  for (const auto& p : report->problems) ADD_FAILURE() << p.kind << ": " << p.message;
}

TEST_F(SignerValidityTest, ADocumentDatedBeforeItsSignerBeganIsInvalid) {
  // Other software with the office's key, or a wrong clock, dating a biên bản before the key's
  // certificate began: the signature is intact, the date is impossible.
  ASSERT_NO_FATAL_FAILURE(dated("20240101000000Z", "20600101000000Z"));
  auto issued = issue_certificate({erased_record("a.img")}, details_, *signer, *reg, t_.file("certs"));
  ASSERT_TRUE(issued) << issued.error().describe();
  EXPECT_TRUE(check_certificate(issued->json_path, keys.ca, "").ok());
  Certificate backdated = issued->cert;
  backdated.issued_at = "2023-06-01T08:00:00Z";
  const std::string json = *canonicalize(certificate_to_json(backdated));
  spit(t_.file("backdated.json"), json);
  spit(t_.file("backdated.p7s"), *signer->sign(json, backdated.id));
  const CertificateCheck c = check_certificate(t_.file("backdated.json"), keys.ca, "");
  EXPECT_EQ(c.status, CheckStatus::invalid);
  EXPECT_EQ(c.code, "signed_before_valid") << c.message;
  EXPECT_NE(c.message.find("2023-06-01"), std::string::npos) << c.message;
}

TEST_F(SignerValidityTest, AnEraseWithACertificateIsRefusedBeforeAnythingIsErasedWhenTheClockIsBeforeTheSigner) {
  // The office's own key, made today; the computer's clock says 2015 (a dead CMOS battery).
  const std::string disk = dir_.file("disk.img");
  test::make_filled_file(disk, 4 << 20, 0x5A);
  std::ofstream(dir_.file("details.json")) << sample_details().dump();
  const app::EraseRequest r = certified_erase({fs::canonical(disk).string()});
  set_clock_correction(on(2015, 3, 1));
  auto session = app::Session::prepare(r, [](app::SecretKind) -> Result<std::string> { return std::string(kPassphrase); });
  ASSERT_FALSE(session) << "the clock is before the signer's certificate began";
  EXPECT_NE(session.error().message.find("Correct the date and time"), std::string::npos) << session.error().message;
  const std::string bytes = slurp(disk);
  EXPECT_EQ(std::count(bytes.begin(), bytes.end(), '\x5A'), 4 << 20) << "nothing was erased";
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir_.file("state"), ec); !ec && it != fs::end(it); it.increment(ec)) {
    EXPECT_FALSE(it->is_regular_file()) << "no job was begun: " << it->path();
  }
}

}  // namespace
}  // namespace wipeseal::certificates::testing
