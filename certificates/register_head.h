// The register's signed head: after every issue, the count of a signer's certificates and the
// hash of its last one, signed by that signer, written beside the register
// (<register>.heads/<signer fingerprint>.json and .p7s). Deleting the last entries of the
// register (and so freeing their numbers) no longer goes unnoticed: the head still counts them,
// `register verify` reports the missing tail, and the issuer refuses to draw a number again.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "certificates/register.h"
#include "certificates/signing.h"
#include "wipe/error.h"

namespace wipeseal::certificates {

inline constexpr const char* kRegisterHeadSchema = "wipeseal.register-head/1";

struct RegisterHead {
  std::string signer;              // fingerprint
  std::uint64_t count = 0;         // the signer's certificates, 1..count
  std::string last_sha256;         // of certificate `count`
  std::string last_id;
  std::string written_at;          // local clock
};

// A head as found on disk, with its signed bytes.
struct StoredHead {
  RegisterHead head;
  std::string json;  // canonical, as signed
  std::string p7s;
  std::string path;  // of the .json
  std::string problem;  // English; empty when the file reads as a head (its signature is checked elsewhere)
};

std::string heads_dir(const std::string& register_path);

// Writes the head of `signer` from what the register holds now, unless a head on disk already
// counts as many or more (heads only grow). Durable.
Status write_head(const Register& reg, const Signer& signer);

// Every head beside the register (none: an empty list).
Result<std::vector<StoredHead>> read_heads(const std::string& register_path);
// The head of `signer`, if one is there and its signature is `signer`'s own.
Result<std::optional<RegisterHead>> own_head(const std::string& register_path, const Signer& signer);

// Copies the heads found beside `from_register` to beside `to_register`, keeping for each signer
// the one that counts more. File names are checked (a fingerprint each); contents are checked
// when the register is verified. Returns how many were copied.
Result<std::size_t> import_heads(const std::string& from_register, const std::string& to_register);

}  // namespace wipeseal::certificates
