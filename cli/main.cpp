// wipeseal: erase disks so that state secrets cannot be recovered, prove it, and record it.
#include <CLI/CLI.hpp>
#include <QCoreApplication>
#include <QGuiApplication>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/i18n.h"
#include "app/folders.h"
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

// Qt's platform set-up complains about XDG_RUNTIME_DIR on a bare console; that is noise here.
void quiet_qt_messages(QtMsgType type, const QMessageLogContext&, const QString& message) {
  if (type == QtDebugMsg || type == QtInfoMsg) return;
  if (message.startsWith(QStringLiteral("QStandardPaths:"))) return;
  std::fprintf(stderr, "%s\n", message.toLocal8Bit().constData());
}

// Certificates and the paper register are drawn with QPainter, which needs a QGuiApplication;
// the offscreen platform works with no display. Other commands stay on QCoreApplication.
bool needs_gui(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "cert" || arg == "register" || arg == "--certify" || arg == "resume") return true;
  }
  return false;
}

void add_signing_options(CLI::App* cmd, wipeseal::cli::SigningOptions& s) {
  using wipeseal::cli::Cli;
  using wipeseal::cli::u8;
  cmd->add_option("--key-dir", s.request.key_dir, u8(Cli::tr("folder of the office keys (default: <state dir>/keys)")));
  cmd->add_option("--passphrase-file", s.passphrase_file,
                  u8(Cli::tr("file whose first line is the key's passphrase (default: ask)")));
  cmd->add_option("--pkcs11", s.request.pkcs11_uri, u8(Cli::tr("sign with a key on a token: its PKCS#11 URI")));
  cmd->add_option("--pkcs11-module", s.request.pkcs11_module, u8(Cli::tr("the token's PKCS#11 library")));
  cmd->add_option("--cert", s.request.cert, u8(Cli::tr("the token key's certificate (PEM, chain allowed)")));
  cmd->add_option("--pin-file", s.pin_file, u8(Cli::tr("file whose first line is the token's PIN (default: ask)")));
}

}  // namespace

int main(int argc, char** argv) {
  qInstallMessageHandler(quiet_qt_messages);
  std::unique_ptr<QCoreApplication> qt_app;
  if (needs_gui(argc, argv)) {
    if (std::getenv("QT_QPA_PLATFORM") == nullptr) setenv("QT_QPA_PLATFORM", "offscreen", 0);
    qt_app = std::make_unique<QGuiApplication>(argc, argv);
  } else {
    qt_app = std::make_unique<QCoreApplication>(argc, argv);
  }
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

  cli::PlanOptions plan;
  auto* plan_cmd = app.add_subcommand("plan", u8(Cli::tr("show the recommended erase method for each disk, and why")));
  plan_cmd->add_option("DEVICE", plan.devices, u8(Cli::tr("disks to examine, e.g. /dev/sdb")))->required();
  plan_cmd->add_flag("--json", plan.json, u8(Cli::tr("print JSON for other programs")));

  cli::EraseOptions erase;
  erase.records_dir = wipeseal::app::default_records_dir();
  erase.state_dir = wipeseal::app::default_state_dir();
  auto* erase_cmd = app.add_subcommand("erase", u8(Cli::tr("erase one or more whole disks (or image files)")));
  erase_cmd->add_option("DEVICE", erase.devices, u8(Cli::tr("disks to erase, e.g. /dev/sdb")))->required();
  erase_cmd->add_option("--method", erase.method,
                        u8(Cli::tr("erase method (see: wipeseal methods); default: clear")));
  erase_cmd->add_option("--out", erase.records_dir, u8(Cli::tr("folder for the job records")))
      ->capture_default_str();
  erase_cmd->add_option("--state-dir", erase.state_dir, u8(Cli::tr("folder for job journals (used by resume)")))
      ->capture_default_str();
  erase_cmd->add_flag("--restore-hidden", erase.restore_hidden,
                      u8(Cli::tr("make sectors hidden by an ATA Host Protected Area accessible and erase them too (until "
                                 "the next power cycle; permanently on a drive with the Accessible Max Address "
                                 "feature: wipeseal plan says which)")));
  erase_cmd->add_flag("--yes", erase.yes, u8(Cli::tr("do not ask for a typed confirmation (unattended use)")));
  erase_cmd->add_flag("--json-progress", erase.json_progress, u8(Cli::tr("print progress as JSON lines")));
  erase_cmd->add_option("--chunk-size", erase.chunk_bytes, u8(Cli::tr("advanced: bytes per write request")));
  erase_cmd->add_option("--in-flight", erase.requests_in_flight,
                        u8(Cli::tr("advanced: write requests in flight per disk")));
  erase_cmd->add_option("--verify", erase.verify,
                        u8(Cli::tr("read back after erasing: a percentage of the device (default 1), full, or none")));
  erase_cmd->add_flag("--certify", erase.certify.enabled,
                      u8(Cli::tr("issue one signed certificate (biên bản) for the job's disks after erasing")));
  erase_cmd->add_option("--details", erase.certify.details_file,
                        u8(Cli::tr("the office's details for the certificate (JSON file)")));
  erase_cmd->add_option("--register", erase.certify.register_path,
                        u8(Cli::tr("the certificate register (default: <state dir>/register.sqlite)")));
  add_signing_options(erase_cmd, erase.certify.signing);
  erase_cmd->add_option("--checkpoint-interval", erase.checkpoint_ms,
                        u8(Cli::tr("advanced: milliseconds between durable progress checkpoints (default 4000)")));

  cli::ResumeOptions resume;
  resume.state_dir = wipeseal::app::default_state_dir();
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
                         u8(Cli::tr("read back after erasing: a percentage of the device, full, or none (default: as "
                                    "the job was started)")));
  add_signing_options(resume_cmd, resume.signing);
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

  auto* key_cmd = app.add_subcommand("key", u8(Cli::tr("create or import the office's signing keys")));
  key_cmd->require_subcommand(1);
  std::string key_dir, passphrase_file, import_cert, import_key, import_key_pass, import_ca;
  cli::KeyInitOptions key_init_options;
  auto* key_init = key_cmd->add_subcommand("init", u8(Cli::tr("create an office CA and a signing certificate")));
  key_init->add_option("--office", key_init_options.office,
                       u8(Cli::tr("the office's name as it should appear in the certificates")))
      ->required();
  key_init->add_option("--ca-key-dir", key_init_options.ca_key_dir,
                       u8(Cli::tr("folder for the CA key, to be moved off the stick (default: office-ca-key beside "
                                  "the key folder)")));
  key_init->add_option("--ca-passphrase-file", key_init_options.ca_passphrase_file,
                       u8(Cli::tr("file whose first line is the CA key's own passphrase (default: ask)")));
  key_init->add_flag("--no-ca-key", key_init_options.no_ca_key,
                     u8(Cli::tr("do not keep the CA key (a new signing key will then need a new office CA)")));
  auto* key_import = key_cmd->add_subcommand("import", u8(Cli::tr("import an existing signing certificate and key")));
  key_import->add_option("--cert", import_cert, u8(Cli::tr("signing certificate (PEM, chain allowed)")))->required();
  key_import->add_option("--key", import_key, u8(Cli::tr("its private key (PEM)")))->required();
  key_import->add_option("--key-passphrase-file", import_key_pass, u8(Cli::tr("file with the key's current passphrase")));
  key_import->add_option("--ca", import_ca, u8(Cli::tr("the office CA certificate (PEM)")));
  for (auto* c : {key_init, key_import}) {
    c->add_option("--key-dir", key_dir, u8(Cli::tr("folder of the office keys (default: <state dir>/keys)")));
    c->add_option("--passphrase-file", passphrase_file, u8(Cli::tr("file whose first line is the new passphrase")));
  }

  auto* cert_cmd = app.add_subcommand("cert", u8(Cli::tr("issue, check or print certificates (biên bản)")));
  cert_cmd->require_subcommand(1);
  std::vector<std::string> issue_records;
  cli::CertifyOptions issue;
  auto* cert_issue = cert_cmd->add_subcommand("issue", u8(Cli::tr("sign certificates for job records")));
  cert_issue->add_option("RECORD", issue_records, u8(Cli::tr("job record files (<id>.json)")))->required();
  cert_issue->add_option("--details", issue.details_file, u8(Cli::tr("the office's details (JSON file)")))->required();
  cert_issue->add_option("--register", issue.register_path, u8(Cli::tr("the certificate register")));
  cert_issue->add_option("--out", issue.out_dir, u8(Cli::tr("folder for the certificates (default: beside the records)")));
  add_signing_options(cert_issue, issue.signing);
  std::string check_file, check_ca, check_register;
  bool check_json = false;
  auto* cert_verify = cert_cmd->add_subcommand("verify", u8(Cli::tr("check a certificate (.json with its .p7s, or .pdf)")));
  cert_verify->add_option("FILE", check_file, u8(Cli::tr("the certificate")))->required();
  cert_verify->add_option("--ca", check_ca, u8(Cli::tr("the office CA certificate (default: <key dir>/office-ca.pem)")));
  cert_verify->add_option("--register", check_register, u8(Cli::tr("also check its place in this register")));
  cert_verify->add_flag("--json", check_json, u8(Cli::tr("print the result as JSON")));
  std::string pdf_json, pdf_out;
  cli::SigningOptions pdf_signing;
  auto* cert_pdf = cert_cmd->add_subcommand("pdf", u8(Cli::tr("draw the PDF again from a signed certificate")));
  cert_pdf->add_option("JSON", pdf_json, u8(Cli::tr("the signed certificate (<id>.json, with <id>.p7s beside it)")))->required();
  cert_pdf->add_option("--out", pdf_out, u8(Cli::tr("the PDF to write (default: <id>.pdf beside it)")));
  add_signing_options(cert_pdf, pdf_signing);

  cli::RegisterOptions reg;
  auto* register_cmd =
      app.add_subcommand("register", u8(Cli::tr("the certificate register: list, verify, export, import, pdf")));
  register_cmd->add_option("ACTION", reg.action, u8(Cli::tr("list, verify, export FOLDER, import REGISTER, or pdf FILE")))
      ->required()
      ->check(CLI::IsMember({"list", "verify", "export", "import", "pdf"}));
  register_cmd->add_option("ARGUMENT", reg.argument,
                           u8(Cli::tr("the folder to export to, the register to import, or the PDF to write")));
  register_cmd->add_option("--register", reg.register_path, u8(Cli::tr("the register (default: <state dir>/register.sqlite)")));
  register_cmd->add_option("--ca", reg.ca,
                           u8(Cli::tr("the office CA certificate (default: office-ca.pem beside the register or in the "
                                      "key folder)")));
  register_cmd->add_option("--certificates", reg.certificates_dir,
                           u8(Cli::tr("verify: also check the certificate files in this folder against the register")));
  register_cmd->add_flag("--json", reg.json, u8(Cli::tr("verify: print the result as JSON")));

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
  if (plan_cmd->parsed()) return cli::run_plan(plan);
  if (erase_cmd->parsed()) return cli::run_erase(erase);
  if (resume_cmd->parsed()) return cli::run_resume(resume);
  if (verify_cmd->parsed()) return cli::run_verify(verify);
  if (key_init->parsed()) {
    key_init_options.key_dir = key_dir;
    key_init_options.passphrase_file = passphrase_file;
    return cli::run_key_init(key_init_options);
  }
  if (key_import->parsed()) {
    return cli::run_key_import(key_dir, import_cert, import_key, import_key_pass, import_ca, passphrase_file);
  }
  if (cert_issue->parsed()) return cli::run_cert_issue(issue_records, issue);
  if (cert_verify->parsed()) return cli::run_cert_verify(check_file, check_ca, check_register, check_json);
  if (cert_pdf->parsed()) return cli::run_cert_pdf(pdf_json, pdf_out, pdf_signing);
  if (register_cmd->parsed()) return cli::run_register(reg);
  return cli::kExitUsage;
}
