#include "app/audit.h"

#include <atomic>

namespace wipeseal::app {

Result<AuditOutcome> audit(const std::string& device_path, const std::string& record_path, const ReadBackSpec& spec,
                           const std::string& out_dir) {
  const auto options = spec.options();
  if (!options) return std::unexpected(make_error(ErrorCode::invalid_input, "an audit reads something back; give a percentage or full"));
  const std::atomic<bool> never{false};
  auto result = verify::audit_device(record_path, device_path, *options, out_dir, {}, never);
  if (!result) return std::unexpected(result.error());
  AuditOutcome out;
  switch (result->verification.outcome) {
    case VerificationOutcome::passed: out.classification = Classification::erased; break;
    case VerificationOutcome::passed_except_unwritable: out.classification = Classification::erased_with_exceptions; break;
    case VerificationOutcome::failed: out.classification = Classification::failed; break;
  }
  out.audit = std::move(*result);
  return out;
}

}  // namespace wipeseal::app
