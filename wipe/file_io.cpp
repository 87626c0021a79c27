#include "wipe/file_io.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <filesystem>

#include <fmt/format.h>

namespace wipeseal {
namespace fs = std::filesystem;

namespace {

// Writes all of `bytes` to `fd`, fsyncs and closes it; closes it on failure too.
Status write_sync_close(int fd, std::string_view bytes, const std::string& path) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const int err = n == 0 ? ENOSPC : errno;
      ::close(fd);
      return std::unexpected(errno_error(err, "cannot write the file", path));
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0) {
    const int err = errno;
    ::close(fd);
    return std::unexpected(errno_error(err, "cannot save the file to disk", path));
  }
  if (::close(fd) != 0) return std::unexpected(errno_error(errno, "cannot save the file to disk", path));
  return {};
}

Status ensure_folder(const std::string& dir) {
  std::error_code ec;
  if (fs::is_directory(dir, ec)) return {};
  if (fs::exists(dir, ec)) {
    return std::unexpected(make_error(ErrorCode::invalid_input, "this is a file, not a folder; name a folder", dir));
  }
  fs::create_directories(dir, ec);
  if (ec) {
    return std::unexpected(
        errno_error(ec.value(), fmt::format("cannot create the folder ({})", ec.message()), dir));
  }
  return {};
}

// A temporary name beside `final_path` that no other process of ours uses.
std::string temporary_beside(const fs::path& final_path) {
  return (final_path.parent_path() / fmt::format(".{}.{}.tmp", final_path.filename().string(), ::getpid())).string();
}

Status write_temporary(const std::string& tmp, std::string_view bytes, mode_t mode) {
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
  if (fd < 0) return std::unexpected(errno_error(errno, "cannot create the file", tmp));
  if (auto s = write_sync_close(fd, bytes, tmp); !s) {
    ::unlink(tmp.c_str());
    return s;
  }
  return {};
}

Status put_in_place(const std::string& tmp, const std::string& final_path, bool replace) {
  const int rc = replace ? ::rename(tmp.c_str(), final_path.c_str())
                         : ::renameat2(AT_FDCWD, tmp.c_str(), AT_FDCWD, final_path.c_str(), RENAME_NOREPLACE);
  if (rc == 0) return {};
  const int err = errno;
  ::unlink(tmp.c_str());
  if (err == EEXIST) {
    return std::unexpected(
        make_error(ErrorCode::refused, "a file with this name already exists; not overwriting it", final_path));
  }
  return std::unexpected(errno_error(err, "cannot put the file in place", final_path));
}

}  // namespace

Result<std::string> read_file(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::unexpected(errno_error(errno, "cannot open the file", path));
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  struct stat st {};
  if (::fstat(fd, &st) != 0) return std::unexpected(errno_error(errno, "cannot examine the file", path));
  if (S_ISDIR(st.st_mode)) {
    return std::unexpected(make_error(ErrorCode::invalid_input, "this is a folder; name a file inside it", path));
  }
  if (!S_ISREG(st.st_mode)) {
    return std::unexpected(make_error(ErrorCode::invalid_input, "this is not a regular file", path));
  }
  std::string out;
  char buf[65536];
  for (;;) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return std::unexpected(errno_error(errno, "cannot read the file", path));
    if (n == 0) break;
    out.append(buf, static_cast<std::size_t>(n));
  }
  return out;
}

Status sync_directory(const std::string& dir) {
  const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd < 0) return std::unexpected(errno_error(errno, "cannot open the folder to save it to disk", dir));
  const int rc = ::fsync(dfd);
  const int err = errno;
  ::close(dfd);
  if (rc != 0) return std::unexpected(errno_error(err, "cannot save the folder to disk", dir));
  return {};
}

Status write_file_durably(const std::string& path, std::string_view bytes, mode_t mode, bool replace) {
  const fs::path final_path(path);
  const std::string dir = final_path.parent_path().empty() ? std::string(".") : final_path.parent_path().string();
  if (auto s = ensure_folder(dir); !s) return s;
  const std::string tmp = temporary_beside(final_path);
  if (auto s = write_temporary(tmp, bytes, mode); !s) return s;
  if (auto s = put_in_place(tmp, path, replace); !s) return s;
  return sync_directory(dir);
}

std::size_t remove_stale_temporaries(const std::string& dir) {
  std::size_t removed = 0;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    // ".<final name>.<pid>.tmp", as temporary_beside writes it.
    if (name.size() < 7 || name.front() != '.' || !name.ends_with(".tmp")) continue;
    const std::string stem = name.substr(0, name.size() - 4);
    const std::size_t dot = stem.rfind('.');
    if (dot == std::string::npos || dot == 0 || dot + 1 >= stem.size()) continue;
    const std::string pid_text = stem.substr(dot + 1);
    if (!std::all_of(pid_text.begin(), pid_text.end(), [](char c) { return c >= '0' && c <= '9'; }) ||
        pid_text.size() > 9) {
      continue;
    }
    const pid_t pid = static_cast<pid_t>(std::stol(pid_text));
    if (pid <= 0 || pid == ::getpid() || ::kill(pid, 0) == 0 || errno != ESRCH) continue;  // alive or unknown
    std::error_code rm;
    if (entry.is_regular_file(rm) && fs::remove(entry.path(), rm)) ++removed;
  }
  return removed;
}

Status prove_writable_folder(const std::string& dir) {
  if (auto s = ensure_folder(dir); !s) return s;
  const std::string probe = (fs::path(dir) / fmt::format(".wipeseal-probe.{}", ::getpid())).string();
  // A page of bytes, so a full filesystem is found too (a 0-byte file may still be creatable).
  const std::string bytes(4096, 'w');
  if (auto s = write_temporary(probe, bytes, 0600); !s) {
    Error e = s.error();
    e.message = "this folder cannot take files (" + e.message + "); choose another folder or free space";
    e.device = dir;
    return std::unexpected(e);
  }
  if (::unlink(probe.c_str()) != 0) return std::unexpected(errno_error(errno, "cannot remove a probe file", probe));
  return sync_directory(dir);
}

DurableBatch::~DurableBatch() {
  for (const auto& [tmp, final_path] : files_) ::unlink(tmp.c_str());
}

Result<std::string> DurableBatch::add(const std::string& name, std::string_view bytes, mode_t mode) {
  if (auto s = ensure_folder(dir_); !s) return std::unexpected(s.error());
  const fs::path final_path = fs::path(dir_) / name;
  std::error_code ec;
  if (fs::exists(final_path, ec)) {
    return std::unexpected(
        make_error(ErrorCode::refused, "a file with this name already exists; not overwriting it", final_path.string()));
  }
  const std::string tmp = temporary_beside(final_path);
  if (auto s = write_temporary(tmp, bytes, mode); !s) return std::unexpected(s.error());
  files_.emplace_back(tmp, final_path.string());
  return final_path.string();
}

Status DurableBatch::publish() {
  while (!files_.empty()) {
    auto [tmp, final_path] = files_.front();
    files_.erase(files_.begin());
    if (auto s = put_in_place(tmp, final_path, false); !s) return s;
  }
  return sync_directory(dir_);
}

}  // namespace wipeseal
