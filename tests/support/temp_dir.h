// A temporary folder removed with everything in it when the object dies.
#pragma once

#include <filesystem>
#include <string>

namespace wipeseal::test {

class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

// Creates a file of `size` bytes whose every byte is `fill`.
void make_filled_file(const std::string& path, std::uint64_t size, unsigned char fill);
// Reads a whole file (or `length` bytes at `offset`) into a string.
std::string read_bytes(const std::string& path, std::uint64_t offset, std::uint64_t length);

}  // namespace wipeseal::test
