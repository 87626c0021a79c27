#include "tests/support/temp_dir.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <stdexcept>
#include <vector>

namespace wipeseal::test {

TempDir::TempDir() {
  const char* base = std::getenv("WIPESEAL_TEST_TMPDIR");
  std::string templ = std::string(base != nullptr ? base : "/tmp") + "/wipeseal-test-XXXXXX";
  std::vector<char> buf(templ.begin(), templ.end());
  buf.push_back('\0');
  if (::mkdtemp(buf.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = buf.data();
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

void make_filled_file(const std::string& path, std::uint64_t size, unsigned char fill) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  std::vector<char> block(1 << 20, static_cast<char>(fill));
  std::uint64_t left = size;
  while (left > 0) {
    const auto n = static_cast<std::streamsize>(std::min<std::uint64_t>(left, block.size()));
    out.write(block.data(), n);
    left -= static_cast<std::uint64_t>(n);
  }
  if (!out) throw std::runtime_error("cannot create " + path);
}

std::string read_bytes(const std::string& path, std::uint64_t offset, std::uint64_t length) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw std::runtime_error("cannot open " + path);
  // Ask the kernel to drop cached pages so the bytes come from the device.
  ::posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
  std::string out(length, '\0');
  std::uint64_t done = 0;
  while (done < length) {
    const ssize_t n = ::pread(fd, out.data() + done, length - done, static_cast<off_t>(offset + done));
    if (n <= 0) break;
    done += static_cast<std::uint64_t>(n);
  }
  ::close(fd);
  out.resize(done);
  return out;
}

}  // namespace wipeseal::test
