// The CLI's subcommands. Each returns the process exit code (cli/exit_codes.h).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "verify/read_back.h"
#include "wipe/job.h"

namespace wipeseal::cli {

struct ListOptions {
  bool json = false;
};

// Where the signing key comes from: encrypted key files in a folder, or a PKCS#11 token.
struct SigningOptions {
  std::string key_dir;           // default: <state dir>/keys
  std::string passphrase_file;   // for the key files; else asked on the terminal
  std::string pkcs11_uri;        // "pkcs11:token=...;object=..." to sign on a token
  std::string pkcs11_module;     // the token's PKCS#11 library; default p11-kit's proxy
  std::string cert;              // signing certificate (chain) for a token; default <key dir>/signer.pem
  std::string pin_file;          // the token's PIN; else asked on the terminal
};

struct CertifyOptions {
  bool enabled = false;
  std::string details_file;      // the office's details (JSON, docs/certificate.md)
  std::string register_path;     // default: <state dir>/register.sqlite
  std::string out_dir;           // default: the records folder
  SigningOptions signing;
};

struct EraseOptions {
  std::vector<std::string> devices;
  std::string method = "clear";
  std::string records_dir;
  std::string state_dir;
  bool yes = false;
  bool json_progress = false;
  std::size_t chunk_bytes = 0;      // 0 = engine default
  unsigned requests_in_flight = 0;  // 0 = engine default
  unsigned checkpoint_ms = 0;       // 0 = engine default
  std::string verify = "1";         // percent of the device to read back, "full" or "none"
  bool restore_hidden = false;      // make an ATA Host Protected Area accessible before erasing
  CertifyOptions certify;
};

struct PlanOptions {
  std::vector<std::string> devices;
  bool json = false;
};
int run_plan(const PlanOptions& options);

struct ResumeOptions {
  std::string job;          // record id (or prefix) of the job to resume; empty = all
  std::string device;       // where the job's device is now, if it moved
  std::string records_dir;  // empty = where the job was started to write
  std::string state_dir;
  bool yes = false;
  bool json_progress = false;
  bool list_only = false;
  unsigned checkpoint_ms = 0;
  std::string verify = "1";
};

struct VerifyCommandOptions {
  std::string device;
  std::string record;       // the job record the device is checked against
  std::string verify = "1"; // percent or "full"
  std::string out_dir;      // where the audit document goes; empty = beside the record
  bool json = false;
};

int run_list(const ListOptions& options);
int run_methods(bool json);
int run_erase(const EraseOptions& options);
int run_resume(const ResumeOptions& options);
int run_verify(const VerifyCommandOptions& options);

int run_key_init(const std::string& key_dir, const std::string& office, const std::string& passphrase_file);
int run_key_import(const std::string& key_dir, const std::string& cert, const std::string& key,
                   const std::string& key_passphrase_file, const std::string& ca, const std::string& passphrase_file);
int run_cert_issue(const std::vector<std::string>& records, const CertifyOptions& options);
int run_cert_verify(const std::string& file, const std::string& ca, const std::string& register_path);
int run_cert_pdf(const std::string& json, const std::string& out);
int run_register(const std::string& action, const std::string& register_path, const std::string& argument,
                 const std::string& ca);

// Checks the details and unlocks the signing key before anything is erased; then, after the
// job, issues one certificate per device. Returns an exit code (0 when all were issued).
struct Certifier;
struct CertifierDeleter {
  void operator()(Certifier* c) const;
};
using CertifierPtr = std::unique_ptr<Certifier, CertifierDeleter>;
// Errors are printed; nullptr means: stop, with exit code `exit_code`.
CertifierPtr prepare_certifier(const CertifyOptions& options, const std::string& records_dir, int& exit_code);
int certify_results(Certifier& certifier, const std::vector<DeviceJobResult>& results);

// The defaults below the state folder.
std::string default_key_dir();
std::string default_register_path();

// Parses --verify: a percentage ("1", "0.5%"), "full", or (if allowed) "none" → nullopt.
// Sets `ok` to false for anything else.
std::optional<verify::ReadBackOptions> parse_verify_spec(const std::string& spec, bool allow_none, bool& ok);

// Default folders: $WIPESEAL_STATE_DIR, else /var/lib/wipeseal for root, else
// $XDG_STATE_HOME/wipeseal (~/.local/state/wipeseal); records: $WIPESEAL_RECORDS_DIR, else
// ./wipeseal-records.
std::string default_state_dir();
std::string default_records_dir();

}  // namespace wipeseal::cli
