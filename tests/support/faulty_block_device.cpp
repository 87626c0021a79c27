#include "tests/support/faulty_block_device.h"

#include <cerrno>
#include <new>
#include <stdexcept>
#include <thread>

namespace wipeseal::test {

FaultyBlockDevice::FaultyBlockDevice(std::unique_ptr<BlockDevice> inner, FaultPlan plan)
    : inner_(std::move(inner)), plan_(std::move(plan)), transient_left_(plan_.transient_failures) {}

Status FaultyBlockDevice::write_at(std::uint64_t offset, std::span<const std::byte> data) {
  ++writes_;
  if (offset + data.size() > plan_.throw_on_write_at) throw std::bad_alloc();
  if (plan_.write_delay.count() > 0) std::this_thread::sleep_for(plan_.write_delay);
  if (plan_.gone_after_bytes != 0 && written_.load() >= plan_.gone_after_bytes) {
    return std::unexpected(errno_error(ENODEV, "writing to the device failed", path(), offset));
  }
  if (transient_left_.fetch_sub(1) > 0) {
    return std::unexpected(errno_error(EIO, "writing to the device failed", path(), offset));
  }
  const ByteRange range{offset, data.size()};
  for (const ByteRange& bad : plan_.bad_ranges) {
    if (bad.overlaps(range)) return std::unexpected(errno_error(EIO, "writing to the device failed", path(), offset));
  }
  // A device that lies: the write "succeeds" but the lost bytes keep their old content.
  for (const ByteRange& lost : plan_.lost_ranges) {
    if (!lost.overlaps(range)) continue;
    const std::uint64_t lbs = inner_->logical_block_size();
    for (std::uint64_t off = range.offset; off < range.end(); off += lbs) {
      const ByteRange block{off, std::min<std::uint64_t>(lbs, range.end() - off)};
      bool drop = false;
      for (const ByteRange& l : plan_.lost_ranges) drop = drop || l.overlaps(block);
      if (drop) continue;
      if (auto s = inner_->write_at(off, data.subspan(off - range.offset, block.length)); !s) return s;
    }
    written_ += data.size();
    return {};
  }
  auto s = inner_->write_at(offset, data);
  if (s) written_ += data.size();
  return s;
}

Status FaultyBlockDevice::read_at(std::uint64_t offset, std::span<std::byte> out) {
  if (offset + out.size() > plan_.throw_on_read_at) throw std::runtime_error("simulated failure while reading back");
  if (plan_.gone_after_bytes != 0 && written_.load() >= plan_.gone_after_bytes) {
    return std::unexpected(errno_error(ENODEV, "reading from the device failed", path(), offset));
  }
  return inner_->read_at(offset, out);
}

Status FaultyBlockDevice::flush() {
  if (plan_.fail_flush) return std::unexpected(errno_error(EIO, "flushing written data to the device failed", path()));
  if (plan_.gone_after_bytes != 0 && written_.load() >= plan_.gone_after_bytes) {
    return std::unexpected(errno_error(ENODEV, "flushing written data to the device failed", path()));
  }
  return inner_->flush();
}

}  // namespace wipeseal::test
