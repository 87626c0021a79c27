// The CLI's subcommands. Each returns the process exit code (cli/exit_codes.h).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "verify/read_back.h"

namespace wipeseal::cli {

struct ListOptions {
  bool json = false;
};

struct EraseOptions {
  std::vector<std::string> devices;
  std::string method = "clear";
  std::string records_dir;
  std::string state_dir;
  bool yes = false;
  bool json_progress = false;
  std::size_t chunk_bytes = 0;      // 0 = engine default
  unsigned requests_in_flight = 0;  // 0 = engine default
  unsigned checkpoint_ms = 0;       // 0 = engine default
  std::string verify = "1";         // percent of the device to read back, "full" or "none"
};

struct ResumeOptions {
  std::string job;          // record id (or prefix) of the job to resume; empty = all
  std::string device;       // where the job's device is now, if it moved
  std::string records_dir;  // empty = where the job was started to write
  std::string state_dir;
  bool yes = false;
  bool json_progress = false;
  bool list_only = false;
  unsigned checkpoint_ms = 0;
  std::string verify = "1";
};

struct VerifyCommandOptions {
  std::string device;
  std::string record;       // the job record the device is checked against
  std::string verify = "1"; // percent or "full"
  std::string out_dir;      // where the audit document goes; empty = beside the record
  bool json = false;
};

int run_list(const ListOptions& options);
int run_methods(bool json);
int run_erase(const EraseOptions& options);
int run_resume(const ResumeOptions& options);
int run_verify(const VerifyCommandOptions& options);

// Parses --verify: a percentage ("1", "0.5%"), "full", or (if allowed) "none" → nullopt.
// Sets `ok` to false for anything else.
std::optional<verify::ReadBackOptions> parse_verify_spec(const std::string& spec, bool allow_none, bool& ok);

// Default folders: $WIPESEAL_STATE_DIR, else /var/lib/wipeseal for root, else
// $XDG_STATE_HOME/wipeseal (~/.local/state/wipeseal); records: $WIPESEAL_RECORDS_DIR, else
// ./wipeseal-records.
std::string default_state_dir();
std::string default_records_dir();

}  // namespace wipeseal::cli
