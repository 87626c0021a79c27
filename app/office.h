// The office's keys, certificates issued after the fact, checking a certificate, and the
// register: the same rules (default folders, the CA beside the key) for every frontend.
#pragma once

#include <string>
#include <vector>

#include "app/certification.h"
#include "app/session.h"
#include "certificates/register.h"
#include "certificates/verifier.h"

namespace wipeseal::app {

// Creates the office CA and a signing key in `key_dir` (default: <state dir>/keys).
Status init_office_keys(const std::string& key_dir, const std::string& office, const std::string& passphrase);
Status import_office_keys(const std::string& key_dir, const std::string& cert, const std::string& key,
                          const std::string& key_passphrase, const std::string& ca, const std::string& passphrase);
std::string key_dir_or_default(const std::string& key_dir);

// Certificates for records written earlier (`wipeseal cert issue`). Every record is read before
// any number is drawn; each result is classified as in a session.
Result<std::vector<DeviceResult>> issue_certificates(const std::vector<std::string>& record_paths,
                                                     const CertificationRequest& request, const SecretPrompt& ask);

// Checks a certificate (.json with its .p7s, or .pdf) against `ca` (default: the office CA in
// the default key folder) and, if given, its place in a register.
Result<certificates::CertificateCheck> check_certificate(const std::string& path, const std::string& ca,
                                                         const std::string& register_path);

// The register at `path` (default: <state dir>/register.sqlite); it must exist unless `create`.
Result<certificates::Register> open_register(const std::string& path, bool create);
std::string register_path_or_default(const std::string& path);
// Writes every certificate of the register (<id>.json and <id>.p7s) into `folder`, durably.
Result<std::size_t> export_register(const certificates::Register& reg, const std::string& folder);
// Draws the PDF again from a signed certificate <id>.json (with <id>.p7s beside it), into `out`
// (default: <id>.pdf beside it). Returns the path written.
Result<std::string> redraw_pdf(const std::string& json_path, const std::string& out);

}  // namespace wipeseal::app
