#include "certificates/keys.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <vector>

#include <fmt/format.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/rand.h>
#include <openssl/x509v3.h>

#include "certificates/openssl_util.h"
#include "certificates/signer_state.h"

namespace wipeseal::certificates {
namespace fs = std::filesystem;
using namespace ossl;

namespace {

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
  // PKCS#8 with PBES2 (RFC 8018): AES-256-CBC, its key from the passphrase by
  // PBKDF2-HMAC-SHA256. OpenSSL's PEM writer uses 2,048 iterations; the parameters are set here.
  X509_ALGOR* pbe = PKCS5_pbe2_set_iv(EVP_aes_256_cbc(), kKeyKdfIterations, nullptr, 0, nullptr, NID_hmacWithSHA256);
  std::unique_ptr<PKCS8_PRIV_KEY_INFO, Deleter<PKCS8_PRIV_KEY_INFO, PKCS8_PRIV_KEY_INFO_free>> info(EVP_PKEY2PKCS8(key));
  if (pbe == nullptr || !info) {
    X509_ALGOR_free(pbe);
    return std::unexpected(error(ErrorCode::internal, "cannot prepare the key's encryption", path.string()));
  }
  std::unique_ptr<X509_SIG, Deleter<X509_SIG, X509_SIG_free>> sealed(
      PKCS8_set0_pbe(passphrase.data(), static_cast<int>(passphrase.size()), info.get(), pbe));
  if (!sealed) {
    X509_ALGOR_free(pbe);
    return std::unexpected(error(ErrorCode::internal, "cannot encrypt the key", path.string()));
  }
  auto bio = create_file(path, 0600);
  if (!bio) return std::unexpected(bio.error());
  if (PEM_write_bio_PKCS8(bio->get(), sealed.get()) != 1 || BIO_flush(bio->get()) != 1) {
    return std::unexpected(error(ErrorCode::io, "cannot write the encrypted key", path.string()));
  }
  return {};
}

Status write_certs(const fs::path& path, const std::vector<X509*>& certs) {
  auto bio = create_file(path, 0644);
  if (!bio) return std::unexpected(bio.error());
  for (X509* c : certs) {
    if (PEM_write_bio_X509(bio->get(), c) != 1) {
      return std::unexpected(error(ErrorCode::io, "cannot write the certificate", path.string()));
    }
  }
  return {};
}

Status add_ext(X509* cert, X509* issuer, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
  if (ext == nullptr) return std::unexpected(error(ErrorCode::internal, "cannot build a certificate extension"));
  X509_add_ext(cert, ext, -1);
  X509_EXTENSION_free(ext);
  return {};
}

Result<X509Ptr> make_cert(EVP_PKEY* subject_key, const std::string& common_name, const std::string& organisation,
                          X509* issuer, EVP_PKEY* issuer_key, bool ca, int years) {
  X509Ptr cert(X509_new());
  X509_set_version(cert.get(), 2);
  unsigned char serial[16];
  RAND_bytes(serial, sizeof serial);
  serial[0] &= 0x7F;  // positive
  BIGNUM* bn = BN_bin2bn(serial, sizeof serial, nullptr);
  BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert.get()));
  BN_free(bn);
  // Valid from two days back: a computer whose clock is a few hours behind (a hardware clock kept
  // in local time and read as UTC, or the reverse) must be able to sign on the day the key is
  // made; the issuer refuses any time outside the validity (Signer::usable_at).
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -2L * 24 * 3600);
  // Whole days: leap days included, so "50 years" does not end a few weeks early.
  X509_time_adj_ex(X509_getm_notAfter(cert.get()), years * 365 + years / 4 + 1, 0, nullptr);
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
    return std::unexpected(error(ErrorCode::internal, "cannot sign the certificate"));
  }
  return cert;
}

Status check_passphrase(const std::string& passphrase, const char* what) {
  if (passphrase.size() < 8) {
    return std::unexpected(make_error(ErrorCode::invalid_input,
                                      fmt::format("the passphrase protecting {} must have at least 8 characters", what)));
  }
  return {};
}

Status private_folder(const fs::path& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return std::unexpected(make_error(ErrorCode::io, "cannot create the folder: " + ec.message(), dir.string()));
  ::chmod(dir.c_str(), 0700);
  return {};
}

Status refuse_existing(const fs::path& dir, std::initializer_list<const char*> files) {
  for (const char* f : files) {
    if (fs::exists(dir / f)) {
      return std::unexpected(make_error(ErrorCode::refused,
                                        fmt::format("{} already exists; keys are never overwritten", f), dir.string()));
    }
  }
  return {};
}

}  // namespace

// Reads what an imported Signer holds (a friend of Signer).
struct SignerKeyWriter {
  static Status write(const Signer& signer, const fs::path& dir, const std::string& passphrase) {
    if (auto s = write_key(dir / "signer.key", signer.state_->key.get(), passphrase); !s) return s;
    std::vector<X509*> certs = {signer.state_->cert.get()};
    for (const auto& c : signer.state_->chain) certs.push_back(c.get());
    return write_certs(dir / "signer.pem", certs);
  }
};

Status create_office_keys(const std::string& key_dir, const std::string& office_name, const std::string& passphrase,
                          const std::optional<CaKeyPlacement>& ca_key) {
  if (auto s = check_passphrase(passphrase, "the signing key"); !s) return s;
  if (office_name.empty()) return std::unexpected(make_error(ErrorCode::invalid_input, "the office name is required"));
  const fs::path d(key_dir);
  if (ca_key) {
    if (auto s = check_passphrase(ca_key->passphrase, "the CA key"); !s) return s;
    if (ca_key->passphrase == passphrase) {
      return std::unexpected(make_error(ErrorCode::invalid_input,
                                        "the CA key needs its own passphrase, not the signing key's"));
    }
    std::error_code ec;
    if (fs::weakly_canonical(ca_key->dir, ec) == fs::weakly_canonical(d, ec)) {
      return std::unexpected(make_error(ErrorCode::invalid_input,
                                        "the CA key must go to another folder than the signing key", ca_key->dir));
    }
    if (auto s = refuse_existing(ca_key->dir, {"office-ca.key", "office-ca.pem"}); !s) return s;
  }
  if (auto s = refuse_existing(d, {"office-ca.pem", "office-ca.key", "signer.pem", "signer.key"}); !s) return s;
  KeyPtr ca(EVP_EC_gen("P-256"));
  KeyPtr signer_key(EVP_EC_gen("P-256"));
  if (!ca || !signer_key) return std::unexpected(error(ErrorCode::internal, "cannot generate ECDSA P-256 keys"));
  auto ca_cert = make_cert(ca.get(), office_name + " - CA wipeseal", office_name, nullptr, ca.get(), true, kCaValidityYears);
  if (!ca_cert) return std::unexpected(ca_cert.error());
  auto signer = make_cert(signer_key.get(), office_name + " - ký biên bản wipeseal", office_name, ca_cert->get(), ca.get(),
                          false, kSignerValidityYears);
  if (!signer) return std::unexpected(signer.error());
  if (ca_key) {
    if (auto s = private_folder(ca_key->dir); !s) return s;
    if (auto s = write_key(fs::path(ca_key->dir) / "office-ca.key", ca.get(), ca_key->passphrase); !s) return s;
    if (auto s = write_certs(fs::path(ca_key->dir) / "office-ca.pem", {ca_cert->get()}); !s) return s;
  }
  if (auto s = private_folder(d); !s) return s;
  if (auto s = write_key(d / "signer.key", signer_key.get(), passphrase); !s) return s;
  if (auto s = write_certs(d / "office-ca.pem", {ca_cert->get()}); !s) return s;
  return write_certs(d / "signer.pem", {signer->get(), ca_cert->get()});
}

Status import_office_keys(const std::string& dir, const std::string& cert_pem, const std::string& key_pem,
                          const std::string& key_passphrase, const std::string& ca_pem, const std::string& passphrase) {
  if (auto s = check_passphrase(passphrase, "the signing key"); !s) return s;
  auto signer = Signer::from_key_files(cert_pem, key_pem, key_passphrase);
  if (!signer) return std::unexpected(signer.error());
  const fs::path d(dir);
  if (fs::exists(d / "signer.key") || fs::exists(d / "signer.pem")) {
    return std::unexpected(make_error(ErrorCode::refused, "a signing key is already there; keys are never overwritten", dir));
  }
  if (auto s = private_folder(d); !s) return s;
  if (auto s = SignerKeyWriter::write(*signer, d, passphrase); !s) return s;
  if (ca_pem.empty()) return {};
  auto ca = read_certs(ca_pem);
  if (!ca) return std::unexpected(ca.error());
  std::vector<X509*> ca_certs;
  for (const auto& c : *ca) ca_certs.push_back(c.get());
  return write_certs(d / "office-ca.pem", ca_certs);
}

}  // namespace wipeseal::certificates
