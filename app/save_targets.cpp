#include "app/save_targets.h"

#include <sys/stat.h>

#include <algorithm>
#include <filesystem>

#include "wipe/discovery.h"
#include "wipe/file_io.h"
#include "wipe/system_state.h"

namespace wipeseal::app {
namespace fs = std::filesystem;

std::vector<SaveTarget> usb_save_targets(const std::vector<std::string>& exclude, const std::string& data_root) {
  const SystemPaths paths;
  const SystemState system = read_system_state(paths);
  struct stat data {};
  const bool have_data = !data_root.empty() && ::stat(data_root.c_str(), &data) == 0;
  std::vector<SaveTarget> out;
  for (const DeviceInfo& d : list_disks(paths)) {
    if (d.transport != Transport::usb && !d.removable) continue;
    if (std::find(exclude.begin(), exclude.end(), d.path) != exclude.end()) continue;
    bool boot = false;
    for (const BootUse& b : system.boot) boot = boot || b.disk_devno == d.devno;
    if (boot) continue;
    for (const MountUse& m : system.mounts) {
      const bool ours = m.devno == d.devno || std::find(d.partition_devnos.begin(), d.partition_devnos.end(), m.devno) !=
                                                  d.partition_devnos.end();
      if (!ours || (have_data && m.devno == data.st_dev)) continue;
      out.push_back({m.mount_point, d});
    }
  }
  return out;
}

Result<std::vector<std::string>> save_certificate_copies(const certificates::IssuedCertificate& cert,
                                                         const std::string& folder) {
  const std::string target = (fs::path(folder) / "wipeseal-bien-ban").string();
  std::vector<std::string> written;
  for (const std::string& source : {cert.pdf_path, cert.json_path, cert.p7s_path}) {
    auto bytes = read_file(source);
    if (!bytes) return std::unexpected(bytes.error());
    const std::string path = (fs::path(target) / fs::path(source).filename()).string();
    if (auto s = write_file_durably(path, *bytes, 0644, false); !s) {
      if (s.error().code == ErrorCode::refused) {
        // Already saved there (the same certificate id): the copy is what it should be.
        auto existing = read_file(path);
        if (existing && *existing == *bytes) {
          written.push_back(path);
          continue;
        }
      }
      return std::unexpected(s.error());
    }
    written.push_back(path);
  }
  return written;
}

}  // namespace wipeseal::app
