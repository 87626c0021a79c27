#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/i18n.h"
#include "cli/messages.h"
#include "cli/progress_view.h"
#include "verify/purge_check.h"
#include "verify/read_back.h"
#include "wipe/discovery.h"
#include "wipe/erase_plan.h"
#include "wipe/job.h"
#include "wipe/random_source.h"
#include "wipe/safety_policy.h"
#include "wipe/system_state.h"

namespace wipeseal::cli {
namespace {

std::atomic<bool> g_cancel{false};
static_assert(std::atomic<bool>::is_always_lock_free, "the signal handler needs a lock-free flag");

void on_stop_signal(int) { g_cancel.store(true); }

void install_stop_handlers() {
  struct sigaction sa {};
  sa.sa_handler = on_stop_signal;
  sigemptyset(&sa.sa_mask);
  for (int sig : {SIGINT, SIGTERM, SIGHUP}) sigaction(sig, &sa, nullptr);
}

void say(std::FILE* out, const QString& text) {
  std::fprintf(out, "%s\n", u8(text).c_str());
  std::fflush(out);
}

// Describes every named device; duplicate names for the same device are an input error.
int describe_targets(const std::vector<std::string>& args, std::vector<DeviceInfo>& out, std::FILE* err) {
  std::set<std::string> seen;
  for (const std::string& arg : args) {
    auto d = describe_device(arg);
    if (!d) {
      say(err, error_text(d.error()));
      return exit_code_for(d.error());
    }
    const std::string key = d->is_image_file() ? d->path : std::to_string(d->devno);
    if (!seen.insert(key).second) {
      say(err, Cli::tr("%1 is named twice; name each disk once.").arg(q(arg)));
      return kExitUsage;
    }
    out.push_back(std::move(*d));
  }
  return kExitErased;
}

// Prints why the policy refuses `d`, if it does; returns whether it is allowed.
bool report_safety(const DeviceInfo& d, const SystemState& system, std::FILE* err) {
  const SafetyDecision decision = assess_safety(d, system);
  for (const Refusal& r : decision.refusals) {
    say(err, Cli::tr("REFUSED %1: %2").arg(q(d.path), refusal_reason(r)));
    say(err, Cli::tr("    What to do: %1").arg(refusal_remedy(r)));
  }
  return decision.allowed();
}

int check_safety(const std::vector<DeviceInfo>& devices, std::FILE* err) {
  const SystemState system = read_system_state(SystemPaths{});
  bool refused = false;
  for (const DeviceInfo& d : devices) refused = !report_safety(d, system, err) || refused;
  if (refused) say(err, Cli::tr("Nothing was written to any device."));
  return refused ? kExitRefused : kExitErased;
}

void describe_for_confirmation(const std::vector<DeviceInfo>& devices, std::FILE* out) {
  for (const DeviceInfo& d : devices) {
    say(out, QStringLiteral("  %1  %2").arg(q(d.path), device_line(d)));
    if (d.is_image_file()) say(out, Cli::tr("      (an image file, not a physical disk)"));
    say(out, QStringLiteral("      %1 %2").arg(Cli::tr("Content:"), content_text(d.content)));
  }
}

// Typed confirmation: the operator must type XOA (or ERASE). Any other answer, or none, stops.
bool confirm(std::FILE* out, std::FILE* err) {
  say(out, Cli::tr("Type XOA (or ERASE) and press Enter to confirm; anything else cancels:"));
  std::string answer;
  if (!std::getline(std::cin, answer)) {
    say(err, Cli::tr("No confirmation was received (input closed). Use --yes for unattended use."));
    return false;
  }
  while (!answer.empty() && (answer.back() == '\r' || answer.back() == ' ')) answer.pop_back();
  while (!answer.empty() && answer.front() == ' ') answer.erase(answer.begin());
  if (answer == "XOA" || answer == "ERASE") return true;
  say(err, Cli::tr("Not confirmed; nothing was written."));
  return false;
}

QString outcome_explanation(const JobRecord& r) {
  switch (r.outcome) {
    case Outcome::erased:
      return Cli::tr("every byte was overwritten (%n pass(es)) and flushed to the medium", nullptr,
                     static_cast<int>(r.passes.size()));
    case Outcome::erased_with_exceptions: {
      int ranges = 0;
      std::uint64_t bytes = 0;
      for (const auto& p : r.passes) {
        ranges += static_cast<int>(p.errors.size());
        for (const auto& e : p.errors) bytes += e.range.length;
      }
      return Cli::tr("%n range(s) (%1 bytes) could not be written and may still hold data; physical destruction "
                     "is recommended",
                     nullptr, ranges)
          .arg(bytes);
    }
    case Outcome::aborted:
      if (r.firmware && r.passes.empty()) {
        for (const auto& c : r.firmware->candidates) {
          if (c.decision == "interrupted") {
            return Cli::tr("stopped while the drive was performing %1; the drive finishes it on its own, even after "
                           "a power cycle. Run: wipeseal resume (it follows the drive to the end and reads it back)")
                .arg(firmware_method_label(c.method));
          }
        }
        if (r.firmware->completed) {
          return Cli::tr("the drive reported the purge done, but the read-back that checks it was stopped. Run: "
                         "wipeseal resume");
        }
        return Cli::tr("stopped before any firmware purge completed; data remains. Run: wipeseal resume");
      }
      return Cli::tr("stopped before the end; the disk is only partly erased. Run: wipeseal resume");
    case Outcome::failed:
      return Cli::tr("the erasure did not finish; data may remain. Cause: %1")
          .arg(q(r.failure ? r.failure->message : r.outcome_detail));
  }
  return {};
}

int worst_exit(const std::vector<DeviceJobResult>& results) {
  int code = kExitErased;
  auto rank = [](int c) {
    switch (c) {
      case kExitFailed: return 4;
      case kExitAborted: return 3;
      case kExitExceptions: return 2;
      default: return c == kExitErased ? 0 : 1;
    }
  };
  for (const auto& r : results) {
    // Without its record an erasure cannot be shown to anyone: not a success.
    const int c = r.record_path.empty() ? kExitFailed : exit_code_for(r.record.outcome);
    if (rank(c) > rank(code)) code = c;
  }
  return code;
}

int report_results(const std::vector<DeviceJobResult>& results, bool json, std::FILE* out, std::FILE* err) {
  if (json) {
    nlohmann::json j = {{"event", "job_finished"}, {"devices", nlohmann::json::array()}};
    for (const auto& r : results) {
      nlohmann::json d = {{"device", r.record.device.path},
                          {"record_id", r.record.id},
                          {"outcome", outcome_name(r.record.outcome)},
                          {"record", r.record_path}};
      if (r.record_error) d["record_error"] = r.record_error->describe();
      j["devices"].push_back(std::move(d));
    }
    j["exit_code"] = worst_exit(results);
    std::fprintf(out, "%s\n", j.dump().c_str());
  }
  std::FILE* human = json ? err : out;
  say(human, Cli::tr("Result:"));
  for (const auto& r : results) {
    say(human, QStringLiteral("  %1  %2: %3").arg(q(r.record.device.path), outcome_label(r.record.outcome),
                                                   outcome_explanation(r.record)));
    if (r.record.verification) say(human, QStringLiteral("      %1").arg(verification_text(*r.record.verification)));
    if (!r.record_path.empty()) {
      say(human, Cli::tr("      Job record: %1").arg(q(r.record_path)));
    } else if (r.record_error) {
      say(err, Cli::tr("      THE JOB RECORD COULD NOT BE WRITTEN: %1").arg(error_text(*r.record_error)));
    }
  }
  return worst_exit(results);
}

EngineTuning tuning_from(std::size_t chunk_bytes, unsigned in_flight, unsigned checkpoint_ms) {
  EngineTuning t;
  if (chunk_bytes != 0) t.chunk_bytes = chunk_bytes;
  if (in_flight != 0) t.requests_in_flight = in_flight;
  if (checkpoint_ms != 0) t.checkpoint_interval = std::chrono::milliseconds(checkpoint_ms);
  return t;
}

}  // namespace

std::optional<verify::ReadBackOptions> parse_verify_spec(const std::string& spec, bool allow_none, bool& ok) {
  ok = true;
  if (spec == "none" && allow_none) return std::nullopt;
  verify::ReadBackOptions options;
  if (spec == "full") {
    options.coverage = 1.0;
    return options;
  }
  std::string number = spec;
  if (!number.empty() && number.back() == '%') number.pop_back();
  char* end = nullptr;
  const double percent = std::strtod(number.c_str(), &end);
  if (number.empty() || end != number.c_str() + number.size() || !(percent > 0) || percent > 100) {
    ok = false;
    return std::nullopt;
  }
  options.coverage = percent / 100.0;
  return options;
}

namespace {

// The read-back the job runs after its last pass.
VerifyHook verify_hook(const std::optional<verify::ReadBackOptions>& options) {
  if (!options) return {};
  return [opts = *options](BlockDevice& device, const JobRecord& record,
                           const std::function<void(std::uint64_t, std::uint64_t)>& progress,
                           const std::atomic<bool>& cancel) {
    return verify::verify_overwrite(device, record, opts, secure_random(), progress, cancel);
  };
}

int bad_verify_spec(std::FILE* err) {
  say(err, Cli::tr("--verify takes a percentage of the device (for example 1 or 0.5%), full, or none."));
  return kExitUsage;
}

std::string absolute(const std::string& dir) {
  std::error_code ec;
  auto p = std::filesystem::absolute(dir, ec);
  return ec ? dir : p.lexically_normal().string();
}


// The recommendation's reason in the operator's language (the engine keeps it in English).
QString reason_text(const Recommendation& r) {
  QString a = r.reason_args.empty() ? QString() : q(r.reason_args[0]);
  if (r.reason_code == ReasonCode::firmware_purge || r.reason_code == ReasonCode::frozen ||
      r.reason_code == ReasonCode::purge_blocked) {
    a = firmware_method_label(r.reason_args.empty() ? std::string() : r.reason_args[0]);
  }
  switch (r.reason_code) {
    case ReasonCode::firmware_purge:
      return Cli::tr("The drive supports %1: a Purge under NIST SP 800-88 / IEEE 2883.").arg(a);
    case ReasonCode::frozen:
      return Cli::tr("The drive supports %1 but its security is frozen by the BIOS; suspend and resume the computer "
                     "(or unplug and replug the drive's power) to unfreeze it, then plan again. Until then only "
                     "overwriting (Clear) is possible.")
          .arg(a);
    case ReasonCode::locked:
      return Cli::tr("The drive is locked with an ATA password wipeseal does not know: it cannot be read, written or "
                     "erased until it is unlocked. Destroy it physically if the password is lost.");
    case ReasonCode::removable_clear_only:
      return Cli::tr("USB sticks and memory cards offer no firmware purge: only Clear (overwrite) is possible. Media "
                     "that held Tuyệt mật information should be destroyed physically.");
    case ReasonCode::purge_blocked:
      return Cli::tr("The drive supports %1 but wipeseal will not send it: %2. Overwrite with the AES-256-CTR pattern "
                     "(Clear) instead.")
          .arg(a, r.reason_args.size() > 1 ? q(r.reason_args[1]) : QString());
    case ReasonCode::no_firmware_purge:
      return Cli::tr("The drive reports no firmware purge (%1): overwrite with the AES-256-CTR pattern (Clear).").arg(a);
    case ReasonCode::not_a_drive:
      return Cli::tr("Not a physical drive (loop device, image file or virtual disk): overwrite with the AES-256-CTR "
                     "pattern (Clear).");
    case ReasonCode::capabilities_unreadable:
      return Cli::tr("The drive's capabilities could not be read (%1): overwrite with the AES-256-CTR pattern (Clear).")
          .arg(a);
  }
  return q(r.reason);
}

QString decision_text(const std::string& d) {
  if (d == "chosen") return Cli::tr("chosen");
  if (d == "available") return Cli::tr("available (fallback)");
  if (d == "not_supported") return Cli::tr("not supported");
  if (d == "blocked") return Cli::tr("blocked");
  return q(d);
}

void print_plan(const DeviceInfo& d, const MethodChoice& c, std::FILE* out) {
  const Recommendation& r = c.recommendation;
  say(out, QStringLiteral("%1  %2").arg(q(d.path), device_line(d)));
  if (r.method.empty()) {
    say(out, Cli::tr("  No method can erase this drive."));
  } else {
    say(out, Cli::tr("  Recommended method: %1 (%2)")
                 .arg(q(r.method), r.category == SanitizeCategory::purge ? QStringLiteral("Purge") : QStringLiteral("Clear")));
  }
  say(out, Cli::tr("  Why: %1").arg(reason_text(r)));
  if (current_language() != "en") say(out, QStringLiteral("  (EN) %1").arg(q(r.reason)));
  if (!c.capabilities.command_set.empty()) {
    say(out, Cli::tr("  The drive reports: %1").arg(q(c.capabilities.summary())));
  }
  for (const auto& cand : r.candidates) {
    say(out, QStringLiteral("    %1  %2  %3").arg(q(cand.method), -26).arg(decision_text(cand.decision), -20).arg(q(cand.reason)));
  }
  for (const auto& w : r.warnings) say(out, Cli::tr("  Warning: %1").arg(q(w)));
  if (r.destroy_if_top_secret) {
    say(out, Cli::tr("  If this medium ever held Tuyệt mật (top secret) information, destroy it physically after "
                     "erasing."));
  }
}

nlohmann::json plan_json(const DeviceInfo& d, const MethodChoice& c) {
  const Recommendation& r = c.recommendation;
  nlohmann::json candidates = nlohmann::json::array();
  for (const auto& cand : r.candidates) {
    candidates.push_back({{"method", cand.method}, {"decision", cand.decision}, {"reason", cand.reason}});
  }
  return {{"device", d.path},
          {"model", d.model},
          {"serial", d.serial},
          {"transport", transport_name(d.transport)},
          {"method", r.method},
          {"category", category_name(r.category)},
          {"reason_code", reason_code_name(r.reason_code)},
          {"reason", r.reason},
          {"reason_local", u8(reason_text(r))},
          {"command_set", c.capabilities.command_set},
          {"capabilities", c.capabilities.summary()},
          {"identify_sha256", c.capabilities.identify_sha256},
          {"candidates", candidates},
          {"warnings", r.warnings},
          {"destroy_if_top_secret", r.destroy_if_top_secret}};
}

bool is_known_method(const std::string& method) {
  return method == kAutoMethod || is_firmware_method(method) || make_erase_plan(method, secure_random()).has_value();
}

}  // namespace

int run_plan(const PlanOptions& options) {
  std::vector<DeviceInfo> devices;
  if (int rc = describe_targets(options.devices, devices, stderr); rc != kExitErased) return rc;
  nlohmann::json all = nlohmann::json::array();
  int rc = kExitErased;
  for (const DeviceInfo& d : devices) {
    auto choice = choose_method(d, JobOptions{});
    if (!choice) {
      say(stderr, error_text(choice.error()));
      rc = exit_code_for(choice.error());
      continue;
    }
    if (options.json) {
      all.push_back(plan_json(d, *choice));
    } else {
      print_plan(d, *choice, stdout);
    }
  }
  if (options.json) std::printf("%s\n", all.dump(2).c_str());
  return rc;
}

namespace {
}  // namespace

std::string default_state_dir() {
  if (const char* env = std::getenv("WIPESEAL_STATE_DIR"); env != nullptr && *env != '\0') return env;
  if (::geteuid() == 0) return "/var/lib/wipeseal";
  if (const char* xdg = std::getenv("XDG_STATE_HOME"); xdg != nullptr && *xdg != '\0') return std::string(xdg) + "/wipeseal";
  if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0') return std::string(home) + "/.local/state/wipeseal";
  return ".wipeseal-state";
}

std::string default_records_dir() {
  if (const char* env = std::getenv("WIPESEAL_RECORDS_DIR"); env != nullptr && *env != '\0') return env;
  return "wipeseal-records";
}

int run_erase(const EraseOptions& options) {
  std::FILE* out = options.json_progress ? stderr : stdout;
  std::FILE* err = stderr;

  // Bad usage is reported before any device is examined.
  if (!is_known_method(options.method)) {
    if (auto plan = make_erase_plan(options.method, secure_random()); !plan) say(err, error_text(plan.error()));
    say(err, Cli::tr("Unknown erase method %1; see `wipeseal methods` (auto, the firmware methods, clear, zero, ...).")
                 .arg(q(options.method)));
    return kExitUsage;
  }
  bool verify_ok = true;
  const auto verify_options = parse_verify_spec(options.verify, true, verify_ok);
  if (!verify_ok) return bad_verify_spec(err);
  if (options.chunk_bytes != 0 && (options.chunk_bytes % 4096 != 0 || options.chunk_bytes > (64u << 20))) {
    say(err, Cli::tr("--chunk-size must be a multiple of 4096 bytes and at most 64 MiB."));
    return kExitUsage;
  }
  std::vector<DeviceInfo> devices;
  if (int rc = describe_targets(options.devices, devices, err); rc != kExitErased) return rc;
  if (int rc = check_safety(devices, err); rc != kExitErased) return rc;
  // Certificates: the details and the key are checked before anything is erased.
  CertifierPtr certifier;
  if (options.certify.enabled) {
    if (!verify_options) {
      say(err, Cli::tr("--certify needs a read-back (--verify): an erasure that was not checked proves nothing."));
      return kExitUsage;
    }
    int rc = kExitErased;
    certifier = prepare_certifier(options.certify, absolute(options.records_dir), rc);
    if (!certifier) return rc;
  }

  if (options.method == kAutoMethod || is_firmware_method(options.method)) {
    // Show what each drive will be asked to do before the operator confirms.
    for (const DeviceInfo& d : devices) {
      auto choice = choose_method(d, JobOptions{});
      if (!choice) {
        say(err, error_text(choice.error()));
        return exit_code_for(choice.error());
      }
      print_plan(d, *choice, out);
    }
    if (options.method != kAutoMethod) say(out, Cli::tr("Method: %1 (firmware purge)").arg(q(options.method)));
  } else {
    const auto plan = make_erase_plan(options.method, secure_random());
    say(out, Cli::tr("Method: %1 (%n pass(es))", nullptr, static_cast<int>(plan->passes.size())).arg(q(plan->method.name)));
    if (plan->method.legacy) say(out, Cli::tr("Note: this is a legacy scheme, kept for rules that demand it."));
  }
  say(out, Cli::tr("ALL DATA on the following device(s) will be destroyed permanently:"));
  describe_for_confirmation(devices, out);
  if (!options.yes && !confirm(out, err)) return kExitUsage;

  install_stop_handlers();
  JobOptions job;
  job.method = options.method;
  job.records_dir = absolute(options.records_dir);
  job.state_dir = absolute(options.state_dir);
  job.tuning = tuning_from(options.chunk_bytes, options.requests_in_flight, options.checkpoint_ms);
  job.verify = verify_hook(verify_options);
  if (verify_options) job.purge_verifier = verify::purge_verifier(*verify_options);
  if (verify_options) job.purge_verifier = verify::purge_verifier(*verify_options);
  job.restore_hidden_area = options.restore_hidden;
  auto view = make_progress_view(choose_progress_style(options.json_progress, stdout), stdout);
  auto results = run_erase_job(devices, job, *view, g_cancel);
  if (!results) {
    say(err, error_text(results.error()));
    say(err, Cli::tr("Nothing was written to any device."));
    return exit_code_for(results.error());
  }
  const int code = report_results(*results, options.json_progress, stdout, err);
  if (certifier && certify_results(*certifier, *results) != kExitErased && code == kExitErased) return kExitFailed;
  return code;
}

int run_resume(const ResumeOptions& options) {
  std::FILE* out = options.json_progress ? stderr : stdout;
  std::FILE* err = stderr;
  bool verify_ok = true;
  const auto verify_options = parse_verify_spec(options.verify, true, verify_ok);
  if (!verify_ok) return bad_verify_spec(err);
  const std::string state_dir = absolute(options.state_dir);
  auto pending = find_unfinished_jobs(state_dir);
  if (!pending) {
    say(err, error_text(pending.error()));
    return exit_code_for(pending.error());
  }
  std::vector<UnfinishedJob> jobs;
  for (const auto& j : *pending) {
    if (options.job.empty() || j.record_id.rfind(options.job, 0) == 0) jobs.push_back(j);
  }
  if (jobs.empty()) {
    if (!options.job.empty()) {
      say(err, Cli::tr("No interrupted job with id %1 in %2.").arg(q(options.job), q(state_dir)));
      return kExitUsage;
    }
    say(out, Cli::tr("No interrupted jobs in %1.").arg(q(state_dir)));
    return kExitErased;
  }
  for (const auto& j : jobs) {
    const QString why = j.stopped_by_operator ? Cli::tr("stopped by the operator")
                                              : Cli::tr("interrupted: crash, kill or power loss");
    const QString busy = j.running ? Cli::tr(" - STILL RUNNING in another process") : QString();
    if (j.firmware) {
      QString where;
      if (!j.firmware_completed.empty()) {
        where = Cli::tr("the drive reported %1 done; reading it back is left").arg(firmware_method_label(j.firmware_completed));
      } else if (!j.firmware_running.empty()) {
        where = Cli::tr("%1 was started; the drive may still be running it").arg(firmware_method_label(j.firmware_running));
      } else {
        where = Cli::tr("no purge command was sent yet");
      }
      say(out, Cli::tr("Job %1: %2 (%3), firmware purge: %4 (%5)%6")
                   .arg(q(j.record_id), q(j.device.path), device_line(j.device), where, why, busy));
      continue;
    }
    say(out, Cli::tr("Job %1: %2 (%3), method %4, pass %5/%6 durable up to byte %7 (%8)%9")
                 .arg(q(j.record_id), q(j.device.path), device_line(j.device), q(j.method))
                 .arg(std::min(j.pass, j.pass_count))
                 .arg(j.pass_count)
                 .arg(j.offset)
                 .arg(why, busy));
  }
  if (options.list_only) return kExitErased;
  if (!options.device.empty() && jobs.size() != 1) {
    say(err, Cli::tr("--device applies to one job; choose it with --job."));
    return kExitUsage;
  }

  std::vector<std::pair<UnfinishedJob, DeviceInfo>> targets;
  const SystemState system = read_system_state(SystemPaths{});
  for (const auto& j : jobs) {
    if (j.running) {
      say(err, Cli::tr("Job %1 is still running in another process; it was left alone.").arg(q(j.record_id)));
      return kExitRefused;
    }
    auto device = locate_job_device(j, options.device);
    if (!device) {
      say(err, error_text(device.error()));
      return exit_code_for(device.error());
    }
    if (!report_safety(*device, system, err)) return kExitRefused;
    targets.emplace_back(j, *device);
  }
  std::vector<DeviceInfo> devices;
  for (const auto& t : targets) devices.push_back(t.second);
  say(out, Cli::tr("Resuming will continue destroying ALL DATA on:"));
  describe_for_confirmation(devices, out);
  if (!options.yes && !confirm(out, err)) return kExitUsage;

  install_stop_handlers();
  JobOptions job;
  job.records_dir = options.records_dir.empty() ? std::string() : absolute(options.records_dir);
  job.state_dir = state_dir;
  job.tuning = tuning_from(0, 0, options.checkpoint_ms);
  job.verify = verify_hook(verify_options);
  if (verify_options) job.purge_verifier = verify::purge_verifier(*verify_options);
  auto view = make_progress_view(choose_progress_style(options.json_progress, stdout), stdout);
  auto results = resume_erase_jobs(targets, job, *view, g_cancel);
  if (!results) {
    say(err, error_text(results.error()));
    return exit_code_for(results.error());
  }
  return report_results(*results, options.json_progress, stdout, err);
}

}  // namespace wipeseal::cli
