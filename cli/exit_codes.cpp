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

int exit_code_for(Outcome o) {
  switch (o) {
    case Outcome::erased: return kExitErased;
    case Outcome::erased_with_exceptions: return kExitExceptions;
    case Outcome::aborted: return kExitAborted;
    case Outcome::failed: return kExitFailed;
  }
  return kExitFailed;
}

}  // namespace wipeseal::cli
