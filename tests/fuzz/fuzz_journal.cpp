// libFuzzer target: a job journal as resume finds it (torn, edited, hostile), then the replay that
// decides what resume would do. Damage must be reported, never crash or be guessed around.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "wipe/job_replay.h"
#include "wipe/journal.h"

namespace {
const std::string& state_dir() {
  static const std::string dir = [] {
    std::string d = (std::filesystem::temp_directory_path() / ("wipeseal-fuzz-journal-" + std::to_string(::getpid())))
                        .string();
    std::filesystem::create_directories(d + "/journal");
    return d;
  }();
  return dir;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string path = state_dir() + "/journal/00000000-0000-4000-8000-000000000000.jsonl";
  {
    std::ofstream f(path, std::ios::binary | std::ios::trunc);
    f.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  (void)wipeseal::read_journal(path);
  (void)wipeseal::find_unfinished_jobs(state_dir());
  return 0;
}
