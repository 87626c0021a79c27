#include "tests/support/test_loop_device.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <set>
#include <sstream>
#include <stdexcept>

extern char** environ;

namespace wipeseal::test {
namespace fs = std::filesystem;

namespace {

std::mutex g_registry_mu;
std::map<std::string, std::string>& registry() {  // /dev/loopN -> backing file
  static std::map<std::string, std::string> r;
  return r;
}

std::string trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

std::string sysfs_backing_file(const std::string& loop_path) {
  const std::string name = fs::path(loop_path).filename();
  std::ifstream in("/sys/block/" + name + "/loop/backing_file");
  std::string s;
  std::getline(in, s);
  return trim(s);
}

std::string whole_loop_of(const std::string& path) {
  // /dev/loop3p1 -> /dev/loop3
  const auto p = path.find('p', std::string("/dev/loop").size());
  return p == std::string::npos ? path : path.substr(0, p);
}

}  // namespace

int run_command(const std::vector<std::string>& argv, std::string* output) {
  TempDir tmp;
  const std::string out_file = tmp.file("out");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, out_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = 0;
  const int rc = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) throw std::runtime_error("cannot start " + argv[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  if (output != nullptr) {
    std::ifstream in(out_file);
    std::stringstream ss;
    ss << in.rdbuf();
    *output = ss.str();
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

bool can_use_loop_devices() { return ::geteuid() == 0 && fs::exists("/dev/loop-control"); }

TestLoopDevice::TestLoopDevice(std::uint64_t size_bytes) : TestLoopDevice(size_bytes, Options{}) {}

TestLoopDevice::TestLoopDevice(std::uint64_t size_bytes, const Options& options) : size_(size_bytes) {
  std::string dir = options.backing_dir;
  if (dir.empty()) {
    own_dir_ = std::make_unique<TempDir>();
    dir = own_dir_->path().string();
  }
  backing_ = fs::canonical(dir).string() + "/backing.img";
  {
    std::ofstream f(backing_, std::ios::binary | std::ios::trunc);
  }
  fs::resize_file(backing_, size_bytes);
  std::vector<std::string> argv = {"losetup", "--show", "-f"};
  if (options.partition_scan) argv.push_back("-P");
  if (options.read_only) argv.push_back("-r");
  if (options.sector_size != 0) {
    argv.push_back("--sector-size");
    argv.push_back(std::to_string(options.sector_size));
  }
  argv.push_back(backing_);
  std::string out;
  if (run_command(argv, &out) != 0) throw std::runtime_error("losetup failed: " + out);
  path_ = trim(out);
  if (path_.rfind("/dev/loop", 0) != 0) throw std::runtime_error("unexpected losetup output: " + out);
  std::lock_guard lock(g_registry_mu);
  registry()[path_] = backing_;
}

TestLoopDevice::~TestLoopDevice() {
  unmount_all();
  {
    std::lock_guard lock(g_registry_mu);
    registry().erase(path_);
  }
  run_command({"losetup", "-d", path_});
  std::error_code ec;
  fs::remove(backing_, ec);
}

void TestLoopDevice::make_ext4(const std::string& target, const std::map<std::string, std::string>& files,
                               const std::string& label) {
  require_ours(target);
  TempDir content;
  for (const auto& [name, text] : files) {
    std::ofstream f(content.file(name), std::ios::binary);
    f << text;
  }
  std::string out;
  if (run_command({"mkfs.ext4", "-q", "-F", "-L", label, "-d", content.path().string(), target}, &out) != 0) {
    throw std::runtime_error("mkfs.ext4 failed: " + out);
  }
}

std::string TestLoopDevice::mount(const std::string& target) {
  require_ours(target);
  mount_dirs_.push_back(std::make_unique<TempDir>());
  const std::string point = mount_dirs_.back()->path().string();
  std::string out;
  if (run_command({"mount", target, point}, &out) != 0) throw std::runtime_error("mount failed: " + out);
  mounts_.push_back(point);
  return point;
}

void TestLoopDevice::unmount_all() {
  for (auto it = mounts_.rbegin(); it != mounts_.rend(); ++it) run_command({"umount", *it});
  mounts_.clear();
  mount_dirs_.clear();
}

bool TestLoopDevice::is_ours(const std::string& path) {
  const std::string whole = whole_loop_of(path);
  std::lock_guard lock(g_registry_mu);
  auto it = registry().find(whole);
  if (it == registry().end()) return false;
  // The kernel must still say the device is backed by the file we created.
  return sysfs_backing_file(whole) == it->second;
}

void TestLoopDevice::require_ours(const std::string& path) {
  if (is_ours(path)) return;
  std::fprintf(stderr, "TEST HARNESS REFUSAL: %s was not created by this test; aborting so that no other device is "
                       "touched\n", path.c_str());
  std::abort();
}

}  // namespace wipeseal::test
