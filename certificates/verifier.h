// Checking a certificate the way an inspector would: from <id>.json with <id>.p7s beside it, or
// from the PDF alone. Each kind of tampering gets its own code and a precise message.
#pragma once

#include <optional>
#include <string>

#include "certificates/certificate.h"
#include "wipe/error.h"

namespace wipeseal::certificates {

struct CertificateCheck {
  // "ok", or the first problem: "missing_signature", "attachment_replaced", "not_json",
  // "not_canonical", "damaged_signature", "other_certificate", "content_changed",
  // "untrusted_signer", "signer_mismatch", "malformed", "not_registered", "register_mismatch",
  // "register_broken".
  std::string code;
  std::string message;              // English
  std::optional<Certificate> cert;  // once the JSON could be read
  std::string sha256;               // of the JSON checked
  SignerIdentity signer;            // from the signature
  bool ok() const { return code == "ok"; }
};

// `register_path` may be empty (no register check). Errors only for unreadable input files.
Result<CertificateCheck> check_certificate(const std::string& path, const std::string& ca_pem,
                                           const std::string& register_path);

}  // namespace wipeseal::certificates
