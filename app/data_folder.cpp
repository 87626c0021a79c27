#include "app/data_folder.h"

#include <sys/stat.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include <fmt/format.h>

#include "app/folders.h"
#include "wipe/discovery.h"
#include "wipe/file_io.h"
#include "wipe/system_state.h"
#include "wipe/text.h"

namespace wipeseal::app {
namespace fs = std::filesystem;
using nlohmann::json;

DataFolder find_data_folder() {
  if (const char* env = std::getenv("WIPESEAL_DATA_DIR"); env != nullptr && *env != '\0') {
    return {absolute_path(env), DataFolder::Source::environment};
  }
  // The data partition: udev names it by label; it counts only if mounted.
  struct stat st {};
  const std::string by_label = std::string("/dev/disk/by-label/") + kDataLabel;
  if (::stat(by_label.c_str(), &st) == 0 && S_ISBLK(st.st_mode)) {
    for (const MountUse& m : read_system_state(SystemPaths{}).mounts) {
      if (m.devno == st.st_rdev) return {m.mount_point, DataFolder::Source::data_partition};
    }
  }
  return {absolute_path(default_state_dir()), DataFolder::Source::state_folder};
}

Result<OfficeSetup> load_office_setup(const DataFolder& folder) {
  OfficeSetup setup;
  std::error_code ec;
  if (!fs::exists(folder.office_file(), ec)) return setup;
  auto text = read_file(folder.office_file());
  if (!text) return std::unexpected(text.error());
  const json j = json::parse(*text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    return std::unexpected(make_error(ErrorCode::corrupt, "the office settings are not valid JSON", folder.office_file()));
  }
  if (j.contains("details")) {
    // Remembered values need not be complete (a first computer may have been stopped half-way):
    // fill the per-computer fields with placeholders so the rest loads, then clear them.
    json d = j["details"];
    d["asset_number"] = "-";
    auto details = certificates::details_from_json(d);
    if (details) {
      details->asset_number.clear();
      details->host_serial.clear();
      setup.details = std::move(*details);
    }
  }
  const json s = j.value("signing", json::object());
  setup.pkcs11_uri = s.value("pkcs11_uri", "");
  setup.pkcs11_module = s.value("pkcs11_module", "");
  setup.token_cert = s.value("cert", "");
  return setup;
}

Status save_office_setup(const DataFolder& folder, const OfficeSetup& setup) {
  json j = json::object();
  if (setup.details) {
    json d = certificates::details_to_json(*setup.details);
    d.erase("asset_number");  // per computer: never carried to the next one
    d.erase("host_serial");
    j["details"] = d;
  }
  j["signing"] = {{"pkcs11_uri", setup.pkcs11_uri}, {"pkcs11_module", setup.pkcs11_module}, {"cert", setup.token_cert}};
  return write_file_durably(folder.office_file(), dump_json(j, 2) + "\n", 0600);
}

bool has_signing_key(const DataFolder& folder, const OfficeSetup& setup) {
  if (!setup.pkcs11_uri.empty()) return true;
  std::error_code ec;
  return fs::exists(folder.keys() + "/signer.key", ec) && fs::exists(folder.keys() + "/signer.pem", ec);
}

namespace {

std::string env_or(const char* name, const char* fallback) {
  const char* env = std::getenv(name);
  return env != nullptr && *env != '\0' ? env : fallback;
}

// A value from a file the image wrote: printable, bounded, never trusted to be well formed.
std::string clean(std::string value) {
  value = escape_invalid_utf8(value);
  std::erase_if(value, [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7F; });
  if (value.size() > 128) {
    value.resize(128);
    // Never end inside a UTF-8 sequence.
    while (!value.empty() && (static_cast<unsigned char>(value.back()) & 0xC0) == 0x80) value.pop_back();
    if (!value.empty() && static_cast<unsigned char>(value.back()) >= 0xC0) value.pop_back();
  }
  return value.empty() ? "unknown" : value;
}

std::string what_the_check_means(const std::string& state) {
  // The reference hash is read from the boot medium itself: a match proves the system files are
  // those the medium claims, and the published build-info.json is what to compare the hash with.
  if (state == "verified") return "verified at boot (it matches the hash on the boot medium; compare it with the "
                                  "published build-info.json)";
  if (state == "MISMATCH") return "DOES NOT MATCH the published build";
  if (state == "checking") return "not yet checked (the boot-time check was still running)";
  if (state == "no_reference") return "no published hash on the medium to check it against";
  return "not checked (" + state + ")";
}

// KEY=VALUE lines, as /etc/wipeseal/image-release holds them.
std::string release_value(const std::string& text, const std::string& key) {
  std::size_t at = 0;
  while (at < text.size()) {
    const std::size_t end = std::min(text.find('\n', at), text.size());
    const std::string line = text.substr(at, end - at);
    if (line.starts_with(key + "=")) return line.substr(key.size() + 1);
    at = end + 1;
  }
  return {};
}

}  // namespace

bool running_on_live_image() {
  std::error_code ec;
  return fs::is_regular_file(env_or("WIPESEAL_IMAGE_RELEASE", "/etc/wipeseal/image-release"), ec);
}

std::string environment_description() {
  std::error_code ec;
  const std::string info_path = env_or("WIPESEAL_IMAGE_INFO", "/run/wipeseal/image.json");
  if (fs::is_regular_file(info_path, ec)) {
    if (auto text = read_file(info_path)) {
      const json j = json::parse(*text, nullptr, false);
      if (j.is_object()) {
        const auto text_of = [&](const char* key) {
          return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : std::string();
        };
        const std::string sha = text_of("squashfs_sha256");
        return fmt::format("wipeseal live image {} (build {}), {}; system files SHA-256 {}: {}",
                           clean(text_of("image_version")), clean(text_of("build_id")),
                           j.contains("air_gapped") && j["air_gapped"] == true
                               ? "air-gapped: no network interface is brought up"
                               : "network state not stated",
                           sha.empty() ? "unavailable" : clean(sha),
                           what_the_check_means(clean(text_of("squashfs_check"))));
      }
    }
    return fmt::format("wipeseal live image: its identity file {} could not be read", info_path);
  }
  const std::string release_path = env_or("WIPESEAL_IMAGE_RELEASE", "/etc/wipeseal/image-release");
  if (!fs::is_regular_file(release_path, ec)) return {};
  auto text = read_file(release_path);
  if (!text) return {};
  return fmt::format("wipeseal live image {} (build {}), air-gapped: no network interface is brought up; system "
                     "files SHA-256 unavailable (the boot-time check did not run)",
                     clean(release_value(*text, "WIPESEAL_IMAGE_VERSION")),
                     clean(release_value(*text, "WIPESEAL_IMAGE_BUILD_ID")));
}

}  // namespace wipeseal::app
