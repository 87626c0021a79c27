// The CLI's subcommands: each parses nothing (main.cpp did), calls the application layer and
// prints. Each returns the process exit code (cli/exit_codes.h).
#pragma once

#include <string>
#include <vector>

#include "app/certification.h"

namespace wipeseal::cli {

struct ListOptions {
  bool json = false;
};

// Where the signing key comes from, and where its secret comes from.
struct SigningOptions {
  app::SigningRequest request;
  std::string passphrase_file;  // for the key files; else asked on the terminal
  std::string pin_file;         // for a token; else asked on the terminal
};

struct CertifyOptions {
  bool enabled = false;
  std::string details_file;
  std::string register_path;
  std::string out_dir;
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

struct ResumeOptions {
  std::string job;          // record id (or prefix) of the job to resume; empty = all
  std::string device;       // where the job's device is now, if it moved
  std::string records_dir;  // empty = where the job was started to write
  std::string state_dir;
  bool yes = false;
  bool json_progress = false;
  bool list_only = false;
  unsigned checkpoint_ms = 0;
  std::string verify;       // empty = as the job was started
  SigningOptions signing;   // for jobs that asked for a certificate
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
int run_plan(const PlanOptions& options);
int run_erase(const EraseOptions& options);
int run_resume(const ResumeOptions& options);
int run_verify(const VerifyCommandOptions& options);

struct KeyInitOptions {
  std::string key_dir;
  std::string office;
  std::string passphrase_file;     // the signing key's; else asked
  std::string ca_key_dir;          // default: app::default_ca_key_dir(key_dir)
  std::string ca_passphrase_file;  // the CA key's own; else asked
  bool no_ca_key = false;          // do not keep the CA key at all
};

struct RegisterOptions {
  std::string action;            // list, verify, export, import, pdf
  std::string argument;          // export: folder; import: register; pdf: the file to write
  std::string register_path;
  std::string ca;
  std::string certificates_dir;  // verify: cross-check the certificate files in this folder
  bool json = false;
};

int run_key_init(const KeyInitOptions& options);
int run_key_import(const std::string& key_dir, const std::string& cert, const std::string& key,
                   const std::string& key_passphrase_file, const std::string& ca, const std::string& passphrase_file);
int run_cert_issue(const std::vector<std::string>& records, const CertifyOptions& options);
int run_cert_verify(const std::string& file, const std::string& ca, const std::string& register_path, bool json);
int run_cert_pdf(const std::string& json, const std::string& out, const SigningOptions& signing);
int run_register(const RegisterOptions& options);

}  // namespace wipeseal::cli
