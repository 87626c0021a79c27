#include "app/unfreeze.h"

#include <spawn.h>
#include <sys/wait.h>

#include <cerrno>
#include <cstdlib>
#include <string>

#include <fmt/format.h>

extern char** environ;

namespace wipeseal::app {

bool any_frozen(const std::vector<DiskView>& disks) {
  for (const DiskView& d : disks) {
    if (d.plan && d.plan->recommendation.reason_code == ReasonCode::frozen) return true;
  }
  return false;
}

Status suspend_and_resume(std::chrono::seconds seconds) {
  const char* env = std::getenv("WIPESEAL_RTCWAKE");
  const std::string program = env != nullptr && *env != '\0' ? env : "rtcwake";
  const std::string secs = std::to_string(seconds.count());
  std::vector<std::string> args = {program, "-m", "mem", "-s", secs};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  if (const int rc = ::posix_spawnp(&pid, program.c_str(), nullptr, nullptr, argv.data(), environ); rc != 0) {
    return std::unexpected(errno_error(rc, "cannot start rtcwake to suspend the computer (package util-linux)", program));
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return std::unexpected(errno_error(errno, "lost track of rtcwake", program));
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    return std::unexpected(make_error(ErrorCode::unsupported,
                                      fmt::format("the computer could not be suspended (rtcwake ended with status {}); "
                                                  "unplug and replug the drive's power instead, or erase by overwriting",
                                                  WIFEXITED(status) ? WEXITSTATUS(status) : -1)));
  }
  return {};
}

}  // namespace wipeseal::app
