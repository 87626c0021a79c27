// wipeseal key / cert / register: printing what the application layer does with keys,
// certificates and the register.
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

}  // namespace

int run_key_init(const std::string& key_dir, const std::string& office, const std::string& passphrase_file) {
  auto pass = read_secret(passphrase_file, u8(Cli::tr("New passphrase for the office keys (at least 8 characters): ")), true);
  if (!pass) return fail(pass.error());
  const Secret secret{std::move(*pass)};
  if (auto s = app::init_office_keys(key_dir, office, secret.text); !s) return fail(s.error());
  say(stdout, Cli::tr("Created the office CA and signing key in %1:").arg(q(app::key_dir_or_default(key_dir))));
  say(stdout, Cli::tr("  office-ca.pem  give this to anyone who checks certificates"));
  say(stdout, Cli::tr("  office-ca.key  the CA key: keep it offline once the signing certificate is made"));
  say(stdout, Cli::tr("  signer.pem, signer.key  the signing certificate and its encrypted key"));
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
  int code = kExitErased;
  const std::string ca = app::ca_path_in(app::key_dir_or_default(options.signing.request.key_dir));
  for (const app::DeviceResult& d : results.devices) {
    if (!d.certificate) {
      say(stderr, Cli::tr("No certificate for %1: %2")
                      .arg(q(d.record.device.path), d.certificate_error ? words::error_text(*d.certificate_error) : QString()));
      code = kExitFailed;
      continue;
    }
    const auto& c = *d.certificate;
    say(stdout, Cli::tr("Certificate no. %1 for %2: %3")
                    .arg(q(c.cert.number), q(d.record.device.path),
                         verdict_text(certificates::judge(c.cert.record, c.cert.office.secrecy_level).code)));
    say(stdout, Cli::tr("      PDF: %1").arg(q(c.pdf_path)));
    say(stdout, Cli::tr("      Signed JSON: %1 and %2").arg(q(c.json_path), q(c.p7s_path)));
    say(stdout, Cli::tr("      Check it with OpenSSL alone: %1")
                    .arg(q(certificates::openssl_verify_command(c.json_path, c.p7s_path, ca))));
  }
  return code;
}

int run_cert_verify(const std::string& file, const std::string& ca, const std::string& register_path) {
  auto check = app::check_certificate(file, ca, register_path);
  if (!check) return fail(check.error());
  if (!check->ok()) {
    say(stderr, Cli::tr("INVALID certificate %1: %2 [%3]").arg(q(file), q(check->message), q(check->code)));
    return kExitFailed;
  }
  const certificates::Certificate& c = *check->cert;
  const certificates::Verdict v = certificates::judge(c.record, c.office.secrecy_level);
  say(stdout, Cli::tr("VALID certificate no. %1 (%2)").arg(q(c.number), q(c.id)));
  say(stdout, Cli::tr("  Device: %1").arg(words::device_line(c.record.device)));
  say(stdout, Cli::tr("  Outcome: %1").arg(verdict_text(v.code)));
  say(stdout, Cli::tr("  Signed by: %1").arg(q(check->signer.subject)));
  say(stdout, Cli::tr("  Issued: %1 by %2").arg(q(c.issued_at), q(c.office.issuing_body)));
  say(stdout, register_path.empty() ? Cli::tr("  The signature is valid and the content unchanged.")
                                     : Cli::tr("  The signature is valid, the content unchanged, and the certificate is "
                                               "in its place in the register."));
  return kExitErased;
}

int run_cert_pdf(const std::string& json_path, const std::string& out) {
  auto written = app::redraw_pdf(json_path, out);
  if (!written) return fail(written.error());
  say(stdout, Cli::tr("PDF written: %1").arg(q(*written)));
  return kExitErased;
}

int run_register(const std::string& action, const std::string& register_path, const std::string& argument,
                 const std::string& ca) {
  const std::string path = app::register_path_or_default(register_path);
  if (action == "import" && argument.empty()) {
    return fail(make_error(ErrorCode::invalid_input, "name the register to import"));
  }
  auto reg = app::open_register(path, action == "import");
  if (!reg) return fail(reg.error());
  if (action == "list") {
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
  if (action == "verify") {
    const std::string ca_pem = ca.empty() ? app::ca_path_in(app::default_key_dir()) : ca;
    std::error_code ec;
    auto problems = reg->verify(std::filesystem::exists(ca_pem, ec) ? ca_pem : std::string());
    if (!problems) return fail(problems.error());
    for (const auto& p : *problems) say(stderr, Cli::tr("REGISTER PROBLEM [%1]: %2").arg(q(p.kind), q(p.message)));
    if (!problems->empty()) return kExitFailed;
    say(stdout, Cli::tr("The register is intact: every chain is complete and unaltered."));
    return kExitErased;
  }
  if (action == "export") {
    auto n = app::export_register(*reg, argument);
    if (!n) return fail(n.error());
    say(stdout, Cli::tr("Exported %n certificate(s) to %1", nullptr, static_cast<int>(*n)).arg(q(argument)));
    return kExitErased;
  }
  if (action == "import") {
    auto added = reg->import_from(argument);
    if (!added) return fail(added.error());
    say(stdout, Cli::tr("Imported %n new certificate(s) into %1", nullptr, static_cast<int>(*added)).arg(q(path)));
    return kExitErased;
  }
  return fail(make_error(ErrorCode::invalid_input, "unknown register action; use list, verify, export or import"));
}

}  // namespace wipeseal::cli
