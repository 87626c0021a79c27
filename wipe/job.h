// An erase job: one or more devices erased concurrently with the same method. Each device gets
// a plan (keys drawn), a journal, its passes or its firmware purge, and a record. Jobs interrupted
// by a crash or an operator stop are found again from their journals (job_replay.h) and resumed
// where they became durable. The units: device_job.h (what a device's job shares and how it ends),
// overwrite_runner.h, purge_runner.h, purge_plan.h, outcome.h, device_identity.h.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "wipe/block_device.h"
#include "wipe/device_info.h"
#include "wipe/error.h"
#include <nlohmann/json.hpp>

#include "wipe/firmware/purge.h"
#include "wipe/job_record.h"
#include "wipe/job_replay.h"
#include "wipe/overwrite_engine.h"
#include "wipe/progress.h"

namespace wipeseal {

class RandomSource;

// Opens a device for erasure. The default opens it exclusively with O_DIRECT; tests wrap the
// result to inject faults or delays.
using DeviceOpener = std::function<Result<std::unique_ptr<BlockDevice>>(const DeviceInfo&)>;
DeviceOpener default_device_opener();

// Reads the device back after the last pass (verify/ provides it; the engine does not depend on
// it). Gets the open device and the record so far, reports (bytes read, bytes to read), and returns
// the verification, or an error if `cancel` stopped it.
using VerifyHook = std::function<Result<VerificationRecord>(
    BlockDevice& device, const JobRecord& record, const std::function<void(std::uint64_t, std::uint64_t)>& progress,
    const std::atomic<bool>& cancel)>;

// Firmware purge verification (verify/ provides it): `before` hashes a sample of the device before
// the purge, `after` checks the same blocks changed and no signature survived.
class PurgeVerifier {
 public:
  virtual ~PurgeVerifier() = default;
  virtual Status before(BlockDevice& device, const DeviceInfo& info, const std::atomic<bool>& cancel) = 0;
  virtual Result<VerificationRecord> after(BlockDevice& device, const JobRecord& record,
                                           const std::function<void(std::uint64_t, std::uint64_t)>& progress,
                                           const std::atomic<bool>& cancel) = 0;
  // What before() took, as text the job keeps beside its journal until it ends (no block data,
  // only hashes), and taking it back when the job resumes: an interrupted purge must be checked
  // against the drive's content from before the purge, not from after a part of it.
  virtual std::string saved() const = 0;
  virtual Status restore(const std::string& text) = 0;
};
using PurgeVerifierFactory = std::function<std::unique_ptr<PurgeVerifier>()>;

// The firmware command sets a device answers to, reached through the device the engine opened.
using FirmwareOpener = std::function<FirmwareAccess(const DeviceInfo&, BlockDevice&)>;
FirmwareOpener default_firmware_opener();

struct DeviceJobResult {
  JobRecord record;
  std::string record_path;            // empty if the record could not be written
  std::optional<Error> record_error;  // why not (the journal then keeps the record: resume writes it)
  std::optional<Error> journal_error; // the journal could not be updated or closed: resume finishes it
};

struct JobOptions {
  std::string method{"clear"};
  std::string records_dir;  // where <record id>.json is written
  std::string state_dir;    // where journals live (journal/ and journal/done/ below it)
  EngineTuning tuning;
  DeviceOpener open_device = default_device_opener();
  VerifyHook verify;  // empty: no read-back (the record then has no verification)
  RandomSource* random = nullptr;  // keys, IVs and ids; nullptr = the system CSPRNG
  // Firmware purge ("auto" and the firmware methods).
  FirmwareOpener firmware = default_firmware_opener();
  PurgeVerifierFactory purge_verifier;  // empty: no read-back after a purge
  bool restore_hidden_area = false;     // the operator agreed to make an ATA HPA accessible first
  std::chrono::milliseconds purge_poll_interval{2000};
  std::function<void(std::chrono::milliseconds)> purge_sleep;  // tests: do not really sleep
  // What runs the job, for the record (the live image names itself and its version here).
  std::string environment;
  // Kept in each journal and handed back on resume (UnfinishedJob::options): what the frontend
  // needs to finish the job as it was asked (read-back level, certification).
  nlohmann::json journal_options = nlohmann::json::object();
  // Runs in the device's thread once its record is written and before the journal ends (the
  // application layer issues the certificate here). A crash inside it leaves the job resumable
  // with only this step left.
  std::function<void(const DeviceJobResult&, ProgressSink&)> after_record;
};

// The method `auto` picks for one device, with the capabilities it read (harmless commands only).
struct MethodChoice {
  Capabilities capabilities;
  Recommendation recommendation;
};
Result<MethodChoice> choose_method(const DeviceInfo& device, const JobOptions& options);

// Erases `devices` (which must have passed assess_safety) concurrently. Every device is opened
// exclusively and journalled before anything is written to any of them: if one cannot be, none
// is touched and the error names it. `cancel` holds one stop flag per device, in order; the
// overload with one flag stops them all together.
Result<std::vector<DeviceJobResult>> run_erase_job(const std::vector<DeviceInfo>& devices, const JobOptions& options,
                                                   ProgressSink& progress,
                                                   const std::vector<const std::atomic<bool>*>& cancel);
Result<std::vector<DeviceJobResult>> run_erase_job(const std::vector<DeviceInfo>& devices, const JobOptions& options,
                                                   ProgressSink& progress, const std::atomic<bool>& cancel);

// Resumes jobs on the given (already located and safety-checked) devices, concurrently.
// `options.method` is ignored: each job keeps its own plan. `options.records_dir`, if empty,
// defaults to each job's original records folder. `cancel` as for run_erase_job.
Result<std::vector<DeviceJobResult>> resume_erase_jobs(const std::vector<std::pair<UnfinishedJob, DeviceInfo>>& jobs,
                                                       const JobOptions& options, ProgressSink& progress,
                                                       const std::vector<const std::atomic<bool>*>& cancel);
Result<std::vector<DeviceJobResult>> resume_erase_jobs(const std::vector<std::pair<UnfinishedJob, DeviceInfo>>& jobs,
                                                       const JobOptions& options, ProgressSink& progress,
                                                       const std::atomic<bool>& cancel);

// Finishes a job whose device work is done but whose record could not be written, or whose
// after_record step (certification) a crash interrupted: no device is needed.
Result<DeviceJobResult> finish_paperwork(const UnfinishedJob& job, const JobOptions& options, ProgressSink& progress);

// A random UUID (version 4) from `random`.
std::string make_uuid(RandomSource& random);

}  // namespace wipeseal
