// wipeseal verify: an auditor re-checks an erased device against its job record.
#include <cstdio>

#include <nlohmann/json.hpp>

#include "app/audit.h"
#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/i18n.h"
#include "cli/output.h"
#include "words/catalogue.h"

namespace wipeseal::cli {

int run_verify(const VerifyCommandOptions& options) {
  auto spec = app::ReadBackSpec::parse(options.verify, false);
  if (!spec) {
    say(stderr, Cli::tr("--verify takes a percentage of the device (for example 1 or 0.5%) or full."));
    return kExitUsage;
  }
  auto result = app::audit(options.device, options.record, *spec, options.out_dir);
  if (!result) return fail(result.error());
  const verify::AuditResult& audit = result->audit;
  const VerificationRecord& v = audit.verification;
  const int code = exit_code_for(result->classification);
  if (options.json) {
    nlohmann::json j = {{"audit", audit.audit_path},
                        {"record_id", audit.record.id},
                        {"verification", verification_to_json(v)},
                        {"exit_code", code}};
    std::printf("%s\n", j.dump(2).c_str());
    return code;
  }
  say(stdout, Cli::tr("Device %1 checked against record %2").arg(q(audit.device.path), q(audit.record.id)));
  say(stdout, words::verification_text(v));
  for (const ByteRange& r : v.mismatches) {
    say(stdout, QStringLiteral("    ") + Cli::tr("bytes %1 to %2 do not hold the expected pattern").arg(r.offset).arg(r.end() - 1));
  }
  say(stdout, Cli::tr("Audit document: %1").arg(q(audit.audit_path)));
  return code;
}

}  // namespace wipeseal::cli
