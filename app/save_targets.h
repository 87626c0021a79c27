// "Save to a USB drive": the mounted USB or removable drives a copy of the certificates may go
// to — never a disk that was just erased, never the boot medium, never the data partition that
// already holds them.
#pragma once

#include <string>
#include <vector>

#include "certificates/issuer.h"
#include "wipe/device_info.h"
#include "wipe/error.h"

namespace wipeseal::app {

struct SaveTarget {
  std::string mount_point;
  DeviceInfo disk;
};

// `exclude`: paths of disks that must not be offered (those just erased); `data_root`: the data
// folder, whose filesystem is not offered either.
std::vector<SaveTarget> usb_save_targets(const std::vector<std::string>& exclude, const std::string& data_root);

// Copies the certificate's PDF, JSON and signature into <folder>/wipeseal-bien-ban/, durably and
// without overwriting. Returns the paths written.
Result<std::vector<std::string>> save_certificate_copies(const certificates::IssuedCertificate& cert,
                                                         const std::string& folder);

}  // namespace wipeseal::app
