// Whole-file reads and the one durable-write helper shared by records, journals, fingerprint
// files, certificates and exports. "Durable" means: written under a temporary name in the same
// folder, fsynced, renamed into place, and the folder fsynced, so that after a power cut the file
// is either absent or whole. Every failure, the folder's fsync included, is returned.
#pragma once

#include <sys/types.h>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "wipe/error.h"

namespace wipeseal {

// The file's bytes. Errors name the file; a folder or device where a file is expected is
// invalid_input with a message saying so.
Result<std::string> read_file(const std::string& path);

// Writes `bytes` as `path` durably (see above). Creates the folder if missing. Replaces an
// existing file unless `replace` is false, in which case an existing file is an error (refused).
Status write_file_durably(const std::string& path, std::string_view bytes, mode_t mode = 0644, bool replace = true);

// fsync of a folder, so a file created, renamed or removed in it survives a power cut.
Status sync_directory(const std::string& dir);

// Creates `dir` if needed and proves it takes a file: creates, writes, fsyncs and removes a probe
// file. Run before anything is erased, so a bad --out is found while nothing has been destroyed.
Status prove_writable_folder(const std::string& dir);

// Removes the temporary files a killed wipeseal process left in `dir` (".NAME.PID.tmp", written
// before a rename that never came), if that process is gone. Returns how many were removed.
// Only that exact pattern is touched, and never a live process's file.
std::size_t remove_stale_temporaries(const std::string& dir);

// Several files made durable together, then put in place together: add() writes each under a
// temporary name and fsyncs it; publish() renames them all (never over an existing file) and
// fsyncs the folder. Files not published are removed when the batch is destroyed.
class DurableBatch {
 public:
  explicit DurableBatch(std::string dir) : dir_(std::move(dir)) {}
  DurableBatch(const DurableBatch&) = delete;
  DurableBatch& operator=(const DurableBatch&) = delete;
  ~DurableBatch();
  // Returns the final path the file will have.
  Result<std::string> add(const std::string& name, std::string_view bytes, mode_t mode = 0644);
  Status publish();

 private:
  std::string dir_;
  std::vector<std::pair<std::string, std::string>> files_;  // temporary path, final path
};

}  // namespace wipeseal
