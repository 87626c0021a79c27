#include "app/data_folder.h"

#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>

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

std::string environment_description() {
  const char* env = std::getenv("WIPESEAL_IMAGE_RELEASE");
  const std::string path = env != nullptr && *env != '\0' ? env : "/etc/wipeseal/image-release";
  std::error_code ec;
  if (!fs::exists(path, ec)) return {};
  auto text = read_file(path);
  if (!text) return {};
  std::string line = text->substr(0, text->find('\n'));
  return escape_invalid_utf8(line);
}

}  // namespace wipeseal::app
