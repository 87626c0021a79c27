// An auditor's later spot check: re-read a device against the record of its erasure, with a fresh
// seed, and write the result as a separate audit document next to the record. The original
// record (which a certificate may sign) is never rewritten.
#pragma once

#include <atomic>
#include <string>

#include "verify/read_back.h"
#include "wipe/job_record.h"

namespace wipeseal::verify {

inline constexpr const char* kAuditSchema = "wipeseal.audit/1";

struct AuditResult {
  JobRecord record;                  // the record checked against
  DeviceInfo device;                 // the device as found now
  VerificationRecord verification;
  std::string audit_path;            // where the audit document was written
};

// Checks `device_path` against the record at `record_path`. Refuses (error `refused`) a device
// whose identity differs from the record or that is in use (mounted, swap, held); a read-only
// device is fine. The audit document goes to `out_dir`, or beside the record if empty.
Result<AuditResult> audit_device(const std::string& record_path, const std::string& device_path,
                                 const ReadBackOptions& options, const std::string& out_dir,
                                 const ReadProgress& progress, const std::atomic<bool>& cancel);

}  // namespace wipeseal::verify
