// Signing and checking certificates with OpenSSL CMS: a detached SignedData (DER), SHA-256,
// the signer's chain included, so `openssl cms -verify -binary -inform DER -in X.p7s -content
// X.json -CAfile office-ca.pem` checks it with nothing of wipeseal installed. The signed
// attributes carry a content hint (RFC 2634 id-aa-contentHint) naming the certificate id, so a
// signature moved to another certificate is recognised as such.
#pragma once

#include <memory>
#include <string>

#include "certificates/certificate.h"
#include "wipe/error.h"
#include "wipe/hex.h"

namespace wipeseal::certificates {

class Signer {
 public:
  // A key from an encrypted PKCS#8 PEM file and its certificate (plus any intermediate CA
  // certificates after it) from a PEM file. A wrong passphrase is reported as such.
  static Result<Signer> from_key_files(const std::string& cert_pem, const std::string& key_pem,
                                       const std::string& passphrase);
  // A key on a PKCS#11 token (RFC 7512 URI, e.g. "pkcs11:token=office;object=signer"), through
  // OpenSSL's pkcs11 engine. `module` is the token's PKCS#11 library (empty: p11-kit's proxy).
  static Result<Signer> from_pkcs11(const std::string& uri, const std::string& cert_pem, const std::string& pin,
                                    const std::string& module);

  Signer(Signer&&) noexcept;
  Signer& operator=(Signer&&) noexcept;
  ~Signer();

  const SignerIdentity& identity() const;
  // Detached CMS over `content` with a content hint "wipeseal certificate <id>".
  Result<std::string> sign(const std::string& content, const std::string& id) const;

 private:
  struct State;
  explicit Signer(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
  friend Status import_office_keys(const std::string&, const std::string&, const std::string&, const std::string&,
                                   const std::string&, const std::string&);
  friend Result<std::unique_ptr<State>> state_with_certs(const std::string&);
};

struct SignatureCheck {
  // "ok", "damaged_signature", "other_certificate", "content_changed", "untrusted_signer"
  std::string code;
  std::string message;             // English, precise
  std::string hinted_id;           // the certificate id the signature names
  SignerIdentity signer;           // from the signature's signer certificate
  bool ok() const { return code == "ok"; }
};

// Checks a detached signature over `content` that should belong to certificate `id`, trusting
// the CA certificate(s) in `ca_pem`.
SignatureCheck check_signature(const std::string& content, const std::string& p7s_der, const std::string& id,
                               const std::string& ca_pem);


// Creates an office CA and a signing certificate (ECDSA P-256, SHA-256) in `dir`:
// office-ca.pem, office-ca.key, signer.pem (signer then CA), signer.key. Keys are encrypted
// PKCS#8 (AES-256-CBC, PBKDF2) under `passphrase`; key files are mode 0600. Refuses to overwrite.
Status create_office_keys(const std::string& dir, const std::string& office_name, const std::string& passphrase);

// Imports an existing signing certificate (PEM, chain allowed) and private key (PEM, encrypted
// under `key_passphrase` or not) into `dir` as signer.pem and signer.key, re-encrypted under
// `passphrase`; and the office CA certificate as office-ca.pem if given.
Status import_office_keys(const std::string& dir, const std::string& cert_pem, const std::string& key_pem,
                          const std::string& key_passphrase, const std::string& ca_pem, const std::string& passphrase);

}  // namespace wipeseal::certificates
