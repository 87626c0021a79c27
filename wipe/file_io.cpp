#include "wipe/file_io.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <sstream>

namespace wipeseal {

Result<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::unexpected(errno_error(errno, "cannot open the file", path));
  std::stringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return std::unexpected(errno_error(errno, "cannot read the file", path));
  return ss.str();
}

Status write_sync_close(int fd, const std::string& bytes, const std::string& path) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const int err = errno;
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

void sync_directory(const std::string& dir) {
  if (const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
}

}  // namespace wipeseal
