// One device's job as both runners (overwrite_runner.h, purge_runner.h) see it: the record being
// built, the journal, the open device, the progress events, and the one way a job ends
// (finish: outcome decided, record written durably, journal closed or left resumable).
// Internal to the engine; frontends use job.h.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "wipe/block_device.h"
#include "wipe/job.h"
#include "wipe/journal.h"
#include "wipe/outcome.h"
#include "wipe/progress.h"
#include "wipe/purge_plan.h"

namespace wipeseal {

// A write or read rate smoothed over the last few seconds, so the time left does not jump.
class RateMeter {
 public:
  explicit RateMeter(std::uint64_t start_bytes);
  double update(std::uint64_t bytes_done);

 private:
  std::uint64_t last_bytes_;
  std::chrono::steady_clock::time_point last_time_;
  double rate_ = 0;
};

// (bytes read, bytes to read), a few times a second.
using ReadProgressFn = std::function<void(std::uint64_t, std::uint64_t)>;

// How a job stopped, for finish().
struct JobStop {
  std::optional<Error> fatal;
  bool cancelled = false;
  unsigned pass = 0;            // overwrite: the pass that was running (1-based)
  std::uint64_t offset = 0;     // and how far it was durable
  // Purge: see OutcomeFacts.
  bool purge_began = false;
  std::string purge_running;
  bool purge_sample_lost = false;
};


// A progress event about `record`'s device.
ProgressEvent job_event(const JobRecord& record, ProgressEvent::Kind kind, unsigned pass, std::uint64_t done,
                        double rate = 0);

class DeviceJob {
 public:
  // An overwrite job continues at `start_pass` (1-based) from `start_offset`; a purge job has a
  // `purge` plan (purge_plan.h).
  DeviceJob(JobRecord record, std::string records_dir, Journal journal, std::unique_ptr<BlockDevice> device,
            const JobOptions& options, unsigned start_pass = 1, std::uint64_t start_offset = 0,
            std::unique_ptr<PurgePlan> purge = nullptr);
  ~DeviceJob();

  // Runs the job to its end with the right runner; an exception in it (allocation failure, a
  // keystream error) ends the job as failed, with a record, instead of ending the process.
  DeviceJobResult run(ProgressSink& progress, const std::atomic<bool>& cancel);

  JobRecord& record() { return record_; }
  BlockDevice& device() { return *device_; }
  const JobOptions& options() const { return options_; }
  const std::string& journal_path() const { return journal_.path(); }

  // Appends to the journal; a failure is returned for the caller to act on.
  Status journal(const nlohmann::json& entry, bool durable = true) { return journal_.append(entry, durable); }

  ProgressEvent event(ProgressEvent::Kind kind, unsigned pass, std::uint64_t done, double rate = 0) const;
  void emit(ProgressSink& progress, ProgressEvent::Kind kind, unsigned pass, std::uint64_t done, double rate = 0) const;
  // The read-back after the last pass or the purge: the started/finished events around it and
  // the journal entry. Returns the error that stopped it (cancelled, device gone), if any.
  std::optional<Error> read_back(ProgressSink& progress, unsigned pass,
                                 const std::function<Result<VerificationRecord>(const ReadProgressFn&)>& read);

  // Marks whether the drive may still hold wipeseal's temporary ATA password: then the journal
  // stays open at the end so that `wipeseal resume` can unlock the drive.
  void set_ata_password_outstanding(bool outstanding) { ata_password_outstanding_ = outstanding; }

  // Decides the outcome, writes the record, and ends the journal (or leaves it resumable).
  DeviceJobResult finish(ProgressSink& progress, const JobStop& stop);

 private:
  JobRecord record_;
  std::string records_dir_;
  Journal journal_;
  std::unique_ptr<BlockDevice> device_;
  const JobOptions& options_;
  unsigned start_pass_;
  std::uint64_t start_offset_;
  std::unique_ptr<PurgePlan> purge_;
  bool ata_password_outstanding_ = false;
  bool finished_ = false;
};

// Ends a job whose record exists (or is kept in the journal): writes the record if it was not
// written, runs JobOptions::after_record, appends "end", removes the fingerprint file, scrubs any
// ATA password from the journal and moves it to journal/done/. Shared by finish() and by
// resuming a job whose paperwork a crash interrupted.
DeviceJobResult close_job(JobRecord record, const std::string& records_dir, Journal journal,
                          const JobOptions& options, ProgressSink& progress, const std::string& written_path = {});

// Beside the journal <id>.jsonl: the sample hashed before a firmware purge, kept until the job ends.
std::string fingerprint_path(const std::string& journal_path);

}  // namespace wipeseal
