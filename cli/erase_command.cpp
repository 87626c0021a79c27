// wipeseal plan and wipeseal erase: examine, prepare, confirm, run, report.
#include <chrono>
#include <cstdio>

#include "app/session.h"
#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/i18n.h"
#include "cli/output.h"
#include "wipe/firmware/methods.h"
#include "words/catalogue.h"

namespace wipeseal::cli {

int run_plan(const PlanOptions& options) {
  auto disks = app::examine(options.devices, std::string(kAutoMethod), true);
  if (!disks) return fail(disks.error());
  nlohmann::json all = nlohmann::json::array();
  int rc = kExitErased;
  for (const app::DiskView& d : *disks) {
    if (d.plan_error) rc = exit_code_for(*d.plan_error);
    if (options.json) {
      all.push_back(plan_json(d));
    } else {
      print_plan(d, stdout);
    }
  }
  if (options.json) std::printf("%s\n", all.dump(2).c_str());
  return rc;
}

int run_erase(const EraseOptions& options) {
  std::FILE* out = options.json_progress ? stderr : stdout;
  std::FILE* err = stderr;

  // Bad usage is reported before any device is examined.
  if (auto known = app::check_method(options.method); !known) return fail(known.error());
  auto read_back = app::ReadBackSpec::parse(options.verify, true);
  if (!read_back) {
    say(err, Cli::tr("--verify takes a percentage of the device (for example 1 or 0.5%), full, or none."));
    return kExitUsage;
  }
  if (options.chunk_bytes != 0 && (options.chunk_bytes % 4096 != 0 || options.chunk_bytes > (64u << 20))) {
    say(err, Cli::tr("--chunk-size must be a multiple of 4096 bytes and at most 64 MiB."));
    return kExitUsage;
  }
  if (options.certify.enabled && read_back->level == app::ReadBackSpec::Level::none) {
    say(err, Cli::tr("--certify needs a read-back (--verify): an erasure that was not checked proves nothing."));
    return kExitUsage;
  }
  auto disks = app::examine(options.devices, options.method, false, options.restore_hidden);
  if (!disks) return fail(disks.error());
  if (!report_refusals(*disks, err)) return kExitRefused;
  for (const app::DiskView& d : *disks) {
    if (d.plan_error) return fail(*d.plan_error);
  }

  app::EraseRequest request;
  request.devices = options.devices;
  request.method = options.method;
  request.read_back = *read_back;
  request.restore_hidden = options.restore_hidden;
  request.records_dir = options.records_dir;
  request.state_dir = options.state_dir;
  if (options.chunk_bytes != 0) request.engine.tuning.chunk_bytes = options.chunk_bytes;
  if (options.requests_in_flight != 0) request.engine.tuning.requests_in_flight = options.requests_in_flight;
  if (options.checkpoint_ms != 0) request.engine.tuning.checkpoint_interval = std::chrono::milliseconds(options.checkpoint_ms);
  if (options.certify.enabled) {
    app::CertificationRequest c;
    c.details_file = options.certify.details_file;
    c.register_path = options.certify.register_path;
    c.out_dir = options.certify.out_dir;
    c.signing = options.certify.signing.request;
    request.certify = std::move(c);
  }
  // Everything is checked, the key unlocked and the folders proven writable before the warning.
  auto session = app::Session::prepare(std::move(request), secret_prompt(options.certify.signing));
  if (!session) {
    const int code = fail(session.error());
    say(err, Cli::tr("Nothing was written to any device."));
    return code;
  }

  if (options.method == kAutoMethod || is_firmware_method(options.method)) {
    // What each drive will be asked to do, before the operator confirms.
    for (const app::DiskView& d : (*session)->disks()) print_plan(d, out);
    if (options.method != kAutoMethod) say(out, Cli::tr("Method: %1 (firmware purge)").arg(q(options.method)));
  } else {
    const unsigned passes = app::overwrite_pass_count(options.method).value_or(0);
    say(out, Cli::tr("Method: %1 (%n pass(es))", nullptr, static_cast<int>(passes)).arg(words::method_label(options.method)));
    for (const MethodInfo& m : app::all_methods()) {
      if (m.name == options.method && m.legacy) say(out, Cli::tr("Note: this is a legacy scheme, kept for rules that demand it."));
    }
  }
  say(out, Cli::tr("ALL DATA on the following device(s) will be destroyed permanently:"));
  describe_for_confirmation((*session)->disks(), out);
  if (!options.yes && !confirm(out, err)) return kExitUsage;

  return run_and_report(**session, options.json_progress);
}

}  // namespace wipeseal::cli
