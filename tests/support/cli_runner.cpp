#include "tests/support/cli_runner.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "tests/support/test_loop_device.h"

extern char** environ;

namespace wipeseal::test {
namespace {

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

pid_t spawn(const std::vector<std::string>& args, const std::string& in, const std::string& out, const std::string& err,
            const std::string& lang) {
  for (const auto& a : args) {
    if (a.rfind("/dev/", 0) == 0) TestLoopDevice::require_ours(a);
    // A link anywhere (like /dev/disk/by-id/...) to a device: the device it names must be ours.
    std::error_code ec;
    if (!a.empty() && a.front() != '-' && std::filesystem::is_symlink(a, ec)) {
      const std::string target = std::filesystem::weakly_canonical(a, ec).string();
      if (!ec && target.rfind("/dev/", 0) == 0) TestLoopDevice::require_ours(target);
    }
  }
  std::vector<std::string> argv = {wipeseal_binary()};
  if (!lang.empty()) {
    argv.push_back("--lang");
    argv.push_back(lang);
  }
  argv.insert(argv.end(), args.begin(), args.end());
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, in.c_str(), O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_addopen(&actions, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  std::vector<char*> raw;
  for (auto& a : argv) raw.push_back(a.data());
  raw.push_back(nullptr);
  pid_t pid = 0;
  const int rc = posix_spawn(&pid, raw[0], &actions, nullptr, raw.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) throw std::runtime_error("cannot start " + argv[0]);
  return pid;
}

}  // namespace

std::string wipeseal_binary() { return WIPESEAL_CLI_PATH; }

CliResult run_wipeseal(const std::vector<std::string>& args, const std::string& stdin_text, const std::string& lang) {
  TempDir tmp;
  {
    std::ofstream in(tmp.file("stdin"));
    in << stdin_text;
  }
  const pid_t pid = spawn(args, tmp.file("stdin"), tmp.file("stdout"), tmp.file("stderr"), lang);
  int status = 0;
  waitpid(pid, &status, 0);
  CliResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = slurp(tmp.file("stdout"));
  r.err = slurp(tmp.file("stderr"));
  return r;
}

pid_t spawn_wipeseal(const std::vector<std::string>& args, const TempDir& logs) {
  {
    std::ofstream in(logs.file("stdin"));
  }
  return spawn(args, logs.file("stdin"), logs.file("stdout"), logs.file("stderr"), "en");
}

}  // namespace wipeseal::test
