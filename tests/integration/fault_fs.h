// The FUSE fault filesystem (tests/support/faultfs.cpp) mounted for a test: files on it can back
// loop devices whose errors come through the real kernel. Header-only, for the root tests.
#pragma once

#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/temp_dir.h"
#include "tests/support/test_loop_device.h"

namespace wipeseal::test {

// The FUSE filesystem, mounted on a private folder for the life of the object. Its files live in
// `store()`, where the test can read and write them without going through the faults.
class FaultFs {
 public:
  explicit FaultFs(const std::vector<std::string>& options) {
    std::filesystem::create_directories(dir_.file("store"));
    std::filesystem::create_directories(dir_.file("mnt"));
    std::vector<std::string> args = {WIPESEAL_FAULTFS_PATH, dir_.file("store"), dir_.file("mnt")};
    args.insert(args.end(), options.begin(), options.end());
    pid_ = ::fork();
    if (pid_ == 0) {
      std::vector<char*> argv;
      for (auto& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      const std::string log = dir_.file("faultfs.log");
      if (std::FILE* f = std::freopen(log.c_str(), "w", stderr); f == nullptr) _exit(126);
      ::execv(argv[0], argv.data());
      _exit(127);
    }
    // Mounted when the folder's device differs from its parent's.
    for (int i = 0; i < 200 && !mounted(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(25));
    if (!mounted()) throw std::runtime_error("the FUSE fault filesystem did not mount");
  }
  ~FaultFs() {
    run_command({"fusermount3", "-u", "-z", dir_.file("mnt")});
    kill();
  }
  FaultFs(const FaultFs&) = delete;
  FaultFs& operator=(const FaultFs&) = delete;

  std::string mount_point() const { return dir_.file("mnt"); }
  std::string store(const std::string& name) const { return dir_.file("store/" + name); }
  // The filesystem process dies: the kernel answers every request on it with an error.
  void kill() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }

 private:
  bool mounted() const {
    namespace fs = std::filesystem;
    std::error_code ec;
    const auto inner = fs::status(dir_.file("mnt"), ec);
    struct stat a {}, b {};
    return !ec && ::stat(dir_.file("mnt").c_str(), &a) == 0 && ::stat(dir_.path().c_str(), &b) == 0 &&
           a.st_dev != b.st_dev && fs::is_directory(inner);
  }
  TempDir dir_;
  pid_t pid_ = -1;
};

}  // namespace wipeseal::test
