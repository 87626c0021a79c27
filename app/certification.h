// Certificates at the end of a job: the office's details and the signing key are checked and the
// key unlocked before anything is erased (prepare), then each device's record becomes a signed
// biên bản as soon as its job ends (issue), numbered in the register.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "certificates/certificate.h"
#include "certificates/issuer.h"
#include "certificates/register.h"
#include "certificates/signing.h"
#include "wipe/error.h"
#include "wipe/job_record.h"

namespace wipeseal::app {

// Where the signing key comes from: encrypted key files in a folder, or a PKCS#11 token.
struct SigningRequest {
  std::string key_dir;        // default: <state dir>/keys
  std::string pkcs11_uri;     // "pkcs11:token=...;object=..." to sign on a token
  std::string pkcs11_module;  // the token's PKCS#11 library; default p11-kit's proxy
  std::string cert;           // the token key's certificate (chain); default <key dir>/signer.pem
};

// The frontend asks the operator (terminal, dialog, a file) only when the key needs it.
enum class SecretKind { key_passphrase, token_pin };
using SecretPrompt = std::function<Result<std::string>(SecretKind)>;

struct CertificationRequest {
  std::string details_file;                           // the office's details (JSON) ...
  std::optional<certificates::OfficeDetails> details; // ... or the details themselves (the wizard)
  std::string register_path;                          // default: <state dir>/register.sqlite
  std::string out_dir;                                // default: the records folder
  SigningRequest signing;

  // Kept in job journals so that a resumed job is certified as it was asked (no secrets in it).
  nlohmann::json to_json() const;
  static CertificationRequest from_json(const nlohmann::json& j);
};

Result<certificates::OfficeDetails> load_details(const std::string& path);
Result<certificates::Signer> load_signer(const SigningRequest& request, const SecretPrompt& ask);

class Certifier {
 public:
  // Checks the details, unlocks the key, opens the register and proves the certificate folder
  // takes files. `records_dir` is the default certificate folder.
  static Result<std::unique_ptr<Certifier>> prepare(const CertificationRequest& request, const std::string& records_dir,
                                                    const SecretPrompt& ask);

  // Issues the certificate of one record (thread-safe: one at a time). A record already certified
  // in this register is an error (refused) naming its number.
  Result<certificates::IssuedCertificate> issue(const JobRecord& record);

  const certificates::OfficeDetails& details() const { return details_; }
  const std::string& ca_path() const { return ca_path_; }
  const CertificationRequest& request() const { return request_; }

 private:
  Certifier(CertificationRequest request, certificates::OfficeDetails details, certificates::Signer signer,
            certificates::Register reg, std::string out_dir, std::string ca_path);
  CertificationRequest request_;
  certificates::OfficeDetails details_;
  certificates::Signer signer_;
  certificates::Register register_;
  std::string out_dir_;
  std::string ca_path_;
  std::mutex mu_;
};

}  // namespace wipeseal::app
