#include "certificates/register.h"

#include <sqlite3.h>

#include <algorithm>
#include <map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "certificates/signing.h"

namespace wipeseal::certificates {
namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS certificates (
  signer TEXT NOT NULL,
  sequence INTEGER NOT NULL,
  id TEXT NOT NULL UNIQUE,
  record_id TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  previous_sha256 TEXT NOT NULL,
  issued_at TEXT NOT NULL,
  device TEXT NOT NULL,
  verdict TEXT NOT NULL,
  json BLOB NOT NULL,
  p7s BLOB NOT NULL,
  PRIMARY KEY (signer, sequence)
);
)sql";

Error db_error(sqlite3* db, const std::string& what, const std::string& path = {}) {
  return make_error(ErrorCode::io, fmt::format("{}: {}", what, sqlite3_errmsg(db)), path);
}

Status exec(sqlite3* db, const char* sql) {
  char* msg = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &msg) != SQLITE_OK) {
    Error e = make_error(ErrorCode::io, fmt::format("register: {}", msg != nullptr ? msg : "error"));
    sqlite3_free(msg);
    return std::unexpected(e);
  }
  return {};
}

class Statement {
 public:
  Statement(sqlite3* db, const char* sql) { sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr); }
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  sqlite3_stmt* get() const { return stmt_; }
  void text(int i, const std::string& s) { sqlite3_bind_text(stmt_, i, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT); }
  void blob(int i, const std::string& s) { sqlite3_bind_blob(stmt_, i, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT); }
  void integer(int i, std::uint64_t v) { sqlite3_bind_int64(stmt_, i, static_cast<sqlite3_int64>(v)); }
  std::string column(int i) const {
    const void* p = sqlite3_column_blob(stmt_, i);
    return p != nullptr ? std::string(static_cast<const char*>(p), static_cast<std::size_t>(sqlite3_column_bytes(stmt_, i)))
                        : std::string();
  }

 private:
  sqlite3_stmt* stmt_ = nullptr;
};

Status insert(sqlite3* db, const RegisterEntry& e) {
  Statement st(db,
               "INSERT INTO certificates (signer, sequence, id, record_id, sha256, previous_sha256, issued_at, device, "
               "verdict, json, p7s) VALUES (?,?,?,?,?,?,?,?,?,?,?)");
  st.text(1, e.signer);
  st.integer(2, e.sequence);
  st.text(3, e.id);
  st.text(4, e.record_id);
  st.text(5, e.sha256);
  st.text(6, e.previous_sha256);
  st.text(7, e.issued_at);
  st.text(8, e.device);
  st.text(9, e.verdict);
  st.blob(10, e.json);
  st.blob(11, e.p7s);
  if (sqlite3_step(st.get()) != SQLITE_DONE) return std::unexpected(db_error(db, "cannot add the certificate to the register"));
  return {};
}

Result<std::vector<RegisterEntry>> read_all(sqlite3* db) {
  Statement st(db,
               "SELECT signer, sequence, id, record_id, sha256, previous_sha256, issued_at, device, verdict, json, p7s "
               "FROM certificates ORDER BY signer, sequence");
  std::vector<RegisterEntry> out;
  int rc = 0;
  while ((rc = sqlite3_step(st.get())) == SQLITE_ROW) {
    RegisterEntry e;
    e.signer = st.column(0);
    e.sequence = static_cast<std::uint64_t>(sqlite3_column_int64(st.get(), 1));
    e.id = st.column(2);
    e.record_id = st.column(3);
    e.sha256 = st.column(4);
    e.previous_sha256 = st.column(5);
    e.issued_at = st.column(6);
    e.device = st.column(7);
    e.verdict = st.column(8);
    e.json = st.column(9);
    e.p7s = st.column(10);
    out.push_back(std::move(e));
  }
  if (rc != SQLITE_DONE) return std::unexpected(db_error(db, "cannot read the register"));
  return out;
}

}  // namespace

Result<Register> Register::open(const std::string& path) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, nullptr) !=
      SQLITE_OK) {
    Error e = db_error(db, "cannot open the register", path);
    sqlite3_close(db);
    return std::unexpected(e);
  }
  sqlite3_busy_timeout(db, 10000);
  Register r(db);
  // Rollback journal, not WAL: every commit lands in the one file, so a register copied off a
  // stick (without a -wal file beside it) is complete. Full sync: a certificate counted in the
  // register survives a power cut.
  if (auto s = exec(db, "PRAGMA journal_mode=DELETE; PRAGMA synchronous=FULL;"); !s) return std::unexpected(s.error());
  if (auto s = exec(db, kSchema); !s) return std::unexpected(s.error());
  return r;
}

Register::Register(Register&& o) noexcept : db_(std::exchange(o.db_, nullptr)) {}
Register& Register::operator=(Register&& o) noexcept {
  if (this != &o) {
    sqlite3_close(db_);
    db_ = std::exchange(o.db_, nullptr);
  }
  return *this;
}
Register::~Register() { sqlite3_close(db_); }

Result<Register::Transaction> Register::begin() {
  // IMMEDIATE: take the write lock now, so two issuers cannot draw the same number.
  if (auto s = exec(db_, "BEGIN IMMEDIATE"); !s) return std::unexpected(s.error());
  return Transaction(db_);
}

Register::Transaction::Transaction(Transaction&& o) noexcept : db_(o.db_), done_(std::exchange(o.done_, true)) {}

Register::Transaction::~Transaction() {
  if (!done_) (void)exec(db_, "ROLLBACK");
}

Result<std::pair<std::uint64_t, std::string>> Register::Transaction::next_for(const std::string& signer) {
  Statement st(db_, "SELECT sequence, sha256 FROM certificates WHERE signer = ? ORDER BY sequence DESC LIMIT 1");
  st.text(1, signer);
  const int rc = sqlite3_step(st.get());
  if (rc == SQLITE_ROW) return std::pair{static_cast<std::uint64_t>(sqlite3_column_int64(st.get(), 0)) + 1, st.column(1)};
  if (rc == SQLITE_DONE) return std::pair{std::uint64_t{1}, std::string()};
  return std::unexpected(db_error(db_, "cannot read the register"));
}

Result<std::optional<std::uint64_t>> Register::Transaction::find_record(const std::string& record_id) {
  Statement st(db_, "SELECT sequence FROM certificates WHERE record_id = ?");
  st.text(1, record_id);
  const int rc = sqlite3_step(st.get());
  if (rc == SQLITE_ROW) return std::optional<std::uint64_t>(static_cast<std::uint64_t>(sqlite3_column_int64(st.get(), 0)));
  if (rc == SQLITE_DONE) return std::optional<std::uint64_t>();
  return std::unexpected(db_error(db_, "cannot read the register"));
}

Status Register::Transaction::add(const RegisterEntry& entry) { return insert(db_, entry); }

Status Register::Transaction::commit() {
  if (auto s = exec(db_, "COMMIT"); !s) return s;
  done_ = true;
  return {};
}

Result<std::vector<RegisterEntry>> Register::entries() const { return read_all(db_); }

Result<std::vector<RegisterProblem>> Register::verify(const std::string& ca_pem) const {
  auto all = read_all(db_);
  if (!all) return std::unexpected(all.error());
  std::vector<RegisterProblem> problems;
  std::map<std::string, std::vector<const RegisterEntry*>> chains;
  for (const auto& e : *all) chains[e.signer].push_back(&e);
  for (const auto& [signer, chain] : chains) {
    const std::string who = signer.substr(0, 16);
    std::uint64_t expected = 1;
    const RegisterEntry* previous = nullptr;
    for (const RegisterEntry* e : chain) {
      if (e->sequence != expected) {
        problems.push_back({"missing", signer, expected,
                            e->sequence == expected + 1
                                ? fmt::format("signer {}: certificate number {} is missing (deleted from the register)",
                                              who, expected)
                                : fmt::format("signer {}: certificates {} to {} are missing (deleted from the register)",
                                              who, expected, e->sequence - 1)});
        previous = nullptr;  // the chain cannot be checked across the gap
      }
      expected = e->sequence + 1;
      if (sha256_hex(e->json) != e->sha256) {
        problems.push_back({"altered", signer, e->sequence,
                            fmt::format("signer {}: certificate {} ({}) was altered after it was registered", who,
                                        e->sequence, e->id)});
        previous = e;
        continue;
      }
      const nlohmann::json doc = nlohmann::json::parse(e->json, nullptr, false);
      const std::uint64_t issued_as = doc.is_object() ? doc.value("sequence", std::uint64_t{0}) : 0;
      if (issued_as != e->sequence) {
        problems.push_back({"reordered", signer, e->sequence,
                            fmt::format("signer {}: the register lists certificate {} as number {}, but it was issued "
                                        "as number {}: entries were reordered",
                                        who, e->id, e->sequence, issued_as)});
      } else if (previous != nullptr && e->previous_sha256 != previous->sha256) {
        problems.push_back({"reordered", signer, e->sequence,
                            fmt::format("signer {}: certificate {} does not follow certificate {}: its previous-hash "
                                        "names another certificate (entries reordered or replaced)",
                                        who, e->sequence, previous->sequence)});
      } else if (previous == nullptr && e->sequence == 1 && !e->previous_sha256.empty()) {
        problems.push_back({"reordered", signer, e->sequence,
                            fmt::format("signer {}: certificate 1 names a predecessor", who)});
      }
      if (!ca_pem.empty()) {
        const SignatureCheck sig = check_signature(e->json, e->p7s, e->id, ca_pem);
        if (!sig.ok()) {
          problems.push_back({"bad_signature", signer, e->sequence,
                              fmt::format("signer {}: certificate {}: {}", who, e->sequence, sig.message)});
        }
      }
      previous = e;
    }
  }
  return problems;
}

Result<std::size_t> Register::import_from(const std::string& other_path) {
  auto other = Register::open(other_path);
  if (!other) return std::unexpected(other.error());
  auto incoming = other->entries();
  if (!incoming) return std::unexpected(incoming.error());
  auto tx = begin();
  if (!tx) return std::unexpected(tx.error());
  std::size_t added = 0;
  for (const RegisterEntry& e : *incoming) {
    Statement st(db_, "SELECT sha256 FROM certificates WHERE signer = ? AND sequence = ?");
    st.text(1, e.signer);
    st.integer(2, e.sequence);
    if (sqlite3_step(st.get()) == SQLITE_ROW) {
      if (st.column(0) != e.sha256) {
        return std::unexpected(make_error(
            ErrorCode::corrupt,
            fmt::format("signer {} has two different certificates numbered {} ({} here, {} in {}); nothing was "
                        "imported. One of the registers was tampered with or the signing key was used on two "
                        "registers at once",
                        e.signer.substr(0, 16), e.sequence, st.column(0).substr(0, 16), e.sha256.substr(0, 16),
                        other_path)));
      }
      continue;
    }
    if (auto s = tx->add(e); !s) return std::unexpected(s.error());
    ++added;
  }
  if (auto s = tx->commit(); !s) return std::unexpected(s.error());
  return added;
}

}  // namespace wipeseal::certificates
