#include "app/session.h"

#include <filesystem>

#include <fmt/format.h>

#include "app/data_folder.h"
#include "app/folders.h"
#include "verify/purge_check.h"
#include "wipe/device_identity.h"
#include "wipe/discovery.h"
#include "wipe/erase_plan.h"
#include "wipe/file_io.h"
#include "wipe/firmware/methods.h"
#include "wipe/random_source.h"

namespace wipeseal::app {
namespace fs = std::filesystem;
using nlohmann::json;

const char* classification_name(Classification c) {
  switch (c) {
    case Classification::erased: return "erased";
    case Classification::erased_with_exceptions: return "erased_with_exceptions";
    case Classification::aborted: return "aborted";
    case Classification::failed: return "failed";
  }
  return "failed";
}

Classification worst(Classification a, Classification b) {
  const auto rank = [](Classification c) {
    switch (c) {
      case Classification::erased: return 0;
      case Classification::erased_with_exceptions: return 1;
      case Classification::aborted: return 2;
      case Classification::failed: return 3;
    }
    return 3;
  };
  return rank(a) >= rank(b) ? a : b;
}

Classification SessionResults::overall() const {
  if (error) return Classification::failed;
  Classification c = Classification::erased;
  for (const DeviceResult& d : devices) c = worst(c, d.classification);
  return c;
}

std::vector<const certificates::IssuedCertificate*> SessionResults::certificates() const {
  std::vector<const certificates::IssuedCertificate*> out;
  for (const DeviceResult& d : devices) {
    if (!d.certificate) continue;
    const bool known = std::any_of(out.begin(), out.end(), [&](const auto* c) { return c->cert.id == d.certificate->cert.id; });
    if (!known) out.push_back(&*d.certificate);
  }
  return out;
}

Result<JobList> list_unfinished(const std::string& state_dir) {
  return find_unfinished_jobs(absolute_path(state_dir.empty() ? default_state_dir() : state_dir));
}

namespace {

Classification from_outcome(Outcome o) {
  switch (o) {
    case Outcome::erased: return Classification::erased;
    case Outcome::erased_with_exceptions: return Classification::erased_with_exceptions;
    case Outcome::aborted: return Classification::aborted;
    case Outcome::failed: return Classification::failed;
  }
  return Classification::failed;
}

// Names every refused disk and why (English, for the error; frontends show the catalogue's words
// from the DiskViews they examined).
Status refuse_unless_eligible(const std::vector<DiskView>& disks) {
  std::string why;
  for (const DiskView& d : disks) {
    for (const Refusal& r : d.safety.refusals) why += fmt::format("{}{}: {}", why.empty() ? "" : "; ", d.device.path, describe_refusal(r));
    if (d.method_refused) why += fmt::format("{}{}: {}", why.empty() ? "" : "; ", d.device.path, *d.method_refused);
  }
  if (why.empty()) return {};
  return std::unexpected(make_error(ErrorCode::refused, "refused: " + why + "; nothing was written"));
}

void apply(const EngineSettings& e, const std::string& records_dir, const std::string& state_dir, JobOptions& options) {
  options.environment = environment_description();
  options.records_dir = records_dir;
  options.state_dir = state_dir;
  options.tuning = e.tuning;
  options.open_device = e.open_device;
  options.firmware = e.firmware;
  options.purge_poll_interval = e.purge_poll_interval;
}

// Found before anything is written, so the operator's choice of folder is what must change: an
// input error (exit 1) whatever the cause (read-only, full, not a folder), never "failed".
Status prove_folders(const std::string& records_dir, const std::string& state_dir) {
  if (auto s = prove_writable_folder(records_dir); !s) {
    Error e = s.error();
    e.code = ErrorCode::invalid_input;
    e.message = "the records folder cannot be used: " + e.message;
    return std::unexpected(e);
  }
  if (auto s = prove_writable_folder(journal_dir(state_dir)); !s) {
    Error e = s.error();
    e.code = ErrorCode::invalid_input;
    e.message = "the state folder (job journals) cannot be used: " + e.message;
    return std::unexpected(e);
  }
  // Temporary files of a process killed while writing a record: never the record itself (that is
  // renamed into place whole, and the journal keeps it until then).
  (void)remove_stale_temporaries(records_dir);
  return {};
}

}  // namespace

Result<std::unique_ptr<Session>> Session::prepare(EraseRequest request, const SecretPrompt& ask) {
  if (request.devices.empty()) return std::unexpected(make_error(ErrorCode::invalid_input, "no device to erase was given"));
  if (auto known = check_method(request.method); !known) return std::unexpected(known.error());
  if (request.certify && request.read_back.level == ReadBackSpec::Level::none) {
    return std::unexpected(make_error(ErrorCode::invalid_input,
                                      "a certificate needs a read-back (--verify): an erasure that was not checked "
                                      "proves nothing"));
  }
  request.records_dir = absolute_path(request.records_dir.empty() ? default_records_dir() : request.records_dir);
  request.state_dir = absolute_path(request.state_dir.empty() ? default_state_dir() : request.state_dir);

  auto disks = examine(request.devices, request.method, false, request.restore_hidden);
  if (!disks) return std::unexpected(disks.error());
  if (auto s = refuse_unless_eligible(*disks); !s) return std::unexpected(s.error());
  for (const DiskView& d : *disks) {
    if (d.plan_error) return std::unexpected(*d.plan_error);
  }
  if (auto s = prove_folders(request.records_dir, request.state_dir); !s) return std::unexpected(s.error());

  std::unique_ptr<Session> session(new Session());
  if (request.certify) {
    auto certifier = Certifier::prepare(*request.certify, request.records_dir, ask);
    if (!certifier) return std::unexpected(certifier.error());
    session->certifiers_.push_back(std::move(*certifier));
    // The wizard erases one computer per session, the CLI the disks of one machine: one biên bản.
    session->batches_.push_back(std::make_unique<ComputerBatch>(*session->certifiers_.back(), disks->size()));
  }
  session->read_back_ = request.read_back.options();
  session->disks_ = std::move(*disks);
  session->erase_ = std::move(request);
  for (std::size_t i = 0; i < session->disks_.size(); ++i) session->stop_.push_back(std::make_unique<std::atomic<bool>>(false));
  return session;
}

Result<std::unique_ptr<Session>> Session::prepare_resume(ResumeRequest request, const SecretPrompt& ask) {
  request.state_dir = absolute_path(request.state_dir.empty() ? default_state_dir() : request.state_dir);
  if (!request.records_dir.empty()) request.records_dir = absolute_path(request.records_dir);
  auto list = find_unfinished_jobs(request.state_dir);
  if (!list) return std::unexpected(list.error());
  std::vector<UnfinishedJob> chosen;
  for (const auto& j : list->jobs) {
    if (request.job.empty() || j.record_id.starts_with(request.job)) chosen.push_back(j);
  }
  if (chosen.empty()) {
    return std::unexpected(make_error(ErrorCode::not_found,
                                      request.job.empty() ? "there is no interrupted job here"
                                                          : fmt::format("there is no interrupted job with id {} here", request.job),
                                      request.state_dir));
  }
  if (!request.device.empty() && chosen.size() != 1) {
    return std::unexpected(make_error(ErrorCode::invalid_input, "--device applies to one job; choose it with --job"));
  }

  std::unique_ptr<Session> session(new Session());
  session->resuming_ = true;
  const SystemState system = read_system_state(SystemPaths{});
  std::vector<UnfinishedJob> paperwork;
  std::map<std::string, std::size_t> certifier_index;  // request JSON -> certifier
  for (const UnfinishedJob& j : chosen) {
    if (j.running) {
      return std::unexpected(make_error(ErrorCode::busy,
                                        "this job is still running in another process; it was left alone", j.record_id));
    }
    const std::string records_dir = request.records_dir.empty() ? j.records_dir : request.records_dir;
    if (auto s = prove_writable_folder(records_dir); !s) {
      Error e = s.error();
      e.message = "the job's records folder cannot be used: " + e.message + "; name another with --out";
      return std::unexpected(e);
    }
    (void)remove_stale_temporaries(records_dir);  // left by the process that was killed
    // The read-back the job was started with, unless the operator says otherwise now.
    ReadBackSpec spec;
    const auto kept = ReadBackSpec::parse(j.options.value("read_back", "1"), true);
    if (request.read_back) {
      // A job started with a read-back never ends ERASED unchecked: the disk found at its path
      // may be another one with the same identity, and only reading it back tells.
      if (request.read_back->level == ReadBackSpec::Level::none && kept && kept->level != ReadBackSpec::Level::none) {
        return std::unexpected(make_error(ErrorCode::invalid_input,
                                          "this job was started with a read-back (" + kept->text() +
                                              "), so resume reads back too; --verify none is refused for it",
                                          j.record_id));
      }
      spec = *request.read_back;
    } else if (kept) {
      spec = *kept;
    }
    if (auto o = spec.options()) session->read_back_of_[j.record_id] = *o;
    if (request.certify && j.options.contains("certify")) {
      if (spec.level == ReadBackSpec::Level::none) {
        return std::unexpected(make_error(ErrorCode::invalid_input,
                                          "this job asked for a certificate, which needs a read-back", j.record_id));
      }
      const CertificationRequest creq = CertificationRequest::from_json(j.options["certify"]);
      const std::string key = creq.to_json().dump();
      if (!certifier_index.contains(key)) {
        auto certifier = Certifier::prepare(creq, records_dir, ask);
        if (!certifier) return std::unexpected(certifier.error());
        certifier_index[key] = session->certifiers_.size();
        session->certifiers_.push_back(std::move(*certifier));
      }
      session->certifier_of_[j.record_id] = session->certifiers_[certifier_index[key]].get();
    }
    if (j.paperwork_only) {
      paperwork.push_back(j);
      continue;
    }
    auto device = locate_job_device(j, request.device);
    if (!device) return std::unexpected(device.error());
    DiskView view;
    view.device = std::move(*device);
    view.safety = assess_safety(view.device, system);
    session->disks_.push_back(std::move(view));
    session->jobs_.push_back(j);
  }
  if (auto s = refuse_unless_eligible(session->disks_); !s) return std::unexpected(s.error());
  if (auto s = prove_writable_folder(journal_dir(request.state_dir)); !s) return std::unexpected(s.error());
  session->jobs_.insert(session->jobs_.end(), paperwork.begin(), paperwork.end());
  // One biên bản per computer: the resumed jobs of one original job (one computer) and one
  // certification request share a batch; the device table keeps the order of the jobs here.
  std::map<std::pair<Certifier*, std::string>, std::vector<std::string>> groups;
  for (const UnfinishedJob& j : session->jobs_) {
    if (auto it = session->certifier_of_.find(j.record_id); it != session->certifier_of_.end()) {
      groups[{it->second, j.job_id}].push_back(j.record_id);
    }
  }
  for (const auto& [key, records] : groups) {
    session->batches_.push_back(std::make_unique<ComputerBatch>(*key.first, records.size()));
    for (std::size_t i = 0; i < records.size(); ++i) session->batch_by_record_[records[i]] = {session->batches_.back().get(), i};
  }
  for (std::size_t i = 0; i < session->disks_.size(); ++i) session->stop_.push_back(std::make_unique<std::atomic<bool>>(false));
  session->resume_ = std::move(request);
  return session;
}

Session::~Session() {
  cancel_all();
  if (worker_.joinable()) worker_.join();
}

const Certifier* Session::certifier() const { return certifiers_.empty() ? nullptr : certifiers_.front().get(); }

void Session::start(ProgressSink& progress) {
  worker_ = std::thread([this, &progress] { run(progress); });
}

bool Session::cancel(const std::string& device_path) {
  for (std::size_t i = 0; i < disks_.size(); ++i) {
    if (disks_[i].device.path == device_path) {
      stop_[i]->store(true);
      return true;
    }
  }
  return false;
}

void Session::cancel_all() {
  for (auto& s : stop_) s->store(true);
}

bool Session::wait_for(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mu_);
  return done_cv_.wait_for(lock, timeout, [&] { return done_; });
}

void Session::wait() {
  std::unique_lock lock(mu_);
  done_cv_.wait(lock, [&] { return done_; });
}

std::pair<ComputerBatch*, std::size_t> Session::batch_of(const JobRecord& record) {
  if (resuming_) {
    const auto it = batch_by_record_.find(record.id);
    return it != batch_by_record_.end() ? it->second : std::pair<ComputerBatch*, std::size_t>{nullptr, 0};
  }
  if (batches_.empty()) return {nullptr, 0};
  std::size_t position = 0;
  while (position < disks_.size() && disks_[position].device.path != record.device.path) ++position;
  return {batches_.front().get(), position};
}

void Session::drop_from_batch(const std::string& record_id) {
  if (resuming_) {
    if (const auto it = batch_by_record_.find(record_id); it != batch_by_record_.end()) it->second.first->drop(record_id);
  } else if (!batches_.empty()) {
    batches_.front()->drop(record_id);
  }
}

void Session::after_record(const DeviceJobResult& result, ProgressSink& progress) {
  const auto [batch, position] = batch_of(result.record);
  if (batch == nullptr) return;
  // Only an erasure that ended and was read back is certified; a stopped one is resumed later.
  const bool certify = result.record.outcome != Outcome::aborted && result.record.verification.has_value();
  ProgressEvent started;
  started.kind = ProgressEvent::Kind::signing_started;
  started.phase = ProgressPhase::signing;
  started.record_id = result.record.id;
  started.device = result.record.device.path;
  if (certify) progress.on_event(started);
  auto issued = batch->hand_in(result.record, certify, position);
  if (!certify) {
    if (result.record.outcome == Outcome::aborted) return;
    issued = std::unexpected(make_error(ErrorCode::invalid_input,
                                        "this erasure was not read back, so nothing proves it and it was not certified",
                                        result.record.id));
  }
  ProgressEvent finished = started;
  finished.kind = ProgressEvent::Kind::signing_finished;
  finished.outcome = issued ? "issued" : "failed";
  finished.message = issued ? issued->cert.number : issued.error().describe();
  {
    std::lock_guard lock(mu_);
    if (issued) {
      issued_[result.record.id] = {std::move(*issued), std::nullopt};
    } else {
      issued_[result.record.id] = {std::nullopt, issued.error()};
    }
  }
  if (certify) progress.on_event(finished);
}

DeviceResult Session::classify(const DeviceJobResult& r) {
  DeviceResult d;
  d.record = r.record;
  d.record_path = r.record_path;
  d.record_error = r.record_error;
  d.journal_error = r.journal_error;
  d.classification = from_outcome(r.record.outcome);
  if (r.record_path.empty()) d.classification = Classification::failed;
  const bool wanted = resuming_ ? certifier_of_.contains(r.record.id) : !certifiers_.empty();
  d.certificate_requested = wanted && r.record.outcome != Outcome::aborted;
  if (auto it = issued_.find(r.record.id); it != issued_.end()) {
    d.certificate = it->second.first;
    d.certificate_error = it->second.second;
  }
  if (d.certificate_requested && !d.certificate) {
    if (!d.certificate_error) {
      d.certificate_error = make_error(ErrorCode::internal, "no certificate was issued for this record", r.record.id);
    }
    d.classification = Classification::failed;
  }
  return d;
}

namespace {

// Passes every event on; a disk that ends without handing its record to its computer's batch
// (it was stopped, or its record could not be written) leaves the batch, so the other disks'
// threads stop waiting for it.
class BatchWatcher final : public ProgressSink {
 public:
  BatchWatcher(ProgressSink& inner, std::function<void(const std::string&)> drop) : inner_(inner), drop_(std::move(drop)) {}
  void on_event(const ProgressEvent& event) override {
    if (event.kind == ProgressEvent::Kind::device_finished) drop_(event.record_id);
    inner_.on_event(event);
  }

 private:
  ProgressSink& inner_;
  std::function<void(const std::string&)> drop_;
};

}  // namespace

std::vector<DeviceJobResult> Session::run_resumed(const JobOptions& options, ProgressSink& progress,
                                                  const std::vector<const std::atomic<bool>*>& flags,
                                                  std::optional<Error>& error) {
  std::vector<std::pair<UnfinishedJob, DeviceInfo>> with_read_back, without;
  std::vector<const std::atomic<bool>*> flags_with, flags_without;
  for (std::size_t i = 0; i < disks_.size(); ++i) {
    const bool wants = read_back_of_.contains(jobs_[i].record_id);
    (wants ? with_read_back : without).emplace_back(jobs_[i], disks_[i].device);
    (wants ? flags_with : flags_without).push_back(flags[i]);
  }
  JobOptions no_read_back = options;
  no_read_back.verify = nullptr;
  no_read_back.purge_verifier = nullptr;
  std::vector<DeviceJobResult> a, b, paper(jobs_.size() - disks_.size());
  std::optional<Error> error_a, error_b;
  const auto resume = [&](const std::vector<std::pair<UnfinishedJob, DeviceInfo>>& jobs, const JobOptions& o,
                          const std::vector<const std::atomic<bool>*>& f, std::vector<DeviceJobResult>& out,
                          std::optional<Error>& failed) {
    auto res = resume_erase_jobs(jobs, o, progress, f);
    for (const auto& [job, device] : jobs) drop_from_batch(job.record_id);  // those that never ran
    if (res) {
      out = std::move(*res);
    } else {
      failed = res.error();
    }
  };
  {
    std::vector<std::jthread> threads;
    // Jobs with only their paperwork left run beside the devices: a computer's biên bản waits
    // for all of its disks.
    for (std::size_t i = disks_.size(); i < jobs_.size(); ++i) {
      threads.emplace_back([&, i] {
        auto done = finish_paperwork(jobs_[i], options, progress);
        drop_from_batch(jobs_[i].record_id);
        DeviceJobResult& r = paper[i - disks_.size()];
        if (done) {
          r = std::move(*done);
        } else {
          r.record.id = jobs_[i].record_id;
          r.record.device = jobs_[i].device;
          r.record_error = done.error();
        }
      });
    }
    if (!without.empty()) threads.emplace_back([&] { resume(without, no_read_back, flags_without, b, error_b); });
    if (!with_read_back.empty()) resume(with_read_back, options, flags_with, a, error_a);
  }
  error = error_a ? error_a : error_b;
  // Back in the order of disks_, then the jobs with only paperwork left.
  std::vector<DeviceJobResult> raw;
  std::size_t ia = 0, ib = 0;
  for (std::size_t i = 0; i < disks_.size() && !error; ++i) {
    raw.push_back(read_back_of_.contains(jobs_[i].record_id) ? std::move(a[ia++]) : std::move(b[ib++]));
  }
  for (DeviceJobResult& r : paper) raw.push_back(std::move(r));
  return raw;
}

void Session::run(ProgressSink& outer) {
  BatchWatcher progress(outer, [this](const std::string& record_id) { drop_from_batch(record_id); });
  JobOptions options;
  options.after_record = [this](const DeviceJobResult& r, ProgressSink& sink) { after_record(r, sink); };
  options.purge_verifier = verify::purge_verifier(read_back_.value_or(verify::ReadBackOptions{}));
  std::vector<const std::atomic<bool>*> flags;
  for (auto& s : stop_) flags.push_back(s.get());
  std::vector<DeviceJobResult> raw;
  std::optional<Error> error;

  if (!resuming_) {
    const EraseRequest& r = erase_;
    apply(r.engine, r.records_dir, r.state_dir, options);
    options.method = r.method;
    options.restore_hidden_area = r.restore_hidden;
    if (read_back_) {
      options.verify = [opts = *read_back_](BlockDevice& device, const JobRecord& record, const verify::ReadProgress& report,
                                            const std::atomic<bool>& cancel) {
        return verify::verify_overwrite(device, record, opts, secure_random(), report, cancel);
      };
    } else {
      options.purge_verifier = nullptr;
    }
    options.journal_options = {{"read_back", r.read_back.text()}};
    if (!certifiers_.empty()) options.journal_options["certify"] = certifiers_.front()->request().to_json();
    std::vector<DeviceInfo> devices;
    for (const DiskView& d : disks_) devices.push_back(d.device);
    auto results = run_erase_job(devices, options, progress, flags);
    if (results) {
      raw = std::move(*results);
    } else {
      error = results.error();
    }
  } else {
    const ResumeRequest& r = resume_;
    apply(r.engine, r.records_dir, r.state_dir, options);
    // Jobs keep the read-back they were started with; one that asked for none gets none.
    options.verify = [this](BlockDevice& device, const JobRecord& record, const verify::ReadProgress& report,
                            const std::atomic<bool>& cancel) -> Result<VerificationRecord> {
      auto it = read_back_of_.find(record.id);
      const verify::ReadBackOptions opts = it != read_back_of_.end() ? it->second : verify::ReadBackOptions{};
      return verify::verify_overwrite(device, record, opts, secure_random(), report, cancel);
    };
    raw = run_resumed(options, progress, flags, error);
  }

  SessionResults results;
  results.error = error;
  for (const DeviceJobResult& r : raw) results.devices.push_back(classify(r));
  std::lock_guard lock(mu_);
  results_ = std::move(results);
  done_ = true;
  done_cv_.notify_all();
}

}  // namespace wipeseal::app
