// The production BlockDevice: pread/pwrite on a file descriptor opened with O_DIRECT.
#include <fcntl.h>
#include <linux/fs.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

#include <fmt/format.h>

#include "wipe/block_device.h"

namespace wipeseal {
namespace {

class FileDescriptor {
 public:
  FileDescriptor() = default;
  explicit FileDescriptor(int fd) : fd_(fd) {}
  ~FileDescriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  FileDescriptor(FileDescriptor&& o) noexcept : fd_(o.fd_) { o.fd_ = -1; }
  FileDescriptor& operator=(FileDescriptor&& o) noexcept {
    if (this != &o) {
      if (fd_ >= 0) ::close(fd_);
      fd_ = o.fd_;
      o.fd_ = -1;
    }
    return *this;
  }
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  int get() const { return fd_; }

 private:
  int fd_ = -1;
};

class PosixBlockDevice final : public BlockDevice {
 public:
  PosixBlockDevice(std::string path, FileDescriptor fd, FileDescriptor tail_fd, std::uint64_t size,
                   std::uint32_t lbs, std::size_t alignment, bool direct)
      : path_(std::move(path)),
        fd_(std::move(fd)),
        tail_fd_(std::move(tail_fd)),
        size_(size),
        lbs_(lbs),
        alignment_(alignment),
        direct_(direct) {}

  const std::string& path() const override { return path_; }
  std::uint64_t size_bytes() const override { return size_; }
  std::uint32_t logical_block_size() const override { return lbs_; }
  std::size_t buffer_alignment() const override { return alignment_; }
  bool direct_io() const override { return direct_; }
  int native_handle() const override { return fd_.get(); }

  Status write_at(std::uint64_t offset, std::span<const std::byte> data) override {
    return transfer(offset, const_cast<std::byte*>(data.data()), data.size(), true);
  }

  Status read_at(std::uint64_t offset, std::span<std::byte> out) override {
    return transfer(offset, out.data(), out.size(), false);
  }

  Status flush() override {
    if (::fdatasync(fd_.get()) != 0) {
      return std::unexpected(errno_error(errno, "flushing written data to the device failed", path_));
    }
    if (tail_fd_.get() >= 0 && ::fdatasync(tail_fd_.get()) != 0) {
      return std::unexpected(errno_error(errno, "flushing the final partial block failed", path_));
    }
    // Drop whatever the page cache holds so a later read-back cannot be answered from RAM.
    ::posix_fadvise(fd_.get(), 0, 0, POSIX_FADV_DONTNEED);
    return {};
  }

 private:
  Status transfer(std::uint64_t offset, std::byte* buf, std::size_t len, bool write) {
    if (offset > size_ || len > size_ - offset) {
      return std::unexpected(Error{ErrorCode::internal,
                                   fmt::format("{} of {} bytes runs past the end of the device ({} bytes)",
                                               write ? "write" : "read", len, size_),
                                   path_, offset, 0});
    }
    // O_DIRECT needs whole blocks: an image file's unaligned tail goes through the buffered fd.
    std::size_t direct_len = len;
    if (tail_fd_.get() >= 0 && offset + len == size_) direct_len = len - static_cast<std::size_t>(size_ % lbs_);
    if (auto s = loop_io(fd_.get(), offset, buf, direct_len, write); !s) return s;
    if (direct_len < len) return loop_io(tail_fd_.get(), offset + direct_len, buf + direct_len, len - direct_len, write);
    return {};
  }

  Status loop_io(int fd, std::uint64_t offset, std::byte* buf, std::size_t len, bool write) {
    std::size_t done = 0;
    while (done < len) {
      const auto pos = static_cast<off_t>(offset + done);
      const ssize_t n = write ? ::pwrite(fd, buf + done, len - done, pos) : ::pread(fd, buf + done, len - done, pos);
      if (n < 0) {
        if (errno == EINTR) continue;
        return std::unexpected(
            errno_error(errno, write ? "writing to the device failed" : "reading from the device failed", path_,
                        offset + done));
      }
      if (n == 0) {
        // The device shrank or vanished under us (e.g. a USB disk was pulled).
        return std::unexpected(Error{ErrorCode::device_gone,
                                     write ? "the device accepted no more data (did it disappear?)"
                                           : "the device returned no data (did it disappear?)",
                                     path_, offset + done, 0});
      }
      done += static_cast<std::size_t>(n);
    }
    return {};
  }

  std::string path_;
  FileDescriptor fd_;
  FileDescriptor tail_fd_;  // buffered fd for an image file's unaligned tail, else -1
  std::uint64_t size_;
  std::uint32_t lbs_;
  std::size_t alignment_;
  bool direct_;
};

std::size_t dio_memory_alignment(int fd, std::size_t fallback) {
  struct statx stx {};
  if (::statx(fd, "", AT_EMPTY_PATH, STATX_DIOALIGN, &stx) == 0 && (stx.stx_mask & STATX_DIOALIGN) != 0 &&
      stx.stx_dio_mem_align != 0) {
    return std::max<std::size_t>(stx.stx_dio_mem_align, fallback);
  }
  return fallback;
}

}  // namespace

Result<std::unique_ptr<BlockDevice>> open_block_device(const std::string& path, const OpenOptions& options) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    return std::unexpected(errno_error(errno, "cannot find the device", path));
  }
  const bool is_block = S_ISBLK(st.st_mode);
  if (!is_block && !S_ISREG(st.st_mode)) {
    return std::unexpected(make_error(ErrorCode::invalid_input, "not a block device or a regular image file", path));
  }
  int flags = (options.write ? O_RDWR : O_RDONLY) | O_CLOEXEC;
  if (is_block && options.exclusive) flags |= O_EXCL;

  int raw = ::open(path.c_str(), flags | (options.direct ? O_DIRECT : 0));
  bool direct = options.direct;
  if (raw < 0 && errno == EINVAL && options.direct && !is_block) {
    // Some filesystems (older tmpfs) do not implement O_DIRECT for files.
    raw = ::open(path.c_str(), flags);
    direct = false;
  }
  if (raw < 0) {
    const int err = errno;
    std::string why = "cannot open the device";
    if (err == EBUSY) why = "the device is in use (mounted, part of a RAID/LVM/dm device, or opened exclusively)";
    if (err == EACCES || err == EPERM) why = "permission denied opening the device; run wipeseal as root";
    if (err == EROFS) why = "the device is read-only";
    return std::unexpected(errno_error(err, why, path));
  }
  FileDescriptor fd(raw);

  if (!is_block && options.exclusive && ::flock(fd.get(), LOCK_EX | LOCK_NB) != 0) {
    return std::unexpected(errno_error(errno, "the image file is locked by another program (another wipeseal?)", path));
  }

  std::uint64_t size = 0;
  std::uint32_t lbs = 512;
  if (is_block) {
    int ssz = 0;
    if (::ioctl(fd.get(), BLKGETSIZE64, &size) != 0 || ::ioctl(fd.get(), BLKSSZGET, &ssz) != 0 || ssz <= 0) {
      return std::unexpected(errno_error(errno, "cannot read the device's size or sector size", path));
    }
    lbs = static_cast<std::uint32_t>(ssz);
  } else {
    size = static_cast<std::uint64_t>(st.st_size);
  }
  const std::size_t alignment = dio_memory_alignment(fd.get(), std::max<std::size_t>(4096, lbs));

  FileDescriptor tail;
  if (!is_block && direct && size % lbs != 0) {
    const int t = ::open(path.c_str(), (options.write ? O_RDWR : O_RDONLY) | O_CLOEXEC);
    if (t < 0) return std::unexpected(errno_error(errno, "cannot open the image file for its final partial block", path));
    tail = FileDescriptor(t);
  }
  return std::make_unique<PosixBlockDevice>(path, std::move(fd), std::move(tail), size, lbs, alignment, direct);
}

}  // namespace wipeseal
