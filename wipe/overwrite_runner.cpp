#include "wipe/overwrite_runner.h"

#include <algorithm>

#include <fmt/format.h>

#include "wipe/clock.h"
#include "wipe/overwrite_engine.h"

namespace wipeseal {
namespace {

using nlohmann::json;

// Turns the engine's pass callbacks into progress events and journal checkpoints.
class PassJournal final : public PassObserver {
 public:
  PassJournal(DeviceJob& job, ProgressSink& progress, unsigned pass, std::uint64_t start)
      : job_(job), progress_(progress), pass_(pass), meter_(start) {}

  void on_progress(std::uint64_t bytes_done) override {
    job_.emit(progress_, ProgressEvent::Kind::progress, pass_, bytes_done, meter_.update(bytes_done));
  }

  Status on_checkpoint(std::uint64_t offset, std::span<const WriteErrorRecord> errors) override {
    if (first_write_error_) return std::unexpected(*first_write_error_);
    PassRecord& pass = job_.record().passes[pass_ - 1];
    json errs = json::array();
    for (const auto& e : errors) {
      pass.errors.push_back(e);
      errs.push_back({{"offset", e.range.offset}, {"length", e.range.length}, {"errno", e.sys_errno},
                      {"message", e.message}, {"narrowed", e.narrowed}});
      ProgressEvent ev = job_.event(ProgressEvent::Kind::write_error, pass_, offset);
      ev.message = fmt::format("bytes {}..{} could not be written: {}", e.range.offset, e.range.end() - 1, e.message);
      progress_.on_event(ev);
    }
    // Ranges found in different checkpoints may touch (a bad region across chunks): one range.
    pass.errors = merge_write_errors(std::move(pass.errors));
    return job_.journal(
        {{"type", "checkpoint"}, {"pass", pass_}, {"offset", offset}, {"at", now_timestamp()}, {"errors", errs}});
  }

  void on_first_write() override {
    JobRecord& record = job_.record();
    if (record.io.time_to_first_write_ms >= 0) return;  // a resumed job keeps the original figure
    record.io.time_to_first_write_ms = process_age_ms();
    // Not made durable on its own (the next checkpoint is); a failure stops the pass there.
    if (auto s = job_.journal({{"type", "first_write"}, {"ms", record.io.time_to_first_write_ms}}, false); !s) {
      first_write_error_ = s.error();
    }
  }

 private:
  DeviceJob& job_;
  ProgressSink& progress_;
  unsigned pass_;
  RateMeter meter_;
  std::optional<Error> first_write_error_;
};

}  // namespace

DeviceJobResult run_overwrite(DeviceJob& job, unsigned start_pass, std::uint64_t start_offset, ProgressSink& progress,
                              const std::atomic<bool>& cancel) {
  JobRecord& record = job.record();
  const auto pass_count = static_cast<unsigned>(record.passes.size());
  JobStop stop;
  unsigned pass_no = start_pass;
  std::uint64_t offset = start_offset;
  for (; pass_no <= pass_count; ++pass_no, offset = 0) {
    PassRecord& pass = record.passes[pass_no - 1];
    if (offset == 0 && pass.started_at.empty()) {
      pass.started_at = now_timestamp();
      if (auto s = job.journal({{"type", "pass_begin"}, {"pass", pass_no}, {"at", pass.started_at}}); !s) {
        stop.fatal = s.error();
        break;
      }
    }
    job.emit(progress, ProgressEvent::Kind::pass_started, pass_no, offset);
    PassJournal observer(job, progress, pass_no, offset);
    PassRunResult run = run_overwrite_pass(job.device(), pass.pattern, offset, job.options().tuning, observer, cancel);
    pass.retried_writes += run.retried_writes;
    offset = run.watermark;
    if (run.fatal) {
      stop.fatal = run.fatal;
      break;
    }
    if (run.cancelled) {
      stop.cancelled = true;
      break;
    }
    pass.completed = true;
    pass.flushed = run.flushed;
    pass.finished_at = now_timestamp();
    if (auto s = job.journal({{"type", "pass_end"}, {"pass", pass_no}, {"at", pass.finished_at},
                              {"flushed", pass.flushed}, {"retried_writes", pass.retried_writes}});
        !s) {
      stop.fatal = s.error();
      break;
    }
    job.emit(progress, ProgressEvent::Kind::pass_finished, pass_no, job.device().size_bytes());
  }
  stop.pass = std::min(pass_no, pass_count);
  stop.offset = offset;
  if (!stop.fatal && !stop.cancelled && job.options().verify) {
    const auto read = [&](const ReadProgressFn& report) {
      return job.options().verify(job.device(), record, report, cancel);
    };
    if (auto error = job.read_back(progress, pass_count, read)) {
      if (error->code == ErrorCode::cancelled) {
        stop.cancelled = true;
      } else {
        stop.fatal = error;
      }
    }
  }
  return job.finish(progress, stop);
}

}  // namespace wipeseal
