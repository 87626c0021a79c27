// The local register (SQLite): every certificate a signer issues gets the next sequence number
// and carries the SHA-256 of that signer's previous certificate, so a removed, altered or
// reordered certificate breaks the chain. Each job record is certified once (a table of the
// records each certificate covers). Registers collected from many machines' sticks merge into a
// central one, each signer's chain kept whole; a register from elsewhere is hostile input, opened
// read-only and checked row by row before anything of it is used. Checking a register:
// register_check.h; its signed head: register_head.h.
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
  std::int64_t row = 0;                 // SQLite rowid, to name a row in messages
  std::string signer;                   // fingerprint of the signing certificate
  std::uint64_t sequence = 0;
  std::string id;                       // the certificate's
  std::vector<std::string> record_ids;  // the job records it certifies
  std::string sha256;                   // of the canonical JSON
  std::string previous_sha256;
  std::string issued_at;
  std::string device;                   // "model S/N serial; ..." (certificate.h: devices_summary)
  std::string verdict;                  // the overall verdict code
  std::string json;                     // the canonical JSON as signed
  std::string p7s;                      // the detached signature (DER)
};

// What is wrong with a row (empty: nothing): "malformed" (a value without the form the issuer
// writes: UUIDs, hex digests; so a hostile row never names a file), "altered" (the JSON does not
// match its hash) or "column_mismatch" (a column says what the signed JSON does not), one
// English sentence each.
struct RowProblem {
  std::string kind;
  std::string message;
};
std::vector<RowProblem> row_problems(const RegisterEntry& e);
// "row 3 (certificate 2 of signer 1a2b3c4d...)": how messages name a row.
std::string describe_row(const RegisterEntry& e);

class Register {
 public:
  // Opens (creating if needed) the register at `path`, read-write.
  static Result<Register> open(const std::string& path);
  // Opens an existing register: a missing file is `not_found` and nothing is created; read-only
  // for registers that are only read (list, verify, export, the source of an import). A file
  // that is not a wipeseal register is `invalid_input`.
  static Result<Register> open_existing(const std::string& path, bool read_only);
  Register(Register&&) noexcept;
  Register& operator=(Register&&) noexcept;
  ~Register();
  const std::string& path() const { return path_; }

  // A write transaction holding the register's lock: reserve a number, then add or roll back.
  class Transaction {
   public:
    ~Transaction();  // rolls back unless committed
    Transaction(Transaction&&) noexcept;
    Transaction& operator=(Transaction&&) = delete;
    // The next sequence number for `signer` and the SHA-256 of its previous certificate.
    Result<std::pair<std::uint64_t, std::string>> next_for(const std::string& signer);
    // Which of `record_ids` are certified already: (record id, certificate id) pairs.
    Result<std::vector<std::pair<std::string, std::string>>> certified(const std::vector<std::string>& record_ids);
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
  // The certificate covering `record_id`, if one does.
  Result<std::optional<RegisterEntry>> certificate_of(const std::string& record_id) const;
  // record id -> certificate id, as the register's index holds it.
  Result<std::vector<std::pair<std::string, std::string>>> record_index() const;
  // The last certificate of `signer`, if any.
  Result<std::optional<RegisterEntry>> last_of(const std::string& signer) const;
  // Merges another register into this one. Every row of the other register is checked first
  // (row_problems); a bad row or a conflicting certificate (another one under the same number,
  // or a record already certified elsewhere) stops the import: nothing is merged and the error
  // names the row. Returns the number of certificates added.
  Result<std::size_t> import_from(const std::string& other_path);

 private:
  Register(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  sqlite3* db_ = nullptr;
  std::string path_;
};

}  // namespace wipeseal::certificates
