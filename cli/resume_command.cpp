// wipeseal resume: list interrupted jobs, and continue them through the same session as erase.
#include <algorithm>
#include <cstdio>

#include "app/session.h"
#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/i18n.h"
#include "cli/output.h"
#include "words/catalogue.h"

namespace wipeseal::cli {
namespace {

void print_job(const UnfinishedJob& j, std::FILE* out) {
  const QString why = j.stopped_by_operator ? Cli::tr("stopped by the operator") : Cli::tr("interrupted: crash, kill or power loss");
  const QString busy = j.running ? Cli::tr(" - STILL RUNNING in another process") : QString();
  if (j.paperwork_only) {
    say(out, Cli::tr("Job %1: %2 (%3): the device work is done; its record or certificate is left to write (%4)%5")
                 .arg(q(j.record_id), q(j.device.path), words::device_line(j.device), why, busy));
    return;
  }
  if (j.firmware) {
    QString where;
    if (!j.firmware_completed.empty()) {
      where = Cli::tr("the drive reported %1 done; reading it back is left").arg(words::method_label(j.firmware_completed));
    } else if (!j.firmware_running.empty()) {
      where = Cli::tr("%1 was started; the drive may still be running it").arg(words::method_label(j.firmware_running));
    } else {
      where = Cli::tr("no purge command was sent yet");
    }
    say(out, Cli::tr("Job %1: %2 (%3), firmware purge: %4 (%5)%6")
                 .arg(q(j.record_id), q(j.device.path), words::device_line(j.device), where, why, busy));
    return;
  }
  if (j.pass > j.pass_count) {
    say(out, Cli::tr("Job %1: %2 (%3), method %4: all %5 pass(es) written; reading back is left (%6)%7")
                 .arg(q(j.record_id), q(j.device.path), words::device_line(j.device), q(j.method))
                 .arg(j.pass_count)
                 .arg(why, busy));
    return;
  }
  say(out, Cli::tr("Job %1: %2 (%3), method %4, pass %5/%6 durable up to byte %7 (%8)%9")
               .arg(q(j.record_id), q(j.device.path), words::device_line(j.device), q(j.method))
               .arg(std::min(j.pass, j.pass_count))
               .arg(j.pass_count)
               .arg(j.offset)
               .arg(why, busy));
}

}  // namespace

int run_resume(const ResumeOptions& options) {
  std::FILE* out = options.json_progress ? stderr : stdout;
  std::FILE* err = stderr;
  std::optional<app::ReadBackSpec> read_back;
  if (!options.verify.empty()) {
    auto spec = app::ReadBackSpec::parse(options.verify, true);
    if (!spec) {
      say(err, Cli::tr("--verify takes a percentage of the device (for example 1 or 0.5%), full, or none."));
      return kExitUsage;
    }
    read_back = *spec;
  }
  auto list = app::list_unfinished(options.state_dir);
  if (!list) return fail(list.error());
  // One damaged journal is reported and skipped; it never hides the others.
  for (const DamagedJournal& d : list->damaged) {
    say(err, Cli::tr("DAMAGED JOURNAL %1: %2").arg(q(d.path), words::error_text(d.error)));
    say(err, Cli::tr("    What to do: keep the file for the record; a job it describes cannot be resumed and its disk "
                     "must be erased again with a new job."));
  }
  std::vector<UnfinishedJob> jobs;
  for (const auto& j : list->jobs) {
    if (options.job.empty() || j.record_id.starts_with(options.job)) jobs.push_back(j);
  }
  if (jobs.empty()) {
    if (!options.job.empty()) {
      say(err, Cli::tr("No interrupted job with id %1 in %2.").arg(q(options.job), q(options.state_dir)));
      return kExitUsage;
    }
    say(out, Cli::tr("No interrupted jobs in %1.").arg(q(options.state_dir)));
    return list->damaged.empty() ? kExitErased : kExitFailed;
  }
  for (const auto& j : jobs) print_job(j, out);
  if (options.list_only) return kExitErased;

  app::ResumeRequest request;
  request.state_dir = options.state_dir;
  request.job = options.job;
  request.device = options.device;
  request.records_dir = options.records_dir;
  request.read_back = read_back;
  if (options.checkpoint_ms != 0) request.engine.tuning.checkpoint_interval = std::chrono::milliseconds(options.checkpoint_ms);
  auto session = app::Session::prepare_resume(std::move(request), secret_prompt(options.signing));
  if (!session) return fail(session.error());
  if (!(*session)->disks().empty()) {
    say(out, Cli::tr("Resuming will continue destroying ALL DATA on:"));
    describe_for_confirmation((*session)->disks(), out);
    if (!options.yes && !confirm(out, err)) return kExitUsage;
  }
  return run_and_report(**session, options.json_progress);
}

}  // namespace wipeseal::cli
