// Certificates at the end of a job: the office's details and the signing key are checked and the
// key unlocked before anything is erased (prepare), then the records of one computer's disks
// become one signed biên bản (issue), numbered in the register. In a session the disks' records
// arrive one by one from their device threads; a ComputerBatch gathers them and issues once.
#pragma once

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

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

// Records that belong on one biên bản: those of one job on one computer (the same job id and
// host name). Returns the groups as indexes into `records`, in order of first appearance.
std::vector<std::vector<std::size_t>> group_by_computer(const std::vector<JobRecord>& records);

class Certifier {
 public:
  // Checks the details, unlocks the key, opens the register and proves the certificate folder
  // takes files. `records_dir` is the default certificate folder.
  static Result<std::unique_ptr<Certifier>> prepare(const CertificationRequest& request, const std::string& records_dir,
                                                    const SecretPrompt& ask);

  // Issues the one certificate of these records, the disks of one computer (thread-safe: one at a
  // time). If every record is already certified by one certificate (a job resumed after a crash
  // that came after the register's commit), that certificate is the result, with any of its
  // files that are missing written again; no second number is drawn. A record certified by
  // another certificate than the rest is an error (refused) naming it.
  Result<certificates::IssuedCertificate> issue(const std::vector<JobRecord>& records);

  const certificates::OfficeDetails& details() const { return details_; }
  const std::string& ca_path() const { return ca_path_; }
  const CertificationRequest& request() const { return request_; }

 private:
  Certifier(CertificationRequest request, certificates::OfficeDetails details, certificates::Signer signer,
            certificates::Register reg, std::string out_dir, std::string ca_path);
  Result<certificates::IssuedCertificate> existing(const certificates::RegisterEntry& entry);
  CertificationRequest request_;
  certificates::OfficeDetails details_;
  certificates::Signer signer_;
  certificates::Register register_;
  std::string out_dir_;
  std::string ca_path_;
  std::mutex mu_;
};

// One biên bản for the disks of one computer erased in one job. Each disk's thread hands its
// record in as its job ends (JobOptions::after_record, before the disk's journal ends) and waits;
// once every disk has handed in or dropped out, one of them issues the certificate for all the
// records handed in to be certified, and each returns with it. So a journal ends only once the
// certificate covering its record exists: if the process dies while signing, every journal still
// leaves the paperwork to `wipeseal resume`, which issues it once. Thread-safe.
class ComputerBatch {
 public:
  ComputerBatch(Certifier& certifier, std::size_t disks) : certifier_(certifier), expected_(disks) {}
  // `position` orders the device table (the disk's place in the job). `certify` false: the disk
  // is counted but not on the certificate (its erasure was stopped or not read back).
  Result<certificates::IssuedCertificate> hand_in(const JobRecord& record, bool certify, std::size_t position);
  // A disk that ended without handing a record in: the others stop waiting for it. Does nothing
  // for a record already handed in or dropped.
  void drop(const std::string& record_id);

 private:
  Certifier& certifier_;
  const std::size_t expected_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::set<std::string> seen_;
  std::vector<std::pair<std::size_t, JobRecord>> records_;
  bool issuing_ = false;
  std::optional<Result<certificates::IssuedCertificate>> result_;
};

}  // namespace wipeseal::app
