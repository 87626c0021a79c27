// Issuing certificates: one job record becomes <id>.json (canonical), <id>.p7s and <id>.pdf, and
// a register entry. All or nothing: if any step fails (bad details, locked key, full disk),
// no file is left behind and no register number is used.
#pragma once

#include <string>

#include "certificates/certificate.h"
#include "certificates/register.h"
#include "certificates/signing.h"

namespace wipeseal::certificates {

struct IssuedCertificate {
  Certificate cert;
  std::string sha256;  // of the canonical JSON
  std::string json_path, p7s_path, pdf_path;
};

// Needs a QGuiApplication for the PDF. Refuses a record without read-back verification (an
// erasure that was not checked proves nothing) and a record already certified.
Result<IssuedCertificate> issue_certificate(const JobRecord& record, const OfficeDetails& office, const Signer& signer,
                                            Register& reg, const std::string& out_dir);

// The command that checks a certificate with OpenSSL alone.
std::string openssl_verify_command(const std::string& json_path, const std::string& p7s_path, const std::string& ca_pem);

}  // namespace wipeseal::certificates
