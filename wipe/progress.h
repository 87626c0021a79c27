// Progress events: the one stream through which the engine tells a frontend (CLI line, JSON
// lines, the Qt wizard) what it is doing. Sinks are called from the engine's device threads and
// must be thread-safe and quick.
#pragma once

#include <cstdint>
#include <string>

namespace wipeseal {

// What a device's job is doing: writing passes, a firmware purge, hashing the sample taken before
// a purge, reading back, or (set by the application layer) signing the certificate.
enum class ProgressPhase { overwrite, purge, fingerprint, verify, signing };
const char* progress_phase_name(ProgressPhase phase);

struct ProgressEvent {
  enum class Kind {
    device_started,   // a device's job began (or resumed)
    pass_started,
    progress,         // periodic, about twice a second
    pass_finished,
    write_error,      // an unwritable range was found; message says where
    verify_started,   // reading back after the last pass
    verify_finished,  // message holds the verification's statement, outcome its outcome
    device_finished,  // outcome is set
    signing_started,  // application layer: the certificate is being issued
    signing_finished, // application layer: message holds its number or why none was issued
  };
  Kind kind = Kind::progress;
  ProgressPhase phase = ProgressPhase::overwrite;  // progress in the verify phase counts bytes read
  std::string record_id;
  std::string device;          // path
  unsigned pass = 0;           // 1-based; 0 before the first pass
  unsigned pass_count = 0;
  std::uint64_t pass_bytes_done = 0;
  std::uint64_t pass_bytes_total = 0;
  double rate_bytes_per_second = 0;  // recent write rate
  double eta_seconds = -1;           // for the whole device job; -1 unknown
  std::string message;               // English detail for errors
  std::string outcome;               // for device_finished
};

const char* progress_kind_name(ProgressEvent::Kind kind);

class ProgressSink {
 public:
  virtual ~ProgressSink() = default;
  virtual void on_event(const ProgressEvent& event) = 0;
};

class NullProgressSink final : public ProgressSink {
 public:
  void on_event(const ProgressEvent&) override {}
};

}  // namespace wipeseal
