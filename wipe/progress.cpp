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
  }
  return "progress";
}

}  // namespace wipeseal
