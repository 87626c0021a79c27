// A BlockDevice in front of a real one that fails, delays or loses the device on command
// (LevelDB's fault_injection_test idea). Test-only.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <vector>

#include "wipe/block_device.h"
#include "wipe/byte_range.h"

namespace wipeseal::test {

struct FaultPlan {
  std::vector<ByteRange> bad_ranges;      // a write touching these fails with EIO, every time
  int transient_failures = 0;             // the first N writes fail with EIO, then writes work
  std::uint64_t gone_after_bytes = 0;     // after this many bytes written, ENODEV forever (0 = never)
  std::chrono::microseconds write_delay{0};
  bool fail_flush = false;                // fdatasync fails with EIO
  std::vector<ByteRange> lost_ranges;     // writes report success but these bytes are never written
  // A write (or a read) at or past this offset throws, as an allocation failure deep in a
  // writer or reader thread would; UINT64_MAX = never.
  std::uint64_t throw_on_write_at = UINT64_MAX;
  std::uint64_t throw_on_read_at = UINT64_MAX;
};

class FaultyBlockDevice final : public BlockDevice {
 public:
  FaultyBlockDevice(std::unique_ptr<BlockDevice> inner, FaultPlan plan);

  const std::string& path() const override { return inner_->path(); }
  std::uint64_t size_bytes() const override { return inner_->size_bytes(); }
  std::uint32_t logical_block_size() const override { return inner_->logical_block_size(); }
  std::size_t buffer_alignment() const override { return inner_->buffer_alignment(); }
  bool direct_io() const override { return inner_->direct_io(); }
  Status write_at(std::uint64_t offset, std::span<const std::byte> data) override;
  Status read_at(std::uint64_t offset, std::span<std::byte> out) override;
  Status flush() override;

  std::uint64_t writes() const { return writes_.load(); }

 private:
  std::unique_ptr<BlockDevice> inner_;
  FaultPlan plan_;
  std::atomic<int> transient_left_;
  std::atomic<std::uint64_t> written_{0};
  std::atomic<std::uint64_t> writes_{0};
};

}  // namespace wipeseal::test
