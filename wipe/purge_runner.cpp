#include "wipe/purge_runner.h"

#include <algorithm>
#include <filesystem>

#include <fmt/format.h>

#include "wipe/clock.h"
#include "wipe/file_io.h"
#include "wipe/hex.h"

namespace wipeseal {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

class PurgeRun {
 public:
  PurgeRun(DeviceJob& job, PurgePlan& plan, ProgressSink& progress, const std::atomic<bool>& cancel)
      : job_(job), plan_(plan), progress_(progress), cancel_(cancel) {
    stop_.purge_sample_lost = !plan_.fingerprint_problem.empty();
    stop_.pass = 1;  // a purge is the job's one step
  }

  DeviceJobResult run() {
    FirmwareRecord& fw = *job_.record().firmware;
    const JobOptions& options = job_.options();
    std::unique_ptr<PurgeVerifier> verifier = options.purge_verifier ? options.purge_verifier() : nullptr;
    // An interrupted ATA security erase left the drive locked: unlock it with the journalled
    // password first, so the sample can be read and the erase completed.
    if (plan_.ata_password && plan_.access.ata) {
      std::vector<CommandRecord> cmds;
      unlock_interrupted_ata(*plan_.access.ata, *plan_.ata_password, cmds);
      fw.commands.insert(fw.commands.end(), cmds.begin(), cmds.end());
    }
    if (verifier && !stop_.purge_sample_lost) {
      if (auto s = take_or_restore_sample(*verifier); !s) {
        if (s.error().code == ErrorCode::cancelled) return cancelled();
        return failed(s.error());
      }
    }
    if (cancel_.load()) return cancelled();
    PurgeResult result;
    if (!plan_.completed_method.empty()) {
      // Resumed after the drive had reported the purge done: only the read-back is left.
      result.method = plan_.completed_method;
      result.completed = true;
      result.device_report = "the drive reported this purge done before the job was interrupted (job journal)";
    } else {
      auto r = purge();
      if (!r) return failed(r.error());
      result = std::move(*r);
    }
    if (result.interrupted) {
      stop_.purge_running = result.interrupted_method;
      if (auto s = job_.journal({{"type", "firmware_interrupted"}, {"at", now_timestamp()}, {"method", stop_.purge_running}});
          !s) {
        return failed(s.error());
      }
      return cancelled();
    }
    fw.method = result.method;
    fw.completed = result.completed;
    if (!result.device_report.empty()) fw.device_report = result.device_report;
    if (result.completed) {
      if (const MethodInfo* m = find_firmware_method(result.method)) job_.record().method = *m;
    }
    if (plan_.completed_method.empty()) {
      if (auto s = job_.journal({{"type", "firmware_end"}, {"at", now_timestamp()}, {"completed", result.completed},
                                 {"method", result.method}});
          !s) {
        return failed(s.error());
      }
    }
    if (!result.completed) {
      return failed(result.error.value_or(make_error(ErrorCode::io, "no firmware purge method completed")));
    }
    job_.emit(progress_, ProgressEvent::Kind::pass_finished, 1, job_.record().device.size_bytes);
    if (auto f = job_.device().flush(); !f) return failed(f.error());
    return check(verifier.get());
  }

 private:
  // Before the purge: hash a sample (kept durably beside the journal); when resuming, take back
  // the one hashed before the purge began — a fresh one would prove nothing.
  Status take_or_restore_sample(PurgeVerifier& verifier) {
    if (!plan_.fingerprint_text.empty()) return verifier.restore(plan_.fingerprint_text);
    ProgressEvent ev = job_.event(ProgressEvent::Kind::verify_started, 1, 0);
    ev.phase = ProgressPhase::fingerprint;
    progress_.on_event(ev);
    if (auto s = verifier.before(job_.device(), job_.record().device, cancel_); !s) {
      if (s.error().code == ErrorCode::cancelled) return s;
      Error e = s.error();
      e.message = "the sample taken before the purge could not be read: " + e.message;
      return std::unexpected(e);
    }
    return keep_sample(verifier.saved());
  }

  // Written durably, its SHA-256 in the journal, before any purge command is sent.
  Status keep_sample(const std::string& text) {
    const std::string path = fingerprint_path(job_.journal_path());
    if (auto s = write_file_durably(path, text, 0600); !s) {
      Error e = s.error();
      e.message = "cannot keep the sample taken before the purge: " + e.message;
      return std::unexpected(e);
    }
    return job_.journal({{"type", "purge_fingerprint"},
                         {"at", now_timestamp()},
                         {"file", fs::path(path).filename().string()},
                         {"sha256", sha256_hex(text)}});
  }

  // Sends the firmware purge, recording every command and what became of each method.
  Result<PurgeResult> purge() {
    FirmwareRecord& fw = *job_.record().firmware;
    if (plan_.methods.empty() && !plan_.resume_refusal.empty()) {
      return std::unexpected(make_error(ErrorCode::refused, "no firmware purge was sent: " + plan_.resume_refusal,
                                        job_.record().device.path));
    }
    if (auto s = job_.journal({{"type", "firmware_begin"}, {"at", now_timestamp()}, {"methods", plan_.methods}}); !s) {
      return std::unexpected(s.error());
    }
    stop_.purge_began = true;
    job_.emit(progress_, ProgressEvent::Kind::pass_started, 1, 0);
    const std::uint64_t size = job_.record().device.size_bytes;
    PurgeContext ctx;
    ctx.progress = [&](double f) {
      ProgressEvent ev = job_.event(ProgressEvent::Kind::progress, 1, static_cast<std::uint64_t>(f * static_cast<double>(size)));
      ev.phase = ProgressPhase::purge;
      ev.pass_count = 1;
      progress_.on_event(ev);
    };
    ctx.persist = [&](const json& entry) {
      auto st = job_.journal(entry);
      const std::string type = entry.value("type", "");
      if (type == "ata_password" && st) job_.set_ata_password_outstanding(true);
      if (type == "ata_password_cleared" && st) job_.set_ata_password_outstanding(false);
      return st;
    };
    ctx.poll_interval = job_.options().purge_poll_interval;
    ctx.sleep = job_.options().purge_sleep;
    ctx.random = job_.options().random;
    ctx.capacity_bytes = size;
    ctx.ata_password = plan_.ata_password;
    ctx.cancel = &cancel_;
    PurgeResult result = run_firmware_purge(plan_.access, plan_.capabilities, plan_.methods, ctx);
    fw.commands.insert(fw.commands.end(), result.commands.begin(), result.commands.end());
    for (const CandidateRecord& a : result.attempts) {
      auto it = std::find_if(fw.candidates.begin(), fw.candidates.end(),
                             [&](const CandidateRecord& c) { return c.method == a.method; });
      if (it == fw.candidates.end()) {
        fw.candidates.push_back(a);
      } else {
        it->decision = a.decision;
        if (!a.reason.empty()) it->reason = a.reason;
      }
    }
    return result;
  }

  // After a completed purge: read the device back against the sample, then finish.
  DeviceJobResult check(PurgeVerifier* verifier) {
    JobRecord& record = job_.record();
    if (verifier && stop_.purge_sample_lost) {
      VerificationRecord v;
      v.mode = VerificationMode::fingerprint;
      v.started_at = v.finished_at = now_timestamp();
      v.expected = "every sampled block differs from its content before the purge";
      v.outcome = VerificationOutcome::failed;
      v.failure = plan_.fingerprint_problem;
      v.statement = "Nothing was read back: " + plan_.fingerprint_problem + ".";
      record.verification = std::move(v);
      if (auto s = job_.journal({{"type", "verified"}, {"at", record.verification->finished_at}, {"outcome", "failed"}});
          !s) {
        return failed(s.error());
      }
      return job_.finish(progress_, stop_);
    }
    if (verifier) {
      const auto read = [&](const ReadProgressFn& report) { return verifier->after(job_.device(), record, report, cancel_); };
      if (auto error = job_.read_back(progress_, 1, read)) {
        if (error->code == ErrorCode::cancelled) return cancelled();
        return failed(*error);
      }
    }
    return job_.finish(progress_, stop_);
  }

  DeviceJobResult cancelled() {
    stop_.cancelled = true;
    return job_.finish(progress_, stop_);
  }

  DeviceJobResult failed(Error e) {
    stop_.fatal = std::move(e);
    return job_.finish(progress_, stop_);
  }

  DeviceJob& job_;
  PurgePlan& plan_;
  ProgressSink& progress_;
  const std::atomic<bool>& cancel_;
  JobStop stop_;
};

}  // namespace

DeviceJobResult run_purge(DeviceJob& job, PurgePlan& plan, ProgressSink& progress, const std::atomic<bool>& cancel) {
  return PurgeRun(job, plan, progress, cancel).run();
}

}  // namespace wipeseal
