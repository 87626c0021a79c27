// Translated wording for what the engine reports: refusals, errors, outcomes, disk content.
// The engine speaks in codes plus English detail; this is where codes become sentences.
#pragma once

#include <QString>

#include "wipe/device_info.h"
#include "wipe/error.h"
#include "wipe/job_record.h"
#include "wipe/safety_policy.h"

namespace wipeseal::cli {

// "why: what to do" for one refusal.
QString refusal_reason(const Refusal& r);
QString refusal_remedy(const Refusal& r);
// A headline for the error's kind followed by the engine's English detail.
QString error_text(const Error& e);
QString outcome_label(Outcome o);
// One line: what libblkid found ("GPT, 2 partitions; ext4 'HOSO' ...") or that nothing was found.
QString content_text(const ContentSummary& c);
// "Samsung SSD 870, S/N ABC, 500 GB, sata" with a fallback when the model is unknown.
QString device_line(const DeviceInfo& d);
QString duration_text(double seconds);
// "passed", "passed_except_unwritable", "failed" in the operator's language.
QString verification_outcome_label(const std::string& outcome);
// What a verification found and proves, in the operator's language.
QString verification_text(const VerificationRecord& v);
// A firmware method's label in the operator's language, looked up by method name ("nvme-format-crypto")
// or by the engine's English label; anything else is returned as given.
QString firmware_method_label(const std::string& name_or_label);

}  // namespace wipeseal::cli
