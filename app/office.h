// The office's keys, certificates issued after the fact, checking a certificate, and the
// register: the same rules (default folders, where the office CA is found) for every frontend.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/certification.h"
#include "app/session.h"
#include "certificates/keys.h"
#include "certificates/register.h"
#include "certificates/register_check.h"
#include "certificates/verifier.h"

namespace wipeseal::app {

// Creates the office CA and a signing key in `key_dir` (default: <state dir>/keys); the CA key
// goes to `ca_key` (its own folder and passphrase), or is not kept if there is none.
Status init_office_keys(const std::string& key_dir, const std::string& office, const std::string& passphrase,
                        const std::optional<certificates::CaKeyPlacement>& ca_key);
Status import_office_keys(const std::string& key_dir, const std::string& cert, const std::string& key,
                          const std::string& key_passphrase, const std::string& ca, const std::string& passphrase);
std::string key_dir_or_default(const std::string& key_dir);
// Where `key init` puts the CA key unless told: a folder beside the key folder, to be moved off
// the stick: <parent of key dir>/office-ca-key.
std::string default_ca_key_dir(const std::string& key_dir);

// Certificates for records written earlier (`wipeseal cert issue`): one per computer (the
// records of one job on one host), a single disk its own. Every record is read before any
// number is drawn; each result is classified as in a session.
Result<std::vector<DeviceResult>> issue_certificates(const std::vector<std::string>& record_paths,
                                                     const CertificationRequest& request, const SecretPrompt& ask);

// The office CA to check against: `given`, else office-ca.pem beside the register (or in its
// keys/ folder), else in the default key folder; empty if none is there.
std::string find_office_ca(const std::string& given, const std::string& register_path);

// Checks a certificate (.json with its .p7s, or .pdf) against the office CA (find_office_ca)
// and, if given, its place in a register.
certificates::CertificateCheck check_certificate(const std::string& path, const std::string& ca,
                                                 const std::string& register_path);

std::string register_path_or_default(const std::string& path);
// The register at `path` (default: <state dir>/register.sqlite), which must exist; read-only.
Result<certificates::Register> open_register(const std::string& path);
// Checks the register (register_check.h) with the office CA found by find_office_ca; `ca_used`
// says which (empty: signatures were not checked).
Result<certificates::RegisterReport> verify_register(const certificates::Register& reg, const std::string& ca,
                                                     const std::string& certificates_dir, std::string& ca_used);
// Writes every certificate of the register (<id>.json and <id>.p7s) into `folder`, durably. Every
// row is checked first; a row whose id is not a certificate id (or that differs from its signed
// JSON) stops the export before anything is written, naming the row. Never overwrites a
// different file.
Result<std::size_t> export_register(const certificates::Register& reg, const std::string& folder);
// Merges the register at `source` (opened read-only; it must exist) into the one at `target`
// (created if needed), with the signed heads beside it.
Result<std::size_t> import_register(const std::string& target, const std::string& source);
// The paper register (sổ đăng ký) as a PDF at `out`. Returns the path written.
Result<std::string> print_register(const certificates::Register& reg, const std::string& out);
// Draws the signed PDF again from a signed certificate <id>.json (with <id>.p7s beside it), into
// `out` (default: <id>.pdf beside it), signed now with the office's key. Returns the path written.
Result<std::string> redraw_pdf(const std::string& json_path, const std::string& out, const SigningRequest& signing,
                               const SecretPrompt& ask);

}  // namespace wipeseal::app
