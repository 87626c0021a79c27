// The auditor's spot check, through the same layer as everything else: re-read an erased device
// against its record (verify/audit.h) and classify what was found.
#pragma once

#include <string>

#include "app/read_back.h"
#include "app/session.h"
#include "verify/audit.h"

namespace wipeseal::app {

struct AuditOutcome {
  verify::AuditResult audit;
  Classification classification = Classification::failed;  // erased, erased_with_exceptions or failed
};

// `spec` must not be "none". The audit document goes to `out_dir`, or beside the record.
Result<AuditOutcome> audit(const std::string& device_path, const std::string& record_path, const ReadBackSpec& spec,
                           const std::string& out_dir);

}  // namespace wipeseal::app
