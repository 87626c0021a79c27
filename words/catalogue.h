// One catalogue of words for every code the core emits — refusals, errors, outcomes, method names,
// plan reasons, candidate decisions, verification results, verdicts and the certificate's terms —
// in Vietnamese and English, used by the CLI, the wizard and the PDF alike. The texts go through
// Qt's translation system (English sources, Vietnamese in i18n/wipeseal_vi.ts) and every function
// takes the language, so a document can carry both at once.
#pragma once

#include <QString>

#include <optional>
#include <string>
#include <string_view>

#include "wipe/device_info.h"
#include "wipe/error.h"
#include "wipe/erase_plan.h"
#include "wipe/firmware/recommendation.h"
#include "wipe/job_record.h"
#include "wipe/safety_policy.h"

namespace wipeseal::words {

enum class Lang { vi, en };

// "vi", "vi_VN", "en", "en_US"... → the language; anything else → nullopt.
std::optional<Lang> parse_language(std::string_view code);
const char* language_code(Lang lang);  // "vi" or "en"

// The operator's language (Vietnamese unless set): also installs or removes the Vietnamese
// translator for the frontends' own tr() texts. Needs a QCoreApplication.
void set_language(Lang lang);
Lang language();

// Text from a device or a file, made safe to show: control characters and invalid UTF-8 escaped.
QString shown(std::string_view untrusted);

// --- disks -----------------------------------------------------------------------------------
// "Samsung SSD 870, serial ABC, 500 GB" (with a fallback when the model is unknown).
QString device_line(const DeviceInfo& d, Lang lang = language());
// What kind of disk, in plain words: "SSD", "hard disk", "USB drive", "memory card"...
QString device_kind(const DeviceInfo& d, Lang lang = language());
// What libblkid found, in one line, or that nothing was found.
QString content_text(const ContentSummary& c, Lang lang = language());

// --- safety ----------------------------------------------------------------------------------
QString refusal_reason(const Refusal& r, Lang lang = language());
QString refusal_remedy(const Refusal& r, Lang lang = language());
// A few words for a greyed-out disk card: "in use", "this is the system disk"...
QString refusal_short(const Refusal& r, Lang lang = language());

// --- errors ----------------------------------------------------------------------------------
QString error_kind(ErrorCode code, Lang lang = language());
// The kind in the operator's language, then the engine's English detail.
QString error_text(const Error& e, Lang lang = language());

// --- methods and plans -----------------------------------------------------------------------
// Any method by name ("clear", "dod-3", "byte:0x5a", "nvme-format-crypto", "auto").
QString method_label(std::string_view name, Lang lang = language());
QString category_label(SanitizeCategory c, Lang lang = language());
QString plan_reason(const Recommendation& r, Lang lang = language());
QString candidate_decision(CandidateDecision d, Lang lang = language());
// What the drive hides above its accessible maximum (ATA Host Protected Area, Device
// Configuration Overlay) and what --restore-hidden would do with it: until the next power cycle,
// or for good on a drive with the Accessible Max Address feature. Empty when nothing is hidden.
QString hidden_area_text(const Capabilities& caps, Lang lang = language());

// --- outcomes and verification ----------------------------------------------------------------
QString outcome_label(Outcome o, Lang lang = language());
// Why the record's outcome is what it is (from its reason code), with its numbers.
QString outcome_explanation(const JobRecord& r, Lang lang = language());
QString verification_outcome(VerificationOutcome o, Lang lang = language());
// What a verification read, found and proves.
QString verification_text(const VerificationRecord& v, Lang lang = language());

// --- the certificate's terms (by their JSON codes) --------------------------------------------
QString office_reason(std::string_view code, Lang lang = language());   // repurpose, repair, ...
QString secrecy_level(std::string_view code, Lang lang = language());   // mat, toi_mat, tuyet_mat
QString participant_role(std::string_view code, Lang lang = language()); // performer, custodian, head
QString verdict_label(std::string_view code, Lang lang = language());    // passed, passed_with_exceptions, failed
// Why physical destruction is recommended: "exceptions", "failed", "clear_only_top_secret".
QString destruction_reason(std::string_view why, Lang lang = language());

// "00:42" or "1:02:03"; "--:--" when unknown.
QString duration_text(double seconds);

}  // namespace wipeseal::words
