// The engine API is deprecated in OpenSSL 3 but is the only PKCS#11 path Debian bookworm ships
// (libengine-pkcs11-openssl; there is no pkcs11-provider package).
#define OPENSSL_SUPPRESS_DEPRECATED

#include "certificates/signing.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <vector>

#include <fmt/format.h>
#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/engine.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "wipe/job_record.h"

namespace wipeseal::certificates {
namespace fs = std::filesystem;

namespace {

template <class T, void (*F)(T*)>
struct Deleter {
  void operator()(T* p) const { F(p); }
};
using BioPtr = std::unique_ptr<BIO, Deleter<BIO, BIO_free_all>>;
using X509Ptr = std::unique_ptr<X509, Deleter<X509, X509_free>>;
using KeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>>;
using CmsPtr = std::unique_ptr<CMS_ContentInfo, Deleter<CMS_ContentInfo, CMS_ContentInfo_free>>;
using StorePtr = std::unique_ptr<X509_STORE, Deleter<X509_STORE, X509_STORE_free>>;

void free_x509_stack(STACK_OF(X509) * s) { sk_X509_pop_free(s, X509_free); }
using X509StackPtr = std::unique_ptr<STACK_OF(X509), Deleter<STACK_OF(X509), free_x509_stack>>;

// The most recent OpenSSL error in words, and clears the queue.
std::string openssl_error() {
  unsigned long code = 0, last = 0;
  while ((code = ERR_get_error()) != 0) last = code;
  if (last == 0) return "unknown OpenSSL error";
  char buf[256];
  ERR_error_string_n(last, buf, sizeof buf);
  return buf;
}

Error ssl_error(ErrorCode code, const std::string& what, const std::string& path = {}) {
  return make_error(code, fmt::format("{} ({})", what, openssl_error()), path);
}

// The passphrase callback for PEM: copies the passphrase OpenSSL asks for.
int passphrase_cb(char* buf, int size, int, void* user) {
  const auto* pass = static_cast<const std::string*>(user);
  const int n = std::min(size, static_cast<int>(pass->size()));
  std::memcpy(buf, pass->data(), static_cast<std::size_t>(n));
  return n;
}

Result<std::vector<X509Ptr>> read_certs(const std::string& path) {
  BioPtr bio(BIO_new_file(path.c_str(), "r"));
  if (!bio) return std::unexpected(errno_error(errno, "cannot open the certificate file", path));
  std::vector<X509Ptr> certs;
  while (X509* x = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)) certs.emplace_back(x);
  ERR_clear_error();  // the loop ends on "no start line"
  if (certs.empty()) {
    return std::unexpected(make_error(ErrorCode::invalid_input, "no PEM certificate found in the file", path));
  }
  return certs;
}

SignerIdentity identity_of(X509* cert) {
  SignerIdentity id;
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  X509_digest(cert, EVP_sha256(), md, &len);
  id.fingerprint_sha256 = to_hex(md, len);
  BioPtr mem(BIO_new(BIO_s_mem()));
  X509_NAME_print_ex(mem.get(), X509_get_subject_name(cert), 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
  char* data = nullptr;
  const long n = BIO_get_mem_data(mem.get(), &data);
  id.subject.assign(data, static_cast<std::size_t>(n));
  return id;
}

// RFC 2634 ContentHints ::= SEQUENCE { contentDescription UTF8String, contentType OID id-data }.
std::string content_hint_der(const std::string& description) {
  static const unsigned char id_data[] = {0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x01};
  auto tlv = [](unsigned char tag, const std::string& value) {
    std::string out(1, static_cast<char>(tag));
    const std::size_t n = value.size();
    if (n < 0x80) {
      out.push_back(static_cast<char>(n));
    } else {
      out.push_back(static_cast<char>(0x82));
      out.push_back(static_cast<char>((n >> 8) & 0xFF));
      out.push_back(static_cast<char>(n & 0xFF));
    }
    return out + value;
  };
  return tlv(0x30, tlv(0x0C, description) + std::string(reinterpret_cast<const char*>(id_data), sizeof id_data));
}

// The description inside a ContentHints encoding, or empty.
std::string content_hint_text(const unsigned char* p, long n) {
  auto length = [&](long& i) -> long {
    if (i >= n) return -1;
    long len = p[i++];
    if (len & 0x80) {
      const int bytes = static_cast<int>(len & 0x7F);
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

constexpr const char* kHintPrefix = "wipeseal certificate ";

// Opens `path` for writing, failing if it exists, with `mode`.
Result<BioPtr> create_file(const fs::path& path, mode_t mode) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) {
    return std::unexpected(errno_error(errno, errno == EEXIST ? "the file already exists; refusing to overwrite a key"
                                                              : "cannot create the file",
                                       path.string()));
  }
  ::fchmod(fd, mode);  // whatever the umask
  return BioPtr(BIO_new_fd(fd, BIO_CLOSE));
}

Status write_key(const fs::path& path, EVP_PKEY* key, const std::string& passphrase) {
  auto bio = create_file(path, 0600);
  if (!bio) return std::unexpected(bio.error());
  // PKCS#8 with PBES2: AES-256-CBC, key from the passphrase by PBKDF2-HMAC-SHA256.
  if (PEM_write_bio_PKCS8PrivateKey(bio->get(), key, EVP_aes_256_cbc(), passphrase.data(),
                                    static_cast<int>(passphrase.size()), nullptr, nullptr) != 1) {
    return std::unexpected(ssl_error(ErrorCode::io, "cannot write the encrypted key", path.string()));
  }
  return {};
}

Status write_certs(const fs::path& path, const std::vector<X509*>& certs) {
  auto bio = create_file(path, 0644);
  if (!bio) return std::unexpected(bio.error());
  for (X509* c : certs) {
    if (PEM_write_bio_X509(bio->get(), c) != 1) {
      return std::unexpected(ssl_error(ErrorCode::io, "cannot write the certificate", path.string()));
    }
  }
  return {};
}

Status add_ext(X509* cert, X509* issuer, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
  if (ext == nullptr) return std::unexpected(ssl_error(ErrorCode::internal, "cannot build a certificate extension"));
  X509_add_ext(cert, ext, -1);
  X509_EXTENSION_free(ext);
  return {};
}

Result<X509Ptr> make_cert(EVP_PKEY* subject_key, const std::string& common_name, const std::string& organisation,
                          X509* issuer, EVP_PKEY* issuer_key, bool ca, long days) {
  X509Ptr cert(X509_new());
  X509_set_version(cert.get(), 2);
  unsigned char serial[16];
  RAND_bytes(serial, sizeof serial);
  serial[0] &= 0x7F;  // positive
  BIGNUM* bn = BN_bin2bn(serial, sizeof serial, nullptr);
  BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert.get()));
  BN_free(bn);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), 0);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), days * 24 * 3600);
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8, reinterpret_cast<const unsigned char*>(organisation.c_str()), -1, -1, 0);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, reinterpret_cast<const unsigned char*>(common_name.c_str()), -1, -1, 0);
  X509_set_issuer_name(cert.get(), issuer != nullptr ? X509_get_subject_name(issuer) : name);
  X509_set_pubkey(cert.get(), subject_key);
  X509* issuer_cert = issuer != nullptr ? issuer : cert.get();
  Status s = add_ext(cert.get(), issuer_cert, NID_basic_constraints, ca ? "critical,CA:TRUE,pathlen:0" : "critical,CA:FALSE");
  if (s) s = add_ext(cert.get(), issuer_cert, NID_key_usage,
                     ca ? "critical,keyCertSign,cRLSign" : "critical,digitalSignature,nonRepudiation");
  if (s) s = add_ext(cert.get(), issuer_cert, NID_subject_key_identifier, "hash");
  if (s && !ca) s = add_ext(cert.get(), issuer_cert, NID_authority_key_identifier, "keyid:always");
  if (!s) return std::unexpected(s.error());
  if (X509_sign(cert.get(), issuer_key, EVP_sha256()) == 0) {
    return std::unexpected(ssl_error(ErrorCode::internal, "cannot sign the certificate"));
  }
  return cert;
}

Status check_passphrase(const std::string& passphrase) {
  if (passphrase.size() < 8) {
    return std::unexpected(make_error(ErrorCode::invalid_input,
                                      "the passphrase protecting the keys must have at least 8 characters"));
  }
  return {};
}

}  // namespace

struct Signer::State {
  X509Ptr cert;
  std::vector<X509Ptr> chain;
  KeyPtr key;
  ENGINE* engine = nullptr;
  SignerIdentity identity;
  ~State() {
    key.reset();
    if (engine != nullptr) {
      ENGINE_finish(engine);
      ENGINE_free(engine);
    }
  }
};

Signer::Signer(std::unique_ptr<State> state) : state_(std::move(state)) {}
Signer::Signer(Signer&&) noexcept = default;
Signer& Signer::operator=(Signer&&) noexcept = default;
Signer::~Signer() = default;

const SignerIdentity& Signer::identity() const { return state_->identity; }

Result<std::unique_ptr<Signer::State>> state_with_certs(const std::string& cert_pem) {
  auto certs = read_certs(cert_pem);
  if (!certs) return std::unexpected(certs.error());
  auto state = std::make_unique<Signer::State>();
  state->cert = std::move(certs->front());
  for (std::size_t i = 1; i < certs->size(); ++i) state->chain.push_back(std::move((*certs)[i]));
  state->identity = identity_of(state->cert.get());
  return state;
}

Result<Signer> Signer::from_key_files(const std::string& cert_pem, const std::string& key_pem,
                                      const std::string& passphrase) {
  auto state = state_with_certs(cert_pem);
  if (!state) return std::unexpected(state.error());
  BioPtr bio(BIO_new_file(key_pem.c_str(), "r"));
  if (!bio) return std::unexpected(errno_error(errno, "cannot open the signing key; run 'wipeseal key init' first", key_pem));
  std::string pass = passphrase;
  EVP_PKEY* key = PEM_read_bio_PrivateKey(bio.get(), nullptr, passphrase_cb, &pass);
  OPENSSL_cleanse(pass.data(), pass.size());
  if (key == nullptr) {
    const unsigned long err = ERR_peek_last_error();
    ERR_clear_error();
    const bool bad_pass = ERR_GET_REASON(err) == EVP_R_BAD_DECRYPT || ERR_GET_LIB(err) == ERR_LIB_PKCS12 ||
                          ERR_GET_REASON(err) == PEM_R_BAD_DECRYPT;
    return std::unexpected(make_error(bad_pass ? ErrorCode::permission_denied : ErrorCode::invalid_input,
                                      bad_pass ? "wrong passphrase for the signing key"
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
  auto state = state_with_certs(cert_pem);
  if (!state) return std::unexpected(state.error());
  ENGINE_load_builtin_engines();
  ENGINE* engine = ENGINE_by_id("pkcs11");
  if (engine == nullptr) {
    return std::unexpected(ssl_error(ErrorCode::unsupported,
                                     "OpenSSL's pkcs11 engine is not available; install libengine-pkcs11-openssl"));
  }
  if (!module.empty() && ENGINE_ctrl_cmd_string(engine, "MODULE_PATH", module.c_str(), 0) != 1) {
    ENGINE_free(engine);
    return std::unexpected(ssl_error(ErrorCode::invalid_input, "the PKCS#11 module cannot be used", module));
  }
  if (ENGINE_init(engine) != 1) {
    ENGINE_free(engine);
    return std::unexpected(ssl_error(ErrorCode::unsupported, "the PKCS#11 engine cannot start"));
  }
  (*state)->engine = engine;
  std::string secret = pin;
  const int pin_ok = ENGINE_ctrl_cmd_string(engine, "PIN", secret.c_str(), 0);
  OPENSSL_cleanse(secret.data(), secret.size());
  EVP_PKEY* key = pin_ok == 1 ? ENGINE_load_private_key(engine, uri.c_str(), nullptr, nullptr) : nullptr;
  if (key == nullptr) {
    return std::unexpected(ssl_error(ErrorCode::permission_denied,
                                     "the token refused the key (wrong PIN, wrong URI, or the token is not inserted)",
                                     uri));
  }
  (*state)->key.reset(key);
  if (X509_check_private_key((*state)->cert.get(), key) != 1) {
    ERR_clear_error();
    return std::unexpected(make_error(ErrorCode::invalid_input,
                                      "the key on the token does not belong to the signing certificate", uri));
  }
  return Signer(std::move(*state));
}

Result<std::string> Signer::sign(const std::string& content, const std::string& id) const {
  BioPtr in(BIO_new_mem_buf(content.data(), static_cast<int>(content.size())));
  X509StackPtr chain(sk_X509_new_null());
  for (const auto& c : state_->chain) {
    X509_up_ref(c.get());
    sk_X509_push(chain.get(), c.get());
  }
  const unsigned flags = CMS_DETACHED | CMS_BINARY | CMS_PARTIAL;
  CmsPtr cms(CMS_sign(nullptr, nullptr, chain.get(), nullptr, flags));
  if (!cms) return std::unexpected(ssl_error(ErrorCode::internal, "cannot start the CMS signature"));
  CMS_SignerInfo* si = CMS_add1_signer(cms.get(), state_->cert.get(), state_->key.get(), EVP_sha256(), CMS_BINARY);
  if (si == nullptr) return std::unexpected(ssl_error(ErrorCode::internal, "cannot add the signer"));
  const std::string hint = content_hint_der(kHintPrefix + id);
  if (CMS_signed_add1_attr_by_NID(si, NID_id_smime_aa_contentHint, V_ASN1_SEQUENCE, hint.data(),
                                  static_cast<int>(hint.size())) != 1) {
    return std::unexpected(ssl_error(ErrorCode::internal, "cannot add the content hint"));
  }
  if (CMS_final(cms.get(), in.get(), nullptr, CMS_DETACHED | CMS_BINARY) != 1) {
    return std::unexpected(ssl_error(ErrorCode::internal, "signing failed"));
  }
  BioPtr out(BIO_new(BIO_s_mem()));
  if (i2d_CMS_bio(out.get(), cms.get()) != 1) return std::unexpected(ssl_error(ErrorCode::internal, "cannot encode the signature"));
  char* data = nullptr;
  const long n = BIO_get_mem_data(out.get(), &data);
  return std::string(data, static_cast<std::size_t>(n));
}

SignatureCheck check_signature(const std::string& content, const std::string& p7s_der, const std::string& id,
                               const std::string& ca_pem) {
  SignatureCheck check;
  BioPtr der(BIO_new_mem_buf(p7s_der.data(), static_cast<int>(p7s_der.size())));
  CmsPtr cms(d2i_CMS_bio(der.get(), nullptr));
  STACK_OF(CMS_SignerInfo)* infos = cms ? CMS_get0_SignerInfos(cms.get()) : nullptr;
  if (!cms || infos == nullptr || sk_CMS_SignerInfo_num(infos) != 1) {
    ERR_clear_error();
    check.code = "damaged_signature";
    check.message = "the signature file is damaged or truncated: it is not a CMS signature with one signer";
    return check;
  }
  CMS_SignerInfo* si = sk_CMS_SignerInfo_value(infos, 0);
  const int at = CMS_signed_get_attr_by_NID(si, NID_id_smime_aa_contentHint, -1);
  if (at >= 0) {
    ASN1_TYPE* t = X509_ATTRIBUTE_get0_type(CMS_signed_get_attr(si, at), 0);
    if (t != nullptr && t->type == V_ASN1_SEQUENCE) {
      const std::string text = content_hint_text(t->value.sequence->data, t->value.sequence->length);
      if (text.rfind(kHintPrefix, 0) == 0) check.hinted_id = text.substr(std::string(kHintPrefix).size());
    }
  }
  if (!check.hinted_id.empty() && check.hinted_id != id) {
    check.code = "other_certificate";
    check.message = fmt::format("the signature belongs to certificate {}, not to this certificate ({})",
                                check.hinted_id, id);
    return check;
  }
  // First the signature over this content, without judging the signer...
  StorePtr empty(X509_STORE_new());
  BioPtr data(BIO_new_mem_buf(content.data(), static_cast<int>(content.size())));
  if (CMS_verify(cms.get(), nullptr, empty.get(), data.get(), nullptr, CMS_BINARY | CMS_NO_SIGNER_CERT_VERIFY) != 1) {
    ERR_clear_error();
    check.code = "content_changed";
    check.message = "the certificate's content differs from what was signed: it was changed after signing";
    return check;
  }
  if (STACK_OF(X509)* signers = CMS_get0_signers(cms.get()); signers != nullptr && sk_X509_num(signers) > 0) {
    check.signer = identity_of(sk_X509_value(signers, 0));
    sk_X509_free(signers);
  }
  // ...then whether the signer is certified by the office CA.
  StorePtr store(X509_STORE_new());
  if (X509_STORE_load_file(store.get(), ca_pem.c_str()) != 1) {
    ERR_clear_error();
    check.code = "untrusted_signer";
    check.message = fmt::format("the office CA certificate cannot be read from {}", ca_pem);
    return check;
  }
  BioPtr again(BIO_new_mem_buf(content.data(), static_cast<int>(content.size())));
  if (CMS_verify(cms.get(), nullptr, store.get(), again.get(), nullptr, CMS_BINARY) != 1) {
    check.code = "untrusted_signer";
    check.message = fmt::format("the signer ({}) is not certified by the office CA in {} ({})", check.signer.subject,
                                ca_pem, openssl_error());
    return check;
  }
  check.code = "ok";
  check.message = "the signature is valid and the signer is certified by the office CA";
  return check;
}


Status create_office_keys(const std::string& dir, const std::string& office_name, const std::string& passphrase) {
  if (auto s = check_passphrase(passphrase); !s) return s;
  if (office_name.empty()) return std::unexpected(make_error(ErrorCode::invalid_input, "the office name is required"));
  std::error_code ec;
  fs::create_directories(dir, ec);
  ::chmod(dir.c_str(), 0700);
  const fs::path d(dir);
  for (const char* f : {"office-ca.pem", "office-ca.key", "signer.pem", "signer.key"}) {
    if (fs::exists(d / f)) {
      return std::unexpected(make_error(ErrorCode::refused,
                                        fmt::format("{} already exists; keys are never overwritten", f), dir));
    }
  }
  KeyPtr ca_key(EVP_EC_gen("P-256"));
  KeyPtr signer_key(EVP_EC_gen("P-256"));
  if (!ca_key || !signer_key) return std::unexpected(ssl_error(ErrorCode::internal, "cannot generate ECDSA P-256 keys"));
  auto ca = make_cert(ca_key.get(), office_name + " - CA wipeseal", office_name, nullptr, ca_key.get(), true, 20 * 365);
  if (!ca) return std::unexpected(ca.error());
  auto signer = make_cert(signer_key.get(), office_name + " - ký biên bản wipeseal", office_name, ca->get(),
                          ca_key.get(), false, 10 * 365);
  if (!signer) return std::unexpected(signer.error());
  if (auto s = write_key(d / "office-ca.key", ca_key.get(), passphrase); !s) return s;
  if (auto s = write_key(d / "signer.key", signer_key.get(), passphrase); !s) return s;
  if (auto s = write_certs(d / "office-ca.pem", {ca->get()}); !s) return s;
  return write_certs(d / "signer.pem", {signer->get(), ca->get()});
}

Status import_office_keys(const std::string& dir, const std::string& cert_pem, const std::string& key_pem,
                          const std::string& key_passphrase, const std::string& ca_pem, const std::string& passphrase) {
  if (auto s = check_passphrase(passphrase); !s) return s;
  auto signer = Signer::from_key_files(cert_pem, key_pem, key_passphrase);
  if (!signer) return std::unexpected(signer.error());
  std::error_code ec;
  fs::create_directories(dir, ec);
  ::chmod(dir.c_str(), 0700);
  const fs::path d(dir);
  if (fs::exists(d / "signer.key") || fs::exists(d / "signer.pem")) {
    return std::unexpected(make_error(ErrorCode::refused, "a signing key is already there; keys are never overwritten", dir));
  }
  if (auto s = write_key(d / "signer.key", signer->state_->key.get(), passphrase); !s) return s;
  std::vector<X509*> certs = {signer->state_->cert.get()};
  for (const auto& c : signer->state_->chain) certs.push_back(c.get());
  if (auto s = write_certs(d / "signer.pem", certs); !s) return s;
  if (ca_pem.empty()) return {};
  auto ca = read_certs(ca_pem);
  if (!ca) return std::unexpected(ca.error());
  std::vector<X509*> ca_certs;
  for (const auto& c : *ca) ca_certs.push_back(c.get());
  return write_certs(d / "office-ca.pem", ca_certs);
}

}  // namespace wipeseal::certificates
