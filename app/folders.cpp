#include "app/folders.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>

namespace wipeseal::app {
namespace fs = std::filesystem;

namespace {
const char* env(const char* name) {
  const char* v = std::getenv(name);
  return v != nullptr && *v != '\0' ? v : nullptr;
}
}  // namespace

std::string default_state_dir() {
  if (const char* e = env("WIPESEAL_STATE_DIR")) return e;
  if (::geteuid() == 0) return "/var/lib/wipeseal";
  if (const char* xdg = env("XDG_STATE_HOME")) return std::string(xdg) + "/wipeseal";
  if (const char* home = env("HOME")) return std::string(home) + "/.local/state/wipeseal";
  return ".wipeseal-state";
}

std::string default_records_dir() {
  if (const char* e = env("WIPESEAL_RECORDS_DIR")) return e;
  return "wipeseal-records";
}

std::string default_key_dir() { return (fs::path(default_state_dir()) / "keys").string(); }
std::string default_register_path() { return (fs::path(default_state_dir()) / "register.sqlite").string(); }
std::string ca_path_in(const std::string& key_dir) { return (fs::path(key_dir) / "office-ca.pem").string(); }

std::string absolute_path(const std::string& path) {
  if (path.empty()) return path;
  std::error_code ec;
  auto p = fs::absolute(path, ec);
  return ec ? path : p.lexically_normal().string();
}

}  // namespace wipeseal::app
