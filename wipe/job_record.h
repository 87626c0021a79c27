// The job record: one JSON document per device per job, the single model that later stages
// extend (verification adds its results, certificates sign it). Schema: docs/record-schema.md.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "wipe/byte_range.h"
#include "wipe/device_info.h"
#include "wipe/erase_plan.h"
#include "wipe/error.h"
#include "wipe/hex.h"
#include "wipe/pattern.h"

namespace wipeseal {

inline constexpr const char* kRecordSchema = "wipeseal.record/1";
inline constexpr const char* kToolName = "wipeseal";
const char* tool_version();

enum class Outcome { erased, erased_with_exceptions, failed, aborted };
const char* outcome_name(Outcome o);
std::optional<Outcome> outcome_from_name(const std::string& name);

// Why the outcome is what it is; the words for each are in the catalogue (words/).
enum class OutcomeReason {
  all_passes_written,         // erased: every pass over every byte, flushed
  firmware_purge_done,        // erased: the drive's purge completed (and read back, if asked)
  unwritable_ranges,          // erased_with_exceptions: ranges the device refused
  hidden_sectors_remain,      // erased_with_exceptions: sectors above the accessible maximum
  stopped_during_overwrite,   // aborted: part of the device is still unerased
  stopped_during_read_back,   // aborted: written, not yet verified
  stopped_during_purge,       // aborted: the drive is still running the purge on its own
  stopped_after_purge,        // aborted: purge done, its read-back stopped
  stopped_between_purges,     // aborted: no purge completed
  stopped_before_purge,       // aborted: nothing was erased
  did_not_finish,             // failed: a fatal error stopped the erasure
  read_back_found_data,       // failed: reading back found data that should be gone
  purge_failed,               // failed: no firmware purge method completed
  purge_unverifiable,         // failed: the sample taken before the purge was lost
};
const char* outcome_reason_name(OutcomeReason r);
std::optional<OutcomeReason> outcome_reason_from_name(const std::string& name);

enum class VerificationMode { sampled, full, fingerprint };
const char* verification_mode_name(VerificationMode m);
std::optional<VerificationMode> verification_mode_from_name(const std::string& name);

enum class VerificationOutcome { passed, passed_except_unwritable, failed };
const char* verification_outcome_name(VerificationOutcome o);
std::optional<VerificationOutcome> verification_outcome_from_name(const std::string& name);

// What wipeseal decided about one firmware purge method for a drive.
enum class CandidateDecision {
  chosen,              // the recommended method
  available,           // supported; a fallback if the chosen one fails
  not_supported,       // the drive does not report it
  blocked,             // supported, but wipeseal will not send it (frozen, other namespaces...)
  rejected_by_device,  // sent, and the drive answered that it does not support it
  failed,              // sent, and it failed
  interrupted,         // the operator stopped the job while the drive was running it
  completed,           // the drive reported it done
};
const char* candidate_decision_name(CandidateDecision d);
std::optional<CandidateDecision> candidate_decision_from_name(const std::string& name);

enum class InterruptionCause { process_ended, operator_stopped };
const char* interruption_cause_name(InterruptionCause c);

// A range the device would not accept, after retries and narrowing.
struct WriteErrorRecord {
  ByteRange range;
  int sys_errno = 0;
  std::string message;
  bool narrowed = true;  // false if recorded as a whole chunk because the narrowing budget ran out
  friend bool operator==(const WriteErrorRecord&, const WriteErrorRecord&) = default;
};

// Sorts ranges and merges neighbours that failed the same way (same errno, same narrowing).
std::vector<WriteErrorRecord> merge_write_errors(std::vector<WriteErrorRecord> errors);

struct PassRecord {
  unsigned index = 0;  // 1-based
  Pattern pattern;
  std::string purpose;
  std::uint64_t bytes_total = 0;     // bytes this pass had to cover (the whole device)
  std::uint64_t bytes_written = 0;   // bytes confirmed written (unwritable ranges excluded)
  std::string started_at;
  std::string finished_at;           // empty while unfinished
  bool completed = false;            // every block was attempted and the pass flushed
  bool flushed = false;              // fdatasync at the end of the pass succeeded
  std::uint64_t retried_writes = 0;
  std::vector<WriteErrorRecord> errors;
};

struct Interruption {
  InterruptionCause cause = InterruptionCause::process_ended;  // crash, kill or power loss; or the operator
  std::string last_checkpoint_at;  // when progress was last made durable
  std::string resumed_at;
  unsigned pass = 0;               // 1-based pass resumed
  std::uint64_t resumed_from_offset = 0;
};

struct IoRecord {
  bool direct_io = true;
  std::uint64_t chunk_bytes = 0;
  unsigned requests_in_flight = 0;
  double time_to_first_write_ms = -1;  // from process start to the first completed write
};

struct FailureRecord {
  std::string code;     // error_code_name()
  std::string message;
  std::optional<std::uint64_t> offset;
};

// One read-back verification (verify/ fills it in). Enough is recorded for an auditor to rebuild
// the exact sample plan from the seed and parameters.
struct VerificationRecord {
  VerificationMode mode = VerificationMode::sampled;  // fingerprint: after a firmware purge
  std::string seed;                    // hex CSPRNG seed of the sample plan; empty for full
  std::uint64_t sample_unit = 0;       // bytes per sample
  double coverage_requested = 0;       // fraction asked for (0.01 = 1 %; 1 = full)
  std::uint64_t strata = 0;            // equal strata the device was split into
  std::uint64_t samples_per_stratum = 0;
  std::uint64_t samples = 0;           // stratified samples read
  std::vector<std::string> extra_regions;  // always-read regions and why ("first MiB", "ext4 signature at ...")
  std::uint64_t bytes_read = 0;
  double coverage = 0;                 // bytes_read / device size
  std::string expected;                // what was compared against ("pass 1: aes-256-ctr")
  std::uint64_t mismatch_bytes = 0;    // all mismatching bytes (logical-block granularity)
  std::uint64_t mismatch_ranges = 0;
  std::vector<ByteRange> mismatches;   // the first ones, merged and sorted (at most 100)
  std::uint64_t mismatch_bytes_in_unwritable = 0;  // of mismatch_bytes, inside ranges the engine could not write
  std::vector<ByteRange> read_errors;  // ranges that could not be read
  // Fingerprint mode: how the sampled blocks read back after the purge.
  std::uint64_t unchanged_blocks = 0;
  std::uint64_t blocks_zero = 0, blocks_ones = 0, blocks_random = 0, blocks_other = 0;
  std::uint64_t blocks_uniform_unchanged = 0;  // all-0x00/0xFF before and after: no evidence either way
  std::vector<ContentSignature> signatures_remaining;
  VerificationOutcome outcome = VerificationOutcome::failed;
  std::string failure;                 // why it failed, English; empty if passed
  // What the sample proves: a contiguous unerased region longer than this would have been found
  // with probability at least 1 - escape_probability, wherever it lies. 0 for a full read.
  std::uint64_t largest_undetected_region = 0;
  double escape_probability = 1e-6;
  std::string statement;               // the same in one English sentence
  std::string started_at;
  std::string finished_at;
  double duration_seconds = 0;
};

// One firmware command sent to the drive, as the record lists it (secrets such as an ATA password
// are never part of it).
struct CommandRecord {
  std::string name;       // "SANITIZE BLOCK ERASE EXT", "Format NVM (SES=1, user data erase)"
  std::string opcode;     // "0xb4" (ATA command), "0x80" (NVMe admin opcode), "0x48" (SCSI), "CMD6" (eMMC)
  std::string detail;     // the fields that matter: "feature=0x0012 lba=0x426b4572", "cdw10=0x00000200", a CDB
  std::string carrier;    // "ATA PASS-THROUGH(16)", "NVME_IOCTL_ADMIN_CMD", "SG_IO", "MMC_IOC_CMD"
  bool ok = false;
  std::string status;     // what the device answered: "status=0x50 error=0x00", an NVMe status, sense data
  std::string started_at;
  double duration_ms = 0;
};

// A firmware purge method wipeseal considered for the drive, and what it decided.
struct CandidateRecord {
  std::string method;    // "nvme-sanitize-crypto"
  CandidateDecision decision = CandidateDecision::not_supported;
  std::string reason;    // English
};

// Sectors above the accessible maximum (ATA Host Protected Area / Device Configuration Overlay).
struct HiddenAreaRecord {
  bool checked = false;
  std::uint64_t accessible_sectors = 0;  // what the drive reports now (IDENTIFY)
  std::uint64_t native_sectors = 0;      // READ NATIVE MAX ADDRESS + 1
  std::uint64_t dco_sectors = 0;         // DCO IDENTIFY maximum + 1 (0: not available)
  bool restored = false;                 // wipeseal made the native maximum accessible (volatile)
  std::string note;                      // English
  std::uint64_t hidden_sectors() const {
    const std::uint64_t top = std::max(native_sectors, dco_sectors);
    return top > accessible_sectors ? top - accessible_sectors : 0;
  }
};

// What the drive's firmware was asked to do.
struct FirmwareRecord {
  std::string requested;           // the method the operator asked for: "auto" or a firmware method
  std::string command_set;         // "ata", "nvme", "scsi", "mmc"
  std::string identify_kind;       // "ATA IDENTIFY DEVICE", "NVMe Identify Controller", ...
  std::string identify_sha256;     // SHA-256 of the raw identify data
  std::string capabilities;        // one line: the capability fields that decided the choice
  std::vector<CandidateRecord> candidates;
  std::string method;              // the method that ran to completion, empty if none did
  bool completed = false;
  std::vector<CommandRecord> commands;
  std::string device_report;       // the drive's own last word: sanitize log, status registers
  HiddenAreaRecord hidden_area;
  bool resumed_after_interruption = false;
};

// The operator corrected this machine's clock before the job: every time in the record follows
// the correction; the system clock was off by `offset_ms` (positive: it was behind).
struct ClockRecord {
  std::int64_t offset_ms = 0;
  std::string corrected_at;
};

struct JobRecord {
  std::string schema = kRecordSchema;
  std::string id;       // unique per device per job; the file is <id>.json
  std::string job_id;   // shared by the devices erased together
  std::string tool_version;
  std::string hostname;
  DeviceInfo device;    // as discovered before erasure; content = what libblkid found
  MethodInfo method;
  std::vector<PassRecord> passes;
  std::vector<Interruption> interruptions;
  Outcome outcome = Outcome::failed;
  OutcomeReason outcome_reason = OutcomeReason::did_not_finish;
  std::string outcome_detail;           // English sentence explaining the outcome
  std::optional<FailureRecord> failure;
  std::string started_at;
  std::string finished_at;
  IoRecord io;
  std::optional<ContentSummary> content_after;  // libblkid after erasure
  std::optional<VerificationRecord> verification;  // read-back after the last pass
  std::optional<FirmwareRecord> firmware;          // firmware purge methods only
  std::optional<ClockRecord> clock;                // the clock was corrected by the operator
  std::string environment;                         // what ran the job, e.g. the air-gapped image and its version
};

nlohmann::json device_to_json(const DeviceInfo& d);
DeviceInfo device_from_json(const nlohmann::json& j);
nlohmann::json pattern_to_json(const Pattern& p);
Result<Pattern> pattern_from_json(const nlohmann::json& j);
nlohmann::json pass_to_json(const PassRecord& p);
Result<PassRecord> pass_from_json(const nlohmann::json& j);
nlohmann::json method_to_json(const MethodInfo& m);
MethodInfo method_from_json(const nlohmann::json& j);

nlohmann::json verification_to_json(const VerificationRecord& v);
Result<VerificationRecord> verification_from_json(const nlohmann::json& j);
nlohmann::json content_to_json(const ContentSummary& c);
ContentSummary content_from_json(const nlohmann::json& j);

nlohmann::json firmware_to_json(const FirmwareRecord& f);
FirmwareRecord firmware_from_json(const nlohmann::json& j);

nlohmann::json record_to_json(const JobRecord& r);
Result<JobRecord> record_from_json(const nlohmann::json& j);
// Whether every number in `j` can be read into the record's and the journal's fields: no
// floating-point value lies outside [-1, 2^31) (converting one to an integer field of any width
// is then defined; nlohmann's get<> does not check). wipeseal writes counts and sizes as
// integers and only fractions, durations and -1 ("not measured") as floating point; a damaged or
// hand-edited file fails this. Walks without recursion.
bool numbers_fit(const nlohmann::json& j);

// Writes the record as <dir>/<id>.json durably (wipe/file_io.h). Returns the path written.
Result<std::string> write_record_file(const JobRecord& r, const std::string& dir);
Result<JobRecord> read_record_file(const std::string& path);

}  // namespace wipeseal
