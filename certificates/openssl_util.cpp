#include "certificates/openssl_util.h"

#include <cerrno>

#include <fmt/format.h>
#include <openssl/err.h>
#include <openssl/pem.h>

#include "wipe/hex.h"

namespace wipeseal::certificates::ossl {

void free_x509_stack(STACK_OF(X509) * s) { sk_X509_pop_free(s, X509_free); }

std::string last_error() {
  unsigned long code = 0, last = 0;
  while ((code = ERR_get_error()) != 0) last = code;
  if (last == 0) return "unknown OpenSSL error";
  char buf[256];
  ERR_error_string_n(last, buf, sizeof buf);
  return buf;
}

Error error(ErrorCode code, const std::string& what, const std::string& path) {
  return make_error(code, fmt::format("{} ({})", what, last_error()), path);
}

Result<std::vector<X509Ptr>> read_certs(const std::string& path) {
  BioPtr bio(BIO_new_file(path.c_str(), "r"));
  if (!bio) {
    ERR_clear_error();
    return std::unexpected(errno_error(errno, "cannot open the certificate file", path));
  }
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
  id.subject = bio_bytes(mem.get());
  return id;
}

std::string bio_bytes(BIO* bio) {
  char* data = nullptr;
  const long n = BIO_get_mem_data(bio, &data);
  return n > 0 ? std::string(data, static_cast<std::size_t>(n)) : std::string();
}

std::optional<std::time_t> parse_rfc3339(const std::string& text) {
  struct tm tm {};
  const char* end = strptime(text.c_str(), "%Y-%m-%dT%H:%M:%S", &tm);
  if (end == nullptr) return std::nullopt;
  return timegm(&tm);
}

}  // namespace wipeseal::certificates::ossl
