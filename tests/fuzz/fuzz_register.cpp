// libFuzzer target: a register file brought from another stick (SQLite bytes), opened read-only
// the way import and verify open it, every row read and checked.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "certificates/register.h"
#include "certificates/register_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace wipeseal::certificates;
  static const std::string path =
      (std::filesystem::temp_directory_path() / ("wipeseal-fuzz-register-" + std::to_string(::getpid()) + ".sqlite"))
          .string();
  {
    std::ofstream f(path, std::ios::binary | std::ios::trunc);
    f.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  auto reg = Register::open_existing(path, true);
  if (!reg) return 0;
  if (auto entries = reg->entries()) {
    for (const auto& e : *entries) (void)row_problems(e);
  }
  (void)check_register(*reg, RegisterCheckOptions{});
  return 0;
}
