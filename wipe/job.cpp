#include "wipe/job.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <mutex>
#include <thread>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "wipe/clock.h"
#include "wipe/content_probe.h"
#include "wipe/discovery.h"
#include "wipe/erase_plan.h"
#include "wipe/file_io.h"
#include "wipe/journal.h"
#include "wipe/random_source.h"
#include "wipe/safety_policy.h"
#include "wipe/system_state.h"

namespace wipeseal {

using nlohmann::json;
namespace fs = std::filesystem;

namespace {

constexpr int kJournalVersion = 1;

// Beside the journal <id>.jsonl: the sample hashed before a firmware purge, kept until the job ends.
std::string fingerprint_path(const std::string& journal_path) {
  fs::path p(journal_path);
  p.replace_extension(".fingerprint.json");
  return p.string();
}

std::string journal_dir(const std::string& state_dir) { return (fs::path(state_dir) / "journal").string(); }

std::string hostname() {
  char buf[256] = {};
  if (::gethostname(buf, sizeof buf - 1) != 0) return {};
  return buf;
}

std::uint64_t error_bytes(const PassRecord& p) {
  std::uint64_t n = 0;
  for (const auto& e : p.errors) n += e.range.length;
  return n;
}

// A write or read rate smoothed over the last few seconds, so the ETA does not jump.
class RateMeter {
 public:
  explicit RateMeter(std::uint64_t start_bytes) : last_bytes_(start_bytes) {}
  double update(std::uint64_t bytes_done) {
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

 private:
  std::uint64_t last_bytes_;
  std::chrono::steady_clock::time_point last_time_ = std::chrono::steady_clock::now();
  double rate_ = 0;
};

// Plain-English explanation of an outcome, stored in the record next to the outcome code.
std::string describe_outcome(const JobRecord& r, const std::optional<Error>& fatal, unsigned pass,
                             std::uint64_t offset) {
  switch (r.outcome) {
    case Outcome::erased:
      return fmt::format("All {} pass(es) were written over every byte of the device and flushed to the medium.",
                         r.passes.size());
    case Outcome::erased_with_exceptions: {
      std::size_t ranges = 0;
      std::uint64_t bytes = 0;
      for (const auto& p : r.passes) {
        ranges += p.errors.size();
        bytes += error_bytes(p);
      }
      return fmt::format(
          "All passes ran to the end, but the device refused {} range(s) totalling {} bytes; data there may "
          "survive. Physical destruction of the device is recommended.",
          ranges, bytes);
    }
    case Outcome::aborted:
      if (!r.passes.empty() && r.passes.back().completed) {
        return "Stopped by the operator while reading back; every pass was written but the erasure is not "
               "verified. Run 'wipeseal resume' to verify it.";
      }
      return fmt::format("Stopped by the operator during pass {} at byte {}; the device is only partly erased. "
                         "Run 'wipeseal resume' to finish.",
                         pass, offset);
    case Outcome::failed:
      if (!fatal && r.verification && r.verification->outcome == "failed") {
        return fmt::format("Every pass was written, but reading back found that {}. Data may remain on the device.",
                           r.verification->failure);
      }
      return fmt::format("The erasure did not finish: {}. Data may remain on the device.",
                         fatal ? fatal->describe() : std::string("unknown error"));
  }
  return {};
}

// Drives one device through its plan, journalling as it goes, and produces its record.
class DeviceJob {
 public:
  DeviceJob(JobRecord record, std::string records_dir, Journal journal, std::unique_ptr<BlockDevice> device,
            unsigned start_pass, std::uint64_t start_offset, const JobOptions& options)
      : record_(std::move(record)),
        records_dir_(std::move(records_dir)),
        journal_(std::move(journal)),
        device_(std::move(device)),
        start_pass_(start_pass),
        start_offset_(start_offset),
        tuning_(options.tuning),
        verify_(options.verify),
        purge_verifier_(options.purge_verifier),
        poll_interval_(options.purge_poll_interval),
        sleep_(options.purge_sleep),
        random_(options.random) {}

  // What a firmware purge job needs besides its record: the command transports, the drive's
  // capabilities, the methods to try in order, and an interrupted ATA erase's password.
  struct FirmwarePlan {
    FirmwareAccess access;
    Capabilities capabilities;
    std::vector<std::string> methods;
    std::optional<std::array<std::uint8_t, 32>> ata_password;
    // From the journal of an interrupted job: the drive finished the purge before the
    // interruption (only the read-back is left), and the sample hashed before the purge.
    std::string completed_method;
    std::string fingerprint_text;
    // Why that sample cannot be used (missing or altered file): the purge is still completed
    // (a locked drive must not stay locked), but its read-back is recorded as failed.
    std::string fingerprint_problem;
  };
  void set_firmware(std::unique_ptr<FirmwarePlan> plan) {
    firmware_ = std::move(plan);
    ata_password_outstanding_ = firmware_ && firmware_->ata_password.has_value();
  }

  DeviceJobResult run(ProgressSink& progress, const std::atomic<bool>& cancel) {
    emit(progress, ProgressEvent::Kind::device_started, 0, 0);
    if (record_.passes.empty() && record_.firmware && firmware_) return run_firmware(progress, cancel);
    std::optional<Error> fatal;
    bool cancelled = false;
    unsigned pass_no = start_pass_;
    std::uint64_t offset = start_offset_;
    for (; pass_no <= record_.passes.size(); ++pass_no, offset = 0) {
      PassRecord& pass = record_.passes[pass_no - 1];
      if (offset == 0 && pass.started_at.empty()) {
        pass.started_at = now_timestamp();
        if (auto s = journal_.append({{"type", "pass_begin"}, {"pass", pass_no}, {"at", pass.started_at}}, true); !s) {
          fatal = s.error();
          break;
        }
      }
      emit(progress, ProgressEvent::Kind::pass_started, pass_no, offset);
      Observer observer(*this, progress, pass_no, offset);
      PassRunResult run = run_overwrite_pass(*device_, pass.pattern, offset, tuning_, observer, cancel);
      pass.retried_writes += run.retried_writes;
      if (run.fatal) {
        fatal = run.fatal;
        offset = run.watermark;
        break;
      }
      if (run.cancelled) {
        cancelled = true;
        offset = run.watermark;
        break;
      }
      pass.completed = true;
      pass.flushed = run.flushed;
      pass.finished_at = now_timestamp();
      if (auto s = journal_.append({{"type", "pass_end"}, {"pass", pass_no}, {"at", pass.finished_at},
                                    {"flushed", pass.flushed}, {"retried_writes", pass.retried_writes}},
                                   true);
          !s) {
        fatal = s.error();
        break;
      }
      emit(progress, ProgressEvent::Kind::pass_finished, pass_no, device_->size_bytes());
    }
    if (!fatal && !cancelled && verify_) {
      if (auto stop = verify(progress, cancel); stop) {
        if (stop->code == ErrorCode::cancelled) {
          cancelled = true;
        } else {
          fatal = stop;
        }
      }
    }
    return finish(progress, fatal, cancelled, std::min<unsigned>(pass_no, static_cast<unsigned>(record_.passes.size())),
                  offset);
  }

 private:
  DeviceJobResult run_firmware(ProgressSink& progress, const std::atomic<bool>& cancel) {
    std::optional<Error> fatal;
    FirmwareRecord& fw = *record_.firmware;
    std::unique_ptr<PurgeVerifier> verifier = purge_verifier_ ? purge_verifier_() : nullptr;
    // An interrupted ATA security erase left the drive locked: unlock it with the journalled
    // password first, so the sample can be read and the erase completed.
    if (firmware_->ata_password && firmware_->access.ata) {
      std::vector<CommandRecord> cmds;
      unlock_interrupted_ata(*firmware_->access.ata, *firmware_->ata_password, cmds);
      fw.commands.insert(fw.commands.end(), cmds.begin(), cmds.end());
    }
    // With the pre-purge sample lost there is nothing to take or restore; verify_purge records why.
    const bool sample_lost = !firmware_->fingerprint_problem.empty();
    if (verifier && !sample_lost && !firmware_->fingerprint_text.empty()) {
      // Resumed: the drive may already be partly or wholly purged, so a fresh sample would prove
      // nothing; check against the one taken before the purge began.
      if (auto s = verifier->restore(firmware_->fingerprint_text); !s) return finish(progress, s.error(), false, 1, 0);
    } else if (verifier && !sample_lost) {
      ProgressEvent ev = event(ProgressEvent::Kind::verify_started, 1, 0);
      ev.phase = "fingerprint";
      progress.on_event(ev);
      if (auto s = verifier->before(*device_, record_.device, cancel); !s) {
        if (s.error().code == ErrorCode::cancelled) return finish(progress, std::nullopt, true, 1, 0);
        fatal = s.error();
        fatal->message = "the sample taken before the purge could not be read: " + fatal->message;
        return finish(progress, fatal, false, 1, 0);
      }
      if (auto s = keep_fingerprint(verifier->saved()); !s) return finish(progress, s.error(), false, 1, 0);
    }
    if (cancel.load()) return finish(progress, std::nullopt, true, 1, 0);
    PurgeResult result;
    if (!firmware_->completed_method.empty()) {
      // Resumed after the drive had reported the purge done: only the read-back is left.
      result.method = firmware_->completed_method;
      result.completed = true;
      result.device_report = "the drive reported this purge done before the job was interrupted (job journal)";
    } else {
      auto r = run_purge(progress, cancel);
      if (!r) return finish(progress, r.error(), false, 1, 0);
      result = std::move(*r);
    }
    if (result.interrupted) {
      purge_running_ = result.interrupted_method;
      (void)journal_.append({{"type", "firmware_interrupted"}, {"at", now_timestamp()}, {"method", purge_running_}}, true);
      return finish(progress, std::nullopt, true, 1, 0);
    }
    fw.method = result.method;
    fw.completed = result.completed;
    if (!result.device_report.empty()) fw.device_report = result.device_report;
    if (result.completed) {
      if (const MethodInfo* m = find_firmware_method(result.method)) record_.method = *m;
    }
    if (firmware_->completed_method.empty()) {
      (void)journal_.append({{"type", "firmware_end"}, {"at", now_timestamp()}, {"completed", result.completed},
                             {"method", result.method}},
                            true);
    }
    if (!result.completed) return finish(progress, result.error, false, 1, 0);
    emit(progress, ProgressEvent::Kind::pass_finished, 1, record_.device.size_bytes);
    if (auto f = device_->flush(); !f) return finish(progress, f.error(), false, 1, 0);
    return verify_purge(progress, verifier.get(), cancel);
  }

  // Keeps the sample hashed before the purge beside the journal (written durably, its SHA-256 in
  // the journal) before any purge command is sent, so a resumed job can still be checked.
  Status keep_fingerprint(const std::string& text) {
    const std::string path = fingerprint_path(journal_.path());
    const std::string tmp = path + ".tmp";
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) return std::unexpected(errno_error(errno, "cannot keep the sample taken before the purge", tmp));
    if (auto s = write_sync_close(fd, text, tmp); !s) return s;
    std::error_code ec;
    fs::rename(tmp, path, ec);
    if (ec) {
      return std::unexpected(
          make_error(ErrorCode::io, fmt::format("cannot keep the sample taken before the purge: {}", ec.message()), path));
    }
    sync_directory(fs::path(path).parent_path().string());
    return journal_.append({{"type", "purge_fingerprint"},
                            {"at", now_timestamp()},
                            {"file", fs::path(path).filename().string()},
                            {"sha256", sha256_hex(text.data(), text.size())}},
                           true);
  }

  // Sends the firmware purge, recording every command and what became of each method.
  Result<PurgeResult> run_purge(ProgressSink& progress, const std::atomic<bool>& cancel) {
    FirmwareRecord& fw = *record_.firmware;
    if (auto s = journal_.append({{"type", "firmware_begin"}, {"at", now_timestamp()}, {"methods", firmware_->methods}},
                                 true);
        !s) {
      return std::unexpected(s.error());
    }
    purge_began_ = true;
    emit(progress, ProgressEvent::Kind::pass_started, 1, 0);
    PurgeContext ctx;
    ctx.progress = [&](double f) {
      ProgressEvent ev = event(ProgressEvent::Kind::progress, 1,
                               static_cast<std::uint64_t>(f * static_cast<double>(record_.device.size_bytes)));
      ev.phase = "purge";
      ev.pass_count = 1;
      progress.on_event(ev);
    };
    ctx.persist = [&](const json& entry) {
      auto st = journal_.append(entry, true);
      const std::string type = entry.value("type", "");
      if (type == "ata_password" && st) ata_password_outstanding_ = true;
      if (type == "ata_password_cleared") ata_password_outstanding_ = false;
      return st;
    };
    ctx.poll_interval = poll_interval_;
    ctx.sleep = sleep_;
    ctx.random = random_;
    ctx.capacity_bytes = record_.device.size_bytes;
    ctx.ata_password = firmware_->ata_password;
    ctx.cancel = &cancel;
    PurgeResult result = run_firmware_purge(firmware_->access, firmware_->capabilities, firmware_->methods, ctx);
    fw.commands.insert(fw.commands.end(), result.commands.begin(), result.commands.end());
    for (const CandidateRecord& a : result.attempts) {
      auto it = std::find_if(fw.candidates.begin(), fw.candidates.end(),
                             [&](const CandidateRecord& c) { return c.method == a.method; });
      if (it == fw.candidates.end()) {
        fw.candidates.push_back(a);
      } else {
        it->decision = a.decision;
        it->reason = a.reason.empty() ? it->reason : a.reason;
      }
    }
    return result;
  }

  // Reads the device back after a completed purge and finishes the job.
  DeviceJobResult verify_purge(ProgressSink& progress, PurgeVerifier* verifier, const std::atomic<bool>& cancel) {
    RateMeter meter(0);
    if (verifier && !firmware_->fingerprint_problem.empty()) {
      VerificationRecord v;
      v.mode = "fingerprint";
      v.started_at = v.finished_at = now_timestamp();
      v.expected = "every sampled block differs from its content before the purge";
      v.outcome = "failed";
      v.failure = firmware_->fingerprint_problem;
      v.statement = "Nothing was read back: " + firmware_->fingerprint_problem + ".";
      record_.verification = std::move(v);
      (void)journal_.append({{"type", "verified"}, {"at", record_.verification->finished_at}, {"outcome", "failed"}}, true);
      return finish(progress, std::nullopt, false, 1, 0);
    }
    if (verifier) {
      ProgressEvent started = event(ProgressEvent::Kind::verify_started, 1, 0);
      started.phase = "verify";
      progress.on_event(started);
      auto report = [&](std::uint64_t done, std::uint64_t total) {
        ProgressEvent ev = event(ProgressEvent::Kind::progress, 1, done, meter.update(done));
        ev.phase = "verify";
        ev.pass_bytes_total = total;
        progress.on_event(ev);
      };
      auto v = verifier->after(*device_, record_, report, cancel);
      if (!v) {
        if (v.error().code == ErrorCode::cancelled) return finish(progress, std::nullopt, true, 1, 0);
        return finish(progress, v.error(), false, 1, 0);
      }
      record_.verification = std::move(*v);
      (void)journal_.append({{"type", "verified"}, {"at", record_.verification->finished_at},
                             {"outcome", record_.verification->outcome}},
                            true);
      ProgressEvent done = event(ProgressEvent::Kind::verify_finished, 1, 0);
      done.phase = "verify";
      done.outcome = record_.verification->outcome;
      done.message = record_.verification->outcome == "failed" ? record_.verification->failure
                                                               : record_.verification->statement;
      progress.on_event(done);
    }
    return finish(progress, std::nullopt, false, 1, 0);
  }

  // Reads the device back. Returns the error that stopped it, if any.
  std::optional<Error> verify(ProgressSink& progress, const std::atomic<bool>& cancel) {
    const unsigned last = static_cast<unsigned>(record_.passes.size());
    ProgressEvent started = event(ProgressEvent::Kind::verify_started, last, 0);
    started.phase = "verify";
    progress.on_event(started);
    RateMeter meter(0);
    auto report = [&](std::uint64_t done, std::uint64_t total) {
      const double rate = meter.update(done);
      ProgressEvent ev = event(ProgressEvent::Kind::progress, last, done, rate);
      ev.phase = "verify";
      ev.pass_bytes_total = total;
      ev.eta_seconds = rate > 0 ? static_cast<double>(total - std::min(done, total)) / rate : -1;
      progress.on_event(ev);
    };
    auto result = verify_(*device_, record_, report, cancel);
    if (!result) return result.error();
    record_.verification = std::move(*result);
    (void)journal_.append({{"type", "verified"}, {"at", record_.verification->finished_at},
                           {"outcome", record_.verification->outcome}},
                          true);
    ProgressEvent done = event(ProgressEvent::Kind::verify_finished, last, 0);
    done.phase = "verify";
    done.outcome = record_.verification->outcome;
    done.message = record_.verification->outcome == "failed" ? record_.verification->failure
                                                             : record_.verification->statement;
    progress.on_event(done);
    return std::nullopt;
  }

  class Observer final : public PassObserver {
   public:
    Observer(DeviceJob& job, ProgressSink& progress, unsigned pass, std::uint64_t start)
        : job_(job), progress_(progress), pass_(pass), meter_(start) {}

    void on_progress(std::uint64_t bytes_done) override {
      job_.emit(progress_, ProgressEvent::Kind::progress, pass_, bytes_done, meter_.update(bytes_done));
    }

    Status on_checkpoint(std::uint64_t offset, std::span<const WriteErrorRecord> errors) override {
      PassRecord& pass = job_.record_.passes[pass_ - 1];
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
      return job_.journal_.append(
          {{"type", "checkpoint"}, {"pass", pass_}, {"offset", offset}, {"at", now_timestamp()}, {"errors", errs}}, true);
    }

    void on_first_write() override {
      if (job_.record_.io.time_to_first_write_ms >= 0) return;  // a resumed job keeps the original figure
      job_.record_.io.time_to_first_write_ms = process_age_ms();
      (void)job_.journal_.append({{"type", "first_write"}, {"ms", job_.record_.io.time_to_first_write_ms}}, false);
    }

   private:
    DeviceJob& job_;
    ProgressSink& progress_;
    unsigned pass_;
    RateMeter meter_;
  };

  ProgressEvent event(ProgressEvent::Kind kind, unsigned pass, std::uint64_t done, double rate = 0) const {
    ProgressEvent ev;
    ev.kind = kind;
    ev.record_id = record_.id;
    ev.device = record_.device.path;
    ev.pass = pass;
    ev.pass_count = static_cast<unsigned>(record_.passes.size());
    ev.pass_bytes_done = done;
    ev.pass_bytes_total = record_.device.size_bytes;
    ev.rate_bytes_per_second = rate;
    if (rate > 0 && pass > 0) {
      const double remaining = static_cast<double>(record_.device.size_bytes - std::min(done, record_.device.size_bytes)) +
                               static_cast<double>(ev.pass_count - pass) * static_cast<double>(record_.device.size_bytes);
      ev.eta_seconds = remaining / rate;
    }
    return ev;
  }

  void emit(ProgressSink& progress, ProgressEvent::Kind kind, unsigned pass, std::uint64_t done, double rate = 0) {
    progress.on_event(event(kind, pass, done, rate));
  }

  DeviceJobResult finish(ProgressSink& progress, const std::optional<Error>& fatal, bool cancelled, unsigned pass,
                         std::uint64_t offset) {
    // Bytes confirmed written: a finished pass covered the device, the pass that stopped covered
    // up to its durable offset, later passes nothing; unwritable ranges are not counted.
    for (std::size_t i = 0; i < record_.passes.size(); ++i) {
      PassRecord& p = record_.passes[i];
      const std::uint64_t covered = p.completed ? p.bytes_total : (i + 1 == pass ? offset : 0);
      p.bytes_written = covered - std::min(covered, error_bytes(p));
    }
    record_.outcome =
        decide_outcome(record_.passes, fatal.has_value(), cancelled, record_.verification ? &*record_.verification : nullptr);
    record_.outcome_detail = describe_outcome(record_, fatal, pass, offset);
    if (record_.passes.empty() && record_.firmware) {
      const FirmwareRecord& fw = *record_.firmware;
      const bool verified_bad = record_.verification && record_.verification->outcome == "failed";
      record_.outcome = fatal ? Outcome::failed
                        : cancelled ? Outcome::aborted
                        : fw.completed && !verified_bad ? Outcome::erased
                                                        : Outcome::failed;
      if (record_.outcome == Outcome::erased) {
        record_.outcome_detail = fmt::format("The drive's firmware performed {} and reported success{}.", record_.method.label,
                                             record_.verification ? "; reading back a sample confirmed the data changed"
                                                                  : " (not read back)");
      } else if (record_.outcome == Outcome::aborted) {
        const MethodInfo* running = find_firmware_method(purge_running_);
        const MethodInfo* done = find_firmware_method(fw.method);
        if (running != nullptr) {
          record_.outcome_detail = fmt::format(
              "Stopped by the operator while the drive was performing {}. The drive finishes it on its own, even after "
              "a power cycle; run `wipeseal resume` to follow it to the end and read it back.",
              running->label);
        } else if (fw.completed && done != nullptr) {
          record_.outcome_detail = fmt::format(
              "The drive's firmware performed {} and reported success, but the operator stopped the read-back that "
              "checks it; run `wipeseal resume` to read it back.",
              done->label);
        } else if (purge_began_) {
          record_.outcome_detail = "Stopped by the operator between firmware purge methods; no purge completed and data "
                                   "may remain. Run `wipeseal resume` to go on.";
        } else {
          record_.outcome_detail = "Stopped by the operator before the firmware purge started; nothing was erased.";
        }
      } else if (verified_bad && firmware_ && !firmware_->fingerprint_problem.empty()) {
        record_.outcome_detail = fmt::format("The drive reported the purge done, but it could not be checked: {}.",
                                             record_.verification->failure);
      } else if (verified_bad) {
        record_.outcome_detail = fmt::format("The drive reported the purge done, but reading back found that {}. Data may "
                                             "remain on the device.",
                                             record_.verification->failure);
      } else {
        record_.outcome_detail = fmt::format("The firmware purge did not complete: {}. Data may remain on the device.",
                                             fatal ? fatal->describe() : std::string("unknown error"));
      }
    } else if (record_.firmware && record_.outcome == Outcome::erased) {
      const HiddenAreaRecord& h = record_.firmware->hidden_area;
      if (h.checked && h.hidden_sectors() > 0) {
        record_.outcome = Outcome::erased_with_exceptions;
        record_.outcome_detail = fmt::format("Every accessible byte was overwritten, but {} sectors hidden above the "
                                             "accessible maximum were not: {}. Data there may survive.",
                                             h.hidden_sectors(), h.note);
      }
    }
    if (fatal) record_.failure = FailureRecord{error_code_name(fatal->code), fatal->describe(), fatal->offset};
    if (ata_password_outstanding_) {
      record_.outcome_detail += " The drive may still be locked with wipeseal's temporary password (kept in the job "
                                "journal): run `wipeseal resume` to unlock it and complete the erase.";
    }
    record_.finished_at = now_timestamp();
    device_.reset();  // release the exclusive claim before probing
    record_.content_after = probe_content(record_.device.path);

    DeviceJobResult result;
    auto written = write_record_file(record_, records_dir_);
    if (written) {
      result.record_path = *written;
    } else {
      result.record_error = written.error();
    }
    if (ata_password_outstanding_) {
      // The drive may still hold wipeseal's temporary password: the journal stays open so that
      // `wipeseal resume` finds the drive, unlocks it and completes the erase.
      (void)journal_.append({{"type", "stopped"}, {"at", record_.finished_at}, {"pass", pass}, {"offset", offset},
                             {"reason", "ata_password_outstanding"}},
                            true);
    } else if (record_.outcome == Outcome::aborted) {
      // Resumable: the journal stays open-ended, with a note that the operator stopped it.
      (void)journal_.append({{"type", "stopped"}, {"at", record_.finished_at}, {"pass", pass}, {"offset", offset}}, true);
    } else {
      (void)journal_.append({{"type", "end"}, {"at", record_.finished_at}, {"outcome", outcome_name(record_.outcome)},
                             {"record", result.record_path}},
                            true);
      std::error_code ec;
      fs::remove(fingerprint_path(journal_.path()), ec);  // hashes of the old content: no longer needed
      const fs::path done_dir = fs::path(journal_.path()).parent_path() / "done";
      fs::create_directories(done_dir, ec);
      fs::rename(journal_.path(), done_dir / fs::path(journal_.path()).filename(), ec);
    }
    ProgressEvent ev = event(ProgressEvent::Kind::device_finished, pass, offset);
    ev.outcome = outcome_name(record_.outcome);
    ev.message = record_.outcome_detail;
    progress.on_event(ev);
    result.record = record_;
    return result;
  }

  JobRecord record_;
  std::string records_dir_;
  Journal journal_;
  std::unique_ptr<BlockDevice> device_;
  unsigned start_pass_;
  std::uint64_t start_offset_;
  EngineTuning tuning_;
  VerifyHook verify_;
  PurgeVerifierFactory purge_verifier_;
  std::chrono::milliseconds poll_interval_;
  std::function<void(std::chrono::milliseconds)> sleep_;
  RandomSource* random_;
  std::unique_ptr<FirmwarePlan> firmware_;
  bool ata_password_outstanding_ = false;
  bool purge_began_ = false;   // a purge command may have been sent in this run
  std::string purge_running_;  // the method the drive was still running when the operator stopped
};

// The engine applies the safety policy itself, on a fresh look at the device, so no frontend can
// skip it and a disk mounted since it was examined is still refused.
Status recheck_safety(const DeviceInfo& given, const SystemState& system) {
  auto fresh = describe_device(given.path);
  if (!fresh) return std::unexpected(fresh.error());
  if (auto mismatch = identity_mismatch(given, *fresh)) {
    return std::unexpected(make_error(
        ErrorCode::refused, fmt::format("the device changed since it was examined: {}; list the disks again", *mismatch),
        given.path));
  }
  const SafetyDecision decision = assess_safety(*fresh, system);
  if (decision.allowed()) return {};
  std::string why;
  for (const Refusal& r : decision.refusals) {
    why += fmt::format("{}{} ({})", why.empty() ? "" : "; ", r.message, r.remedy);
  }
  return std::unexpected(make_error(ErrorCode::refused, "refused by the safety policy: " + why, given.path));
}

Result<std::unique_ptr<BlockDevice>> open_checked(const DeviceInfo& info, const DeviceOpener& opener) {
  auto dev = opener(info);
  if (!dev) return dev;
  if ((*dev)->size_bytes() != info.size_bytes) {
    return std::unexpected(make_error(
        ErrorCode::refused,
        fmt::format("the device now reports {} bytes, not the {} it had when examined; it may have been swapped. "
                    "List the disks again before erasing",
                    (*dev)->size_bytes(), info.size_bytes),
        info.path));
  }
  return dev;
}

Result<std::vector<DeviceJobResult>> run_all(std::vector<std::unique_ptr<DeviceJob>> jobs, ProgressSink& progress,
                                             const std::atomic<bool>& cancel) {
  std::vector<DeviceJobResult> results(jobs.size());
  {
    std::vector<std::jthread> threads;
    for (std::size_t i = 0; i < jobs.size(); ++i) {
      threads.emplace_back([&, i] { results[i] = jobs[i]->run(progress, cancel); });
    }
  }
  return results;
}

json tuning_json(const EngineTuning& t) {
  return {{"chunk_bytes", t.chunk_bytes}, {"requests_in_flight", t.requests_in_flight}};
}

}  // namespace

FirmwareOpener default_firmware_opener() {
  return [](const DeviceInfo& info, BlockDevice& device) { return linux_firmware_access(info, device.native_handle()); };
}

Result<MethodChoice> choose_method(const DeviceInfo& device, const JobOptions& options) {
  // Read-only and shared: planning must work on a disk in use too (it only asks the drive questions).
  auto dev = open_block_device(device.path, OpenOptions{false, false, true});
  if (!dev) return std::unexpected(dev.error());
  FirmwareAccess access = options.firmware(device, **dev);
  MethodChoice choice;
  choice.capabilities = probe_capabilities(device, access);
  choice.recommendation = recommend_method(device, choice.capabilities);
  return choice;
}

DeviceOpener default_device_opener() {
  return [](const DeviceInfo& info) { return open_block_device(info.path, OpenOptions{}); };
}

std::string make_uuid(RandomSource& random) {
  std::array<std::uint8_t, 16> b{};
  random.fill(std::as_writable_bytes(std::span(b)));
  b[6] = static_cast<std::uint8_t>((b[6] & 0x0F) | 0x40);  // RFC 9562 version 4
  b[8] = static_cast<std::uint8_t>((b[8] & 0x3F) | 0x80);  // RFC 9562 variant
  const std::string h = to_hex(b.data(), b.size());
  return fmt::format("{}-{}-{}-{}-{}", h.substr(0, 8), h.substr(8, 4), h.substr(12, 4), h.substr(16, 4), h.substr(20));
}

Result<std::vector<DeviceJobResult>> run_erase_job(const std::vector<DeviceInfo>& devices, const JobOptions& options,
                                                   ProgressSink& progress, const std::atomic<bool>& cancel) {
  RandomSource& random = options.random != nullptr ? *options.random : secure_random();
  if (devices.empty()) return std::unexpected(make_error(ErrorCode::invalid_input, "no device to erase was given"));
  // Fail on a bad method before touching anything.
  const bool firmware_requested = options.method == kAutoMethod || is_firmware_method(options.method);
  if (!firmware_requested) {
    if (auto probe = make_erase_plan(options.method, random); !probe) {
      Error e = probe.error();
      e.message += ", auto, or a firmware method (see `wipeseal methods`)";
      return std::unexpected(e);
    }
  }

  const SystemState system = read_system_state(SystemPaths{});
  for (const DeviceInfo& info : devices) {
    if (auto safe = recheck_safety(info, system); !safe) return std::unexpected(safe.error());
  }

  const std::string job_id = make_uuid(random);
  const std::string started = now_timestamp();
  std::vector<std::unique_ptr<DeviceJob>> jobs;
  std::vector<std::string> created_journals;
  auto undo = [&](Error e) -> Result<std::vector<DeviceJobResult>> {
    jobs.clear();  // closes devices and journals
    for (const auto& j : created_journals) std::filesystem::remove(j);
    return std::unexpected(std::move(e));
  };

  for (const DeviceInfo& info : devices) {
    auto dev = open_checked(info, options.open_device);
    if (!dev) return undo(dev.error());

    // Auto and firmware methods: ask the drive what it can do (harmless commands only).
    std::unique_ptr<DeviceJob::FirmwarePlan> fw_plan;
    std::optional<FirmwareRecord> fw_record;
    std::string overwrite_method = options.method;
    if (firmware_requested) {
      fw_plan = std::make_unique<DeviceJob::FirmwarePlan>();
      fw_plan->access = options.firmware(info, **dev);
      fw_plan->capabilities = probe_capabilities(info, fw_plan->access);
      Capabilities& caps = fw_plan->capabilities;
      FirmwareRecord fr;
      fr.requested = options.method;
      fr.commands = caps.commands;
      if (options.restore_hidden_area && caps.hidden_area.hidden_sectors() > 0) {
        if (auto s = restore_hidden_area(fw_plan->access, caps, fr.commands); !s) return undo(s.error());
        // What an overwrite can reach is what the block device now reports: the kernel may keep
        // the old size until the disk is rescanned.
        const std::uint64_t reachable = (*dev)->size_bytes() / std::max<std::uint32_t>(1, info.logical_sector_size);
        if (reachable < caps.hidden_area.accessible_sectors) {
          caps.hidden_area.accessible_sectors = reachable;
          caps.hidden_area.restored = false;
          caps.hidden_area.note += ", but the kernel still reports the old size: only a firmware purge reaches the "
                                   "hidden sectors (rescan the disk or reboot to overwrite them)";
        }
      }
      const Recommendation rec = recommend_method(info, caps);
      fr.command_set = caps.command_set;
      fr.identify_kind = caps.identify_kind;
      fr.identify_sha256 = caps.identify_sha256;
      fr.capabilities = caps.summary();
      fr.candidates = rec.candidates;
      fr.hidden_area = caps.hidden_area;
      if (options.method == kAutoMethod) {
        if (rec.method.empty()) return undo(make_error(ErrorCode::refused, rec.reason, info.path));
        if (is_firmware_method(rec.method)) {
          for (const auto& c : rec.candidates) {
            if (c.decision == "chosen" || c.decision == "available") fw_plan->methods.push_back(c.method);
          }
        } else {
          overwrite_method = rec.method;
          fw_plan.reset();
        }
      } else {
        const auto it = std::find_if(rec.candidates.begin(), rec.candidates.end(),
                                     [&](const CandidateRecord& c) { return c.method == options.method; });
        if (it == rec.candidates.end() || it->decision == "not_supported" || it->decision == "blocked") {
          return undo(make_error(ErrorCode::unsupported,
                                 fmt::format("the drive does not offer {}: {}. Run `wipeseal plan {}` to see what it "
                                             "offers, or use --method auto",
                                             options.method,
                                             it == rec.candidates.end()
                                                 ? (caps.command_set.empty() ? caps.error : "it speaks " + caps.command_set)
                                                 : it->reason,
                                             info.path),
                                 info.path));
        }
        fw_plan->methods = {options.method};
      }
      fw_record = std::move(fr);
    }

    JobRecord record;
    std::optional<ErasePlan> plan;
    if (!fw_plan) {
      auto p = make_erase_plan(overwrite_method, random);
      if (!p) return undo(p.error());
      plan = std::move(*p);
    }
    record.id = make_uuid(random);
    record.job_id = job_id;
    record.tool_version = tool_version();
    record.hostname = hostname();
    record.device = info;
    record.method = plan ? plan->method : *find_firmware_method(fw_plan->methods.front());
    record.firmware = fw_record;
    record.started_at = started;
    record.outcome = Outcome::aborted;  // until finished
    record.io = {(*dev)->direct_io(), options.tuning.chunk_bytes, options.tuning.requests_in_flight, -1};
    for (std::size_t i = 0; plan && i < plan->passes.size(); ++i) {
      PassRecord p;
      p.index = static_cast<unsigned>(i + 1);
      p.pattern = plan->passes[i].pattern;
      p.purpose = plan->passes[i].purpose;
      p.bytes_total = (*dev)->size_bytes();
      record.passes.push_back(std::move(p));
    }

    // The plan, with its keys, is durable before the first write, so a resumed job writes the
    // same pattern and the record can always name it.
    const std::string path = (fs::path(journal_dir(options.state_dir)) / (record.id + ".jsonl")).string();
    auto journal = Journal::create(path, {{"type", "begin"},
                                          {"version", kJournalVersion},
                                          {"at", started},
                                          {"records_dir", options.records_dir},
                                          {"tuning", tuning_json(options.tuning)},
                                          {"record", record_to_json(record)}});
    if (!journal) return undo(journal.error());
    created_journals.push_back(path);
    jobs.push_back(std::make_unique<DeviceJob>(std::move(record), options.records_dir, std::move(*journal),
                                               std::move(*dev), 1, 0, options));
    if (fw_plan) jobs.back()->set_firmware(std::move(fw_plan));
  }
  return run_all(std::move(jobs), progress, cancel);
}

namespace {

// The state of a job as its journal tells it.
struct Replay {
  JobRecord record;
  UnfinishedJob summary;
  bool finished = false;
  std::uint64_t valid_bytes = 0;
  std::vector<std::string> firmware_methods;  // from firmware_begin
  std::string ata_password_hex;               // set and not yet cleared
  std::string firmware_running_method;        // started and not ended: the drive may still run it
  std::string firmware_completed_method;      // the drive reported it done
  std::string fingerprint_file, fingerprint_sha256;  // the sample hashed before the purge
};

Result<Replay> replay_journal(const std::string& path) {
  auto contents = read_journal(path);
  if (!contents) return std::unexpected(contents.error());
  if (contents->begin.value("version", 0) != kJournalVersion) {
    return std::unexpected(make_error(ErrorCode::corrupt, "journal written by an incompatible wipeseal version", path));
  }
  auto record = record_from_json(contents->begin.value("record", json::object()));
  if (!record) {
    Error e = record.error();
    e.device = path;
    return std::unexpected(e);
  }
  Replay r;
  r.record = std::move(*record);
  r.valid_bytes = contents->valid_bytes;
  UnfinishedJob& s = r.summary;
  s.journal_path = path;
  s.record_id = r.record.id;
  s.job_id = r.record.job_id;
  s.device = r.record.device;
  s.method = r.record.method.name;
  s.records_dir = contents->begin.value("records_dir", "");
  s.pass_count = static_cast<unsigned>(r.record.passes.size());
  s.pass = 1;
  s.last_checkpoint_at = contents->begin.value("at", "");
  try {
    for (const json& e : contents->entries) {
      const std::string type = e.at("type").get<std::string>();
      const unsigned pass = e.value("pass", 0u);
      if ((type == "pass_begin" || type == "checkpoint" || type == "pass_end") &&
          (pass == 0 || pass > r.record.passes.size())) {
        return std::unexpected(make_error(ErrorCode::corrupt, "journal names a pass the plan does not have", path));
      }
      if (type == "pass_begin") {
        r.record.passes[pass - 1].started_at = e.at("at").get<std::string>();
        s.pass = pass;
        s.offset = 0;
      } else if (type == "checkpoint") {
        PassRecord& p = r.record.passes[pass - 1];
        for (const json& err : e.value("errors", json::array())) {
          p.errors.push_back({{err.at("offset").get<std::uint64_t>(), err.at("length").get<std::uint64_t>()},
                              err.value("errno", 0), err.value("message", ""), err.value("narrowed", true)});
        }
        p.errors = merge_write_errors(std::move(p.errors));
        s.pass = pass;
        s.offset = e.at("offset").get<std::uint64_t>();
        s.last_checkpoint_at = e.value("at", "");
      } else if (type == "pass_end") {
        PassRecord& p = r.record.passes[pass - 1];
        p.completed = true;
        p.flushed = e.value("flushed", false);
        p.finished_at = e.value("at", "");
        p.retried_writes = e.value("retried_writes", std::uint64_t{0});
        s.pass = pass + 1;
        s.offset = 0;
        s.last_checkpoint_at = p.finished_at;
      } else if (type == "firmware_begin") {
        r.firmware_methods = e.value("methods", std::vector<std::string>{});
      } else if (type == "firmware_method" || type == "firmware_interrupted") {
        r.firmware_running_method = e.value("method", "");
      } else if (type == "firmware_end") {
        if (e.value("completed", false)) r.firmware_completed_method = e.value("method", "");
        r.firmware_running_method.clear();
      } else if (type == "purge_fingerprint") {
        r.fingerprint_file = e.value("file", "");
        r.fingerprint_sha256 = e.value("sha256", "");
      } else if (type == "ata_password") {
        r.ata_password_hex = e.value("password", "");
      } else if (type == "ata_password_cleared") {
        r.ata_password_hex.clear();
      } else if (type == "first_write") {
        r.record.io.time_to_first_write_ms = e.value("ms", -1.0);
      } else if (type == "stopped") {
        s.stopped_by_operator = true;
      } else if (type == "resumed") {
        s.stopped_by_operator = false;
        r.record.interruptions.push_back({e.value("cause", ""), e.value("last_checkpoint_at", ""), e.value("at", ""),
                                          e.value("pass", 0u), e.value("offset", std::uint64_t{0})});
      } else if (type == "end") {
        r.finished = true;
      }
    }
  } catch (const json::exception& ex) {
    return std::unexpected(make_error(ErrorCode::corrupt, fmt::format("journal entry is malformed: {}", ex.what()), path));
  }
  s.running = journal_in_use(path);
  s.firmware = r.record.passes.empty() && r.record.firmware.has_value();
  s.firmware_running = r.firmware_running_method;
  s.firmware_completed = r.firmware_completed_method;
  return r;
}

}  // namespace

Result<std::vector<UnfinishedJob>> find_unfinished_jobs(const std::string& state_dir) {
  std::vector<UnfinishedJob> out;
  std::error_code ec;
  const fs::path dir = journal_dir(state_dir);
  if (!fs::exists(dir, ec)) return out;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (!entry.is_regular_file() || entry.path().extension() != ".jsonl") continue;
    auto replay = replay_journal(entry.path().string());
    if (!replay) return std::unexpected(replay.error());
    if (!replay->finished) out.push_back(replay->summary);
  }
  if (ec) return std::unexpected(make_error(ErrorCode::io, fmt::format("cannot read the journal folder: {}", ec.message()), dir.string()));
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.journal_path < b.journal_path; });
  return out;
}

std::optional<std::string> identity_mismatch(const DeviceInfo& recorded, const DeviceInfo& current) {
  if (recorded.size_bytes != current.size_bytes) {
    return fmt::format("its size is {} bytes, the job's device had {}", current.size_bytes, recorded.size_bytes);
  }
  if (recorded.transport != current.transport) {
    return fmt::format("it is attached as {}, the job's device was {}", transport_name(current.transport),
                       transport_name(recorded.transport));
  }
  if (recorded.serial != current.serial) {
    return fmt::format("its serial number is '{}', the job's device had '{}'", current.serial, recorded.serial);
  }
  if (recorded.model != current.model) {
    return fmt::format("its model is '{}', the job's device was '{}'", current.model, recorded.model);
  }
  if (!recorded.wwn.empty() && recorded.wwn != current.wwn) {
    return fmt::format("its WWN is '{}', the job's device had '{}'", current.wwn, recorded.wwn);
  }
  if (recorded.transport == Transport::loop && recorded.loop_backing_file != current.loop_backing_file) {
    return fmt::format("it is backed by '{}', the job's loop device by '{}'", current.loop_backing_file,
                       recorded.loop_backing_file);
  }
  if (recorded.transport == Transport::image_file && recorded.path != current.path) {
    return fmt::format("it is the file '{}', the job's was '{}'", current.path, recorded.path);
  }
  return std::nullopt;
}

Result<DeviceInfo> locate_job_device(const UnfinishedJob& job, const std::string& override_path) {
  const std::string path = override_path.empty() ? job.device.path : override_path;
  auto here = describe_device(path);
  if (here) {
    auto mismatch = identity_mismatch(job.device, *here);
    if (!mismatch) return here;
    if (!override_path.empty()) {
      return std::unexpected(make_error(ErrorCode::refused,
                                        fmt::format("this is not the device the job was erasing: {}", *mismatch), path));
    }
  }
  // Device names change across reboots; a disk with a serial number can be found by it.
  if (!job.device.serial.empty()) {
    for (DeviceInfo& d : list_disks()) {
      if (!identity_mismatch(job.device, d)) return d;
    }
  }
  return std::unexpected(make_error(
      ErrorCode::not_found,
      fmt::format("the job's device ({}) is not attached{}; reconnect it, or name it with --device", job.device.one_line(),
                  here ? fmt::format(" ({} is now a different device)", path) : ""),
      job.device.path));
}

Result<std::vector<DeviceJobResult>> resume_erase_jobs(const std::vector<std::pair<UnfinishedJob, DeviceInfo>>& targets,
                                                       const JobOptions& options, ProgressSink& progress,
                                                       const std::atomic<bool>& cancel) {
  // Open every journal and device first: if one cannot be, no journal says "resumed".
  struct Ready {
    Replay replay;
    Journal journal;
    std::unique_ptr<BlockDevice> device;
    DeviceInfo info;
    std::string fingerprint_text;
    std::string fingerprint_problem;
  };
  std::vector<Ready> ready;
  const SystemState system = read_system_state(SystemPaths{});
  for (const auto& [job, info] : targets) {
    if (auto safe = recheck_safety(info, system); !safe) return std::unexpected(safe.error());
    auto replay = replay_journal(job.journal_path);
    if (!replay) return std::unexpected(replay.error());
    if (replay->finished) {
      return std::unexpected(make_error(ErrorCode::invalid_input, "this job already finished", job.journal_path));
    }
    auto journal = Journal::open_existing(job.journal_path, replay->valid_bytes);
    if (!journal) return std::unexpected(journal.error());
    // A purge already begun can only be checked against the sample hashed before it. Without
    // that file, intact, the job still completes the purge (an ATA drive may be locked with
    // wipeseal's password until it does), but cannot show that the data changed.
    std::string fingerprint;
    std::string fingerprint_problem;
    if (!replay->fingerprint_file.empty()) {
      const std::string path = (fs::path(job.journal_path).parent_path() / replay->fingerprint_file).string();
      auto text = read_file(path);
      if (!text || sha256_hex(text->data(), text->size()) != replay->fingerprint_sha256) {
        fingerprint_problem = fmt::format(
            "the sample hashed before the purge ({}) is {}, so there is nothing to compare the drive with; erase the "
            "device again with a new job (`wipeseal erase`) to obtain a verified record",
            path, text ? "altered" : "missing");
      } else {
        fingerprint = std::move(*text);
      }
    }
    auto dev = open_checked(info, options.open_device);
    if (!dev) return std::unexpected(dev.error());
    ready.push_back(
        {std::move(*replay), std::move(*journal), std::move(*dev), info, std::move(fingerprint), std::move(fingerprint_problem)});
  }

  std::vector<std::unique_ptr<DeviceJob>> jobs;
  for (Ready& r : ready) {
    JobRecord record = std::move(r.replay.record);
    const UnfinishedJob& s = r.replay.summary;
    // The device may now have another name (/dev/sdc instead of /dev/sdb); the record keeps the
    // identity from the start of the job and the current path.
    record.device.path = r.info.path;
    record.device.name = r.info.name;
    Interruption interruption{s.stopped_by_operator ? "operator_stopped" : "process_ended", s.last_checkpoint_at,
                              now_timestamp(), std::min(s.pass, s.pass_count), s.offset};
    if (auto a = r.journal.append({{"type", "resumed"},
                                   {"at", interruption.resumed_at},
                                   {"cause", interruption.cause},
                                   {"last_checkpoint_at", interruption.last_checkpoint_at},
                                   {"pass", interruption.pass},
                                   {"offset", interruption.resumed_from_offset},
                                   {"device_path", r.info.path}},
                                  true);
        !a) {
      return std::unexpected(a.error());
    }
    record.interruptions.push_back(interruption);
    const std::string records_dir = !options.records_dir.empty() ? options.records_dir : s.records_dir;
    std::unique_ptr<DeviceJob::FirmwarePlan> fw_plan;
    if (record.passes.empty() && record.firmware) {
      // A firmware purge is not resumable half-way: the drive is asked again from the start,
      // after an interrupted ATA security erase is unlocked with its journalled password.
      fw_plan = std::make_unique<DeviceJob::FirmwarePlan>();
      fw_plan->access = options.firmware(r.info, *r.device);
      fw_plan->capabilities = probe_capabilities(r.info, fw_plan->access);
      record.firmware->commands.insert(record.firmware->commands.end(), fw_plan->capabilities.commands.begin(),
                                       fw_plan->capabilities.commands.end());
      record.firmware->resumed_after_interruption = true;
      fw_plan->methods = r.replay.firmware_methods;
      if (fw_plan->methods.empty()) {
        for (const auto& c : record.firmware->candidates) {
          if (c.decision == "chosen" || c.decision == "available") fw_plan->methods.push_back(c.method);
        }
      }
      // The method the drive may still be running goes first: a sanitize in progress is followed
      // to its end rather than answered with another method the drive would refuse meanwhile.
      const std::string& running = r.replay.firmware_running_method;
      if (!running.empty()) {
        std::erase(fw_plan->methods, running);
        fw_plan->methods.insert(fw_plan->methods.begin(), running);
      }
      fw_plan->completed_method = r.replay.firmware_completed_method;
      fw_plan->fingerprint_text = std::move(r.fingerprint_text);
      fw_plan->fingerprint_problem = std::move(r.fingerprint_problem);
      if (!r.replay.ata_password_hex.empty()) {
        std::array<std::uint8_t, 32> pw{};
        if (from_hex(r.replay.ata_password_hex, pw.data(), pw.size())) fw_plan->ata_password = pw;
      }
    }
    jobs.push_back(std::make_unique<DeviceJob>(std::move(record), records_dir, std::move(r.journal), std::move(r.device),
                                               s.pass, s.offset, options));
    if (fw_plan) jobs.back()->set_firmware(std::move(fw_plan));
  }
  return run_all(std::move(jobs), progress, cancel);
}

}  // namespace wipeseal
