// The one workflow both frontends walk through, as kpmcore's UI-free operations: examine the disks
// (examine.h), prepare a session (everything checked, the key unlocked, nothing written), start it
// (it runs on its own threads and reports through progress events), cancel one device or all, and
// read the results: per device the record, its read-back, its certificate and one classification.
// Resuming interrupted jobs goes through the same session. Every rule lives here or below.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "app/certification.h"
#include "app/examine.h"
#include "app/read_back.h"
#include "wipe/job.h"
#include "wipe/progress.h"

namespace wipeseal::app {

// How the engine reaches devices and how hard it drives them. Tests put simulated drives behind
// the openers; production leaves them alone.
struct EngineSettings {
  EngineTuning tuning;
  DeviceOpener open_device = default_device_opener();
  FirmwareOpener firmware = default_firmware_opener();
  std::chrono::milliseconds purge_poll_interval{2000};
};

struct EraseRequest {
  std::vector<std::string> devices;
  std::string method = "clear";  // an overwrite method, "auto", or a firmware method
  ReadBackSpec read_back;        // 1 % sampled by default
  bool restore_hidden = false;   // make an ATA Host Protected Area accessible first
  std::string records_dir;       // default_records_dir() when empty
  std::string state_dir;         // default_state_dir() when empty
  std::optional<CertificationRequest> certify;
  EngineSettings engine;
};

struct ResumeRequest {
  std::string state_dir;             // default_state_dir() when empty
  std::string job;                   // record id or its first characters; empty: every interrupted job
  std::string device;                // where the job's disk is now, if its name changed (one job only)
  std::string records_dir;           // empty: where each job began
  std::optional<ReadBackSpec> read_back;  // empty: as each job was started
  bool certify = true;               // issue the certificates the jobs asked for
  EngineSettings engine;
};

// One classification per device, which the CLI maps to its exit codes and the wizard to its
// result page. Without its record an erasure proves nothing, and a certificate that was asked
// for and not issued leaves the job undone: both are `failed`.
enum class Classification { erased, erased_with_exceptions, aborted, failed };
const char* classification_name(Classification c);
// The worse of two (failed > aborted > erased_with_exceptions > erased).
Classification worst(Classification a, Classification b);

struct DeviceResult {
  JobRecord record;
  std::string record_path;
  std::optional<Error> record_error;   // the record could not be written (the journal keeps it)
  std::optional<Error> journal_error;  // the journal could not be closed; `resume` finishes it
  bool certificate_requested = false;
  // The biên bản of the computer this disk belongs to: every disk of the job that shares a host
  // has the same one (certificate->cert.records lists them all).
  std::optional<certificates::IssuedCertificate> certificate;
  std::optional<Error> certificate_error;
  Classification classification = Classification::failed;
};

struct SessionResults {
  std::vector<DeviceResult> devices;
  std::optional<Error> error;  // the job could not start: nothing was written to any device
  Classification overall() const;
  // The distinct certificates issued, in the order of their first device.
  std::vector<const certificates::IssuedCertificate*> certificates() const;
};

// Interrupted jobs found in a state folder; damaged journals are listed, never fatal.
Result<JobList> list_unfinished(const std::string& state_dir);

class Session {
 public:
  // Checks everything that can be checked before a byte is written: the method, the disks (none
  // refused: error `refused` naming them), the read-back, the output and state folders (a probe
  // file is written and removed), and for certificates the details, the key (unlocked with `ask`)
  // and the register.
  static Result<std::unique_ptr<Session>> prepare(EraseRequest request, const SecretPrompt& ask);
  // The same for resuming interrupted jobs (each job's device located and checked again).
  static Result<std::unique_ptr<Session>> prepare_resume(ResumeRequest request, const SecretPrompt& ask);

  ~Session();  // stops every device and waits for the job to end
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  // What will be erased (for the confirmation), in the order of the request.
  const std::vector<DiskView>& disks() const { return disks_; }
  // For resume: the jobs, in the order of disks() then the paperwork-only jobs.
  const std::vector<UnfinishedJob>& jobs() const { return jobs_; }
  const Certifier* certifier() const;
  // The folder of the job journals (absolute): where `wipeseal resume --state-dir` must look.
  const std::string& state_dir() const { return resuming_ ? resume_.state_dir : erase_.state_dir; }

  // Starts the job on its own threads and returns at once. `progress` must outlive the session
  // and take events from several threads. Call once.
  void start(ProgressSink& progress);
  // Stops one device (by its path, as in disks()) or all; each stopped device ends `aborted`
  // with a record, and `wipeseal resume` continues it.
  bool cancel(const std::string& device_path);
  void cancel_all();

  // True once every device has ended; waits at most `timeout`.
  bool wait_for(std::chrono::milliseconds timeout);
  void wait();
  // Valid once the session has ended.
  const SessionResults& results() const { return results_; }

 private:
  Session() = default;
  void run(ProgressSink& progress);
  void after_record(const DeviceJobResult& result, ProgressSink& progress);
  DeviceResult classify(const DeviceJobResult& r);
  // The batch (one biên bản per computer) a record belongs to, and its place in the device table.
  std::pair<ComputerBatch*, std::size_t> batch_of(const JobRecord& record);
  void drop_from_batch(const std::string& record_id);
  std::vector<DeviceJobResult> run_resumed(const JobOptions& options, ProgressSink& progress,
                                           const std::vector<const std::atomic<bool>*>& flags, std::optional<Error>& error);

  bool resuming_ = false;
  EraseRequest erase_;
  ResumeRequest resume_;
  std::vector<DiskView> disks_;
  std::vector<UnfinishedJob> jobs_;               // resume: device jobs (same order as disks_) then paperwork
  std::vector<std::unique_ptr<Certifier>> certifiers_;
  std::map<std::string, Certifier*> certifier_of_;                 // record id -> its certifier
  std::vector<std::unique_ptr<ComputerBatch>> batches_;             // new job: one; resume: one per job
  std::map<std::string, std::pair<ComputerBatch*, std::size_t>> batch_by_record_;  // resume: record id -> batch, place
  std::map<std::string, verify::ReadBackOptions> read_back_of_;   // record id -> its read-back (resume)
  std::optional<verify::ReadBackOptions> read_back_;              // new jobs
  std::vector<std::unique_ptr<std::atomic<bool>>> stop_;
  std::mutex mu_;
  std::condition_variable done_cv_;
  bool done_ = false;
  std::map<std::string, std::pair<std::optional<certificates::IssuedCertificate>, std::optional<Error>>> issued_;
  SessionResults results_;
  std::thread worker_;
};

}  // namespace wipeseal::app
