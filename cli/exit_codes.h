// Process exit codes of the wipeseal CLI (documented in the README).
#pragma once

#include "app/session.h"
#include "wipe/error.h"

namespace wipeseal::cli {

enum ExitCode : int {
  kExitErased = 0,          // every device erased (or, for list/verify commands, success)
  kExitUsage = 1,           // bad usage or input: unknown option, method or path
  kExitRefused = 2,         // the safety policy refused a device; nothing was written
  kExitExceptions = 3,      // erased with exceptions: some ranges could not be written
  kExitFailed = 4,          // the erasure failed on at least one device
  kExitAborted = 5,         // the operator stopped the job; it can be resumed
  kExitUnchecked = 6,       // cert/register verify: the check could not be made (file, CA or
                            // register missing or unreadable); 4 means checked and invalid
};

int exit_code_for(const Error& e);
int exit_code_for(app::Classification c);

}  // namespace wipeseal::cli
