// wipeseal-test-faultfs: a FUSE filesystem for tests that serves the files of one real folder and
// fails chosen byte ranges of them. A loop device attached to a file on it is a block device whose
// faults come through the real kernel: the loop driver, the block layer and O_DIRECT, exactly as
// a failing disk's errors reach wipeseal (as EIO).
//
//   wipeseal-test-faultfs STORE_DIR MOUNTPOINT [options]
//     --fail-write START:LENGTH   writes touching these bytes fail with EIO (repeatable)
//     --fail-read START:LENGTH    reads touching these bytes fail with EIO (repeatable)
//     --delay-us N                every read and write waits N microseconds first (a slow disk)
//     --write-delay-us N          every write waits N microseconds first (reads stay fast)
//     --vanish-after BYTES        once BYTES have been written, every operation fails with EIO
//                                 (a disk that drops off the bus mid-pass)
//
// Runs in the foreground, single-threaded, until unmounted (fusermount3 -u MOUNTPOINT) or killed.
// Files are opened with direct_io, so every read and write reaches this process: no page cache
// can hide an error or absorb a write. Test-only: it is never installed.
#define FUSE_USE_VERSION 31

#include <dirent.h>
#include <fcntl.h>
#include <fuse.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

namespace {

struct Range {
  std::uint64_t start = 0;
  std::uint64_t length = 0;
  bool touches(std::uint64_t offset, std::uint64_t size) const {
    return offset < start + length && start < offset + size;
  }
};

struct Config {
  std::string store;
  std::vector<Range> fail_write;
  std::vector<Range> fail_read;
  unsigned delay_us = 0;
  unsigned write_delay_us = 0;
  std::uint64_t vanish_after = 0;  // 0: never
};

Config g_config;
std::atomic<std::uint64_t> g_written{0};

std::string real(const char* path) { return g_config.store + path; }

bool vanished() { return g_config.vanish_after != 0 && g_written.load() >= g_config.vanish_after; }

void slow_down() {
  if (g_config.delay_us != 0) std::this_thread::sleep_for(std::chrono::microseconds(g_config.delay_us));
}

int fs_getattr(const char* path, struct stat* st, fuse_file_info*) {
  if (vanished() && std::strcmp(path, "/") != 0) return -EIO;
  return ::lstat(real(path).c_str(), st) == 0 ? 0 : -errno;
}

int fs_readdir(const char* path, void* buf, fuse_fill_dir_t fill, off_t, fuse_file_info*, fuse_readdir_flags) {
  DIR* d = ::opendir(real(path).c_str());
  if (d == nullptr) return -errno;
  while (dirent* e = ::readdir(d)) fill(buf, e->d_name, nullptr, 0, static_cast<fuse_fill_dir_flags>(0));
  ::closedir(d);
  return 0;
}

int fs_open(const char* path, fuse_file_info* fi) {
  if (vanished()) return -EIO;
  const int fd = ::open(real(path).c_str(), fi->flags & ~O_DIRECT);
  if (fd < 0) return -errno;
  fi->fh = static_cast<std::uint64_t>(fd);
  fi->direct_io = 1;
  return 0;
}

int fs_create(const char* path, mode_t mode, fuse_file_info* fi) {
  if (vanished()) return -EIO;
  const int fd = ::open(real(path).c_str(), (fi->flags & ~O_DIRECT) | O_CREAT, mode);
  if (fd < 0) return -errno;
  fi->fh = static_cast<std::uint64_t>(fd);
  fi->direct_io = 1;
  return 0;
}

int fs_read(const char*, char* buf, size_t size, off_t offset, fuse_file_info* fi) {
  slow_down();
  if (vanished()) return -EIO;
  for (const Range& r : g_config.fail_read) {
    if (r.touches(static_cast<std::uint64_t>(offset), size)) return -EIO;
  }
  const ssize_t n = ::pread(static_cast<int>(fi->fh), buf, size, offset);
  return n < 0 ? -errno : static_cast<int>(n);
}

int fs_write(const char*, const char* buf, size_t size, off_t offset, fuse_file_info* fi) {
  slow_down();
  if (g_config.write_delay_us != 0) std::this_thread::sleep_for(std::chrono::microseconds(g_config.write_delay_us));
  if (vanished()) return -EIO;
  for (const Range& r : g_config.fail_write) {
    if (r.touches(static_cast<std::uint64_t>(offset), size)) return -EIO;
  }
  const ssize_t n = ::pwrite(static_cast<int>(fi->fh), buf, size, offset);
  if (n < 0) return -errno;
  g_written += static_cast<std::uint64_t>(n);
  return static_cast<int>(n);
}

int fs_truncate(const char* path, off_t size, fuse_file_info* fi) {
  if (vanished()) return -EIO;
  const int rc = fi != nullptr ? ::ftruncate(static_cast<int>(fi->fh), size) : ::truncate(real(path).c_str(), size);
  return rc == 0 ? 0 : -errno;
}

int fs_fsync(const char*, int datasync, fuse_file_info* fi) {
  if (vanished()) return -EIO;
  const int rc = datasync ? ::fdatasync(static_cast<int>(fi->fh)) : ::fsync(static_cast<int>(fi->fh));
  return rc == 0 ? 0 : -errno;
}

int fs_flush(const char*, fuse_file_info*) { return vanished() ? -EIO : 0; }

int fs_release(const char*, fuse_file_info* fi) {
  ::close(static_cast<int>(fi->fh));
  return 0;
}

int fs_unlink(const char* path) { return ::unlink(real(path).c_str()) == 0 ? 0 : -errno; }

int fs_mkdir(const char* path, mode_t mode) { return ::mkdir(real(path).c_str(), mode) == 0 ? 0 : -errno; }

int fs_rmdir(const char* path) { return ::rmdir(real(path).c_str()) == 0 ? 0 : -errno; }

int fs_chmod(const char* path, mode_t mode, fuse_file_info*) {
  return ::chmod(real(path).c_str(), mode) == 0 ? 0 : -errno;
}

int fs_utimens(const char* path, const timespec tv[2], fuse_file_info*) {
  return ::utimensat(AT_FDCWD, real(path).c_str(), tv, AT_SYMLINK_NOFOLLOW) == 0 ? 0 : -errno;
}

bool parse_range(const char* text, Range& r) {
  char* end = nullptr;
  errno = 0;
  r.start = std::strtoull(text, &end, 10);
  if (errno != 0 || end == text || *end != ':') return false;
  const char* len = end + 1;
  r.length = std::strtoull(len, &end, 10);
  return errno == 0 && end != len && *end == '\0' && r.length > 0;
}

[[noreturn]] void usage(const char* why) {
  std::fprintf(stderr,
               "wipeseal-test-faultfs: %s\n"
               "usage: wipeseal-test-faultfs STORE_DIR MOUNTPOINT [--fail-write START:LEN]... "
               "[--fail-read START:LEN]... [--delay-us N] [--write-delay-us N] [--vanish-after BYTES]\n",
               why);
  std::exit(2);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) usage("a store folder and a mount point are needed");
  char resolved[PATH_MAX];
  if (::realpath(argv[1], resolved) == nullptr) usage("the store folder does not exist");
  g_config.store = resolved;
  for (int i = 3; i < argc; ++i) {
    const std::string opt = argv[i];
    if (i + 1 >= argc) usage(("a value is missing after " + opt).c_str());
    const char* value = argv[++i];
    Range r;
    if (opt == "--fail-write" && parse_range(value, r)) {
      g_config.fail_write.push_back(r);
    } else if (opt == "--fail-read" && parse_range(value, r)) {
      g_config.fail_read.push_back(r);
    } else if (opt == "--delay-us") {
      g_config.delay_us = static_cast<unsigned>(std::strtoul(value, nullptr, 10));
    } else if (opt == "--write-delay-us") {
      g_config.write_delay_us = static_cast<unsigned>(std::strtoul(value, nullptr, 10));
    } else if (opt == "--vanish-after") {
      g_config.vanish_after = std::strtoull(value, nullptr, 10);
    } else {
      usage(("bad option or value: " + opt + " " + value).c_str());
    }
  }

  fuse_operations ops{};
  ops.getattr = fs_getattr;
  ops.readdir = fs_readdir;
  ops.open = fs_open;
  ops.create = fs_create;
  ops.read = fs_read;
  ops.write = fs_write;
  ops.truncate = fs_truncate;
  ops.fsync = fs_fsync;
  ops.flush = fs_flush;
  ops.release = fs_release;
  ops.unlink = fs_unlink;
  ops.mkdir = fs_mkdir;
  ops.rmdir = fs_rmdir;
  ops.chmod = fs_chmod;
  ops.utimens = fs_utimens;

  // Foreground, single-threaded.
  std::vector<char*> fuse_argv = {argv[0], argv[2], const_cast<char*>("-f"), const_cast<char*>("-s"),
                                  const_cast<char*>("-o"), const_cast<char*>("fsname=wipeseal-faultfs")};
  return fuse_main(static_cast<int>(fuse_argv.size()), fuse_argv.data(), &ops, nullptr);
}
