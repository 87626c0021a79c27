// The outcome of one device's job, decided once, from facts only (pure, unit-tested): what the
// passes achieved, what the firmware reported, what reading back found, and how the job stopped.
// A result is never better than its evidence: a fatal error fails; an operator stop aborts (and
// can be resumed); unwritable ranges or hidden sectors make "erased with exceptions"; data found
// by reading back fails the job whatever the writes or the drive reported.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "wipe/error.h"
#include "wipe/job_record.h"

namespace wipeseal {

struct OutcomeFacts {
  const JobRecord& record;            // passes, firmware record and verification so far
  std::optional<Error> fatal;         // what stopped the job, if anything did
  bool cancelled = false;             // the operator stopped it
  unsigned stop_pass = 0;             // overwrite: the pass that was running (1-based) ...
  std::uint64_t stop_offset = 0;      // ... and how far it was durable
  bool purge_began = false;           // a purge command may have been sent
  std::string purge_running;          // the method the drive was still running when stopped
  bool purge_sample_lost = false;     // the sample from before the purge was missing or altered
  bool ata_password_outstanding = false;  // the drive may still hold wipeseal's temporary password
};

struct OutcomeDecision {
  Outcome outcome = Outcome::failed;
  OutcomeReason reason = OutcomeReason::did_not_finish;
  std::string detail;  // English, for the record
};

OutcomeDecision decide_outcome(const OutcomeFacts& facts);

}  // namespace wipeseal
