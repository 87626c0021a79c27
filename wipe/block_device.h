// The narrow seam between the engine and a device (after LevelDB's Env): everything the
// overwrite engine and the verifier do to a disk goes through this interface, so tests can put
// a fault-injecting or delaying implementation in front of a real loop device.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>

#include "wipe/error.h"

namespace wipeseal {

class BlockDevice {
 public:
  virtual ~BlockDevice() = default;

  virtual const std::string& path() const = 0;
  virtual std::uint64_t size_bytes() const = 0;
  // Offsets and lengths of reads and writes are multiples of this, except a final partial block
  // of an image file whose size is not a multiple of it.
  virtual std::uint32_t logical_block_size() const = 0;
  // Buffers passed to read_at/write_at must start at a multiple of this.
  virtual std::size_t buffer_alignment() const = 0;
  // True when I/O bypasses the page cache (O_DIRECT).
  virtual bool direct_io() const = 0;

  // Writes all of `data` at `offset`. Safe to call from several threads at once on disjoint
  // ranges. On failure nothing is known about which blocks of the range reached the device.
  virtual Status write_at(std::uint64_t offset, std::span<const std::byte> data) = 0;
  // Reads exactly out.size() bytes at `offset`; a short read is an error. Thread-safe.
  virtual Status read_at(std::uint64_t offset, std::span<std::byte> out) = 0;
  // Makes every write that has returned durable (fdatasync: the kernel flushes the drive's
  // volatile cache), and drops cached pages so later reads come from the device.
  virtual Status flush() = 0;
  // The open file descriptor of a real block device, for the firmware commands sent through it
  // (SG_IO, NVMe admin ioctls); -1 for image files, test doubles and wrappers without one.
  virtual int native_handle() const { return -1; }
};

struct OpenOptions {
  bool write = true;
  // Claim the device exclusively: O_EXCL on a block device (fails with EBUSY when mounted or held
  // by dm/md, man 2 open), an flock on an image file.
  bool exclusive = true;
  // Use O_DIRECT. Block devices always support it; an image file on a filesystem that does not
  // falls back to buffered I/O plus fdatasync, and direct_io() then reports false.
  bool direct = true;
};

// Opens a block device or a regular image file.
Result<std::unique_ptr<BlockDevice>> open_block_device(const std::string& path, const OpenOptions& options);

}  // namespace wipeseal
