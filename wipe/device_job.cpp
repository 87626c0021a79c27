#include "wipe/device_job.h"

#include <algorithm>
#include <filesystem>

#include <fmt/format.h>

#include "wipe/clock.h"
#include "wipe/content_probe.h"
#include "wipe/file_io.h"
#include "wipe/overwrite_runner.h"
#include "wipe/purge_plan.h"
#include "wipe/purge_runner.h"
#include "wipe/text.h"

namespace wipeseal {

using nlohmann::json;
namespace fs = std::filesystem;

RateMeter::RateMeter(std::uint64_t start_bytes)
    : last_bytes_(start_bytes), last_time_(std::chrono::steady_clock::now()) {}

double RateMeter::update(std::uint64_t bytes_done) {
  const auto now = std::chrono::steady_clock::now();
  const double dt = std::chrono::duration<double>(now - last_time_).count();
  if (dt > 0 && bytes_done >= last_bytes_) {
    const double instant = static_cast<double>(bytes_done - last_bytes_) / dt;
    rate_ = rate_ == 0 ? instant : 0.7 * rate_ + 0.3 * instant;
  }
  last_time_ = now;
  last_bytes_ = bytes_done;
  return rate_;
}

std::string fingerprint_path(const std::string& journal_path) {
  fs::path p(journal_path);
  p.replace_extension(".fingerprint.json");
  return p.string();
}

ProgressEvent job_event(const JobRecord& record, ProgressEvent::Kind kind, unsigned pass, std::uint64_t done,
                        double rate) {
  ProgressEvent ev;
  ev.kind = kind;
  ev.record_id = record.id;
  ev.device = record.device.path;
  ev.pass = pass;
  ev.pass_count = static_cast<unsigned>(record.passes.size());
  ev.pass_bytes_done = done;
  ev.pass_bytes_total = record.device.size_bytes;
  ev.rate_bytes_per_second = rate;
  if (rate > 0 && pass > 0) {
    const std::uint64_t size = record.device.size_bytes;
    const double remaining = static_cast<double>(size - std::min(done, size)) +
                             static_cast<double>(ev.pass_count > pass ? ev.pass_count - pass : 0) * static_cast<double>(size);
    ev.eta_seconds = remaining / rate;
  }
  return ev;
}

DeviceJob::DeviceJob(JobRecord record, std::string records_dir, Journal journal, std::unique_ptr<BlockDevice> device,
                     const JobOptions& options, unsigned start_pass, std::uint64_t start_offset,
                     std::unique_ptr<PurgePlan> purge)
    : record_(std::move(record)),
      records_dir_(std::move(records_dir)),
      journal_(std::move(journal)),
      device_(std::move(device)),
      options_(options),
      start_pass_(start_pass),
      start_offset_(start_offset),
      purge_(std::move(purge)) {
  ata_password_outstanding_ = purge_ && purge_->ata_password.has_value();
}

DeviceJob::~DeviceJob() = default;

DeviceJobResult DeviceJob::run(ProgressSink& progress, const std::atomic<bool>& cancel) {
  try {
    emit(progress, ProgressEvent::Kind::device_started, 0, 0);
    if (purge_) return run_purge(*this, *purge_, progress, cancel);
    return run_overwrite(*this, start_pass_, start_offset_, progress, cancel);
  } catch (const std::exception& e) {
    if (finished_) {
      // After the record was written (a progress sink failed): the record stands; say what broke.
      DeviceJobResult result;
      result.journal_error = make_error(ErrorCode::internal, fmt::format("internal error after the job ended: {}", e.what()));
      return result;
    }
    JobStop stop;
    stop.fatal = make_error(ErrorCode::internal,
                            fmt::format("wipeseal stopped this device's job after an internal error ({}); data may "
                                        "remain; erase the device again",
                                        e.what()),
                            record_.device.path);
    return finish(progress, stop);
  }
}

ProgressEvent DeviceJob::event(ProgressEvent::Kind kind, unsigned pass, std::uint64_t done, double rate) const {
  return job_event(record_, kind, pass, done, rate);
}

void DeviceJob::emit(ProgressSink& progress, ProgressEvent::Kind kind, unsigned pass, std::uint64_t done,
                     double rate) const {
  progress.on_event(event(kind, pass, done, rate));
}

std::optional<Error> DeviceJob::read_back(ProgressSink& progress, unsigned pass,
                                          const std::function<Result<VerificationRecord>(const ReadProgressFn&)>& read) {
  ProgressEvent started = event(ProgressEvent::Kind::verify_started, pass, 0);
  started.phase = ProgressPhase::verify;
  progress.on_event(started);
  RateMeter meter(0);
  auto report = [&](std::uint64_t done, std::uint64_t total) {
    const double rate = meter.update(done);
    ProgressEvent ev = event(ProgressEvent::Kind::progress, pass, done, rate);
    ev.phase = ProgressPhase::verify;
    ev.pass_bytes_total = total;
    ev.eta_seconds = rate > 0 ? static_cast<double>(total - std::min(done, total)) / rate : -1;
    progress.on_event(ev);
  };
  auto result = read(report);
  if (!result) return result.error();
  record_.verification = std::move(*result);
  const VerificationRecord& v = *record_.verification;
  if (auto s = journal({{"type", "verified"}, {"at", v.finished_at}, {"outcome", verification_outcome_name(v.outcome)}});
      !s) {
    return s.error();
  }
  ProgressEvent done = event(ProgressEvent::Kind::verify_finished, pass, 0);
  done.phase = ProgressPhase::verify;
  done.outcome = verification_outcome_name(v.outcome);
  done.message = v.outcome == VerificationOutcome::failed ? v.failure : v.statement;
  progress.on_event(done);
  return std::nullopt;
}

DeviceJobResult DeviceJob::finish(ProgressSink& progress, const JobStop& stop) {
  finished_ = true;
  // Bytes confirmed written: a finished pass covered the device, the pass that stopped covered
  // up to its durable offset, later passes nothing; unwritable ranges are not counted.
  for (std::size_t i = 0; i < record_.passes.size(); ++i) {
    PassRecord& p = record_.passes[i];
    std::uint64_t unwritable = 0;
    for (const auto& e : p.errors) unwritable += e.range.length;
    const std::uint64_t covered = p.completed ? p.bytes_total : (i + 1 == stop.pass ? stop.offset : 0);
    p.bytes_written = covered - std::min(covered, unwritable);
  }
  const OutcomeDecision decision = decide_outcome({record_, stop.fatal, stop.cancelled, stop.pass, stop.offset,
                                                   stop.purge_began, stop.purge_running, stop.purge_sample_lost,
                                                   ata_password_outstanding_});
  record_.outcome = decision.outcome;
  record_.outcome_reason = decision.reason;
  record_.outcome_detail = decision.detail;
  if (stop.fatal) record_.failure = FailureRecord{error_code_name(stop.fatal->code), stop.fatal->describe(), stop.fatal->offset};
  record_.finished_at = now_timestamp();
  device_.reset();  // release the exclusive claim before probing
  record_.content_after = probe_content(record_.device.path);

  if (record_.outcome != Outcome::aborted && !ata_password_outstanding_) {
    return close_job(std::move(record_), records_dir_, std::move(journal_), options_, progress);
  }
  // Resumable: the record says where the job stands, and the journal stays open-ended with a
  // note of the stop (or that the drive may still hold wipeseal's temporary password).
  DeviceJobResult result;
  result.record = record_;
  if (auto written = write_record_file(record_, records_dir_)) {
    result.record_path = *written;
  } else {
    result.record_error = written.error();
  }
  json stopped = {{"type", "stopped"}, {"at", record_.finished_at}, {"pass", stop.pass}, {"offset", stop.offset}};
  if (ata_password_outstanding_) stopped["reason"] = "ata_password_outstanding";
  if (auto s = journal(stopped); !s) result.journal_error = s.error();
  ProgressEvent ev = event(ProgressEvent::Kind::device_finished, stop.pass, stop.offset);
  ev.outcome = outcome_name(record_.outcome);
  ev.message = record_.outcome_detail;
  progress.on_event(ev);
  return result;
}

namespace {

// A finished journal keeps no ATA password: once the drive reported security disabled, the
// password protects nothing and must not linger on the stick.
Status scrub_passwords(const std::string& journal_path) {
  auto text = read_file(journal_path);
  if (!text) return std::unexpected(text.error());
  if (text->find("\"ata_password\"") == std::string::npos) return {};
  std::string out;
  std::size_t pos = 0;
  while (pos < text->size()) {
    std::size_t nl = text->find('\n', pos);
    if (nl == std::string::npos) nl = text->size();
    const std::string line = text->substr(pos, nl - pos);
    json entry = json::parse(line, nullptr, false);
    if (!entry.is_discarded() && entry.is_object() && entry.value("type", "") == "ata_password") {
      entry["password"] = "";
      entry["scrubbed"] = true;
      out += journal_line(entry);
    } else {
      out += line + (nl < text->size() ? "\n" : "");
    }
    pos = nl + 1;
  }
  return write_file_durably(journal_path, out, 0600);
}

// Appends "end", drops what only a resume needed, and files the journal under done/.
Status end_journal(Journal journal, const JobRecord& record, const std::string& record_path) {
  if (auto s = journal.append({{"type", "end"}, {"at", record.finished_at}, {"outcome", outcome_name(record.outcome)},
                               {"record", record_path}},
                              true);
      !s) {
    return s;
  }
  const std::string path = journal.path();
  journal.close();  // release the lock before the file is rewritten and moved
  std::error_code ec;
  fs::remove(fingerprint_path(path), ec);  // hashes of the old content: no longer needed
  if (auto s = scrub_passwords(path); !s) return s;
  const fs::path done_dir = fs::path(path).parent_path() / "done";
  fs::create_directories(done_dir, ec);
  fs::rename(path, done_dir / fs::path(path).filename(), ec);
  if (ec) {
    return std::unexpected(make_error(ErrorCode::io, fmt::format("cannot file the finished journal: {}", ec.message()), path));
  }
  if (auto s = sync_directory(done_dir.string()); !s) return s;
  return sync_directory(fs::path(path).parent_path().string());
}

}  // namespace

DeviceJobResult close_job(JobRecord record, const std::string& records_dir, Journal journal,
                          const JobOptions& options, ProgressSink& progress, const std::string& written_path) {
  DeviceJobResult result;
  result.record = record;
  const auto finished = [&] {
    ProgressEvent ev = job_event(result.record, ProgressEvent::Kind::device_finished,
                                 static_cast<unsigned>(result.record.passes.size()), result.record.device.size_bytes);
    ev.outcome = outcome_name(result.record.outcome);
    ev.message = result.record.outcome_detail;
    progress.on_event(ev);
    return result;
  };
  if (!written_path.empty()) {
    result.record_path = written_path;
  } else if (auto written = write_record_file(record, records_dir)) {
    result.record_path = *written;
    if (auto s = journal.append({{"type", "record_written"}, {"at", now_timestamp()}, {"path", *written}}, true); !s) {
      result.journal_error = s.error();
    }
  } else {
    // Without its record the erasure proves nothing; keep the whole record in the journal so that
    // `wipeseal resume` can write it once the folder is fixed.
    result.record_error = written.error();
    if (auto s = journal.append({{"type", "record_unwritten"},
                                 {"at", now_timestamp()},
                                 {"error", written.error().describe()},
                                 {"record", record_to_json(record)}},
                                true);
        !s) {
      result.journal_error = s.error();
    }
    return finished();
  }
  if (options.after_record) {
    try {
      options.after_record(result, progress);
    } catch (const std::exception& e) {
      // The journal stays open-ended: `wipeseal resume` runs this step again.
      result.journal_error = make_error(ErrorCode::internal, fmt::format("the step after the record failed: {}", e.what()));
      return finished();
    }
  }
  if (auto s = end_journal(std::move(journal), record, result.record_path); !s) result.journal_error = s.error();
  return finished();
}

}  // namespace wipeseal
