#include "wipe/progress.h"

namespace wipeseal {

const char* progress_kind_name(ProgressEvent::Kind kind) {
  switch (kind) {
    case ProgressEvent::Kind::device_started: return "device_started";
    case ProgressEvent::Kind::pass_started: return "pass_started";
    case ProgressEvent::Kind::progress: return "progress";
    case ProgressEvent::Kind::pass_finished: return "pass_finished";
    case ProgressEvent::Kind::write_error: return "write_error";
    case ProgressEvent::Kind::verify_started: return "verify_started";
    case ProgressEvent::Kind::verify_finished: return "verify_finished";
    case ProgressEvent::Kind::device_finished: return "device_finished";
    case ProgressEvent::Kind::signing_started: return "signing_started";
    case ProgressEvent::Kind::signing_finished: return "signing_finished";
  }
  return "progress";
}

const char* progress_phase_name(ProgressPhase phase) {
  switch (phase) {
    case ProgressPhase::overwrite: return "overwrite";
    case ProgressPhase::purge: return "purge";
    case ProgressPhase::fingerprint: return "fingerprint";
    case ProgressPhase::verify: return "verify";
    case ProgressPhase::signing: return "signing";
  }
  return "overwrite";
}

}  // namespace wipeseal
