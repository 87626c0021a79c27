// Reads a list of byte ranges from a device in ascending order with several requests in flight,
// handing every piece to a per-thread visitor. Read errors are collected, not thrown; a device
// that disappears stops the read. Memory: readers x piece_bytes.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <vector>

#include "wipe/block_device.h"
#include "wipe/byte_range.h"
#include "wipe/error.h"

namespace wipeseal::verify {

// Called with (bytes read so far, bytes to read) from the calling thread, a few times a second.
using ReadProgress = std::function<void(std::uint64_t, std::uint64_t)>;

// Sees each piece read: its device offset and its bytes (which it may modify).
using PieceVisitor = std::function<void(std::uint64_t offset, std::span<std::byte> data)>;

struct PlanReadResult {
  std::uint64_t bytes_read = 0;
  std::vector<ByteRange> read_errors;  // merged
  std::optional<Error> fatal;          // the device disappeared or refused all reads
  bool cancelled = false;
};

// Pieces are at most `piece_bytes` long and never cross a multiple of `piece_bytes`, so a piece
// never spans two sample units when piece_bytes is the unit. `make_visitor` runs once per reader
// thread. `narrow_read_errors`: a piece the device refuses is read again in halves down to single
// logical blocks, so that only unreadable blocks are reported and the rest is still visited (in
// parts: only for visitors that accept any offset and length, such as a pattern comparison).
PlanReadResult read_ranges(BlockDevice& device, const std::vector<ByteRange>& ranges, std::size_t piece_bytes,
                           unsigned readers, const std::function<PieceVisitor()>& make_visitor,
                           const ReadProgress& progress, const std::atomic<bool>& cancel,
                           bool narrow_read_errors = false);

}  // namespace wipeseal::verify
