// OpenSSL helpers shared by the certificate units (signing, keys, PDF signatures, register
// heads): owning pointers, errors in words, PEM certificate files, a signer's identity, times.
// Internal to certificates/.
#pragma once

#include <ctime>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include "certificates/certificate.h"
#include "wipe/error.h"

namespace wipeseal::certificates::ossl {

template <class T, void (*F)(T*)>
struct Deleter {
  void operator()(T* p) const { F(p); }
};
using BioPtr = std::unique_ptr<BIO, Deleter<BIO, BIO_free_all>>;
using X509Ptr = std::unique_ptr<X509, Deleter<X509, X509_free>>;
using KeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>>;
using CmsPtr = std::unique_ptr<CMS_ContentInfo, Deleter<CMS_ContentInfo, CMS_ContentInfo_free>>;
using StorePtr = std::unique_ptr<X509_STORE, Deleter<X509_STORE, X509_STORE_free>>;
void free_x509_stack(STACK_OF(X509) * s);
using X509StackPtr = std::unique_ptr<STACK_OF(X509), Deleter<STACK_OF(X509), free_x509_stack>>;

// The most recent OpenSSL error in words; clears the queue.
std::string last_error();
Error error(ErrorCode code, const std::string& what, const std::string& path = {});

// Every certificate in a PEM file, in order.
Result<std::vector<X509Ptr>> read_certs(const std::string& path);
SignerIdentity identity_of(X509* cert);
// The bytes of a memory BIO.
std::string bio_bytes(BIO* bio);

// "2026-11-21T08:15:02.123Z" (or without milliseconds) as seconds since the epoch.
std::optional<std::time_t> parse_rfc3339(const std::string& text);

}  // namespace wipeseal::certificates::ossl
