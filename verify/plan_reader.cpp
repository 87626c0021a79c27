#include "verify/plan_reader.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "wipe/aligned_buffer.h"

namespace wipeseal::verify {
namespace {

class PlanReader {
 public:
  PlanReader(BlockDevice& device, const std::vector<ByteRange>& ranges, std::size_t piece_bytes,
             const std::atomic<bool>& cancel, bool narrow)
      : device_(device), ranges_(ranges), piece_(piece_bytes), cancel_(cancel), narrow_(narrow) {
    for (const ByteRange& r : ranges_) total_ += r.length;
    if (!ranges_.empty()) pos_ = ranges_[0].offset;
  }

  PlanReadResult run(unsigned readers, const std::function<PieceVisitor()>& make_visitor, const ReadProgress& progress) {
    {
      // Count the readers before any starts: a reader may finish (and count itself out) before
      // the next one is started, so the loop must not read the shared counter.
      const unsigned count = std::max(1u, readers);
      {
        std::lock_guard lock(mu_);
        active_ = count;
      }
      std::vector<std::jthread> threads;
      for (unsigned i = 0; i < count; ++i) {
        threads.emplace_back([this, &make_visitor] { reader(make_visitor); });
      }
      std::unique_lock lock(mu_);
      while (active_ > 0) {
        wake_.wait_for(lock, std::chrono::milliseconds(250));
        const std::uint64_t done = result_.bytes_read;
        lock.unlock();
        if (progress) progress(done, total_);
        lock.lock();
      }
    }
    if (progress) progress(result_.bytes_read, total_);
    result_.read_errors = merge_ranges(std::move(result_.read_errors));
    result_.cancelled = cancel_.load() && !result_.fatal;
    return std::move(result_);
  }

 private:
  // The next piece in ascending order, or nothing when the plan is done or stopped.
  std::optional<ByteRange> next_piece() {
    std::lock_guard lock(mu_);
    if (cancel_.load() || result_.fatal) return std::nullopt;
    while (range_ < ranges_.size() && pos_ >= ranges_[range_].end()) {
      ++range_;
      if (range_ < ranges_.size()) pos_ = ranges_[range_].offset;
    }
    if (range_ >= ranges_.size()) return std::nullopt;
    const std::uint64_t boundary = (pos_ / piece_ + 1) * piece_;
    const ByteRange piece{pos_, std::min(boundary, ranges_[range_].end()) - pos_};
    pos_ = piece.end();
    return piece;
  }

  // A reader thread. An exception (a buffer that cannot be allocated, a failing comparison) stops
  // the read with its message as a fatal error: it must never end the process.
  void reader(const std::function<PieceVisitor()>& make_visitor) {
    try {
      read_pieces(make_visitor());
    } catch (const std::exception& e) {
      std::lock_guard lock(mu_);
      if (!result_.fatal) {
        result_.fatal = Error{ErrorCode::internal, std::string("a reader thread failed: ") + e.what(), device_.path(),
                              std::nullopt, 0};
      }
    }
    std::lock_guard lock(mu_);
    --active_;
    wake_.notify_all();
  }

  void read_pieces(PieceVisitor visit) {
    AlignedBuffer buffer(piece_, device_.buffer_alignment());
    while (auto piece = next_piece()) {
      auto data = buffer.span().first(static_cast<std::size_t>(piece->length));
      read_narrowed(piece->offset, data, visit);
    }
  }

  // Reads one piece; if the device refuses it, halves it down to single logical blocks so that
  // only the blocks that cannot be read are reported, and everything else is still compared (a
  // disk with one bad sector must not hide 2 MiB around it). Past kNarrowingBudget of unreadable
  // bytes, a dying disk is not asked block by block any more: whole pieces are reported.
  void read_narrowed(std::uint64_t offset, std::span<std::byte> data, const PieceVisitor& visit) {
    const Status s = device_.read_at(offset, data);
    if (s) {
      {
        std::lock_guard lock(mu_);
        result_.bytes_read += data.size();
      }
      visit(offset, data);
      return;
    }
    const std::size_t lbs = std::max<std::size_t>(device_.logical_block_size(), 1);
    {
      std::lock_guard lock(mu_);
      if (s.error().code == ErrorCode::device_gone) {
        if (!result_.fatal) result_.fatal = s.error();
        return;
      }
      if (!narrow_ || data.size() <= lbs || unreadable_bytes_ >= kNarrowingBudget) {
        result_.read_errors.push_back({offset, data.size()});
        unreadable_bytes_ += data.size();
        return;
      }
    }
    std::size_t half = data.size() / 2;
    half -= half % lbs;
    if (half == 0) half = lbs;
    if (cancel_.load()) return;
    read_narrowed(offset, data.first(half), visit);
    if (cancel_.load()) return;
    read_narrowed(offset + half, data.subspan(half), visit);
  }

  static constexpr std::uint64_t kNarrowingBudget = 64ull << 20;

  BlockDevice& device_;
  const std::vector<ByteRange>& ranges_;
  const std::uint64_t piece_;
  const std::atomic<bool>& cancel_;
  const bool narrow_;
  std::uint64_t total_ = 0;

  std::mutex mu_;  // guards everything below
  std::condition_variable wake_;
  unsigned active_ = 0;
  std::size_t range_ = 0;
  std::uint64_t pos_ = 0;
  std::uint64_t unreadable_bytes_ = 0;
  PlanReadResult result_;
};

}  // namespace

PlanReadResult read_ranges(BlockDevice& device, const std::vector<ByteRange>& ranges, std::size_t piece_bytes,
                           unsigned readers, const std::function<PieceVisitor()>& make_visitor,
                           const ReadProgress& progress, const std::atomic<bool>& cancel, bool narrow_read_errors) {
  PlanReader reader(device, ranges, piece_bytes, cancel, narrow_read_errors);
  return reader.run(readers, make_visitor, progress);
}

}  // namespace wipeseal::verify
