// Reading a job back from its journal: where each interrupted job stands, so that `resume` can
// list it and continue it. One damaged journal (a crash mid-create, a full disk, an edit) is
// reported and skipped; it never hides the others.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "wipe/device_info.h"
#include "wipe/error.h"
#include "wipe/job_record.h"

namespace wipeseal {

// 2: every line carries a checksum (wipe/journal.h). Journals of version 1 are still read.
inline constexpr int kJournalVersion = 2;

// journal/ below the state folder; finished journals move to journal/done/.
std::string journal_dir(const std::string& state_dir);

struct UnfinishedJob {
  std::string journal_path;
  std::string record_id;
  std::string job_id;
  DeviceInfo device;  // as recorded when the job began
  std::string method;
  std::string records_dir;
  nlohmann::json options = nlohmann::json::object();  // JobOptions::journal_options of the job
  unsigned pass = 1;  // the pass to continue (1-based)
  unsigned pass_count = 0;
  std::uint64_t offset = 0;  // durable progress within that pass
  std::string last_checkpoint_at;
  bool stopped_by_operator = false;
  bool running = false;  // another process is working on it now
  // Firmware purge jobs (no overwrite passes): where the purge stood.
  bool firmware = false;
  std::string firmware_running;    // a method started and not ended: the drive may still run it
  std::string firmware_completed;  // the drive reported this method done; the read-back is left
  // The device work is over; only the paperwork is left: the record could not be written (the
  // journal keeps it), or a crash came while the certificate was being issued.
  bool paperwork_only = false;
  std::string record_path;  // where the record was written, if it was
};

struct DamagedJournal {
  std::string path;
  Error error;
};

struct JobList {
  std::vector<UnfinishedJob> jobs;       // sorted by journal path
  std::vector<DamagedJournal> damaged;  // reported, skipped
};

// Journals under `state_dir` that never reached their end. Errors only if the folder itself
// cannot be read.
Result<JobList> find_unfinished_jobs(const std::string& state_dir);

// The whole state of one job as its journal tells it (engine-internal: resume uses it).
struct Replay {
  JobRecord record;
  UnfinishedJob summary;
  bool finished = false;
  std::uint64_t valid_bytes = 0;
  std::vector<std::string> firmware_methods;  // from firmware_begin
  std::string ata_password_hex;               // set and not yet cleared
  std::string firmware_running_method;        // started and not ended: the drive may still run it
  std::string firmware_completed_method;      // the drive reported it done
  std::string fingerprint_file, fingerprint_sha256;  // the sample hashed before the purge
  bool record_unwritten = false;              // the record is in the journal, not yet a file
};

Result<Replay> replay_journal(const std::string& path);

}  // namespace wipeseal
