#include "wipe/overwrite_engine.h"

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <set>
#include <thread>

#include <fmt/format.h>

#include "wipe/aligned_buffer.h"
#include "wipe/byte_range.h"

namespace wipeseal {
namespace {

bool is_fatal(const Error& e) {
  return e.code == ErrorCode::device_gone || e.code == ErrorCode::permission_denied ||
         e.code == ErrorCode::internal || e.sys_errno == EROFS || e.sys_errno == EBADF || e.sys_errno == EINVAL;
}

class PassRun {
 public:
  PassRun(BlockDevice& device, const Pattern& pattern, std::uint64_t start, const EngineTuning& tuning,
          PassObserver& observer, const std::atomic<bool>& cancel)
      : device_(device),
        pattern_(pattern),
        start_(start),
        size_(device.size_bytes()),
        chunk_(std::max<std::size_t>(tuning.chunk_bytes - tuning.chunk_bytes % device.logical_block_size(),
                                     device.logical_block_size())),
        tuning_(tuning),
        observer_(observer),
        cancel_(cancel),
        chunk_count_(start >= size_ ? 0 : (size_ - start + chunk_ - 1) / chunk_) {}

  PassRunResult run() {
    PassRunResult result;
    if (start_ % device_.logical_block_size() != 0) {
      result.fatal = Error{ErrorCode::internal, "pass start is not a multiple of the logical block size",
                           device_.path(), start_, 0};
      return result;
    }
    const unsigned writers = std::max(1u, tuning_.requests_in_flight);
    {
      std::vector<std::jthread> threads;
      threads.reserve(writers);
      active_ = writers;
      for (unsigned i = 0; i < writers; ++i) threads.emplace_back([this] { worker(); });
      coordinate();
    }  // joins the writers

    // fdatasync at the end of every pass, and on a stop, so completed writes reach the medium.
    if (auto s = device_.flush(); !s) {
      set_fatal(Error{s.error().code, "the device did not confirm that written data reached the medium (flush failed)",
                      device_.path(), std::nullopt, s.error().sys_errno});
    } else {
      result.flushed = true;
      if (!has_fatal_) checkpoint();
    }
    std::lock_guard lock(mu_);
    result.watermark = last_checkpoint_;
    result.retried_writes = retried_.load();
    result.cancelled = cancel_.load() && last_checkpoint_ < size_;
    result.fatal = fatal_;
    return result;
  }

 private:
  ByteRange chunk_range(std::uint64_t index) const {
    const std::uint64_t offset = start_ + index * chunk_;
    return {offset, std::min<std::uint64_t>(chunk_, size_ - offset)};
  }

  std::uint64_t watermark_locked() const {
    return next_unfinished_ >= chunk_count_ ? size_ : chunk_range(next_unfinished_).offset;
  }

  bool stopping() const { return cancel_.load(std::memory_order_relaxed) || has_fatal_.load(std::memory_order_relaxed); }

  void set_fatal(Error e) {
    std::lock_guard lock(mu_);
    if (!fatal_) fatal_ = std::move(e);
    has_fatal_ = true;
  }

  void record_error(ByteRange range, const Error& cause, bool narrowed) {
    std::lock_guard lock(mu_);
    errors_.push_back({range, cause.sys_errno, cause.message, narrowed});
    failed_bytes_ += range.length;
  }

  // A writer thread. An exception (a buffer that cannot be allocated, a keystream error) ends the
  // pass as a fatal error with its message: it must never end the process mid-pass.
  void worker() {
    try {
      write_chunks();
    } catch (const std::exception& e) {
      set_fatal(Error{ErrorCode::internal, fmt::format("a writer thread failed: {}", e.what()), device_.path(),
                      std::nullopt, 0});
    }
    {
      std::lock_guard lock(mu_);
      --active_;
    }
    wake_.notify_all();
  }

  void write_chunks() {
    AlignedBuffer buffer(chunk_, device_.buffer_alignment());
    PatternGenerator generator(pattern_);
    // A fixed byte is the same at every offset: fill once, then only write.
    const bool constant = pattern_.kind() == Pattern::Kind::repeating && pattern_.cycle().size() == 1;
    if (constant) generator.fill(0, buffer.span());
    while (!stopping()) {
      const std::uint64_t index = next_chunk_.fetch_add(1);
      if (index >= chunk_count_) break;
      const ByteRange range = chunk_range(index);
      const auto data = buffer.span().first(static_cast<std::size_t>(range.length));
      if (!constant) generator.fill(range.offset, data);
      if (write_with_recovery(range.offset, data)) complete(index, range.length);
    }
  }

  // Writes one chunk. A failed write is retried, then narrowed to the failing logical blocks,
  // which are recorded; the pass carries on. Returns true when every block of the chunk was
  // either written or recorded as unwritable, false if a fatal error or a stop cut it short.
  bool write_with_recovery(std::uint64_t offset, std::span<const std::byte> data) {
    Status s = device_.write_at(offset, data);
    for (unsigned attempt = 0; !s && !is_fatal(s.error()) && attempt < tuning_.write_retries; ++attempt) {
      ++retried_;
      std::this_thread::sleep_for(tuning_.retry_delay);
      s = device_.write_at(offset, data);
    }
    if (s) {
      if (!first_write_.exchange(true)) observer_.on_first_write();
      return true;
    }
    if (is_fatal(s.error())) {
      set_fatal(s.error());
      return false;
    }
    return narrow(offset, data, s.error());
  }

  bool narrow(std::uint64_t offset, std::span<const std::byte> data, const Error& cause) {
    const std::size_t lbs = device_.logical_block_size();
    {
      std::lock_guard lock(mu_);
      if (failed_bytes_ >= tuning_.narrowing_budget_bytes) {
        errors_.push_back({{offset, data.size()}, cause.sys_errno, cause.message, false});
        failed_bytes_ += data.size();
        return true;
      }
    }
    if (data.size() <= lbs) {
      // One logical block: a last attempt, then it is recorded as unwritable.
      ++retried_;
      Status again = device_.write_at(offset, data);
      if (again) return true;
      if (is_fatal(again.error())) {
        set_fatal(again.error());
        return false;
      }
      record_error({offset, data.size()}, again.error(), true);
      return true;
    }
    std::size_t half = data.size() / 2;
    half -= half % lbs;
    if (half == 0) half = lbs;
    for (auto [part_offset, part] : {std::pair{offset, data.first(half)}, std::pair{offset + half, data.subspan(half)}}) {
      if (stopping()) return false;
      Status s = device_.write_at(part_offset, part);
      if (s) continue;
      if (is_fatal(s.error())) {
        set_fatal(s.error());
        return false;
      }
      if (!narrow(part_offset, part, s.error())) return false;
    }
    return true;
  }

  // Chunks finish out of order; the watermark only passes a chunk once all before it are done.
  void complete(std::uint64_t index, std::uint64_t length) {
    std::lock_guard lock(mu_);
    bytes_done_ += length;
    finished_.insert(index);
    while (!finished_.empty() && *finished_.begin() == next_unfinished_) {
      finished_.erase(finished_.begin());
      ++next_unfinished_;
    }
  }

  // Reports the watermark reached so far (the caller has flushed the device). The observer's
  // journal I/O runs without the lock so writers never wait for it.
  void checkpoint() {
    std::uint64_t mark = 0;
    std::vector<WriteErrorRecord> fresh;
    {
      std::lock_guard lock(mu_);
      mark = watermark_locked();
      if (mark <= last_checkpoint_ && mark != size_) return;
      for (const auto& e : errors_) {
        if (e.range.end() <= mark && e.range.offset >= last_checkpoint_) fresh.push_back(e);
      }
    }
    fresh = merge_write_errors(std::move(fresh));
    if (auto s = observer_.on_checkpoint(mark, fresh); !s) return set_fatal(s.error());
    std::lock_guard lock(mu_);
    last_checkpoint_ = mark;
  }

  void coordinate() {
    using clock = std::chrono::steady_clock;
    auto next_progress = clock::now();
    auto next_checkpoint = clock::now() + tuning_.checkpoint_interval;
    std::unique_lock lock(mu_);
    while (active_ > 0) {
      wake_.wait_for(lock, std::chrono::milliseconds(50));
      const auto now = clock::now();
      if (now >= next_progress) {
        const std::uint64_t done = start_ + bytes_done_;
        lock.unlock();
        observer_.on_progress(done);
        lock.lock();
        next_progress = now + tuning_.progress_interval;
      }
      if (now >= next_checkpoint && !has_fatal_ && watermark_locked() > last_checkpoint_) {
        lock.unlock();
        // The flush makes the writes below the watermark durable before the journal says so.
        if (auto flushed = device_.flush(); !flushed) {
          set_fatal(Error{flushed.error().code, "the device did not confirm written data (flush failed)",
                          device_.path(), std::nullopt, flushed.error().sys_errno});
        } else {
          checkpoint();
        }
        lock.lock();
        next_checkpoint = clock::now() + tuning_.checkpoint_interval;
      }
    }
    const std::uint64_t done = start_ + bytes_done_;
    lock.unlock();
    observer_.on_progress(done);
  }

  BlockDevice& device_;
  const Pattern& pattern_;
  const std::uint64_t start_;
  const std::uint64_t size_;
  const std::uint64_t chunk_;
  const EngineTuning& tuning_;
  PassObserver& observer_;
  const std::atomic<bool>& cancel_;
  const std::uint64_t chunk_count_;

  std::atomic<std::uint64_t> next_chunk_{0};
  std::atomic<std::uint64_t> retried_{0};
  std::atomic<bool> first_write_{false};
  std::atomic<bool> has_fatal_{false};

  std::mutex mu_;  // guards everything below
  std::condition_variable wake_;
  unsigned active_ = 0;
  std::uint64_t bytes_done_ = 0;
  std::set<std::uint64_t> finished_;  // completed chunks above the watermark: at most one per writer
  std::uint64_t next_unfinished_ = 0;
  std::vector<WriteErrorRecord> errors_;
  std::uint64_t failed_bytes_ = 0;
  std::uint64_t last_checkpoint_ = start_;
  std::optional<Error> fatal_;
};

}  // namespace

PassRunResult run_overwrite_pass(BlockDevice& device, const Pattern& pattern, std::uint64_t start_offset,
                                 const EngineTuning& tuning, PassObserver& observer, const std::atomic<bool>& cancel) {
  PassRun run(device, pattern, start_offset, tuning, observer, cancel);
  return run.run();
}

}  // namespace wipeseal
