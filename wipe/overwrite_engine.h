// One overwrite pass over a device: the pattern is generated and written in large aligned
// chunks by a fixed pool of writer threads (so several requests are in flight while others
// generate keystream), failed writes are retried and narrowed to the failing logical blocks, and
// progress becomes durable at checkpoints. Memory is requests_in_flight x chunk_bytes whatever
// the device size.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "wipe/block_device.h"
#include "wipe/error.h"
#include "wipe/job_record.h"
#include "wipe/pattern.h"

namespace wipeseal {

struct EngineTuning {
  // 1 MiB requests, 8 in flight: measured fastest of 1-8 MiB x 4-8 on tmpfs- and disk-backed
  // loop devices (bench/benchmark.sh); a freshly generated 1 MiB buffer is still in cache when
  // the kernel copies it, and 1 MiB matches common max_sectors_kb limits. 8 MiB of buffers.
  std::size_t chunk_bytes = 1u << 20;      // bytes per write request
  unsigned requests_in_flight = 8;         // writer threads, each with one chunk buffer
  unsigned write_retries = 2;              // extra attempts of a failed chunk before narrowing
  std::chrono::milliseconds retry_delay{20};
  // Failed bytes located block by block; past this, a failing chunk is recorded whole (marked
  // not narrowed) so a dying disk is still wiped everywhere it can be, in bounded time.
  std::uint64_t narrowing_budget_bytes = 64u << 20;
  std::chrono::milliseconds checkpoint_interval{4000};
  std::chrono::milliseconds progress_interval{250};
};

// Called by run_overwrite_pass. on_progress and on_checkpoint come from the calling thread;
// on_first_write from a writer thread, once.
class PassObserver {
 public:
  virtual ~PassObserver() = default;
  virtual void on_progress(std::uint64_t bytes_done) = 0;
  // Everything below `offset` has been written (or recorded unwritable) and flushed; `errors` are
  // the unwritable ranges below `offset` not reported before. A failure here stops the pass.
  virtual Status on_checkpoint(std::uint64_t offset, std::span<const WriteErrorRecord> errors) = 0;
  virtual void on_first_write() {}
};

struct PassRunResult {
  std::uint64_t watermark = 0;                // every byte below was attempted and flushed
  std::uint64_t retried_writes = 0;
  bool flushed = false;                       // the final fdatasync succeeded
  bool cancelled = false;
  std::optional<Error> fatal;                 // the pass could not go on (device gone, flush failed...)
};

// Writes `pattern` over [start_offset, device size). `start_offset` must be a multiple of the
// logical block size (it is a previous checkpoint when resuming). Returns when the pass is
// complete, `cancel` becomes true, or a fatal error occurs.
PassRunResult run_overwrite_pass(BlockDevice& device, const Pattern& pattern, std::uint64_t start_offset,
                                 const EngineTuning& tuning, PassObserver& observer, const std::atomic<bool>& cancel);

}  // namespace wipeseal
