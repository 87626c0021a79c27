#include "wipe/journal.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <utility>

#include <fmt/format.h>

#include "wipe/file_io.h"

namespace wipeseal {
namespace fs = std::filesystem;

namespace {

Status write_all(int fd, const std::string& text, const std::string& path) {
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return std::unexpected(errno_error(errno, "cannot write to the job journal", path));
    done += static_cast<std::size_t>(n);
  }
  return {};
}

}  // namespace

Result<Journal> Journal::create(const std::string& path, const nlohmann::json& begin) {
  std::error_code ec;
  const fs::path dir = fs::path(path).parent_path();
  fs::create_directories(dir, ec);
  if (ec) {
    return std::unexpected(make_error(ErrorCode::io, fmt::format("cannot create the journal folder: {}", ec.message()),
                                      dir.string()));
  }
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC, 0600);
  if (fd < 0) return std::unexpected(errno_error(errno, "cannot create the job journal", path));
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const int err = errno;
    ::close(fd);
    return std::unexpected(errno_error(err, "cannot lock the job journal", path));
  }
  Journal journal(path, fd);
  if (auto s = journal.append(begin, true); !s) return std::unexpected(s.error());
  sync_directory(dir.string());
  return journal;
}

Result<Journal> Journal::open_existing(const std::string& path, std::uint64_t valid_bytes) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
  if (fd < 0) return std::unexpected(errno_error(errno, "cannot open the job journal", path));
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    ::close(fd);
    return std::unexpected(make_error(ErrorCode::busy, "another wipeseal process is still running this job", path));
  }
  // Appending after a torn line would glue the next entry to it; cut back to the last full line.
  if (::ftruncate(fd, static_cast<off_t>(valid_bytes)) != 0 || ::fsync(fd) != 0) {
    const int err = errno;
    ::close(fd);
    return std::unexpected(errno_error(err, "cannot repair the end of the job journal", path));
  }
  return Journal(path, fd);
}

Journal::Journal(Journal&& other) noexcept
    : path_(std::move(other.path_)), fd_(std::exchange(other.fd_, -1)), mu_(std::move(other.mu_)) {}

Journal& Journal::operator=(Journal&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    path_ = std::move(other.path_);
    fd_ = std::exchange(other.fd_, -1);
    mu_ = std::move(other.mu_);
  }
  return *this;
}

Journal::~Journal() {
  if (fd_ >= 0) ::close(fd_);
}

Status Journal::append(const nlohmann::json& entry, bool durable) {
  std::lock_guard lock(*mu_);
  // One write() per line with O_APPEND: a crash leaves at most the last line torn.
  if (auto s = write_all(fd_, entry.dump() + "\n", path_); !s) return s;
  if (durable && ::fsync(fd_) != 0) return std::unexpected(errno_error(errno, "cannot save the job journal to disk", path_));
  return {};
}

Result<JournalContents> read_journal(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::unexpected(errno_error(errno, "cannot open the job journal", path));
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string text = ss.str();

  JournalContents out;
  std::size_t pos = 0;
  std::size_t line_no = 0;
  while (pos < text.size()) {
    const std::size_t nl = text.find('\n', pos);
    ++line_no;
    if (nl == std::string::npos) {
      out.torn_tail = true;  // the append that would have ended this line never completed
      break;
    }
    const std::string line = text.substr(pos, nl - pos);
    pos = nl + 1;
    out.valid_bytes = pos;
    nlohmann::json entry = nlohmann::json::parse(line, nullptr, false);
    if (entry.is_discarded() || !entry.is_object()) {
      return std::unexpected(make_error(
          ErrorCode::corrupt, fmt::format("the job journal is damaged at line {}; it cannot be resumed safely", line_no),
          path));
    }
    if (line_no == 1) {
      out.begin = std::move(entry);
    } else {
      out.entries.push_back(std::move(entry));
    }
  }
  if (out.begin.is_null() || out.begin.value("type", "") != "begin") {
    return std::unexpected(make_error(ErrorCode::corrupt, "the job journal has no valid beginning", path));
  }
  return out;
}

bool journal_in_use(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  const bool busy = ::flock(fd, LOCK_EX | LOCK_NB) != 0 && errno == EWOULDBLOCK;
  ::close(fd);
  return busy;
}

}  // namespace wipeseal
