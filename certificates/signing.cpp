// The engine API is deprecated in OpenSSL 3 but is the only PKCS#11 path Debian bookworm ships
// (libengine-pkcs11-openssl; there is no pkcs11-provider package).
#define OPENSSL_SUPPRESS_DEPRECATED

#include "certificates/signing.h"

#include <algorithm>
#include <cstring>
#include <vector>

#include <fmt/format.h>
#include <openssl/cms.h>
#include <openssl/engine.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include "certificates/openssl_util.h"
#include "certificates/signer_state.h"
#include "wipe/clock.h"

namespace wipeseal::certificates {

using namespace ossl;

namespace {

// The passphrase callback for PEM: copies the passphrase OpenSSL asks for.
int passphrase_cb(char* buf, int size, int, void* user) {
  const auto* pass = static_cast<const std::string*>(user);
  const int n = std::min(size, static_cast<int>(pass->size()));
  std::memcpy(buf, pass->data(), static_cast<std::size_t>(n));
  return n;
}

// A DER length (X.690 8.1.3, definite form).
std::string der_length(std::size_t n) {
  if (n < 0x80) return std::string(1, static_cast<char>(n));
  std::string bytes;
  for (std::size_t v = n; v > 0; v >>= 8) bytes.insert(bytes.begin(), static_cast<char>(v & 0xFF));
  return std::string(1, static_cast<char>(0x80 | bytes.size())) + bytes;
}

// Appended piece by piece: GCC 12 at -O3 with _FORTIFY_SOURCE warns (-Wrestrict) on a + b + c here.
std::string tlv(unsigned char tag, const std::string& value) {
  std::string out(1, static_cast<char>(tag));
  out.append(der_length(value.size()));
  out.append(value);
  return out;
}

// RFC 2634 ContentHints ::= SEQUENCE { contentDescription UTF8String, contentType OID id-data }.
std::string content_hint_der(const std::string& description) {
  static const unsigned char id_data[] = {0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x01};
  return tlv(0x30, tlv(0x0C, description) + std::string(reinterpret_cast<const char*>(id_data), sizeof id_data));
}

// The description inside a ContentHints encoding, or empty.
std::string content_hint_text(const unsigned char* p, long n) {
  auto length = [&](long& i) -> long {
    if (i >= n) return -1;
    long len = p[i++];
    if (len & 0x80) {
      const int bytes = static_cast<int>(len & 0x7F);
      if (bytes > 3) return -1;
      len = 0;
      for (int b = 0; b < bytes && i < n; ++b) len = (len << 8) | p[i++];
    }
    return len;
  };
  long i = 0;
  if (n < 2 || p[i++] != 0x30 || length(i) < 0) return {};
  if (i >= n || p[i++] != 0x0C) return {};
  const long len = length(i);
  if (len < 0 || i + len > n) return {};
  return std::string(reinterpret_cast<const char*>(p + i), static_cast<std::size_t>(len));
}

std::string hint_prefix(const std::string& kind) { return "wipeseal " + kind + " "; }

// A signed CMS started for `state`'s key with its chain: detached, binary, CAdES-BES.
Result<std::pair<CmsPtr, CMS_SignerInfo*>> start_cms(X509* cert, const std::vector<X509Ptr>& certs, EVP_PKEY* key) {
  X509StackPtr chain(sk_X509_new_null());
  for (const auto& c : certs) {
    X509_up_ref(c.get());
    sk_X509_push(chain.get(), c.get());
  }
  CmsPtr cms(CMS_sign(nullptr, nullptr, chain.get(), nullptr, CMS_DETACHED | CMS_BINARY | CMS_PARTIAL));
  if (!cms) return std::unexpected(error(ErrorCode::internal, "cannot start the CMS signature"));
  // CMS_CADES adds the ESS signing-certificate-v2 attribute (RFC 5035): the signer's
  // certificate is bound to the signature, as CAdES-BES and PAdES require.
  CMS_SignerInfo* si = CMS_add1_signer(cms.get(), cert, key, EVP_sha256(), CMS_BINARY | CMS_CADES);
  if (si == nullptr) return std::unexpected(error(ErrorCode::internal, "cannot add the signer"));
  return std::pair{std::move(cms), si};
}

Status finish_cms(CMS_ContentInfo* cms, const std::string& content) {
  BioPtr in(BIO_new_mem_buf(content.data(), static_cast<int>(content.size())));
  if (CMS_final(cms, in.get(), nullptr, CMS_DETACHED | CMS_BINARY) != 1) {
    return std::unexpected(error(ErrorCode::internal, "signing failed"));
  }
  return {};
}

Result<std::string> encode(CMS_ContentInfo* cms) {
  BioPtr out(BIO_new(BIO_s_mem()));
  if (i2d_CMS_bio(out.get(), cms) != 1) return std::unexpected(error(ErrorCode::internal, "cannot encode the signature"));
  return bio_bytes(out.get());
}

// OpenSSL 3.0 always adds a signing-time attribute when it signs; PAdES B-B forbids it (ETSI EN
// 319 142-1, 5.2.3: the time is /M). Remove it and sign the remaining attributes again: their
// DER encoding as a SET OF (RFC 5652, 5.4), members sorted as X.690 11.6 requires.
Status sign_without_signing_time(CMS_SignerInfo* si, EVP_PKEY* key) {
  const int at = CMS_signed_get_attr_by_NID(si, NID_pkcs9_signingTime, -1);
  if (at < 0) return {};
  X509_ATTRIBUTE_free(CMS_signed_delete_attr(si, at));
  std::vector<std::string> members;
  for (int i = 0; i < CMS_signed_get_attr_count(si); ++i) {
    unsigned char* der = nullptr;
    const int n = i2d_X509_ATTRIBUTE(CMS_signed_get_attr(si, i), &der);
    if (n <= 0) return std::unexpected(error(ErrorCode::internal, "cannot encode a signed attribute"));
    members.emplace_back(reinterpret_cast<const char*>(der), static_cast<std::size_t>(n));
    OPENSSL_free(der);
  }
  std::sort(members.begin(), members.end());  // char_traits<char> compares as unsigned bytes
  std::string set;
  for (const std::string& m : members) set += m;
  const std::string to_sign = tlv(0x31, set);
  std::unique_ptr<EVP_MD_CTX, Deleter<EVP_MD_CTX, EVP_MD_CTX_free>> ctx(EVP_MD_CTX_new());
  std::size_t len = 0;
  if (EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key) != 1 ||
      EVP_DigestSign(ctx.get(), nullptr, &len, reinterpret_cast<const unsigned char*>(to_sign.data()), to_sign.size()) != 1) {
    return std::unexpected(error(ErrorCode::internal, "cannot sign the PDF's signed attributes"));
  }
  std::vector<unsigned char> sig(len);
  if (EVP_DigestSign(ctx.get(), sig.data(), &len, reinterpret_cast<const unsigned char*>(to_sign.data()), to_sign.size()) != 1 ||
      ASN1_STRING_set(CMS_SignerInfo_get0_signature(si), sig.data(), static_cast<int>(len)) != 1) {
    return std::unexpected(error(ErrorCode::internal, "cannot sign the PDF's signed attributes"));
  }
  return {};
}

// The signer certificate's chain as of `when` (now if empty): 0 if trusted, else the X509 error.
int verify_chain(X509_STORE* store, X509* signer, STACK_OF(X509) * untrusted, std::optional<std::time_t> when,
                 X509** failing) {
  std::unique_ptr<X509_STORE_CTX, Deleter<X509_STORE_CTX, X509_STORE_CTX_free>> ctx(X509_STORE_CTX_new());
  X509_STORE_CTX_init(ctx.get(), store, signer, untrusted);
  if (when) X509_VERIFY_PARAM_set_time(X509_STORE_CTX_get0_param(ctx.get()), *when);
  // At least 112-bit security for every key and certificate signature of the chain (RSA 2048,
  // no SHA-1 or MD5): records are kept for decades, and weaker ones can be forged long before.
  X509_VERIFY_PARAM_set_auth_level(X509_STORE_CTX_get0_param(ctx.get()), 2);
  if (X509_verify_cert(ctx.get()) == 1) return 0;
  // The certificate that failed, or the signer's own when OpenSSL names none.
  X509* current = X509_STORE_CTX_get_current_cert(ctx.get());
  *failing = current != nullptr ? current : signer;
  return X509_STORE_CTX_get_error(ctx.get());
}

// Why a signature is too weak to prove anything for decades, or "" if it is not: the digest the
// signer used, and the signer's own key.
std::string weakness(CMS_SignerInfo* si, X509* signer) {
  X509_ALGOR* digest = nullptr;
  CMS_SignerInfo_get0_algs(si, nullptr, nullptr, &digest, nullptr);
  const int md = digest != nullptr ? OBJ_obj2nid(digest->algorithm) : NID_undef;
  if (md != NID_sha256 && md != NID_sha384 && md != NID_sha512) {
    return fmt::format("it was made with the digest {}, which is too weak (SHA-256 or stronger is required)",
                       md == NID_undef ? std::string("(unknown)") : std::string(OBJ_nid2sn(md)));
  }
  const EVP_PKEY* key = X509_get0_pubkey(signer);
  if (key == nullptr) return "the signer's key cannot be read";
  const int bits = EVP_PKEY_get_bits(key);
  if (EVP_PKEY_is_a(key, "RSA") && bits < 2048) {
    return fmt::format("the signer's RSA key has {} bits, which is too weak (2048 or more are required)", bits);
  }
  if (EVP_PKEY_is_a(key, "EC") && bits < 256) {
    return fmt::format("the signer's EC key has {} bits, which is too weak (256 or more are required)", bits);
  }
  return {};
}

std::string time_text(const ASN1_TIME* t) {
  BioPtr mem(BIO_new(BIO_s_mem()));
  ASN1_TIME_print(mem.get(), t);
  return bio_bytes(mem.get());
}
std::string not_after_text(X509* cert) { return time_text(X509_get0_notAfter(cert)); }
std::string not_before_text(X509* cert) { return time_text(X509_get0_notBefore(cert)); }

}  // namespace

Signer::Signer(std::unique_ptr<State> state) : state_(std::move(state)) {}
Signer::Signer(Signer&&) noexcept = default;
Signer& Signer::operator=(Signer&&) noexcept = default;
Signer::~Signer() = default;

const SignerIdentity& Signer::identity() const { return state_->identity; }

Result<std::unique_ptr<Signer::State>> Signer::State::with_certs(const std::string& cert_pem) {
  auto certs = read_certs(cert_pem);
  if (!certs) return std::unexpected(certs.error());
  auto state = std::make_unique<Signer::State>();
  state->cert = std::move(certs->front());
  for (std::size_t i = 1; i < certs->size(); ++i) state->chain.push_back(std::move((*certs)[i]));
  state->identity = identity_of(state->cert.get());
  return state;
}

Signer::State::~State() {
  key.reset();
  if (engine != nullptr) {
    ENGINE_finish(engine);
    ENGINE_free(engine);
  }
}

Result<Signer> Signer::from_key_files(const std::string& cert_pem, const std::string& key_pem,
                                      const std::string& passphrase) {
  auto state = State::with_certs(cert_pem);
  if (!state) return std::unexpected(state.error());
  BioPtr bio(BIO_new_file(key_pem.c_str(), "r"));
  if (!bio) {
    ERR_clear_error();
    return std::unexpected(errno_error(errno, "cannot open the signing key; run 'wipeseal key init' first", key_pem));
  }
  std::string pass = passphrase;
  EVP_PKEY* key = PEM_read_bio_PrivateKey(bio.get(), nullptr, passphrase_cb, &pass);
  OPENSSL_cleanse(pass.data(), pass.size());
  if (key == nullptr) {
    const unsigned long err = ERR_peek_last_error();
    ERR_clear_error();
    const bool bad_pass = ERR_GET_REASON(err) == EVP_R_BAD_DECRYPT || ERR_GET_LIB(err) == ERR_LIB_PKCS12 ||
                          ERR_GET_REASON(err) == PEM_R_BAD_DECRYPT;
    return std::unexpected(make_error(ErrorCode::invalid_input,
                                      bad_pass ? "wrong passphrase for the signing key: type it again, or check the "
                                                 "passphrase file's first line"
                                               : "the signing key file cannot be read (not a PEM private key?)",
                                      key_pem));
  }
  (*state)->key.reset(key);
  if (X509_check_private_key((*state)->cert.get(), key) != 1) {
    ERR_clear_error();
    return std::unexpected(make_error(ErrorCode::invalid_input, "the signing key does not belong to the signing certificate",
                                      key_pem));
  }
  return Signer(std::move(*state));
}

Result<Signer> Signer::from_pkcs11(const std::string& uri, const std::string& cert_pem, const std::string& pin,
                                   const std::string& module) {
  auto state = State::with_certs(cert_pem);
  if (!state) return std::unexpected(state.error());
  ENGINE_load_builtin_engines();
  ENGINE* engine = ENGINE_by_id("pkcs11");
  if (engine == nullptr) {
    return std::unexpected(error(ErrorCode::unsupported,
                                 "OpenSSL's pkcs11 engine is not available; install libengine-pkcs11-openssl"));
  }
  if (!module.empty() && ENGINE_ctrl_cmd_string(engine, "MODULE_PATH", module.c_str(), 0) != 1) {
    ENGINE_free(engine);
    return std::unexpected(error(ErrorCode::invalid_input, "the PKCS#11 module cannot be used", module));
  }
  if (ENGINE_init(engine) != 1) {
    ENGINE_free(engine);
    return std::unexpected(error(ErrorCode::unsupported, "the PKCS#11 engine cannot start"));
  }
  (*state)->engine = engine;
  std::string secret = pin;
  const int pin_ok = ENGINE_ctrl_cmd_string(engine, "PIN", secret.c_str(), 0);
  OPENSSL_cleanse(secret.data(), secret.size());
  EVP_PKEY* key = pin_ok == 1 ? ENGINE_load_private_key(engine, uri.c_str(), nullptr, nullptr) : nullptr;
  if (key == nullptr) {
    return std::unexpected(error(ErrorCode::permission_denied,
                                 "the token refused the key (wrong PIN, wrong URI, or the token is not inserted)", uri));
  }
  (*state)->key.reset(key);
  if (X509_check_private_key((*state)->cert.get(), key) != 1) {
    ERR_clear_error();
    return std::unexpected(make_error(ErrorCode::invalid_input,
                                      "the key on the token does not belong to the signing certificate", uri));
  }
  return Signer(std::move(*state));
}

Result<std::string> Signer::sign(const std::string& content, const std::string& id, const std::string& kind) const {
  auto started = start_cms(state_->cert.get(), state_->chain, state_->key.get());
  if (!started) return std::unexpected(started.error());
  auto& [cms, si] = *started;
  const std::string hint = content_hint_der(hint_prefix(kind) + id);
  if (CMS_signed_add1_attr_by_NID(si, NID_id_smime_aa_contentHint, V_ASN1_SEQUENCE, hint.data(),
                                  static_cast<int>(hint.size())) != 1) {
    return std::unexpected(error(ErrorCode::internal, "cannot add the content hint"));
  }
  if (auto done = finish_cms(cms.get(), content); !done) return std::unexpected(done.error());
  return encode(cms.get());
}

Result<std::string> Signer::sign_pdf(const std::string& signed_bytes) const {
  auto started = start_cms(state_->cert.get(), state_->chain, state_->key.get());
  if (!started) return std::unexpected(started.error());
  auto& [cms, si] = *started;
  if (auto done = finish_cms(cms.get(), signed_bytes); !done) return std::unexpected(done.error());
  if (auto s = sign_without_signing_time(si, state_->key.get()); !s) return std::unexpected(s.error());
  return encode(cms.get());
}

Status Signer::usable_at(std::time_t at) const {
  std::vector<X509*> chain{state_->cert.get()};
  for (const auto& c : state_->chain) chain.push_back(c.get());
  for (X509* c : chain) {
    const bool early = X509_cmp_time(X509_get0_notBefore(c), &at) > 0;
    const bool late = X509_cmp_time(X509_get0_notAfter(c), &at) < 0;
    if (!early && !late) continue;
    const std::string clock = format_timestamp(std::chrono::system_clock::from_time_t(at));
    return std::unexpected(make_error(
        ErrorCode::invalid_input,
        fmt::format("this computer's clock says {} (UTC), but the signing certificate {} is valid only from {} to {}: "
                    "a biên bản signed now would carry a date its signer does not cover. {}",
                    clock, identity_of(c).subject, not_before_text(c), not_after_text(c),
                    early ? "Correct the date and time (the wizard's first page, or the system clock with 'date -s' "
                            "for the command line) and try again"
                          : "The certificate has expired: make a new signing key with 'wipeseal key init' (or certify "
                            "one with the office CA)")));
  }
  return {};
}

bool Signer::made_by_me(const std::string& content, const std::string& p7s) const {
  BioPtr der(BIO_new_mem_buf(p7s.data(), static_cast<int>(p7s.size())));
  CmsPtr cms(d2i_CMS_bio(der.get(), nullptr));
  if (!cms) {
    ERR_clear_error();
    return false;
  }
  X509StackPtr mine(sk_X509_new_null());
  X509_up_ref(state_->cert.get());
  sk_X509_push(mine.get(), state_->cert.get());
  StorePtr empty(X509_STORE_new());
  BioPtr data(BIO_new_mem_buf(content.data(), static_cast<int>(content.size())));
  const bool ok = CMS_verify(cms.get(), mine.get(), empty.get(), data.get(), nullptr,
                             CMS_BINARY | CMS_NO_SIGNER_CERT_VERIFY | CMS_NOINTERN) == 1;
  ERR_clear_error();
  return ok;
}

SignatureCheck check_signature(const std::string& content, const std::string& p7s_der, const std::string& id,
                               const std::string& ca_pem, std::optional<std::time_t> signed_at, const std::string& kind) {
  SignatureCheck check;
  BioPtr der(BIO_new_mem_buf(p7s_der.data(), static_cast<int>(p7s_der.size())));
  CmsPtr cms(d2i_CMS_bio(der.get(), nullptr));
  STACK_OF(CMS_SignerInfo)* infos = cms ? CMS_get0_SignerInfos(cms.get()) : nullptr;
  if (!cms || infos == nullptr || sk_CMS_SignerInfo_num(infos) != 1) {
    ERR_clear_error();
    check.code = "damaged_signature";
    check.message = "the signature is damaged or truncated: it is not a CMS signature with one signer";
    return check;
  }
  CMS_SignerInfo* si = sk_CMS_SignerInfo_value(infos, 0);
  std::string hint;
  if (const int at = CMS_signed_get_attr_by_NID(si, NID_id_smime_aa_contentHint, -1); at >= 0) {
    ASN1_TYPE* t = X509_ATTRIBUTE_get0_type(CMS_signed_get_attr(si, at), 0);
    if (t != nullptr && t->type == V_ASN1_SEQUENCE) hint = content_hint_text(t->value.sequence->data, t->value.sequence->length);
  }
  if (hint.rfind(hint_prefix(kind), 0) == 0) check.hinted_id = hint.substr(hint_prefix(kind).size());
  if (!id.empty() && (check.hinted_id.empty() ? !hint.empty() : check.hinted_id != id)) {
    check.code = "other_certificate";
    check.message = check.hinted_id.empty()
                        ? fmt::format("the signature was made for something else ('{}'), not for this {} ({})", hint, kind, id)
                        : fmt::format("the signature belongs to {} {}, not to this one ({})", kind, check.hinted_id, id);
    return check;
  }
  // First the signature over this content, without judging the signer...
  StorePtr empty(X509_STORE_new());
  BioPtr data(BIO_new_mem_buf(content.data(), static_cast<int>(content.size())));
  if (CMS_verify(cms.get(), nullptr, empty.get(), data.get(), nullptr, CMS_BINARY | CMS_NO_SIGNER_CERT_VERIFY) != 1) {
    ERR_clear_error();
    check.code = "content_changed";
    check.message = fmt::format("the {}'s content differs from what was signed: it was changed after signing", kind);
    return check;
  }
  STACK_OF(X509)* signers = CMS_get0_signers(cms.get());
  X509* signer = signers != nullptr && sk_X509_num(signers) > 0 ? sk_X509_value(signers, 0) : nullptr;
  sk_X509_free(signers);  // the certificates themselves belong to the CMS
  if (signer == nullptr) {
    check.code = "damaged_signature";
    check.message = "the signature does not carry its signer's certificate";
    return check;
  }
  check.signer = identity_of(signer);
  if (const std::string weak = weakness(si, signer); !weak.empty()) {
    check.code = "weak_algorithm";
    check.message = fmt::format("the signature cannot be trusted: {}", weak);
    return check;
  }
  // ...then whether the signer is certified by the office CA, now or, if its certificate has
  // expired since, at the time the document says it was signed.
  StorePtr store(X509_STORE_new());
  if (ca_pem.empty() || X509_STORE_load_file(store.get(), ca_pem.c_str()) != 1) {
    ERR_clear_error();
    check.code = "ca_unreadable";
    check.message = ca_pem.empty() ? "no office CA certificate was given (--ca) or found in the key folder, so the "
                                     "signer could not be checked"
                                   : fmt::format("the office CA certificate cannot be read from {}", ca_pem);
    return check;
  }
  STACK_OF(X509)* certs = CMS_get1_certs(cms.get());
  const X509StackPtr untrusted(certs);
  X509* failing = nullptr;
  // "Now" is the operator's corrected time when the clock was corrected (wipe/clock.h).
  const std::time_t now = std::chrono::system_clock::to_time_t(corrected_now());
  int err = verify_chain(store.get(), signer, certs, now, &failing);
  if (err == X509_V_ERR_CERT_NOT_YET_VALID) {
    // Not judged: either this computer's clock is behind, or the certificate was made with one
    // ahead; a later check on a right clock answers.
    check.code = "signer_not_yet_valid";
    check.message = fmt::format("the signer's certificate ({}) is valid only from {}, after this computer's clock ({} "
                                "UTC): check the clock and verify again",
                                identity_of(failing).subject, not_before_text(failing),
                                format_timestamp(std::chrono::system_clock::from_time_t(now)));
    return check;
  }
  if (err == X509_V_ERR_CERT_HAS_EXPIRED && signed_at) {
    const std::string expired = not_after_text(failing);
    X509* at_signing = nullptr;
    err = verify_chain(store.get(), signer, certs, signed_at, &at_signing);
    if (err != 0 && at_signing != nullptr) failing = at_signing;
    if (err == 0) {
      check.expired_on = expired;
    } else if (err == X509_V_ERR_CERT_HAS_EXPIRED) {
      check.code = "signed_after_expiry";
      check.message = fmt::format("the signer's certificate ({}) had expired on {}, before this {} says it was signed",
                                  check.signer.subject, not_after_text(at_signing), kind);
      return check;
    }
  }
  if (err == 0 && signed_at && check.expired_on.empty()) {
    // The document's own signing time must fall inside its signer's validity too: a biên bản
    // dated before its signer's certificate began was signed on a wrong clock, or backdated.
    X509* at_signing = nullptr;
    if (verify_chain(store.get(), signer, certs, signed_at, &at_signing) == X509_V_ERR_CERT_NOT_YET_VALID) {
      check.code = "signed_before_valid";
      check.message = fmt::format("this {} says it was signed on {} (UTC), before its signer's certificate ({}) "
                                  "became valid on {}: it was signed on a wrong clock, or backdated",
                                  kind, format_timestamp(std::chrono::system_clock::from_time_t(*signed_at)),
                                  identity_of(at_signing).subject, not_before_text(at_signing));
      return check;
    }
  }
  if (err == X509_V_ERR_CERT_NOT_YET_VALID) {
    check.code = "signed_before_valid";
    check.message = fmt::format("this {} says it was signed before its signer's certificate ({}) became valid on {}: "
                                "it was signed on a wrong clock, or backdated",
                                kind, identity_of(failing).subject, not_before_text(failing));
    return check;
  }
  if (err != 0) {
    check.code = "untrusted_signer";
    check.message = fmt::format("the signer ({}) is not certified by the office CA in {} ({})", check.signer.subject,
                                ca_pem, X509_verify_cert_error_string(err));
    return check;
  }
  check.code = "ok";
  check.message = check.expired_on.empty()
                      ? "the signature is valid and the signer is certified by the office CA"
                      : fmt::format("the signature is valid; the signer's certificate expired on {} and was valid when "
                                    "this {} was signed (by its stated signing time, from the signing computer's clock)",
                                    check.expired_on, kind);
  return check;
}

}  // namespace wipeseal::certificates
