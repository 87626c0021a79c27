// Loop devices that a test creates itself, and the guard that keeps tests away from every other
// device: the only /dev paths a test may hand to wipeseal are those made here, and the guard
// re-checks with the kernel that the device is still backed by the file this process created.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "tests/support/temp_dir.h"

namespace wipeseal::test {

// True when this process may create loop devices (root, /dev/loop-control present).
bool can_use_loop_devices();

class TestLoopDevice {
 public:
  struct Options {
    bool partition_scan = false;  // losetup -P: partitions appear as /dev/loopNpM
    bool read_only = false;       // losetup -r
    unsigned sector_size = 0;     // losetup --sector-size (e.g. 4096); 0: the default 512
    std::string backing_dir;      // default: a private temporary folder
  };

  // Creates a sparse backing file of `size_bytes` and attaches it. Throws on failure.
  explicit TestLoopDevice(std::uint64_t size_bytes);
  TestLoopDevice(std::uint64_t size_bytes, const Options& options);
  ~TestLoopDevice();
  TestLoopDevice(const TestLoopDevice&) = delete;
  TestLoopDevice& operator=(const TestLoopDevice&) = delete;

  const std::string& path() const { return path_; }
  const std::string& backing_file() const { return backing_; }
  std::uint64_t size() const { return size_; }
  std::string partition(int n) const { return path_ + "p" + std::to_string(n); }

  // Puts an ext4 filesystem with these files (name -> content) on `target` (this device or one of
  // its partitions).
  void make_ext4(const std::string& target, const std::map<std::string, std::string>& files,
                 const std::string& label);
  // Mounts `target` (this device or one of its partitions) on a private folder; unmounted on
  // destruction. Returns the mount point.
  std::string mount(const std::string& target);
  void unmount_all();

  // True if `path` is a loop device this process created and it is still backed by our file.
  static bool is_ours(const std::string& path);
  // Aborts the whole test process if `path` is not ours: a test must never touch another device.
  static void require_ours(const std::string& path);

 private:
  std::unique_ptr<TempDir> own_dir_;
  std::string backing_;
  std::string path_;
  std::uint64_t size_;
  std::vector<std::string> mounts_;
  std::vector<std::unique_ptr<TempDir>> mount_dirs_;
};

// Runs a shell-free command and returns its exit status; throws if it cannot be started.
int run_command(const std::vector<std::string>& argv, std::string* output = nullptr);

}  // namespace wipeseal::test
