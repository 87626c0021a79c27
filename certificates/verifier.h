// Checking a certificate the way an inspector would: from <id>.json with <id>.p7s beside it, or
// from the PDF alone. For a PDF, what the reader holds is checked: the PDF's own signature (and
// that nothing but signatures and form data was added after it), the attached JSON and its
// signature, and the QR code printed on the page against the attached JSON. The document
// information is never trusted. Each finding has its own code and a precise message.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "certificates/certificate.h"
#include "wipe/error.h"

namespace wipeseal::certificates {

enum class CheckStatus {
  valid,      // signed by a key the office CA certified, unchanged, consistent
  invalid,    // tampered with, signed by someone else, not canonical, inconsistent
  unchecked,  // the check could not be made: the file, the CA or the register cannot be read
};
const char* check_status_name(CheckStatus s);  // "valid", "invalid", "unchecked"

struct CertificateCheck {
  CheckStatus status = CheckStatus::unchecked;
  // "ok"; invalid: "pdf_damaged", "pdf_unsigned", "pdf_content_changed", "pdf_signature_damaged",
  // "pdf_modified_after_signing", "attachment_missing", "attachment_mismatch", "not_json",
  // "not_canonical", "missing_signature", "damaged_signature", "other_certificate",
  // "content_changed", "untrusted_signer", "signed_after_expiry", "signed_before_valid",
  // "weak_algorithm", "signer_mismatch", "malformed", "qr_missing", "qr_mismatch",
  // "not_registered", "register_mismatch", "register_broken"; unchecked: "file_unreadable",
  // "ca_unreadable", "signer_not_yet_valid", "register_unreadable".
  std::string code;
  std::string message;              // English
  std::optional<Certificate> cert;  // once the JSON could be read
  std::string sha256;               // of the JSON checked
  SignerIdentity signer;            // from the signature
  std::string expired_on;           // the signer's certificate has expired since (valid when signed)
  bool pdf = false;                 // the PDF's own signature was checked too
  std::vector<std::string> countersigned_by;  // later PDF signatures (integrity checked, not their issuer)
  bool ok() const { return status == CheckStatus::valid; }
};

// `register_path` may be empty (no register check).
CertificateCheck check_certificate(const std::string& path, const std::string& ca_pem, const std::string& register_path);

}  // namespace wipeseal::certificates
