// Whole-file reads and durable writes, shared by records, journals, certificates and the CLI.
#pragma once

#include <string>

#include "wipe/error.h"

namespace wipeseal {

// The file's bytes. Errors name the file.
Result<std::string> read_file(const std::string& path);

// Writes all of `bytes` to `fd`, fsyncs and closes it; closes it on failure too. `path` is only
// for error messages.
Status write_sync_close(int fd, const std::string& bytes, const std::string& path);

// fsync of a folder, so a file created or renamed in it survives a power cut.
void sync_directory(const std::string& dir);

}  // namespace wipeseal
