// The office's keys: an office CA and a signing certificate made by wipeseal, or an existing
// signing certificate and key imported. Private keys are PKCS#8 files encrypted with AES-256-CBC
// under a key derived from the passphrase by PBKDF2-HMAC-SHA256 with 600,000 iterations (OWASP's
// 2023 figure), mode 0600, never overwritten.
#pragma once

#include <optional>
#include <string>

#include "wipe/error.h"

namespace wipeseal::certificates {

// Validity, chosen for record retention: a signing key is meant to be used for about 10 years,
// and what it signed must stay checkable for the 30 years a Tuyệt mật item stays protected
// (Law on Protection of State Secrets) after that: 40 years; the CA outlives its signers: 50
// years. Past these, `cert verify` still checks a signature as of its signing time.
inline constexpr int kSignerValidityYears = 40;
inline constexpr int kCaValidityYears = 50;
// The iteration count of PBKDF2-HMAC-SHA256 protecting key files.
inline constexpr int kKeyKdfIterations = 600000;

// Where the CA's private key goes: its own folder and passphrase, meant to leave the stick.
struct CaKeyPlacement {
  std::string dir;
  std::string passphrase;
};

// Creates an office CA and a signing certificate (ECDSA P-256, SHA-256). `key_dir` receives
// office-ca.pem (what checkers trust), signer.pem (signer then CA) and signer.key (under
// `passphrase`). The CA key goes to `ca_key->dir` as office-ca.key (and a copy of office-ca.pem)
// under its own passphrase, which must differ; without `ca_key` it is not kept at all (a new
// signing key then needs a new CA). Refuses to overwrite anything.
Status create_office_keys(const std::string& key_dir, const std::string& office_name, const std::string& passphrase,
                          const std::optional<CaKeyPlacement>& ca_key = std::nullopt);

// Imports an existing signing certificate (PEM, chain allowed) and private key (PEM, encrypted
// under `key_passphrase` or not) into `dir` as signer.pem and signer.key, re-encrypted under
// `passphrase`; and the office CA certificate as office-ca.pem if given.
Status import_office_keys(const std::string& dir, const std::string& cert_pem, const std::string& key_pem,
                          const std::string& key_passphrase, const std::string& ca_pem, const std::string& passphrase);

}  // namespace wipeseal::certificates
