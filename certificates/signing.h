// Signing and checking with OpenSSL CMS. Two signatures per certificate:
// - <id>.p7s: a detached SignedData (DER, SHA-256, CAdES-BES: the ESS signing-certificate-v2
//   attribute) over the canonical JSON, the signer's chain included, so `openssl cms -verify
//   -binary -inform DER -in X.p7s -content X.json -CAfile office-ca.pem` checks it with nothing
//   of wipeseal installed. Its signed attributes carry a content hint (RFC 2634 id-aa-contentHint)
//   naming the certificate id, so a signature moved to another certificate is recognised as such.
// - the PDF's own signature (pdf_signature.h): PAdES B-B, the same key.
// Keys are made and imported in keys.h (included: who signs usually makes keys too).
#pragma once

#include <ctime>
#include <memory>
#include <optional>
#include <string>

#include "certificates/certificate.h"
#include "certificates/keys.h"
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
  // Detached CAdES-BES CMS over `content` with a content hint "wipeseal <kind> <id>"
  // (kind "certificate" for a biên bản, "register-head" for a register head).
  Result<std::string> sign(const std::string& content, const std::string& id,
                           const std::string& kind = "certificate") const;
  // The CMS of a PAdES B-B signature over the signed bytes of a PDF (ETSI EN 319 142-1): signed
  // attributes content-type, message-digest and ESS signing-certificate-v2, and no signing-time
  // (the time is the signature dictionary's /M); the chain included.
  Result<std::string> sign_pdf(const std::string& signed_bytes) const;
  // Refuses to sign at `at` (seconds since the epoch: the time the document will state) outside
  // the validity of the signing certificate or of a CA certificate in its chain: such a document
  // proves nothing, and the usual cause is a retired computer's clock (a dead CMOS battery puts
  // it years back). The message names both dates and how to correct the clock.
  Status usable_at(std::time_t at) const;
  // Whether `p7s` is a valid signature of `content` by this signer's own certificate (no CA
  // needed): how the issuer trusts its register's head.
  bool made_by_me(const std::string& content, const std::string& p7s) const;

 private:
  struct State;
  explicit Signer(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
  friend struct SignerKeyWriter;  // keys.cpp writes an imported key and its certificates
};

struct SignatureCheck {
  // "ok"; "damaged_signature", "other_certificate", "content_changed", "untrusted_signer",
  // "signed_after_expiry", "signed_before_valid", "weak_algorithm" (invalid); "ca_unreadable",
  // "signer_not_yet_valid" (the check could not be made: the CA is missing, or this computer's
  // clock is before the signer's certificate began).
  std::string code;
  std::string message;             // English, precise
  std::string hinted_id;           // the id the signature names
  SignerIdentity signer;           // from the signature's signer certificate
  // Set when the signer's (or its CA's) certificate has expired since: the signature was checked
  // as of its signing time, which the signer's own document states (local clock).
  std::string expired_on;
  bool ok() const { return code == "ok"; }
};

// Checks a detached signature over `content` that should belong to `id` (empty: no content hint
// expected), trusting the CA certificate(s) in `ca_pem`. If the signer's certificate has expired
// since, it is checked at `signed_at` (the document's own signing time) and `expired_on` says so.
SignatureCheck check_signature(const std::string& content, const std::string& p7s_der, const std::string& id,
                               const std::string& ca_pem, std::optional<std::time_t> signed_at,
                               const std::string& kind = "certificate");

}  // namespace wipeseal::certificates
