// Issuing a certificate: the job records of one computer's disks become <id>.json (canonical),
// <id>.p7s and <id>.pdf (signed, PAdES), and a register entry; then the register's signed head
// is brought up to date. All or nothing: if any step fails (bad details, locked key, full disk),
// no file is left behind and no register number is used.
#pragma once

#include <string>
#include <vector>

#include "certificates/certificate.h"
#include "certificates/register.h"
#include "certificates/signing.h"

namespace wipeseal::certificates {

struct IssuedCertificate {
  Certificate cert;
  std::string sha256;  // of the canonical JSON
  std::string json_path, p7s_path, pdf_path;
};

// Needs a QGuiApplication for the PDF. Refuses an empty list, a record without read-back
// verification (an erasure that was not checked proves nothing), a record listed twice, a
// record already certified (naming its certificate), and a register that lost certificates its
// signed head counts (a number is never issued twice).
Result<IssuedCertificate> issue_certificate(const std::vector<JobRecord>& records, const OfficeDetails& office,
                                            const Signer& signer, Register& reg, const std::string& out_dir);

// The signed PDF of a certificate, drawn again from its signed JSON (same content, signed now).
Result<std::string> render_certificate_pdf(const Certificate& cert, const std::string& canonical_json,
                                           const std::string& p7s, const Signer& signer);

// The command that checks a certificate with OpenSSL alone.
std::string openssl_verify_command(const std::string& json_path, const std::string& p7s_path, const std::string& ca_pem);

}  // namespace wipeseal::certificates
