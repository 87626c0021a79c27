#include "certificates/verifier.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "certificates/canonical_json.h"
#include "certificates/pdf.h"
#include "certificates/register.h"
#include "certificates/signing.h"
#include "wipe/file_io.h"

namespace wipeseal::certificates {
namespace fs = std::filesystem;

namespace {


CertificateCheck fail(CertificateCheck c, std::string code, std::string message) {
  c.code = std::move(code);
  c.message = std::move(message);
  return c;
}

}  // namespace

Result<CertificateCheck> check_certificate(const std::string& path, const std::string& ca_pem,
                                           const std::string& register_path) {
  CertificateCheck check;
  std::string json, p7s;
  if (fs::path(path).extension() == ".pdf") {
    auto pdf = read_certificate_pdf(path);
    if (!pdf) return std::unexpected(pdf.error());
    json = std::move(pdf->json);
    p7s = std::move(pdf->p7s);
    check.sha256 = sha256_hex(json);
    if (check.sha256 != pdf->declared_sha256) {
      return fail(check, "attachment_replaced",
                  fmt::format("the PDF's attachments were replaced: the page was issued for a certificate whose JSON "
                              "has SHA-256 {}, but the attached JSON has {}",
                              pdf->declared_sha256, check.sha256));
    }
  } else {
    auto j = read_file(path);
    if (!j) return std::unexpected(j.error());
    json = std::move(*j);
    check.sha256 = sha256_hex(json);
    const std::string sig_path = fs::path(path).replace_extension(".p7s").string();
    if (!fs::exists(sig_path)) {
      return fail(check, "missing_signature", fmt::format("the signature file {} is missing", sig_path));
    }
    auto s = read_file(sig_path);
    if (!s) return std::unexpected(s.error());
    p7s = std::move(*s);
  }

  const nlohmann::json doc = nlohmann::json::parse(json, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) {
    return fail(check, "not_json", "the certificate is not valid JSON: it was damaged or edited");
  }
  auto canonical = canonicalize(doc);
  if (!canonical || *canonical != json) {
    return fail(check, "not_canonical",
                "the certificate is not in the canonical form it was signed in (RFC 8785): it was re-formatted or "
                "edited");
  }
  const std::string id = doc.value("id", "");
  const SignatureCheck sig = check_signature(json, p7s, id, ca_pem);
  check.signer = sig.signer;
  if (!sig.ok()) return fail(check, sig.code, sig.message);
  auto cert = certificate_from_json(doc);
  if (!cert) return fail(check, "malformed", "the certificate's content is incomplete: " + cert.error().message);
  check.cert = std::move(*cert);
  if (check.cert->signer.fingerprint_sha256 != sig.signer.fingerprint_sha256) {
    return fail(check, "signer_mismatch",
                "the certificate names a different signer than the key that signed it");
  }

  if (!register_path.empty()) {
    auto reg = Register::open(register_path);
    if (!reg) return std::unexpected(reg.error());
    auto entries = reg->entries();
    if (!entries) return std::unexpected(entries.error());
    const RegisterEntry* mine = nullptr;
    for (const auto& e : *entries) {
      if (e.signer == sig.signer.fingerprint_sha256 && e.sequence == check.cert->sequence) mine = &e;
    }
    if (mine == nullptr) {
      return fail(check, "not_registered",
                  fmt::format("certificate number {} of this signer is not in the register {}", check.cert->sequence,
                              register_path));
    }
    if (mine->sha256 != check.sha256) {
      return fail(check, "register_mismatch",
                  fmt::format("the register holds a different certificate under number {} (SHA-256 {})",
                              check.cert->sequence, mine->sha256));
    }
    auto problems = reg->verify("");
    if (!problems) return std::unexpected(problems.error());
    for (const RegisterProblem& p : *problems) {
      if (p.signer == sig.signer.fingerprint_sha256) return fail(check, "register_broken", p.message);
    }
  }
  check.code = "ok";
  check.message = "valid: signed by the office, content unchanged" +
                  std::string(register_path.empty() ? "" : ", and in its place in the register");
  return check;
}

}  // namespace wipeseal::certificates
