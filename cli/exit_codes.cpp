#include "cli/exit_codes.h"

namespace wipeseal::cli {

int exit_code_for(const Error& e) {
  switch (e.code) {
    case ErrorCode::invalid_input:
    case ErrorCode::not_found:
      return kExitUsage;
    case ErrorCode::refused:
    case ErrorCode::busy:
      return kExitRefused;
    case ErrorCode::cancelled:
      return kExitAborted;
    default:
      return kExitFailed;
  }
}

int exit_code_for(app::Classification c) {
  switch (c) {
    case app::Classification::erased: return kExitErased;
    case app::Classification::erased_with_exceptions: return kExitExceptions;
    case app::Classification::aborted: return kExitAborted;
    case app::Classification::failed: return kExitFailed;
  }
  return kExitFailed;
}

}  // namespace wipeseal::cli
