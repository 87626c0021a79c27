// Ctrl-C, SIGTERM and SIGHUP stop a running session: every device ends `aborted` with its record
// and `wipeseal resume` continues it.
#pragma once

#include "app/session.h"
#include "wipe/progress.h"

namespace wipeseal::cli {

// Starts the session, waits for it, and stops every device when a stop signal arrives.
void run_until_done(app::Session& session, ProgressSink& view);

}  // namespace wipeseal::cli
