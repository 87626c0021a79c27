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
#include "wipe/hex.h"
#include "wipe/job_record.h"
#include "wipe/text.h"

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

namespace {

std::string line_sum(const nlohmann::json& entry_without_sum) {
  return sha256_hex(dump_json(entry_without_sum)).substr(0, 16);
}

}  // namespace

std::string journal_line(const nlohmann::json& entry) {
  nlohmann::json sealed = entry;
  sealed.erase("sum");
  const std::string sum = line_sum(sealed);
  sealed["sum"] = sum;
  return dump_json(sealed) + "\n";
}

Result<Journal> Journal::create(const std::string& path, const nlohmann::json& begin) {
  // Written whole under a temporary name, then linked into place (link fails if the name exists).
  const std::string tmp = path + ".new";
  if (auto s = write_file_durably(tmp, journal_line(begin), 0600); !s) {
    ::unlink(tmp.c_str());
    return std::unexpected(s.error());
  }
  const int rc = ::link(tmp.c_str(), path.c_str());
  const int link_err = errno;
  ::unlink(tmp.c_str());
  if (rc != 0) return std::unexpected(errno_error(link_err, "cannot create the job journal", path));
  const std::string dir = fs::path(path).parent_path().string();
  if (auto s = sync_directory(dir); !s) {
    ::unlink(path.c_str());
    return std::unexpected(s.error());
  }
  const int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
  if (fd < 0) return std::unexpected(errno_error(errno, "cannot open the job journal", path));
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const int err = errno;
    ::close(fd);
    return std::unexpected(errno_error(err, "cannot lock the job journal", path));
  }
  return Journal(path, fd);
}

void Journal::close() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
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
  if (fd_ < 0) return std::unexpected(make_error(ErrorCode::internal, "the job journal is closed", path_));
  // One write() per line with O_APPEND: a crash leaves at most the last line torn.
  if (auto s = write_all(fd_, journal_line(entry), path_); !s) return s;
  if (durable && ::fsync(fd_) != 0) return std::unexpected(errno_error(errno, "cannot save the job journal to disk", path_));
  return {};
}

Result<JournalContents> read_journal(const std::string& path) {
  auto contents = read_file(path);
  if (!contents) return std::unexpected(contents.error());
  const std::string& text = *contents;
  if (text.empty()) {
    return std::unexpected(make_error(ErrorCode::corrupt,
                                      "the job journal is empty (a start that never got going); nothing was erased by "
                                      "it: remove the file",
                                      path));
  }

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
    if (entry.is_discarded() || !entry.is_object() || !numbers_fit(entry)) {
      return std::unexpected(make_error(
          ErrorCode::corrupt, fmt::format("the job journal is damaged at line {}; it cannot be resumed safely", line_no),
          path));
    }
    // Lines carry their sum from version 2 on; the first line says which version wrote them.
    const bool summed = line_no == 1 ? entry.value("version", 0) >= 2 : out.begin.value("version", 0) >= 2;
    if (summed) {
      const std::string sum = entry.value("sum", "");
      entry.erase("sum");
      if (sum != line_sum(entry)) {
        return std::unexpected(make_error(
            ErrorCode::corrupt,
            fmt::format("the job journal was altered or damaged at line {} (its checksum does not match); it cannot "
                        "be resumed safely",
                        line_no),
            path));
      }
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
