#include "cli/stop_signal.h"

#include <signal.h>

#include <atomic>
#include <chrono>

namespace wipeseal::cli {
namespace {

std::atomic<bool> g_stop{false};
static_assert(std::atomic<bool>::is_always_lock_free, "the signal handler needs a lock-free flag");

void on_stop_signal(int) { g_stop.store(true); }

}  // namespace

void run_until_done(app::Session& session, ProgressSink& view) {
  struct sigaction sa {};
  sa.sa_handler = on_stop_signal;
  sigemptyset(&sa.sa_mask);
  for (int sig : {SIGINT, SIGTERM, SIGHUP}) sigaction(sig, &sa, nullptr);
  session.start(view);
  while (!session.wait_for(std::chrono::milliseconds(100))) {
    if (g_stop.load()) session.cancel_all();
  }
}

}  // namespace wipeseal::cli
