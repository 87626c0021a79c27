#include "wipe/job_record.h"

#include <algorithm>
#include <cerrno>
#include <filesystem>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "wipe/file_io.h"
#include "wipe/text.h"
#include "wipe/version.h"

namespace wipeseal {

using nlohmann::json;
namespace fs = std::filesystem;

const char* tool_version() { return kWipesealVersion; }

const char* outcome_name(Outcome o) {
  switch (o) {
    case Outcome::erased: return "erased";
    case Outcome::erased_with_exceptions: return "erased_with_exceptions";
    case Outcome::failed: return "failed";
    case Outcome::aborted: return "aborted";
  }
  return "failed";
}

std::optional<Outcome> outcome_from_name(const std::string& name) {
  for (Outcome o : {Outcome::erased, Outcome::erased_with_exceptions, Outcome::failed, Outcome::aborted}) {
    if (name == outcome_name(o)) return o;
  }
  return std::nullopt;
}

namespace {

template <class E, std::size_t N>
std::optional<E> from_name(const std::string& name, const E (&values)[N], const char* (*to_name)(E)) {
  for (E v : values) {
    if (name == to_name(v)) return v;
  }
  return std::nullopt;
}

}  // namespace

const char* outcome_reason_name(OutcomeReason r) {
  switch (r) {
    case OutcomeReason::all_passes_written: return "all_passes_written";
    case OutcomeReason::firmware_purge_done: return "firmware_purge_done";
    case OutcomeReason::unwritable_ranges: return "unwritable_ranges";
    case OutcomeReason::hidden_sectors_remain: return "hidden_sectors_remain";
    case OutcomeReason::stopped_during_overwrite: return "stopped_during_overwrite";
    case OutcomeReason::stopped_during_read_back: return "stopped_during_read_back";
    case OutcomeReason::stopped_during_purge: return "stopped_during_purge";
    case OutcomeReason::stopped_after_purge: return "stopped_after_purge";
    case OutcomeReason::stopped_between_purges: return "stopped_between_purges";
    case OutcomeReason::stopped_before_purge: return "stopped_before_purge";
    case OutcomeReason::did_not_finish: return "did_not_finish";
    case OutcomeReason::read_back_found_data: return "read_back_found_data";
    case OutcomeReason::purge_failed: return "purge_failed";
    case OutcomeReason::purge_unverifiable: return "purge_unverifiable";
  }
  return "did_not_finish";
}

std::optional<OutcomeReason> outcome_reason_from_name(const std::string& name) {
  static constexpr OutcomeReason kAll[] = {
      OutcomeReason::all_passes_written,     OutcomeReason::firmware_purge_done,
      OutcomeReason::unwritable_ranges,      OutcomeReason::hidden_sectors_remain,
      OutcomeReason::stopped_during_overwrite, OutcomeReason::stopped_during_read_back,
      OutcomeReason::stopped_during_purge,   OutcomeReason::stopped_after_purge,
      OutcomeReason::stopped_between_purges, OutcomeReason::stopped_before_purge,
      OutcomeReason::did_not_finish,         OutcomeReason::read_back_found_data,
      OutcomeReason::purge_failed,           OutcomeReason::purge_unverifiable};
  return from_name(name, kAll, outcome_reason_name);
}

const char* verification_mode_name(VerificationMode m) {
  switch (m) {
    case VerificationMode::sampled: return "sampled";
    case VerificationMode::full: return "full";
    case VerificationMode::fingerprint: return "fingerprint";
  }
  return "sampled";
}

std::optional<VerificationMode> verification_mode_from_name(const std::string& name) {
  static constexpr VerificationMode kAll[] = {VerificationMode::sampled, VerificationMode::full,
                                              VerificationMode::fingerprint};
  return from_name(name, kAll, verification_mode_name);
}

const char* verification_outcome_name(VerificationOutcome o) {
  switch (o) {
    case VerificationOutcome::passed: return "passed";
    case VerificationOutcome::passed_except_unwritable: return "passed_except_unwritable";
    case VerificationOutcome::failed: return "failed";
  }
  return "failed";
}

std::optional<VerificationOutcome> verification_outcome_from_name(const std::string& name) {
  static constexpr VerificationOutcome kAll[] = {VerificationOutcome::passed, VerificationOutcome::passed_except_unwritable,
                                                 VerificationOutcome::failed};
  return from_name(name, kAll, verification_outcome_name);
}

const char* candidate_decision_name(CandidateDecision d) {
  switch (d) {
    case CandidateDecision::chosen: return "chosen";
    case CandidateDecision::available: return "available";
    case CandidateDecision::not_supported: return "not_supported";
    case CandidateDecision::blocked: return "blocked";
    case CandidateDecision::rejected_by_device: return "rejected_by_device";
    case CandidateDecision::failed: return "failed";
    case CandidateDecision::interrupted: return "interrupted";
    case CandidateDecision::completed: return "completed";
  }
  return "failed";
}

std::optional<CandidateDecision> candidate_decision_from_name(const std::string& name) {
  static constexpr CandidateDecision kAll[] = {
      CandidateDecision::chosen,  CandidateDecision::available,          CandidateDecision::not_supported,
      CandidateDecision::blocked, CandidateDecision::rejected_by_device, CandidateDecision::failed,
      CandidateDecision::interrupted, CandidateDecision::completed};
  return from_name(name, kAll, candidate_decision_name);
}

const char* interruption_cause_name(InterruptionCause c) {
  return c == InterruptionCause::operator_stopped ? "operator_stopped" : "process_ended";
}

std::vector<WriteErrorRecord> merge_write_errors(std::vector<WriteErrorRecord> errors) {
  std::sort(errors.begin(), errors.end(),
            [](const WriteErrorRecord& a, const WriteErrorRecord& b) { return a.range.offset < b.range.offset; });
  std::vector<WriteErrorRecord> out;
  for (auto& e : errors) {
    if (!out.empty() && out.back().range.end() >= e.range.offset && out.back().sys_errno == e.sys_errno &&
        out.back().narrowed == e.narrowed) {
      out.back().range.length = std::max(out.back().range.end(), e.range.end()) - out.back().range.offset;
    } else {
      out.push_back(std::move(e));
    }
  }
  return out;
}


Result<std::string> write_record_file(const JobRecord& r, const std::string& dir) {
  const std::string path = (fs::path(dir) / (r.id + ".json")).string();
  if (auto s = write_file_durably(path, dump_json(record_to_json(r), 2) + "\n"); !s) return std::unexpected(s.error());
  return path;
}

Result<JobRecord> read_record_file(const std::string& path) {
  auto text = read_file(path);
  if (!text) return std::unexpected(text.error());
  const json j = json::parse(*text, nullptr, false);
  if (j.is_discarded()) return std::unexpected(make_error(ErrorCode::corrupt, "the record is not valid JSON", path));
  auto r = record_from_json(j);
  if (!r) {
    Error e = r.error();
    e.device = path;
    return std::unexpected(e);
  }
  return r;
}

}  // namespace wipeseal
