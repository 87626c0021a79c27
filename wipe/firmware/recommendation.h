// Which method wipeseal recommends for a drive, from what the drive reported (pure): the strongest
// firmware purge it supports and wipeseal may send, else Clear by overwriting with the AES-256-CTR
// pattern, with a reason code the catalogue (words/) turns into Vietnamese and English.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "wipe/device_info.h"
#include "wipe/erase_plan.h"
#include "wipe/firmware/capabilities.h"
#include "wipe/job_record.h"

namespace wipeseal {

// Why a method was recommended.
enum class ReasonCode {
  firmware_purge,           // args: method name
  frozen,                   // args: method name that frozen security blocks
  locked,                   // security locked with a password wipeseal does not know
  removable_clear_only,     // USB stick / SD card: no firmware purge exists
  emmc_clear_only,          // eMMC without sanitize or secure erase
  purge_blocked,            // args: method name, why wipeseal will not send it (English detail)
  no_firmware_purge,        // args: what the drive reported (English detail)
  not_a_drive,              // loop device, image file, virtual disk
  capabilities_unreadable,  // args: the error (English detail)
};
const char* reason_code_name(ReasonCode c);

struct Recommendation {
  std::string method;                    // a firmware method, or an overwrite method ("clear"); empty: none possible
  SanitizeCategory category = SanitizeCategory::clear;
  ReasonCode reason_code = ReasonCode::no_firmware_purge;
  std::vector<std::string> reason_args;
  std::vector<CandidateRecord> candidates;  // every firmware method considered, best first
  bool destroy_if_top_secret = false;    // only Clear is possible: Tuyệt mật media should be destroyed
  std::vector<std::string> warnings;     // English details (hidden sectors)
};

Recommendation recommend_method(const DeviceInfo& device, const Capabilities& caps);

// The firmware methods of a recommendation that may be tried, in order (chosen, then fallbacks).
std::vector<std::string> usable_methods(const Recommendation& r);

// Why the drive cannot be erased with the firmware method `method` the operator named (English,
// with what to do), or nullopt if it offers it.
std::optional<std::string> firmware_method_unavailable(const Recommendation& r, const Capabilities& caps,
                                                       const std::string& method, const std::string& device_path);

}  // namespace wipeseal
