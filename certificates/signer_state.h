// What a Signer holds: its certificate and chain, its key (in memory or on a token). Internal to
// certificates/ (signing.cpp and keys.cpp).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <openssl/types.h>

#include "certificates/openssl_util.h"
#include "certificates/signing.h"

namespace wipeseal::certificates {

struct Signer::State {
  ossl::X509Ptr cert;
  std::vector<ossl::X509Ptr> chain;
  ossl::KeyPtr key;
  ENGINE* engine = nullptr;
  SignerIdentity identity;
  ~State();
  static Result<std::unique_ptr<State>> with_certs(const std::string& cert_pem);
};

}  // namespace wipeseal::certificates
