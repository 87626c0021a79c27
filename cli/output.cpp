#include "cli/output.h"

#include <iostream>

#include "app/folders.h"
#include "cli/exit_codes.h"
#include "cli/i18n.h"
#include "cli/progress_view.h"
#include "cli/stop_signal.h"
#include "cli/secrets.h"
#include "wipe/text.h"
#include "words/catalogue.h"

namespace wipeseal::cli {

void say(std::FILE* out, const QString& text) {
  std::fprintf(out, "%s\n", u8(text).c_str());
  std::fflush(out);
}

int fail(const Error& e) {
  say(stderr, words::error_text(e));
  return exit_code_for(e);
}

bool report_refusals(const std::vector<app::DiskView>& disks, std::FILE* err) {
  bool refused = false;
  for (const app::DiskView& d : disks) {
    for (const Refusal& r : d.safety.refusals) {
      say(err, Cli::tr("REFUSED %1: %2").arg(q(d.device.path), words::refusal_reason(r)));
      say(err, Cli::tr("    What to do: %1").arg(words::refusal_remedy(r)));
      refused = true;
    }
    if (d.method_refused) {
      say(err, Cli::tr("REFUSED %1: %2").arg(q(d.device.path), q(*d.method_refused)));
      refused = true;
    }
  }
  if (refused) say(err, Cli::tr("Nothing was written to any device."));
  return !refused;
}

void describe_for_confirmation(const std::vector<app::DiskView>& disks, std::FILE* out) {
  for (const app::DiskView& d : disks) {
    say(out, QStringLiteral("  %1  %2").arg(q(d.device.path), words::device_line(d.device)));
    if (d.device.is_image_file()) say(out, Cli::tr("      (an image file, not a physical disk)"));
    say(out, QStringLiteral("      %1 %2").arg(Cli::tr("Content:"), words::content_text(d.device.content)));
    if (d.plan) {
      if (const QString hidden = words::hidden_area_text(d.plan->capabilities); !hidden.isEmpty()) {
        say(out, QStringLiteral("      %1").arg(hidden));
      }
    }
  }
}

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

void print_plan(const app::DiskView& disk, std::FILE* out) {
  say(out, QStringLiteral("%1  %2").arg(q(disk.device.path), words::device_line(disk.device)));
  if (disk.plan_error) {
    say(out, QStringLiteral("  %1").arg(words::error_text(*disk.plan_error)));
    return;
  }
  if (!disk.plan) return;
  const Recommendation& r = disk.plan->recommendation;
  if (r.method.empty()) {
    say(out, Cli::tr("  No method can erase this drive."));
  } else {
    say(out, Cli::tr("  Recommended method: %1 (%2)").arg(q(r.method), words::category_label(r.category)));
  }
  say(out, Cli::tr("  Why: %1").arg(words::plan_reason(r)));
  if (words::language() != words::Lang::en) say(out, QStringLiteral("  (EN) %1").arg(words::plan_reason(r, words::Lang::en)));
  if (!disk.plan->capabilities.command_set.empty()) {
    say(out, Cli::tr("  The drive reports: %1").arg(q(disk.plan->capabilities.summary())));
  }
  for (const auto& cand : r.candidates) {
    say(out, QStringLiteral("    %1  %2  %3")
                 .arg(q(cand.method), -26)
                 .arg(words::candidate_decision(cand.decision), -20)
                 .arg(q(cand.reason)));
  }
  for (const auto& w : r.warnings) say(out, Cli::tr("  Warning: %1").arg(q(w)));
  if (const QString hidden = words::hidden_area_text(disk.plan->capabilities); !hidden.isEmpty()) {
    say(out, QStringLiteral("  %1").arg(hidden));
  }
  if (r.destroy_if_top_secret) {
    say(out, Cli::tr("  If this medium ever held Tuyệt mật (top secret) information, destroy it physically after "
                     "erasing."));
  }
}

nlohmann::json plan_json(const app::DiskView& disk) {
  const DeviceInfo& d = disk.device;
  nlohmann::json j = {{"device", d.path}, {"model", d.model}, {"serial", d.serial}, {"transport", transport_name(d.transport)}};
  if (disk.plan_error) {
    j["error"] = disk.plan_error->describe();
    return j;
  }
  if (!disk.plan) return j;
  const Recommendation& r = disk.plan->recommendation;
  nlohmann::json candidates = nlohmann::json::array();
  for (const auto& cand : r.candidates) {
    candidates.push_back({{"method", cand.method}, {"decision", candidate_decision_name(cand.decision)}, {"reason", cand.reason}});
  }
  j.update({{"method", r.method},
            {"category", category_name(r.category)},
            {"reason_code", reason_code_name(r.reason_code)},
            {"reason", u8(words::plan_reason(r, words::Lang::en))},
            {"reason_local", u8(words::plan_reason(r))},
            {"command_set", disk.plan->capabilities.command_set},
            {"capabilities", disk.plan->capabilities.summary()},
            {"identify_sha256", disk.plan->capabilities.identify_sha256},
            {"candidates", candidates},
            {"warnings", r.warnings},
            {"destroy_if_top_secret", r.destroy_if_top_secret}});
  return j;
}

namespace {

QString verdict_text(const std::string& code) {
  const words::Lang other = words::language() == words::Lang::vi ? words::Lang::en : words::Lang::vi;
  return QStringLiteral("%1 (%2)").arg(words::verdict_label(code), words::verdict_label(code, other));
}

// Each biên bản once, with the disks it covers (every disk of a computer shares one).
void print_certificates(const app::SessionResults& results, const std::string& ca_path, std::FILE* out) {
  for (const certificates::IssuedCertificate* c : results.certificates()) {
    QStringList devices;
    for (const app::DeviceResult& d : results.devices) {
      if (d.certificate && d.certificate->cert.id == c->cert.id) devices << q(d.record.device.path);
    }
    const auto verdict = certificates::judge_all(c->cert.records, c->cert.office.secrecy_level);
    say(out, Cli::tr("Certificate no. %1 for %2: %3")
                 .arg(q(c->cert.number), devices.join(QStringLiteral(", ")), verdict_text(verdict.code)));
    say(out, Cli::tr("      PDF: %1").arg(q(c->pdf_path)));
    say(out, Cli::tr("      Signed JSON: %1 and %2").arg(q(c->json_path), q(c->p7s_path)));
    say(out, Cli::tr("      Check it with OpenSSL alone: %1")
                 .arg(q(certificates::openssl_verify_command(c->json_path, c->p7s_path, ca_path))));
  }
}

}  // namespace

int report_results(const app::SessionResults& results, const std::string& ca_path, bool json, std::FILE* out,
                   std::FILE* err) {
  // A job that could not start (a disk taken by another process since it was examined) wrote
  // nothing: its code is its error's (busy: 2), not "failed".
  const int code = results.error && results.devices.empty() ? exit_code_for(*results.error)
                                                            : exit_code_for(results.overall());
  std::FILE* human = json ? err : out;
  if (results.error) {
    say(err, words::error_text(*results.error));
    say(err, Cli::tr("Nothing was written to any device."));
  }
  if (!results.devices.empty()) say(human, Cli::tr("Result:"));
  for (const app::DeviceResult& d : results.devices) {
    say(human, QStringLiteral("  %1  %2: %3")
                   .arg(q(d.record.device.path), words::outcome_label(d.record.outcome), words::outcome_explanation(d.record)));
    if (d.record.verification) say(human, QStringLiteral("      %1").arg(words::verification_text(*d.record.verification)));
    if (!d.record_path.empty()) {
      say(human, Cli::tr("      Job record: %1").arg(q(d.record_path)));
    } else if (d.record_error) {
      say(err, Cli::tr("      THE JOB RECORD COULD NOT BE WRITTEN: %1").arg(words::error_text(*d.record_error)));
      say(err, Cli::tr("      The job journal keeps it: fix the folder, then run wipeseal resume to write it."));
    }
    if (d.journal_error) say(err, Cli::tr("      Warning: %1").arg(words::error_text(*d.journal_error)));
    if (d.certificate_requested && !d.certificate) {
      say(err, Cli::tr("No certificate for %1: %2")
                   .arg(q(d.record.device.path), d.certificate_error ? words::error_text(*d.certificate_error) : QString()));
    }
  }
  print_certificates(results, ca_path, human);
  if (json) {
    nlohmann::json j = {{"event", "job_finished"}, {"devices", nlohmann::json::array()}};
    for (const app::DeviceResult& d : results.devices) {
      nlohmann::json dev = {{"device", d.record.device.path},
                            {"record_id", d.record.id},
                            {"outcome", outcome_name(d.record.outcome)},
                            {"outcome_reason", outcome_reason_name(d.record.outcome_reason)},
                            {"classification", app::classification_name(d.classification)},
                            {"record", d.record_path}};
      if (d.record_error) dev["record_error"] = d.record_error->describe();
      if (d.certificate) {
        dev["certificate"] = {{"number", d.certificate->cert.number},
                              {"id", d.certificate->cert.id},
                              {"json", d.certificate->json_path},
                              {"p7s", d.certificate->p7s_path},
                              {"pdf", d.certificate->pdf_path}};
      } else if (d.certificate_error) {
        dev["certificate_error"] = d.certificate_error->describe();
      }
      j["devices"].push_back(std::move(dev));
    }
    if (results.error) j["error"] = results.error->describe();
    j["exit_code"] = code;
    std::fprintf(out, "%s\n", dump_json(j).c_str());
    std::fflush(out);
  }
  return code;
}

int run_and_report(app::Session& session, bool json_progress) {
  auto view = make_progress_view(choose_progress_style(json_progress, stdout), stdout);
  run_until_done(session, *view);
  const app::Certifier* certifier = session.certifier();
  const int code = report_results(session.results(), certifier != nullptr ? certifier->ca_path() : std::string(),
                                  json_progress, stdout, stderr);
  // "Run: wipeseal resume" finds the journals only in the default folder; name another one.
  bool resumable = false;
  for (const app::DeviceResult& d : session.results().devices) {
    resumable = resumable || d.classification == app::Classification::aborted || d.record_error.has_value();
  }
  if (resumable && session.state_dir() != app::absolute_path(app::default_state_dir())) {
    say(json_progress ? stderr : stdout,
        Cli::tr("The job journals are in %1: run wipeseal resume --state-dir %1").arg(q(session.state_dir())));
  }
  return code;
}

app::SecretPrompt secret_prompt(const SigningOptions& s) {
  return [s](app::SecretKind kind) {
    if (kind == app::SecretKind::token_pin) return read_secret(s.pin_file, u8(Cli::tr("PIN of the signing token: ")));
    return read_secret(s.passphrase_file, u8(Cli::tr("Passphrase of the signing key: ")));
  };
}

}  // namespace wipeseal::cli
