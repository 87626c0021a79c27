// wipeseal key / cert / register, and certificates at the end of an erase.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>
#include <openssl/crypto.h>

#include "certificates/canonical_json.h"
#include "certificates/issuer.h"
#include "certificates/pdf.h"
#include "certificates/register.h"
#include "certificates/signing.h"
#include "certificates/verifier.h"
#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/i18n.h"
#include "cli/messages.h"
#include "cli/secrets.h"
#include "wipe/file_io.h"

namespace wipeseal::cli {
namespace fs = std::filesystem;
using namespace wipeseal::certificates;

namespace {

void say(std::FILE* out, const QString& text) {
  std::fprintf(out, "%s\n", u8(text).c_str());
  std::fflush(out);
}

int fail(const Error& e) {
  say(stderr, error_text(e));
  return exit_code_for(e);
}


std::string key_dir_or_default(const std::string& dir) { return dir.empty() ? default_key_dir() : dir; }

Result<Signer> load_signer(const SigningOptions& o) {
  const std::string dir = key_dir_or_default(o.key_dir);
  if (!o.pkcs11_uri.empty()) {
    const std::string cert = o.cert.empty() ? (fs::path(dir) / "signer.pem").string() : o.cert;
    auto pin = read_secret(o.pin_file, u8(Cli::tr("PIN of the signing token: ")));
    if (!pin) return std::unexpected(pin.error());
    auto signer = Signer::from_pkcs11(o.pkcs11_uri, cert, *pin, o.pkcs11_module);
    OPENSSL_cleanse(pin->data(), pin->size());
    return signer;
  }
  const std::string cert = (fs::path(dir) / "signer.pem").string(), key = (fs::path(dir) / "signer.key").string();
  if (!fs::exists(key) || !fs::exists(cert)) {
    return std::unexpected(make_error(ErrorCode::not_found,
                                      "there is no signing key here; create one with 'wipeseal key init' or import one "
                                      "with 'wipeseal key import', or sign with a token (--pkcs11)",
                                      dir));
  }
  auto pass = read_secret(o.passphrase_file, u8(Cli::tr("Passphrase of the signing key: ")));
  if (!pass) return std::unexpected(pass.error());
  auto signer = Signer::from_key_files(cert, key, *pass);
  OPENSSL_cleanse(pass->data(), pass->size());
  return signer;
}

Result<OfficeDetails> load_details(const std::string& path) {
  if (path.empty()) {
    return std::unexpected(make_error(ErrorCode::invalid_input,
                                      "the office's details are required (--details FILE, see docs/certificate.md)"));
  }
  auto text = read_file(path);
  if (!text) return std::unexpected(text.error());
  const nlohmann::json j = nlohmann::json::parse(*text, nullptr, false);
  if (j.is_discarded()) return std::unexpected(make_error(ErrorCode::invalid_input, "the details file is not valid JSON", path));
  auto details = details_from_json(j);
  if (!details) {
    Error e = details.error();
    e.device = path;
    return std::unexpected(e);
  }
  return details;
}

std::string ca_of(const SigningOptions& o) { return (fs::path(key_dir_or_default(o.key_dir)) / "office-ca.pem").string(); }

QString verdict_label(const std::string& code) {
  if (code == "passed") return Cli::tr("PASSED (ĐẠT)");
  if (code == "passed_with_exceptions") return Cli::tr("PASSED WITH EXCEPTIONS (ĐẠT CÓ NGOẠI LỆ)");
  return Cli::tr("FAILED (KHÔNG ĐẠT)");
}

}  // namespace

std::string default_key_dir() { return (fs::path(default_state_dir()) / "keys").string(); }
std::string default_register_path() { return (fs::path(default_state_dir()) / "register.sqlite").string(); }

struct Certifier {
  OfficeDetails details;
  Signer signer;
  Register reg;
  std::string out_dir;
  std::string ca;
};

void CertifierDeleter::operator()(Certifier* c) const { delete c; }

CertifierPtr prepare_certifier(const CertifyOptions& options, const std::string& records_dir, int& exit_code) {
  auto details = load_details(options.details_file);
  if (!details) {
    exit_code = fail(details.error());
    return nullptr;
  }
  auto signer = load_signer(options.signing);
  if (!signer) {
    exit_code = fail(signer.error());
    return nullptr;
  }
  const std::string reg_path = options.register_path.empty() ? default_register_path() : options.register_path;
  std::error_code ec;
  fs::create_directories(fs::path(reg_path).parent_path(), ec);
  auto reg = Register::open(reg_path);
  if (!reg) {
    exit_code = fail(reg.error());
    return nullptr;
  }
  return CertifierPtr(new Certifier{std::move(*details), std::move(*signer), std::move(*reg),
                                    options.out_dir.empty() ? records_dir : options.out_dir, ca_of(options.signing)});
}

int certify_results(Certifier& c, const std::vector<DeviceJobResult>& results) {
  int code = kExitErased;
  for (const DeviceJobResult& r : results) {
    auto issued = issue_certificate(r.record, c.details, c.signer, c.reg, c.out_dir);
    if (!issued) {
      code = kExitFailed;
      say(stderr, Cli::tr("No certificate for %1: %2").arg(q(r.record.device.path), error_text(issued.error())));
      continue;
    }
    const Verdict v = judge(r.record, c.details.secrecy_level);
    say(stdout, Cli::tr("Certificate no. %1 for %2: %3").arg(q(issued->cert.number), q(r.record.device.path), verdict_label(v.code)));
    say(stdout, Cli::tr("      PDF: %1").arg(q(issued->pdf_path)));
    say(stdout, Cli::tr("      Signed JSON: %1 and %2").arg(q(issued->json_path), q(issued->p7s_path)));
    say(stdout, Cli::tr("      Check it with OpenSSL alone: %1").arg(q(openssl_verify_command(issued->json_path, issued->p7s_path, c.ca))));
  }
  return code;
}

int run_key_init(const std::string& key_dir, const std::string& office, const std::string& passphrase_file) {
  const std::string dir = key_dir_or_default(key_dir);
  auto pass = read_secret(passphrase_file, u8(Cli::tr("New passphrase for the office keys (at least 8 characters): ")), true);
  if (!pass) return fail(pass.error());
  auto s = create_office_keys(dir, office, *pass);
  OPENSSL_cleanse(pass->data(), pass->size());
  if (!s) return fail(s.error());
  say(stdout, Cli::tr("Created the office CA and signing key in %1:").arg(q(dir)));
  say(stdout, Cli::tr("  office-ca.pem  give this to anyone who checks certificates"));
  say(stdout, Cli::tr("  office-ca.key  the CA key: keep it offline once the signing certificate is made"));
  say(stdout, Cli::tr("  signer.pem, signer.key  the signing certificate and its encrypted key"));
  return kExitErased;
}

int run_key_import(const std::string& key_dir, const std::string& cert, const std::string& key,
                   const std::string& key_passphrase_file, const std::string& ca, const std::string& passphrase_file) {
  std::string key_pass;
  if (!key_passphrase_file.empty()) {
    auto p = read_secret(key_passphrase_file, "");
    if (!p) return fail(p.error());
    key_pass = std::move(*p);
  }
  auto pass = read_secret(passphrase_file, u8(Cli::tr("New passphrase for the imported key (at least 8 characters): ")), true);
  if (!pass) return fail(pass.error());
  auto s = import_office_keys(key_dir_or_default(key_dir), cert, key, key_pass, ca, *pass);
  OPENSSL_cleanse(pass->data(), pass->size());
  OPENSSL_cleanse(key_pass.data(), key_pass.size());
  if (!s) return fail(s.error());
  say(stdout, Cli::tr("Imported the signing key into %1.").arg(q(key_dir_or_default(key_dir))));
  return kExitErased;
}

int run_cert_issue(const std::vector<std::string>& records, const CertifyOptions& options) {
  // Read every record first: a bad one stops the command before any number is drawn.
  std::vector<DeviceJobResult> loaded;
  for (const std::string& path : records) {
    auto r = read_record_file(path);
    if (!r) return fail(r.error());
    loaded.push_back({std::move(*r), path, std::nullopt});
  }
  int code = kExitErased;
  auto certifier = prepare_certifier(options, fs::path(records.front()).parent_path().string(), code);
  if (!certifier) return code;
  return certify_results(*certifier, loaded);
}

int run_cert_verify(const std::string& file, const std::string& ca, const std::string& register_path) {
  const std::string ca_pem = ca.empty() ? (fs::path(default_key_dir()) / "office-ca.pem").string() : ca;
  auto check = check_certificate(file, ca_pem, register_path);
  if (!check) return fail(check.error());
  if (!check->ok()) {
    say(stderr, Cli::tr("INVALID certificate %1: %2 [%3]").arg(q(file), q(check->message), q(check->code)));
    return kExitFailed;
  }
  const Certificate& c = *check->cert;
  const Verdict v = judge(c.record, c.office.secrecy_level);
  say(stdout, Cli::tr("VALID certificate no. %1 (%2)").arg(q(c.number), q(c.id)));
  say(stdout, Cli::tr("  Device: %1").arg(device_line(c.record.device)));
  say(stdout, Cli::tr("  Outcome: %1").arg(verdict_label(v.code)));
  say(stdout, Cli::tr("  Signed by: %1").arg(q(check->signer.subject)));
  say(stdout, Cli::tr("  Issued: %1 by %2").arg(q(c.issued_at), q(c.office.issuing_body)));
  say(stdout, register_path.empty() ? Cli::tr("  The signature is valid and the content unchanged.")
                                     : Cli::tr("  The signature is valid, the content unchanged, and the certificate is "
                                               "in its place in the register."));
  return kExitErased;
}

int run_cert_pdf(const std::string& json_path, const std::string& out) {
  auto json = read_file(json_path);
  if (!json) return fail(json.error());
  auto p7s = read_file(fs::path(json_path).replace_extension(".p7s").string());
  if (!p7s) return fail(p7s.error());
  const nlohmann::json doc = nlohmann::json::parse(*json, nullptr, false);
  auto canonical = doc.is_discarded() ? Result<std::string>(std::unexpected(make_error(ErrorCode::corrupt, "not JSON")))
                                      : canonicalize(doc);
  if (!canonical || *canonical != *json) {
    return fail(make_error(ErrorCode::corrupt, "the certificate is not the signed canonical JSON", json_path));
  }
  auto cert = certificate_from_json(doc);
  if (!cert) return fail(cert.error());
  auto pdf = render_certificate_pdf(*cert, *json, *p7s);
  if (!pdf) return fail(pdf.error());
  const std::string target = out.empty() ? fs::path(json_path).replace_extension(".pdf").string() : out;
  std::ofstream f(target, std::ios::binary | std::ios::trunc);
  f << *pdf;
  if (!f) return fail(errno_error(errno, "cannot write the PDF", target));
  say(stdout, Cli::tr("PDF written: %1").arg(q(target)));
  return kExitErased;
}

int run_register(const std::string& action, const std::string& register_path, const std::string& argument,
                 const std::string& ca) {
  const std::string path = register_path.empty() ? default_register_path() : register_path;
  if (action != "import" && !fs::exists(path)) return fail(make_error(ErrorCode::not_found, "there is no register here", path));
  auto reg = Register::open(path);
  if (!reg) return fail(reg.error());
  if (action == "list") {
    auto entries = reg->entries();
    if (!entries) return fail(entries.error());
    for (const auto& e : *entries) {
      std::printf("%s  #%-5llu %s  %s  %s  %s\n", e.signer.substr(0, 12).c_str(), static_cast<unsigned long long>(e.sequence),
                  e.issued_at.c_str(), e.id.c_str(), e.verdict.c_str(), e.device.c_str());
    }
    say(stdout, Cli::tr("%n certificate(s) in %1", nullptr, static_cast<int>(entries->size())).arg(q(path)));
    return kExitErased;
  }
  if (action == "verify") {
    const std::string ca_pem = ca.empty() ? (fs::path(default_key_dir()) / "office-ca.pem").string() : ca;
    auto problems = reg->verify(fs::exists(ca_pem) ? ca_pem : std::string());
    if (!problems) return fail(problems.error());
    for (const auto& p : *problems) say(stderr, Cli::tr("REGISTER PROBLEM [%1]: %2").arg(q(p.kind), q(p.message)));
    if (!problems->empty()) return kExitFailed;
    say(stdout, Cli::tr("The register is intact: every chain is complete and unaltered."));
    return kExitErased;
  }
  if (action == "export") {
    if (argument.empty()) return fail(make_error(ErrorCode::invalid_input, "name the folder to export to"));
    auto entries = reg->entries();
    if (!entries) return fail(entries.error());
    std::error_code ec;
    fs::create_directories(argument, ec);
    for (const auto& e : *entries) {
      for (const auto& [ext, bytes] : {std::pair{".json", &e.json}, std::pair{".p7s", &e.p7s}}) {
        std::ofstream f(fs::path(argument) / (e.id + ext), std::ios::binary | std::ios::trunc);
        f << *bytes;
        if (!f) return fail(errno_error(errno, "cannot write an exported file", argument));
      }
    }
    say(stdout, Cli::tr("Exported %n certificate(s) to %1", nullptr, static_cast<int>(entries->size())).arg(q(argument)));
    return kExitErased;
  }
  if (action == "import") {
    if (argument.empty()) return fail(make_error(ErrorCode::invalid_input, "name the register to import"));
    auto added = reg->import_from(argument);
    if (!added) return fail(added.error());
    say(stdout, Cli::tr("Imported %n new certificate(s) into %1", nullptr, static_cast<int>(*added)).arg(q(path)));
    return kExitErased;
  }
  return fail(make_error(ErrorCode::invalid_input, "unknown register action; use list, verify, export or import"));
}

}  // namespace wipeseal::cli
