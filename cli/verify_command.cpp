// wipeseal verify: an auditor re-checks an erased device against its job record.
#include <cstdio>

#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/i18n.h"
#include "cli/messages.h"
#include "verify/audit.h"

namespace wipeseal::cli {

int run_verify(const VerifyCommandOptions& options) {
  bool ok = true;
  const auto read_options = parse_verify_spec(options.verify, false, ok);
  if (!ok || !read_options) {
    std::fprintf(stderr, "%s\n", u8(Cli::tr("--verify takes a percentage of the device (for example 1 or 0.5%) or full.")).c_str());
    return kExitUsage;
  }
  std::atomic<bool> never{false};
  auto audit = verify::audit_device(options.record, options.device, *read_options, options.out_dir, {}, never);
  if (!audit) {
    std::fprintf(stderr, "%s\n", u8(error_text(audit.error())).c_str());
    return exit_code_for(audit.error());
  }
  const VerificationRecord& v = audit->verification;
  const int code = v.outcome == "passed" ? kExitErased : v.outcome == "passed_except_unwritable" ? kExitExceptions : kExitFailed;
  if (options.json) {
    nlohmann::json j = {{"audit", audit->audit_path},
                        {"record_id", audit->record.id},
                        {"verification", verification_to_json(v)},
                        {"exit_code", code}};
    std::printf("%s\n", j.dump(2).c_str());
    return code;
  }
  std::printf("%s\n", u8(Cli::tr("Device %1 checked against record %2").arg(q(audit->device.path), q(audit->record.id))).c_str());
  std::printf("%s\n", u8(verification_text(v)).c_str());
  for (const ByteRange& r : v.mismatches) {
    std::printf("    %s\n",
                u8(Cli::tr("bytes %1 to %2 do not hold the expected pattern").arg(r.offset).arg(r.end() - 1)).c_str());
  }
  std::printf("%s\n", u8(Cli::tr("Audit document: %1").arg(q(audit->audit_path))).c_str());
  return code;
}

}  // namespace wipeseal::cli
