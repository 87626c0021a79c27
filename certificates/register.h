// The local register (SQLite): every certificate a signer issues gets the next sequence number
// and carries the SHA-256 of that signer's previous certificate, so a removed, altered or
// reordered certificate breaks the chain. Registers collected from many machines' sticks merge
// into a central one, each signer's chain kept whole.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "wipe/error.h"

struct sqlite3;

namespace wipeseal::certificates {

struct RegisterEntry {
  std::string signer;             // fingerprint of the signing certificate
  std::uint64_t sequence = 0;
  std::string id;                 // the certificate's
  std::string record_id;          // the job record it certifies
  std::string sha256;             // of the canonical JSON
  std::string previous_sha256;
  std::string issued_at;
  std::string device;             // "model, S/N serial"
  std::string verdict;            // "passed", "passed_with_exceptions", "failed"
  std::string json;               // the canonical JSON as signed
  std::string p7s;                // the detached signature (DER)
};

struct RegisterProblem {
  std::string kind;     // "missing", "altered", "reordered", "bad_signature"
  std::string signer;
  std::uint64_t sequence = 0;
  std::string message;  // English, precise
};

class Register {
 public:
  // Opens (creating if needed) the register at `path`.
  static Result<Register> open(const std::string& path);
  Register(Register&&) noexcept;
  Register& operator=(Register&&) noexcept;
  ~Register();

  // A write transaction holding the register's lock: reserve a number, then add or roll back.
  class Transaction {
   public:
    ~Transaction();  // rolls back unless committed
    Transaction(Transaction&&) noexcept;
    Transaction& operator=(Transaction&&) = delete;
    // The next sequence number for `signer` and the SHA-256 of its previous certificate.
    Result<std::pair<std::uint64_t, std::string>> next_for(const std::string& signer);
    // The number under which the job record `record_id` was certified, if it was.
    Result<std::optional<std::uint64_t>> find_record(const std::string& record_id);
    Status add(const RegisterEntry& entry);
    Status commit();

   private:
    friend class Register;
    explicit Transaction(sqlite3* db) : db_(db) {}
    sqlite3* db_;
    bool done_ = false;
  };
  Result<Transaction> begin();

  Result<std::vector<RegisterEntry>> entries() const;  // by signer, then sequence
  // Checks every chain: numbers without gaps, stored JSON matching its hash and its place, each
  // certificate naming its predecessor's hash. If `ca_pem` is given, every signature as well.
  Result<std::vector<RegisterProblem>> verify(const std::string& ca_pem) const;
  // Merges another register into this one. A certificate already present must be identical;
  // a conflicting one stops the import (nothing is merged) with a precise error.
  Result<std::size_t> import_from(const std::string& other_path);

 private:
  explicit Register(sqlite3* db) : db_(db) {}
  sqlite3* db_ = nullptr;
};

}  // namespace wipeseal::certificates
