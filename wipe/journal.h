// The append-only job journal: one JSON object per line, fsynced at checkpoints, so a job cut
// short by a crash, kill -9 or power loss can be resumed exactly where its last durable
// checkpoint says. The file is flock()ed while a process works on it, so two processes never
// drive the same job. A torn final line (power lost mid-append) is ignored on replay; damage
// anywhere else is reported as corruption rather than guessed around.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "wipe/error.h"

namespace wipeseal {

class Journal {
 public:
  // Creates `path` (which must not exist), locks it, writes `begin` and makes it durable
  // (fsync of the file and of its directory). The file appears whole or not at all: a full disk
  // or a crash never leaves an empty journal behind.
  static Result<Journal> create(const std::string& path, const nlohmann::json& begin);
  // Opens an existing journal to append to it, first cutting it to `valid_bytes` (dropping a torn
  // last line, see read_journal). Fails with `busy` if another process holds it.
  static Result<Journal> open_existing(const std::string& path, std::uint64_t valid_bytes);

  Journal(Journal&& other) noexcept;
  Journal& operator=(Journal&& other) noexcept;
  Journal(const Journal&) = delete;
  Journal& operator=(const Journal&) = delete;
  ~Journal();

  // Closes the file and releases the lock; append() fails afterwards.
  void close();

  // Appends one entry. With `durable`, returns only after fsync. Thread-safe.
  Status append(const nlohmann::json& entry, bool durable);
  const std::string& path() const { return path_; }

 private:
  Journal(std::string path, int fd) : path_(std::move(path)), fd_(fd), mu_(std::make_unique<std::mutex>()) {}
  std::string path_;
  int fd_ = -1;
  std::unique_ptr<std::mutex> mu_;  // one line at a time; heap-held so the journal can move
};

// One journal line for `entry`: its JSON with a "sum" member, the first 16 hex digits of the
// SHA-256 of the JSON without it. A line edited by hand, or damaged on the medium, no longer
// matches its sum and the journal is reported damaged instead of being resumed on false facts.
std::string journal_line(const nlohmann::json& entry);

struct JournalContents {
  nlohmann::json begin;
  std::vector<nlohmann::json> entries;  // after `begin`, in order
  bool torn_tail = false;               // a partial last line was ignored
  std::uint64_t valid_bytes = 0;        // length of the complete lines
};

// Reads a journal, checking every line's sum (journals of version 2 and later; version 1 had none).
Result<JournalContents> read_journal(const std::string& path);

// True if another process holds the journal's lock right now.
bool journal_in_use(const std::string& path);

}  // namespace wipeseal
