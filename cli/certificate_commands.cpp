// wipeseal key / cert / register: printing what the application layer does with keys,
// certificates and the register.
#include <algorithm>
#include <cstdio>
#include <filesystem>

#include <openssl/crypto.h>

#include "app/folders.h"
#include "app/office.h"
#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/i18n.h"
#include "cli/output.h"
#include "cli/secrets.h"
#include "wipe/text.h"
#include "words/catalogue.h"

namespace wipeseal::cli {
namespace {

// Wipes a passphrase from memory once used.
struct Secret {
  std::string text;
  ~Secret() { OPENSSL_cleanse(text.data(), text.size()); }
};

QString verdict_text(const std::string& code) {
  const words::Lang other = words::language() == words::Lang::vi ? words::Lang::en : words::Lang::vi;
  return QStringLiteral("%1 (%2)").arg(words::verdict_label(code), words::verdict_label(code, other));
}

int exit_code_for(certificates::CheckStatus s) {
  switch (s) {
    case certificates::CheckStatus::valid: return kExitErased;
    case certificates::CheckStatus::invalid: return kExitFailed;
    case certificates::CheckStatus::unchecked: return kExitUnchecked;
  }
  return kExitUnchecked;
}

nlohmann::json check_json(const std::string& file, const certificates::CertificateCheck& c) {
  nlohmann::json j = {{"file", file},
                      {"status", certificates::check_status_name(c.status)},
                      {"code", c.code},
                      {"message", c.message},
                      {"pdf_signature_checked", c.pdf},
                      {"countersigned_by", c.countersigned_by},
                      {"exit_code", exit_code_for(c.status)}};
  if (!c.expired_on.empty()) j["signer_expired_on"] = c.expired_on;
  if (!c.signer.fingerprint_sha256.empty()) {
    j["signer"] = {{"subject", c.signer.subject}, {"fingerprint_sha256", c.signer.fingerprint_sha256}};
  }
  if (c.cert) {
    nlohmann::json devices = nlohmann::json::array();
    for (const JobRecord& r : c.cert->records) {
      devices.push_back({{"record_id", r.id},
                         {"device", certificates::device_summary(r.device)},
                         {"verdict", certificates::judge(r, c.cert->office.secrecy_level).code}});
    }
    j["certificate"] = {{"id", c.cert->id},
                        {"number", c.cert->number},
                        {"sequence", c.cert->sequence},
                        {"issued_at", c.cert->issued_at},
                        {"sha256", c.sha256},
                        {"verdict", certificates::judge_all(c.cert->records, c.cert->office.secrecy_level).code},
                        {"devices", devices}};
  }
  return j;
}

}  // namespace

int run_key_init(const KeyInitOptions& o) {
  auto pass = read_secret(o.passphrase_file, u8(Cli::tr("New passphrase for the office keys (at least 8 characters): ")), true);
  if (!pass) return fail(pass.error());
  const Secret secret{std::move(*pass)};
  std::optional<certificates::CaKeyPlacement> ca_key;
  if (!o.no_ca_key) {
    auto ca_pass = read_secret(o.ca_passphrase_file,
                               u8(Cli::tr("Passphrase for the CA key (its own, at least 8 characters): ")), true);
    if (!ca_pass) return fail(ca_pass.error());
    ca_key = certificates::CaKeyPlacement{o.ca_key_dir.empty() ? app::default_ca_key_dir(o.key_dir) : o.ca_key_dir,
                                          std::move(*ca_pass)};
  }
  const auto status = app::init_office_keys(o.key_dir, o.office, secret.text, ca_key);
  if (ca_key) OPENSSL_cleanse(ca_key->passphrase.data(), ca_key->passphrase.size());
  if (!status) return fail(status.error());
  say(stdout, Cli::tr("Created the office CA and signing key in %1:").arg(q(app::key_dir_or_default(o.key_dir))));
  say(stdout, Cli::tr("  office-ca.pem  give this to anyone who checks certificates"));
  say(stdout, Cli::tr("  signer.pem, signer.key  the signing certificate and its encrypted key"));
  if (ca_key) {
    say(stdout, Cli::tr("The CA key (office-ca.key) is in %1, under its own passphrase. Move that folder off this "
                        "stick now and keep it offline: it is needed only to certify a new signing key.")
                    .arg(q(ca_key->dir)));
  } else {
    say(stdout, Cli::tr("The CA key was not kept: a new signing key will need a new office CA."));
  }
  return kExitErased;
}

int run_key_import(const std::string& key_dir, const std::string& cert, const std::string& key,
                   const std::string& key_passphrase_file, const std::string& ca, const std::string& passphrase_file) {
  Secret key_pass;
  if (!key_passphrase_file.empty()) {
    auto p = read_secret(key_passphrase_file, "");
    if (!p) return fail(p.error());
    key_pass.text = std::move(*p);
  }
  auto pass = read_secret(passphrase_file, u8(Cli::tr("New passphrase for the imported key (at least 8 characters): ")), true);
  if (!pass) return fail(pass.error());
  const Secret secret{std::move(*pass)};
  if (auto s = app::import_office_keys(key_dir, cert, key, key_pass.text, ca, secret.text); !s) return fail(s.error());
  say(stdout, Cli::tr("Imported the signing key into %1.").arg(q(app::key_dir_or_default(key_dir))));
  return kExitErased;
}

int run_cert_issue(const std::vector<std::string>& records, const CertifyOptions& options) {
  app::CertificationRequest request;
  request.details_file = options.details_file;
  request.register_path = options.register_path;
  request.out_dir = options.out_dir;
  request.signing = options.signing.request;
  auto issued = app::issue_certificates(records, request, secret_prompt(options.signing));
  if (!issued) return fail(issued.error());
  app::SessionResults results;
  results.devices = std::move(*issued);
  const std::string ca = app::ca_path_in(app::key_dir_or_default(options.signing.request.key_dir));
  (void)report_results(results, ca, false, stdout, stderr);  // its code is the erasures'; this command's is below
  for (const app::DeviceResult& d : results.devices) {
    if (!d.certificate) return kExitFailed;
  }
  return kExitErased;
}

int run_cert_verify(const std::string& file, const std::string& ca, const std::string& register_path, bool json) {
  const certificates::CertificateCheck check = app::check_certificate(file, ca, register_path);
  const int code = exit_code_for(check.status);
  if (json) {
    std::fprintf(stdout, "%s\n", dump_json(check_json(file, check)).c_str());
    return code;
  }
  if (check.status == certificates::CheckStatus::unchecked) {
    say(stderr, Cli::tr("NOT CHECKED %1: %2 [%3]").arg(q(file), q(check.message), q(check.code)));
    return code;
  }
  if (!check.ok()) {
    say(stderr, Cli::tr("INVALID certificate %1: %2 [%3]").arg(q(file), q(check.message), q(check.code)));
    return code;
  }
  const certificates::Certificate& c = *check.cert;
  say(stdout, Cli::tr("VALID certificate no. %1 (%2)").arg(q(c.number), q(c.id)));
  for (const JobRecord& r : c.records) {
    say(stdout, Cli::tr("  Device: %1").arg(words::device_line(r.device)));
  }
  say(stdout, Cli::tr("  Outcome: %1").arg(verdict_text(certificates::judge_all(c.records, c.office.secrecy_level).code)));
  say(stdout, Cli::tr("  Signed by: %1").arg(q(check.signer.subject)));
  say(stdout, Cli::tr("  Issued: %1 by %2").arg(q(c.issued_at), q(c.office.issuing_body)));
  if (check.pdf) {
    say(stdout, Cli::tr("  The PDF's own signature is valid, nothing but signatures was added after it, and the QR code "
                        "on the page names this certificate."));
  }
  for (const std::string& who : check.countersigned_by) {
    say(stdout, Cli::tr("  Also signed by (a later signature, whose signer wipeseal does not check): %1").arg(q(who)));
  }
  if (!check.expired_on.empty()) {
    say(stdout, Cli::tr("  The signer's certificate expired on %1; it was valid when this certificate was signed (by "
                        "the signing computer's clock).")
                    .arg(q(check.expired_on)));
  }
  say(stdout, register_path.empty() ? Cli::tr("  The signature is valid and the content unchanged.")
                                     : Cli::tr("  The signature is valid, the content unchanged, and the certificate is "
                                               "in its place in the register."));
  return code;
}

int run_cert_pdf(const std::string& json_path, const std::string& out, const SigningOptions& signing) {
  auto written = app::redraw_pdf(json_path, out, signing.request, secret_prompt(signing));
  if (!written) return fail(written.error());
  say(stdout, Cli::tr("PDF written: %1").arg(q(*written)));
  return kExitErased;
}

namespace {

int register_verify(const RegisterOptions& o, const certificates::Register& reg) {
  std::string ca;
  auto report = app::verify_register(reg, o.ca, o.certificates_dir, ca);
  if (!report) {
    if (!o.json) return fail(report.error());
    std::fprintf(stdout, "%s\n",
                 dump_json({{"status", "unchecked"}, {"error", report.error().describe()}, {"exit_code", kExitUnchecked}}).c_str());
    return kExitUnchecked;
  }
  // Only signatures this computer's clock cannot judge: not checked, not invalid.
  const bool clock_only = std::all_of(report->problems.begin(), report->problems.end(),
                                      [](const auto& p) { return p.kind == "clock_behind"; });
  if (!report->problems.empty() && clock_only) ca.clear();
  const bool clean = report->problems.empty() || clock_only;
  const int code = !clean ? kExitFailed : ca.empty() ? kExitUnchecked : kExitErased;
  if (o.json) {
    nlohmann::json problems = nlohmann::json::array();
    for (const auto& p : report->problems) {
      problems.push_back({{"kind", p.kind}, {"signer", p.signer}, {"sequence", p.sequence}, {"message", p.message}});
    }
    std::fprintf(stdout, "%s\n",
                 dump_json({{"register", reg.path()},
                            {"status", !clean ? "invalid" : ca.empty() ? "unchecked" : "valid"},
                            {"certificates", report->certificates},
                            {"signatures_checked", report->signatures_checked},
                            {"ca", ca},
                            {"heads", report->heads},
                            {"files_checked", report->files_checked},
                            {"problems", problems},
                            {"exit_code", code}})
                     .c_str());
    return code;
  }
  for (const auto& p : report->problems) say(stderr, Cli::tr("REGISTER PROBLEM [%1]: %2").arg(q(p.kind), q(p.message)));
  if (ca.empty() && !report->problems.empty()) {
    say(stderr, Cli::tr("The signatures were NOT checked: this computer's clock is before the signer's certificate "
                        "began; set the clock right and verify again."));
  } else if (ca.empty()) {
    say(stderr, Cli::tr("The signatures were NOT checked: no office CA certificate was found beside the register or in "
                        "the key folder; name it with --ca."));
  }
  if (!clean) return code;
  if (ca.empty()) {
    say(stdout, Cli::tr("Every chain is complete and every row agrees with its certificate, but without the office CA "
                        "the register is not proven intact."));
    return code;
  }
  say(stdout, Cli::tr("The register is intact: every chain is complete, every row agrees with its signed certificate, "
                      "and every signature was made by a key the office CA certified (%1).")
                  .arg(q(ca)));
  if (!o.certificates_dir.empty()) {
    say(stdout, Cli::tr("%n certificate file(s) in %1 agree with the register.", nullptr,
                        static_cast<int>(report->files_checked))
                    .arg(q(o.certificates_dir)));
  }
  return code;
}

}  // namespace

int run_register(const RegisterOptions& o) {
  const std::string path = app::register_path_or_default(o.register_path);
  if (o.action == "import") {
    auto added = app::import_register(path, o.argument);
    if (!added) return fail(added.error());
    say(stdout, Cli::tr("Imported %n new certificate(s) into %1", nullptr, static_cast<int>(*added)).arg(q(path)));
    return kExitErased;
  }
  auto reg = app::open_register(path);
  if (!reg) {
    if (o.action == "verify") {
      if (o.json) {
        std::fprintf(stdout, "%s\n",
                     dump_json({{"register", path}, {"status", "unchecked"}, {"error", reg.error().describe()},
                                {"exit_code", kExitUnchecked}})
                         .c_str());
      } else {
        say(stderr, words::error_text(reg.error()));
      }
      return kExitUnchecked;
    }
    return fail(reg.error());
  }
  if (o.action == "list") {
    auto entries = reg->entries();
    if (!entries) return fail(entries.error());
    for (const auto& e : *entries) {
      say(stdout, QStringLiteral("%1  #%2 %3  %4  %5  %6")
                      .arg(q(e.signer.substr(0, 12)))
                      .arg(e.sequence, -5)
                      .arg(q(e.issued_at), q(e.id), q(e.verdict), q(e.device)));
    }
    say(stdout, Cli::tr("%n certificate(s) in %1", nullptr, static_cast<int>(entries->size())).arg(q(path)));
    return kExitErased;
  }
  if (o.action == "verify") return register_verify(o, *reg);
  if (o.action == "export") {
    auto n = app::export_register(*reg, o.argument);
    if (!n) return fail(n.error());
    say(stdout, Cli::tr("Exported %n certificate(s) to %1", nullptr, static_cast<int>(*n)).arg(q(o.argument)));
    return kExitErased;
  }
  if (o.action == "pdf") {
    auto written = app::print_register(*reg, o.argument);
    if (!written) return fail(written.error());
    say(stdout, Cli::tr("The paper register (sổ đăng ký) is in %1: print it, sign it and file it.").arg(q(*written)));
    return kExitErased;
  }
  return fail(make_error(ErrorCode::invalid_input, "unknown register action; use list, verify, export, import or pdf"));
}

}  // namespace wipeseal::cli
