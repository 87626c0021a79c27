// wipeseal: erase disks so that state secrets cannot be recovered, prove it, and record it.
#include <CLI/CLI.hpp>
#include <QCoreApplication>

#include <cstdio>
#include <cstring>
#include <string>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/i18n.h"
#include "wipe/job_record.h"

using wipeseal::cli::Cli;
using wipeseal::cli::u8;

namespace {

// The language must be known before the help texts are built, so look for --lang first.
std::string requested_language(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--lang" && i + 1 < argc) return argv[i + 1];
    if (arg.rfind("--lang=", 0) == 0) return arg.substr(7);
  }
  return {};
}

}  // namespace

int main(int argc, char** argv) {
  QCoreApplication qt_app(argc, argv);
  namespace cli = wipeseal::cli;
  const std::string lang = requested_language(argc, argv);
  if (!cli::install_language(lang)) {
    std::fprintf(stderr, "%s\n",
                 u8(Cli::tr("Unknown language '%1'; use vi (Vietnamese) or en (English).").arg(cli::q(lang))).c_str());
    return cli::kExitUsage;
  }

  CLI::App app{u8(Cli::tr("wipeseal %1: erases disks that held state secrets, proves it by reading back, and "
                          "records it.")
                      .arg(QString::fromLatin1(wipeseal::tool_version())))};
  app.require_subcommand(1);
  std::string lang_option;
  app.add_option("--lang", lang_option, u8(Cli::tr("language of messages: vi (default) or en")));
  app.set_version_flag("--version", wipeseal::tool_version());

  cli::ListOptions list;
  auto* list_cmd = app.add_subcommand("list", u8(Cli::tr("list disks and whether wipeseal may erase them")));
  list_cmd->add_flag("--json", list.json, u8(Cli::tr("print JSON for other programs")));

  bool methods_json = false;
  auto* methods_cmd = app.add_subcommand("methods", u8(Cli::tr("list the erase methods")));
  methods_cmd->add_flag("--json", methods_json, u8(Cli::tr("print JSON for other programs")));

  cli::EraseOptions erase;
  erase.records_dir = cli::default_records_dir();
  erase.state_dir = cli::default_state_dir();
  auto* erase_cmd = app.add_subcommand("erase", u8(Cli::tr("erase one or more whole disks (or image files)")));
  erase_cmd->add_option("DEVICE", erase.devices, u8(Cli::tr("disks to erase, e.g. /dev/sdb")))->required();
  erase_cmd->add_option("--method", erase.method,
                        u8(Cli::tr("erase method (see: wipeseal methods); default: clear")));
  erase_cmd->add_option("--out", erase.records_dir, u8(Cli::tr("folder for the job records")))
      ->capture_default_str();
  erase_cmd->add_option("--state-dir", erase.state_dir, u8(Cli::tr("folder for job journals (used by resume)")))
      ->capture_default_str();
  erase_cmd->add_flag("--yes", erase.yes, u8(Cli::tr("do not ask for a typed confirmation (unattended use)")));
  erase_cmd->add_flag("--json-progress", erase.json_progress, u8(Cli::tr("print progress as JSON lines")));
  erase_cmd->add_option("--chunk-size", erase.chunk_bytes, u8(Cli::tr("advanced: bytes per write request")));
  erase_cmd->add_option("--in-flight", erase.requests_in_flight,
                        u8(Cli::tr("advanced: write requests in flight per disk")));
  erase_cmd->add_option("--verify", erase.verify,
                        u8(Cli::tr("read back after erasing: a percentage of the device (default 1), full, or none")));
  erase_cmd->add_option("--checkpoint-interval", erase.checkpoint_ms,
                        u8(Cli::tr("advanced: milliseconds between durable progress checkpoints (default 4000)")));

  cli::ResumeOptions resume;
  resume.state_dir = cli::default_state_dir();
  auto* resume_cmd = app.add_subcommand("resume", u8(Cli::tr("finish jobs that were interrupted (crash, power loss, "
                                                              "or stopped)")));
  resume_cmd->add_option("--job", resume.job, u8(Cli::tr("resume only this job (record id or its first characters)")));
  resume_cmd->add_option("--device", resume.device, u8(Cli::tr("where the job's disk is now, if its name changed")));
  resume_cmd->add_option("--out", resume.records_dir,
                         u8(Cli::tr("folder for the job records (default: where the job began)")));
  resume_cmd->add_option("--state-dir", resume.state_dir, u8(Cli::tr("folder for job journals")))->capture_default_str();
  resume_cmd->add_flag("--yes", resume.yes, u8(Cli::tr("do not ask for a typed confirmation")));
  resume_cmd->add_flag("--json-progress", resume.json_progress, u8(Cli::tr("print progress as JSON lines")));
  resume_cmd->add_flag("--list", resume.list_only, u8(Cli::tr("only list interrupted jobs")));
  resume_cmd->add_option("--verify", resume.verify,
                         u8(Cli::tr("read back after erasing: a percentage of the device (default 1), full, or none")));
  resume_cmd->add_option("--checkpoint-interval", resume.checkpoint_ms,
                         u8(Cli::tr("advanced: milliseconds between durable progress checkpoints (default 4000)")));

  cli::VerifyCommandOptions verify;
  auto* verify_cmd = app.add_subcommand(
      "verify", u8(Cli::tr("re-check an erased device against its job record (an auditor's spot check)")));
  verify_cmd->add_option("DEVICE", verify.device, u8(Cli::tr("the erased disk")))->required();
  verify_cmd->add_option("--record", verify.record, u8(Cli::tr("the job record of its erasure")))->required();
  verify_cmd->add_option("--verify", verify.verify,
                         u8(Cli::tr("how much to read: a percentage of the device (default 1) or full")));
  verify_cmd->add_option("--out", verify.out_dir,
                         u8(Cli::tr("folder for the audit document (default: beside the record)")));
  verify_cmd->add_flag("--json", verify.json, u8(Cli::tr("print the result as JSON")));

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return cli::kExitUsage;
  }

  if (list_cmd->parsed()) return cli::run_list(list);
  if (methods_cmd->parsed()) return cli::run_methods(methods_json);
  if (erase_cmd->parsed()) return cli::run_erase(erase);
  if (resume_cmd->parsed()) return cli::run_resume(resume);
  if (verify_cmd->parsed()) return cli::run_verify(verify);
  return cli::kExitUsage;
}
