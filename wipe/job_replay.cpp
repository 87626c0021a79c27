#include "wipe/job_replay.h"

#include <algorithm>
#include <filesystem>

#include <fmt/format.h>

#include "wipe/journal.h"

namespace wipeseal {

using nlohmann::json;
namespace fs = std::filesystem;

std::string journal_dir(const std::string& state_dir) { return (fs::path(state_dir) / "journal").string(); }

Result<Replay> replay_journal(const std::string& path) {
  auto contents = read_journal(path);
  if (!contents) return std::unexpected(contents.error());
  if (const int v = contents->begin.value("version", 0); v < 1 || v > kJournalVersion) {
    return std::unexpected(make_error(ErrorCode::corrupt, "journal written by an incompatible wipeseal version", path));
  }
  auto record = record_from_json(contents->begin.value("record", json::object()));
  if (!record) {
    Error e = record.error();
    e.device = path;
    return std::unexpected(e);
  }
  Replay r;
  r.record = std::move(*record);
  r.valid_bytes = contents->valid_bytes;
  UnfinishedJob& s = r.summary;
  s.journal_path = path;
  s.record_id = r.record.id;
  s.job_id = r.record.job_id;
  s.device = r.record.device;
  s.method = r.record.method.name;
  s.records_dir = contents->begin.value("records_dir", "");
  s.options = contents->begin.value("options", json::object());
  s.pass_count = static_cast<unsigned>(r.record.passes.size());
  s.pass = 1;
  s.last_checkpoint_at = contents->begin.value("at", "");
  try {
    for (const json& e : contents->entries) {
      const std::string type = e.at("type").get<std::string>();
      const unsigned pass = e.value("pass", 0u);
      if ((type == "pass_begin" || type == "checkpoint" || type == "pass_end") &&
          (pass == 0 || pass > r.record.passes.size())) {
        return std::unexpected(make_error(ErrorCode::corrupt, "journal names a pass the plan does not have", path));
      }
      if (type == "pass_begin") {
        r.record.passes[pass - 1].started_at = e.at("at").get<std::string>();
        s.pass = pass;
        s.offset = 0;
      } else if (type == "checkpoint") {
        // A durable offset is where writing goes on: on a block boundary, inside the device.
        const auto at = e.at("offset").get<std::uint64_t>();
        const std::uint64_t block = std::max<std::uint32_t>(1, r.record.device.logical_sector_size);
        if (at % block != 0 || at > r.record.device.size_bytes) {
          return std::unexpected(make_error(
              ErrorCode::corrupt, fmt::format("journal names an offset ({}) off the device's block boundaries", at), path));
        }
        PassRecord& p = r.record.passes[pass - 1];
        for (const json& err : e.value("errors", json::array())) {
          p.errors.push_back({{err.at("offset").get<std::uint64_t>(), err.at("length").get<std::uint64_t>()},
                              err.value("errno", 0), err.value("message", ""), err.value("narrowed", true)});
        }
        p.errors = merge_write_errors(std::move(p.errors));
        s.pass = pass;
        s.offset = e.at("offset").get<std::uint64_t>();
        s.last_checkpoint_at = e.value("at", "");
      } else if (type == "pass_end") {
        PassRecord& p = r.record.passes[pass - 1];
        p.completed = true;
        p.flushed = e.value("flushed", false);
        p.finished_at = e.value("at", "");
        p.retried_writes = e.value("retried_writes", std::uint64_t{0});
        s.pass = pass + 1;
        s.offset = 0;
        s.last_checkpoint_at = p.finished_at;
      } else if (type == "firmware_begin") {
        r.firmware_methods = e.value("methods", std::vector<std::string>{});
      } else if (type == "firmware_method" || type == "firmware_interrupted") {
        r.firmware_running_method = e.value("method", "");
      } else if (type == "firmware_end") {
        if (e.value("completed", false)) r.firmware_completed_method = e.value("method", "");
        r.firmware_running_method.clear();
      } else if (type == "purge_fingerprint") {
        r.fingerprint_file = e.value("file", "");
        r.fingerprint_sha256 = e.value("sha256", "");
      } else if (type == "ata_password") {
        r.ata_password_hex = e.value("password", "");
      } else if (type == "ata_password_cleared") {
        r.ata_password_hex.clear();
      } else if (type == "first_write") {
        r.record.io.time_to_first_write_ms = e.value("ms", -1.0);
      } else if (type == "record_unwritten") {
        // finish() could not write the record: the journal keeps it whole.
        auto kept = record_from_json(e.at("record"));
        if (!kept) return std::unexpected(kept.error());
        r.record = std::move(*kept);
        r.record_unwritten = true;
        s.paperwork_only = true;
      } else if (type == "record_written") {
        r.record_unwritten = false;
        s.paperwork_only = true;
        s.record_path = e.value("path", "");
      } else if (type == "stopped") {
        s.stopped_by_operator = true;
      } else if (type == "resumed") {
        s.stopped_by_operator = false;
        const InterruptionCause cause = e.value("cause", "") == "operator_stopped" ? InterruptionCause::operator_stopped
                                                                                   : InterruptionCause::process_ended;
        r.record.interruptions.push_back({cause, e.value("last_checkpoint_at", ""), e.value("at", ""),
                                          e.value("pass", 0u), e.value("offset", std::uint64_t{0})});
      } else if (type == "end") {
        r.finished = true;
      }
    }
  } catch (const json::exception& ex) {
    return std::unexpected(make_error(ErrorCode::corrupt, fmt::format("journal entry is malformed: {}", ex.what()), path));
  }
  s.running = journal_in_use(path);
  s.firmware = r.record.passes.empty() && r.record.firmware.has_value();
  s.firmware_running = r.firmware_running_method;
  s.firmware_completed = r.firmware_completed_method;
  return r;
}

Result<JobList> find_unfinished_jobs(const std::string& state_dir) {
  JobList out;
  std::error_code ec;
  const fs::path dir = journal_dir(state_dir);
  if (!fs::exists(dir, ec)) return out;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (!it->is_regular_file() || it->path().extension() != ".jsonl") continue;
    auto replay = replay_journal(it->path().string());
    if (!replay) {
      out.damaged.push_back({it->path().string(), replay.error()});
      continue;
    }
    if (!replay->finished) out.jobs.push_back(replay->summary);
  }
  if (ec) {
    return std::unexpected(
        make_error(ErrorCode::io, fmt::format("cannot read the journal folder: {}", ec.message()), dir.string()));
  }
  std::sort(out.jobs.begin(), out.jobs.end(), [](const auto& a, const auto& b) { return a.journal_path < b.journal_path; });
  std::sort(out.damaged.begin(), out.damaged.end(), [](const auto& a, const auto& b) { return a.path < b.path; });
  return out;
}

}  // namespace wipeseal
