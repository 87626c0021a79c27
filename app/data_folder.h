// Where the wizard (and the unattended mode) keep the office's things: its keys, its remembered
// details, the register, the records and certificates, the job journals. On the wipeseal stick
// that is the data partition (label WIPESEAL-DATA); elsewhere the state folder.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "certificates/certificate.h"
#include "wipe/error.h"

namespace wipeseal::app {

inline constexpr const char* kDataLabel = "WIPESEAL-DATA";

struct DataFolder {
  std::string root;
  enum class Source { environment, data_partition, state_folder } source = Source::state_folder;
  std::string keys() const { return root + "/keys"; }
  std::string register_path() const { return root + "/register.sqlite"; }
  std::string records() const { return root + "/records"; }
  std::string state() const { return root; }
  std::string office_file() const { return root + "/office.json"; }
};

// $WIPESEAL_DATA_DIR if set; else the mounted filesystem labelled WIPESEAL-DATA; else the state
// folder (default_state_dir()).
DataFolder find_data_folder();

// What the office set up once and the wizard remembers from one computer to the next: its
// details (without the per-computer asset number and serial) and how it signs.
struct OfficeSetup {
  std::optional<certificates::OfficeDetails> details;  // nothing yet: the form starts empty
  std::string pkcs11_uri;                              // sign on a token instead of the key files
  std::string pkcs11_module;
  std::string token_cert;
};
// A missing file is an empty setup; a damaged one is an error naming it.
Result<OfficeSetup> load_office_setup(const DataFolder& folder);
Status save_office_setup(const DataFolder& folder, const OfficeSetup& setup);

// Whether the folder has a signing key the session can use (key files, or a token configured).
bool has_signing_key(const DataFolder& folder, const OfficeSetup& setup);

// What this system is, for every record and so every certificate: on the wipeseal live image, that
// it is the air-gapped image, its version and build, and the SHA-256 of its system files with the
// boot-time check of that hash (/run/wipeseal/image.json, or $WIPESEAL_IMAGE_INFO, written by the
// image's wipeseal-image-info unit; /etc/wipeseal/image-release, or $WIPESEAL_IMAGE_RELEASE, if
// that is missing). Empty on any other system.
std::string environment_description();

// True on the wipeseal live image, where the state folder lives in memory: anything kept there
// is gone at power-off, so records and certificates need the data partition.
bool running_on_live_image();

}  // namespace wipeseal::app
