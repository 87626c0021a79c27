// The job record: one JSON document per device per job, the single model that later stages
// extend (verification adds its results, certificates sign it). Schema: docs/record-schema.md.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "wipe/byte_range.h"
#include "wipe/device_info.h"
#include "wipe/erase_plan.h"
#include "wipe/error.h"
#include "wipe/pattern.h"

namespace wipeseal {

inline constexpr const char* kRecordSchema = "wipeseal.record/1";
inline constexpr const char* kToolName = "wipeseal";
const char* tool_version();

enum class Outcome { erased, erased_with_exceptions, failed, aborted };
const char* outcome_name(Outcome o);
std::optional<Outcome> outcome_from_name(const std::string& name);

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
  std::string cause;               // "process_ended" (crash, kill, power loss) or "operator_stopped"
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
  std::string outcome_detail;           // English sentence explaining the outcome
  std::optional<FailureRecord> failure;
  std::string started_at;
  std::string finished_at;
  IoRecord io;
  std::optional<ContentSummary> content_after;  // libblkid after erasure
};

// The outcome the passes and the stop reason imply (pure): any fatal error → failed; operator
// stop → aborted; every pass completed and flushed with no unwritable range → erased; completed
// with unwritable ranges → erased_with_exceptions.
Outcome decide_outcome(const std::vector<PassRecord>& passes, bool fatal, bool cancelled);

nlohmann::json device_to_json(const DeviceInfo& d);
DeviceInfo device_from_json(const nlohmann::json& j);
nlohmann::json pattern_to_json(const Pattern& p);
Result<Pattern> pattern_from_json(const nlohmann::json& j);
nlohmann::json pass_to_json(const PassRecord& p);
Result<PassRecord> pass_from_json(const nlohmann::json& j);
nlohmann::json method_to_json(const MethodInfo& m);
MethodInfo method_from_json(const nlohmann::json& j);

nlohmann::json record_to_json(const JobRecord& r);
Result<JobRecord> record_from_json(const nlohmann::json& j);

// Writes the record as <dir>/<id>.json atomically (temporary file, fsync, rename, fsync dir).
Result<std::string> write_record_file(const JobRecord& r, const std::string& dir);
Result<JobRecord> read_record_file(const std::string& path);

std::string to_hex(const std::uint8_t* data, std::size_t len);
// Parses lower- or upper-case hex of exactly `len` bytes.
bool from_hex(const std::string& hex, std::uint8_t* out, std::size_t len);

}  // namespace wipeseal
