#include "certificates/register.h"

#include <sqlite3.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <map>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "certificates/certificate.h"
#include "wipe/hex.h"

namespace wipeseal::certificates {
namespace {

// Format 2: several records per certificate. user_version tells a wipeseal register of this
// format from any other SQLite file.
constexpr int kFormat = 2;
constexpr const char* kSchema = R"sql(
CREATE TABLE certificates (
  signer TEXT NOT NULL,
  sequence INTEGER NOT NULL,
  id TEXT NOT NULL UNIQUE,
  record_ids TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  previous_sha256 TEXT NOT NULL,
  issued_at TEXT NOT NULL,
  device TEXT NOT NULL,
  verdict TEXT NOT NULL,
  json BLOB NOT NULL,
  p7s BLOB NOT NULL,
  PRIMARY KEY (signer, sequence)
);
CREATE TABLE certified_records (
  record_id TEXT PRIMARY KEY,
  certificate_id TEXT NOT NULL
);
PRAGMA user_version = 2;
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
  bool ok() const { return stmt_ != nullptr; }
  void text(int i, const std::string& s) { sqlite3_bind_text(stmt_, i, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT); }
  void blob(int i, const std::string& s) { sqlite3_bind_blob(stmt_, i, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT); }
  void integer(int i, std::uint64_t v) { sqlite3_bind_int64(stmt_, i, static_cast<sqlite3_int64>(v)); }
  int step() { return stmt_ != nullptr ? sqlite3_step(stmt_) : SQLITE_ERROR; }
  std::string column(int i) const {
    const void* p = sqlite3_column_blob(stmt_, i);
    return p != nullptr ? std::string(static_cast<const char*>(p), static_cast<std::size_t>(sqlite3_column_bytes(stmt_, i)))
                        : std::string();
  }

 private:
  sqlite3_stmt* stmt_ = nullptr;
};

std::vector<std::string> split_ids(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = std::min(text.find(' ', start), text.size());
    if (end > start) out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

std::string join_ids(const std::vector<std::string>& ids) {
  std::string out;
  for (const auto& id : ids) out += (out.empty() ? "" : " ") + id;
  return out;
}

bool is_hex64(const std::string& s) {
  return s.size() == 64 && std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

constexpr const char* kColumns =
    "SELECT rowid, signer, sequence, id, record_ids, sha256, previous_sha256, issued_at, device, verdict, json, p7s "
    "FROM certificates ";

RegisterEntry read_row(const Statement& st) {
  RegisterEntry e;
  e.row = sqlite3_column_int64(st.get(), 0);
  e.signer = st.column(1);
  e.sequence = static_cast<std::uint64_t>(sqlite3_column_int64(st.get(), 2));
  e.id = st.column(3);
  e.record_ids = split_ids(st.column(4));
  e.sha256 = st.column(5);
  e.previous_sha256 = st.column(6);
  e.issued_at = st.column(7);
  e.device = st.column(8);
  e.verdict = st.column(9);
  e.json = st.column(10);
  e.p7s = st.column(11);
  return e;
}

Result<std::vector<RegisterEntry>> select(sqlite3* db, const std::string& tail, const std::vector<std::string>& args) {
  Statement st(db, (std::string(kColumns) + tail).c_str());
  if (!st.ok()) return std::unexpected(db_error(db, "cannot read the register"));
  for (std::size_t i = 0; i < args.size(); ++i) st.text(static_cast<int>(i + 1), args[i]);
  std::vector<RegisterEntry> out;
  int rc = 0;
  while ((rc = st.step()) == SQLITE_ROW) out.push_back(read_row(st));
  if (rc != SQLITE_DONE) return std::unexpected(db_error(db, "cannot read the register"));
  return out;
}

Status insert(sqlite3* db, const RegisterEntry& e) {
  Statement st(db,
               "INSERT INTO certificates (signer, sequence, id, record_ids, sha256, previous_sha256, issued_at, device, "
               "verdict, json, p7s) VALUES (?,?,?,?,?,?,?,?,?,?,?)");
  st.text(1, e.signer);
  st.integer(2, e.sequence);
  st.text(3, e.id);
  st.text(4, join_ids(e.record_ids));
  st.text(5, e.sha256);
  st.text(6, e.previous_sha256);
  st.text(7, e.issued_at);
  st.text(8, e.device);
  st.text(9, e.verdict);
  st.blob(10, e.json);
  st.blob(11, e.p7s);
  if (st.step() != SQLITE_DONE) return std::unexpected(db_error(db, "cannot add the certificate to the register"));
  for (const std::string& record : e.record_ids) {
    Statement idx(db, "INSERT INTO certified_records (record_id, certificate_id) VALUES (?, ?)");
    idx.text(1, record);
    idx.text(2, e.id);
    if (idx.step() != SQLITE_DONE) return std::unexpected(db_error(db, "cannot add the certificate to the register"));
  }
  return {};
}

// An untrusted file must not run code through its schema (SQLite's defensive settings).
void harden(sqlite3* db) {
  sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
  sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, nullptr);
  sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, nullptr);
  sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_VIEW, 0, nullptr);
}

int user_version(sqlite3* db) {
  Statement st(db, "PRAGMA user_version");
  return st.step() == SQLITE_ROW ? sqlite3_column_int(st.get(), 0) : -1;
}

bool has_tables(sqlite3* db) {
  Statement st(db, "SELECT count(*) FROM sqlite_master");
  return st.step() == SQLITE_ROW && sqlite3_column_int(st.get(), 0) > 0;
}

}  // namespace

std::string describe_row(const RegisterEntry& e) {
  return fmt::format("row {} (certificate {} of signer {})", e.row, e.sequence, e.signer.substr(0, 16));
}

std::vector<RowProblem> row_problems(const RegisterEntry& e) {
  std::vector<RowProblem> out;
  const auto malformed = [&](std::string why) { out.push_back({"malformed", std::move(why)}); };
  if (!is_certificate_id(e.id)) malformed(fmt::format("its id '{}' is not a certificate id (a UUID)", e.id));
  if (!is_hex64(e.signer)) malformed(fmt::format("its signer '{}' is not a SHA-256 fingerprint", e.signer));
  if (!is_hex64(e.sha256)) malformed("its sha256 is not a SHA-256 digest");
  if (!e.previous_sha256.empty() && !is_hex64(e.previous_sha256)) malformed("its previous_sha256 is not a SHA-256 digest");
  if (e.sequence == 0) malformed("its number is 0");
  if (e.record_ids.empty()) malformed("it names no job record");
  for (const auto& r : e.record_ids) {
    if (!is_certificate_id(r)) malformed(fmt::format("its record id '{}' is not a UUID", r));
  }
  if (!out.empty()) return out;
  if (sha256_hex(e.json) != e.sha256) {
    out.push_back({"altered", "its JSON does not match its SHA-256: the certificate was altered after it was registered"});
    return out;
  }
  const nlohmann::json doc = nlohmann::json::parse(e.json, nullptr, false);
  auto cert = certificate_from_json(doc);
  if (!cert) {
    malformed("its JSON is not a wipeseal certificate: " + cert.error().message);
    return out;
  }
  const auto differs = [&](const char* column, const std::string& shown, const std::string& signed_value) {
    if (shown != signed_value) {
      out.push_back({"column_mismatch", fmt::format("its {} column says '{}' but the signed certificate says '{}'",
                                                    column, shown, signed_value)});
    }
  };
  differs("id", e.id, cert->id);
  differs("sequence", std::to_string(e.sequence), std::to_string(cert->sequence));
  differs("signer", e.signer, cert->signer.fingerprint_sha256);
  differs("previous_sha256", e.previous_sha256, cert->previous_sha256);
  differs("issued_at", e.issued_at, cert->issued_at);
  differs("record_ids", join_ids(e.record_ids), join_ids(record_ids(*cert)));
  differs("device", e.device, devices_summary(*cert));
  differs("verdict", e.verdict, judge_all(cert->records, cert->office.secrecy_level).code);
  if (doc.contains("verdict") && doc["verdict"].value("code", "") != e.verdict) {
    differs("verdict", e.verdict, doc["verdict"].value("code", ""));
  }
  return out;
}

namespace {

// Opens the SQLite file with `flags`, waits up to 10 s for another process's lock, and applies the
// defensive settings every register gets.
Result<sqlite3*> open_database(const std::string& path, int flags) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, flags | SQLITE_OPEN_FULLMUTEX, nullptr) != SQLITE_OK) {
    Error e = db_error(db, "cannot open the register", path);
    sqlite3_close(db);
    return std::unexpected(e);
  }
  sqlite3_busy_timeout(db, 10000);
  harden(db);
  return db;
}

}  // namespace

Result<Register> Register::open(const std::string& path) {
  auto opened = open_database(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  if (!opened) return std::unexpected(opened.error());
  sqlite3* db = *opened;
  Register r(db, path);
  // Rollback journal, not WAL: every commit lands in the one file, so a register copied off a
  // stick (without a -wal file beside it) is complete. Full sync: a certificate counted in the
  // register survives a power cut.
  if (auto s = exec(db, "PRAGMA journal_mode=DELETE; PRAGMA synchronous=FULL;"); !s) return std::unexpected(s.error());
  if (!has_tables(db)) {
    if (auto s = exec(db, "BEGIN IMMEDIATE"); !s) return std::unexpected(s.error());
    if (auto s = has_tables(db) ? Status{} : exec(db, kSchema); !s) {
      (void)exec(db, "ROLLBACK");  // the error that matters is the schema's
      return std::unexpected(s.error());
    }
    if (auto s = exec(db, "COMMIT"); !s) return std::unexpected(s.error());
  }
  if (user_version(db) != kFormat) {
    return std::unexpected(make_error(ErrorCode::invalid_input,
                                      fmt::format("this is not a wipeseal register of format {} (an earlier "
                                                  "development version's, or another program's database)",
                                                  kFormat),
                                      path));
  }
  return r;
}

Result<Register> Register::open_existing(const std::string& path, bool read_only) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return std::unexpected(errno_error(errno, "there is no register here", path));
  if (!S_ISREG(st.st_mode)) return std::unexpected(make_error(ErrorCode::invalid_input, "this is not a register file", path));
  if (!read_only) return open(path);
  auto opened = open_database(path, SQLITE_OPEN_READONLY);
  if (!opened) return std::unexpected(opened.error());
  sqlite3* db = *opened;
  Register r(db, path);
  if (user_version(db) != kFormat) {
    return std::unexpected(make_error(ErrorCode::invalid_input,
                                      fmt::format("this file is not a wipeseal register (format {})", kFormat), path));
  }
  return r;
}

Register::Register(Register&& o) noexcept : db_(std::exchange(o.db_, nullptr)), path_(std::move(o.path_)) {}
Register& Register::operator=(Register&& o) noexcept {
  if (this != &o) {
    sqlite3_close(db_);
    db_ = std::exchange(o.db_, nullptr);
    path_ = std::move(o.path_);
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
  if (!done_) (void)exec(db_, "ROLLBACK");  // nothing to report: the transaction is being abandoned
}

Result<std::pair<std::uint64_t, std::string>> Register::Transaction::next_for(const std::string& signer) {
  Statement st(db_, "SELECT sequence, sha256 FROM certificates WHERE signer = ? ORDER BY sequence DESC LIMIT 1");
  st.text(1, signer);
  const int rc = st.step();
  if (rc == SQLITE_ROW) return std::pair{static_cast<std::uint64_t>(sqlite3_column_int64(st.get(), 0)) + 1, st.column(1)};
  if (rc == SQLITE_DONE) return std::pair{std::uint64_t{1}, std::string()};
  return std::unexpected(db_error(db_, "cannot read the register"));
}

Result<std::vector<std::pair<std::string, std::string>>> Register::Transaction::certified(
    const std::vector<std::string>& record_ids) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const std::string& record : record_ids) {
    Statement st(db_, "SELECT certificate_id FROM certified_records WHERE record_id = ?");
    st.text(1, record);
    const int rc = st.step();
    if (rc == SQLITE_ROW) out.emplace_back(record, st.column(0));
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return std::unexpected(db_error(db_, "cannot read the register"));
  }
  return out;
}

Status Register::Transaction::add(const RegisterEntry& entry) { return insert(db_, entry); }

Status Register::Transaction::commit() {
  if (auto s = exec(db_, "COMMIT"); !s) return s;
  done_ = true;
  return {};
}

Result<std::vector<RegisterEntry>> Register::entries() const { return select(db_, "ORDER BY signer, sequence", {}); }

Result<std::optional<RegisterEntry>> Register::certificate_of(const std::string& record_id) const {
  auto rows = select(db_, "WHERE id = (SELECT certificate_id FROM certified_records WHERE record_id = ?)", {record_id});
  if (!rows) return std::unexpected(rows.error());
  if (rows->empty()) return std::optional<RegisterEntry>();
  return std::optional<RegisterEntry>(std::move(rows->front()));
}

Result<std::optional<RegisterEntry>> Register::last_of(const std::string& signer) const {
  auto rows = select(db_, "WHERE signer = ? ORDER BY sequence DESC LIMIT 1", {signer});
  if (!rows) return std::unexpected(rows.error());
  if (rows->empty()) return std::optional<RegisterEntry>();
  return std::optional<RegisterEntry>(std::move(rows->front()));
}

Result<std::vector<std::pair<std::string, std::string>>> Register::record_index() const {
  Statement st(db_, "SELECT record_id, certificate_id FROM certified_records ORDER BY record_id");
  std::vector<std::pair<std::string, std::string>> out;
  int rc = 0;
  while ((rc = st.step()) == SQLITE_ROW) out.emplace_back(st.column(0), st.column(1));
  if (rc != SQLITE_DONE) return std::unexpected(db_error(db_, "cannot read the register"));
  return out;
}

Result<std::size_t> Register::import_from(const std::string& other_path) {
  auto other = Register::open_existing(other_path, true);
  if (!other) return std::unexpected(other.error());
  auto incoming = other->entries();
  if (!incoming) return std::unexpected(incoming.error());
  const auto refuse = [&](const RegisterEntry& e, const std::string& why) {
    return std::unexpected(make_error(ErrorCode::corrupt,
                                      fmt::format("{} of {}: {}; nothing was imported", describe_row(e), other_path, why)));
  };
  for (const RegisterEntry& e : *incoming) {
    if (const auto problems = row_problems(e); !problems.empty()) return refuse(e, problems.front().message);
  }
  auto tx = begin();
  if (!tx) return std::unexpected(tx.error());
  std::size_t added = 0;
  for (const RegisterEntry& e : *incoming) {
    auto same_number = select(db_, "WHERE signer = ? AND sequence = ?", {e.signer, std::to_string(e.sequence)});
    if (!same_number) return std::unexpected(same_number.error());
    if (!same_number->empty()) {
      if (same_number->front().sha256 != e.sha256) {
        return refuse(e, fmt::format("this register holds another certificate under the same number (SHA-256 {} here, "
                                     "{} there): one of the registers was tampered with, or the signing key was used "
                                     "on two registers at once",
                                     same_number->front().sha256.substr(0, 16), e.sha256.substr(0, 16)));
      }
      continue;
    }
    auto taken = tx->certified(e.record_ids);
    if (!taken) return std::unexpected(taken.error());
    if (!taken->empty()) {
      return refuse(e, fmt::format("job record {} is already certified here by certificate {}", taken->front().first,
                                   taken->front().second));
    }
    if (auto s = tx->add(e); !s) return std::unexpected(s.error());
    ++added;
  }
  if (auto s = tx->commit(); !s) return std::unexpected(s.error());
  return added;
}

}  // namespace wipeseal::certificates
