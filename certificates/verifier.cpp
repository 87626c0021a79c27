#include "certificates/verifier.h"

#include <filesystem>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "certificates/canonical_json.h"
#include "certificates/openssl_util.h"
#include "certificates/pdf.h"
#include "certificates/pdf_file.h"
#include "certificates/pdf_signature.h"
#include "certificates/qr_reader.h"
#include "certificates/register.h"
#include "certificates/register_check.h"
#include "certificates/signing.h"
#include "wipe/file_io.h"

namespace wipeseal::certificates {
namespace fs = std::filesystem;

const char* check_status_name(CheckStatus s) {
  switch (s) {
    case CheckStatus::valid: return "valid";
    case CheckStatus::invalid: return "invalid";
    case CheckStatus::unchecked: return "unchecked";
  }
  return "unchecked";
}

namespace {

CertificateCheck finding(CertificateCheck c, CheckStatus status, std::string code, std::string message) {
  c.status = status;
  c.code = std::move(code);
  c.message = std::move(message);
  return c;
}
CertificateCheck invalid(CertificateCheck c, std::string code, std::string message) {
  return finding(std::move(c), CheckStatus::invalid, std::move(code), std::move(message));
}
CertificateCheck unchecked(CertificateCheck c, std::string code, std::string message) {
  return finding(std::move(c), CheckStatus::unchecked, std::move(code), std::move(message));
}
// A signature finding: the CA that cannot be read means the check was not made.
CertificateCheck from_signature(CertificateCheck c, const SignatureCheck& sig, const std::string& prefix = {}) {
  if (sig.code == "ca_unreadable" || sig.code == "signer_not_yet_valid") return unchecked(std::move(c), sig.code, sig.message);
  return invalid(std::move(c), prefix + sig.code, sig.message);
}

// The PDF's own signature and what came after it. On success, the signed revision's bytes.
std::optional<CertificateCheck> check_pdf_signature(CertificateCheck& check, const std::string& bytes,
                                                    const std::string& ca_pem, std::string& revision) {
  auto signatures = find_signatures(bytes);
  if (!signatures) return invalid(check, "pdf_damaged", signatures.error().message);
  if (signatures->empty() || signatures->front().sub_filter != "/ETSI.CAdES.detached") {
    return invalid(check, "pdf_unsigned",
                   "the PDF carries no PAdES signature by the office: what it shows is not protected");
  }
  const PdfSignature& ours = signatures->front();
  const SignatureCheck sig = check_signature(ours.signed_bytes, ours.cms, "", ca_pem, pdf_time(ours.signed_at), "PDF");
  check.pdf = true;
  if (sig.code == "content_changed") {
    return invalid(check, "pdf_content_changed",
                   "the PDF was changed after it was signed: its signature no longer matches its bytes");
  }
  if (sig.code == "damaged_signature") return invalid(check, "pdf_signature_damaged", "the PDF's signature is damaged: " + sig.message);
  if (!sig.ok()) return from_signature(check, sig);
  check.signer = sig.signer;
  check.expired_on = sig.expired_on;
  if (ours.revision_end < bytes.size()) {
    auto changes = disallowed_changes(bytes, ours.revision_end);
    if (!changes) return invalid(check, "pdf_damaged", changes.error().message);
    if (!changes->empty()) {
      return invalid(check, "pdf_modified_after_signing",
                     "something other than a signature was added to the PDF after it was signed: " + *changes);
    }
    for (std::size_t i = 1; i < signatures->size(); ++i) {
      const PdfSignature& later = (*signatures)[i];
      const SignatureCheck counter = check_signature(later.signed_bytes, later.cms, "", "", std::nullopt, "PDF");
      if (counter.code == "content_changed" || counter.code == "damaged_signature") {
        return invalid(check, "pdf_modified_after_signing",
                       fmt::format("a later signature of the PDF (counter-signature {}) does not match the file: {}", i,
                                   counter.message));
      }
      check.countersigned_by.push_back(counter.signer.subject);
    }
  }
  revision = bytes.substr(0, ours.revision_end);
  return std::nullopt;
}

// The JSON and its detached signature, as the openssl command checks them, plus the content.
std::optional<CertificateCheck> check_json(CertificateCheck& check, const std::string& json, const std::string& p7s,
                                           const std::string& ca_pem) {
  check.sha256 = sha256_hex(json);
  const nlohmann::json doc = nlohmann::json::parse(json, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) {
    return invalid(check, "not_json", "the certificate is not valid JSON: it was damaged or edited");
  }
  auto canonical = canonicalize(doc);
  if (!canonical || *canonical != json) {
    return invalid(check, "not_canonical",
                   "the certificate is not in the canonical form it was signed in (RFC 8785): it was re-formatted or "
                   "edited");
  }
  const std::string id = doc.value("id", "");
  const SignatureCheck sig = check_signature(json, p7s, id, ca_pem, ossl::parse_rfc3339(doc.value("issued_at", "")));
  if (!sig.ok()) return from_signature(check, sig);
  if (!check.signer.fingerprint_sha256.empty() && check.signer.fingerprint_sha256 != sig.signer.fingerprint_sha256) {
    return invalid(check, "signer_mismatch", "the PDF and the certificate inside it were signed by different keys");
  }
  check.signer = sig.signer;
  if (check.expired_on.empty()) check.expired_on = sig.expired_on;
  auto cert = certificate_from_json(doc);
  if (!cert) return invalid(check, "malformed", "the certificate's content is incomplete: " + cert.error().message);
  check.cert = std::move(*cert);
  if (check.cert->signer.fingerprint_sha256 != sig.signer.fingerprint_sha256) {
    return invalid(check, "signer_mismatch", "the certificate names a different signer than the key that signed it");
  }
  return std::nullopt;
}

std::optional<CertificateCheck> check_qr(CertificateCheck& check, const std::string& path) {
  auto codes = read_qr_codes(path);
  if (!codes) return invalid(check, "pdf_damaged", codes.error().message);
  const std::string expected = qr_payload(*check.cert, check.sha256);
  std::vector<std::string> ours;
  for (const std::string& c : *codes) {
    if (c.starts_with("WIPESEAL-CERT:")) ours.push_back(c);
  }
  if (ours.empty()) return invalid(check, "qr_missing", "no wipeseal QR code can be read on the PDF's pages");
  for (const std::string& c : ours) {
    if (c != expected) {
      return invalid(check, "qr_mismatch",
                     fmt::format("the QR code printed on the page ({}) does not name the attached certificate ({})", c,
                                 expected));
    }
  }
  return std::nullopt;
}

std::optional<CertificateCheck> check_in_register(CertificateCheck& check, const std::string& register_path,
                                                  const std::string& ca_pem) {
  auto reg = Register::open_existing(register_path, true);
  if (!reg) return unchecked(check, "register_unreadable", reg.error().describe());
  auto entries = reg->entries();
  if (!entries) return unchecked(check, "register_unreadable", entries.error().describe());
  const RegisterEntry* mine = nullptr;
  for (const auto& e : *entries) {
    if (e.signer == check.signer.fingerprint_sha256 && e.sequence == check.cert->sequence) mine = &e;
  }
  if (mine == nullptr) {
    return invalid(check, "not_registered",
                   fmt::format("certificate number {} of this signer is not in the register {}", check.cert->sequence,
                               register_path));
  }
  if (mine->sha256 != check.sha256) {
    return invalid(check, "register_mismatch",
                   fmt::format("the register holds a different certificate under number {} (SHA-256 {})",
                               check.cert->sequence, mine->sha256));
  }
  auto report = check_register(*reg, {ca_pem, {}});
  if (!report) return unchecked(check, "register_unreadable", report.error().describe());
  for (const RegisterProblem& p : report->problems) {
    if (p.signer == check.signer.fingerprint_sha256 || p.signer.empty()) return invalid(check, "register_broken", p.message);
  }
  return std::nullopt;
}

}  // namespace

CertificateCheck check_certificate(const std::string& path, const std::string& ca_pem, const std::string& register_path) {
  CertificateCheck check;
  auto bytes = read_file(path);
  if (!bytes) return unchecked(check, "file_unreadable", bytes.error().describe());
  std::string json, p7s;
  if (fs::path(path).extension() == ".pdf") {
    std::string revision;
    if (auto found = check_pdf_signature(check, *bytes, ca_pem, revision)) return *found;
    // The attachments as signed, not as a later revision might show them.
    auto attached = read_attachments(revision);
    if (!attached) return invalid(check, "attachment_missing", attached.error().message);
    json = std::move(attached->json);
    p7s = std::move(attached->p7s);
    if (auto found = check_json(check, json, p7s, ca_pem)) return *found;
    if (check.cert->id != attached->id) {
      return invalid(check, "attachment_mismatch",
                     fmt::format("the attached certificate is {}, but it is attached as {}", check.cert->id, attached->id));
    }
    if (auto found = check_qr(check, path)) return *found;
  } else {
    json = std::move(*bytes);
    const std::string sig_path = fs::path(path).replace_extension(".p7s").string();
    std::error_code ec;
    if (!fs::exists(sig_path, ec)) {
      return invalid(check, "missing_signature", fmt::format("the signature file {} is missing", sig_path));
    }
    auto s = read_file(sig_path);
    if (!s) return unchecked(check, "file_unreadable", s.error().describe());
    p7s = std::move(*s);
    if (auto found = check_json(check, json, p7s, ca_pem)) return *found;
  }
  if (!register_path.empty()) {
    if (auto found = check_in_register(check, register_path, ca_pem)) return *found;
  }
  std::string message = check.pdf ? "valid: the PDF and the certificate it carries are signed by a key the office CA "
                                    "certified, unchanged since, and the QR code on the page names this certificate"
                                  : "valid: signed by a key the office CA certified, content unchanged";
  if (!register_path.empty()) message += ", and it is in its place in the register";
  if (!check.expired_on.empty()) {
    message += fmt::format(" (the signer's certificate expired on {}; it was valid when this was signed)", check.expired_on);
  }
  return finding(check, CheckStatus::valid, "ok", message);
}

}  // namespace wipeseal::certificates
