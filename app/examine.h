// Step one of every workflow: what are these disks, may wipeseal touch them, and what would it do
// to each? Nothing is written; nothing is even opened for writing.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "wipe/device_info.h"
#include "wipe/erase_plan.h"
#include "wipe/error.h"
#include "wipe/job.h"
#include "wipe/safety_policy.h"

namespace wipeseal::app {

struct DiskView {
  DeviceInfo device;
  SafetyDecision safety;                // why it may not be touched, if so
  std::optional<MethodChoice> plan;     // the drive's capabilities and the recommended method (when asked)
  std::optional<Error> plan_error;      // the drive could not be asked
  std::optional<std::string> method_refused;  // the firmware method the operator named is not offered (English)
  bool eligible() const { return safety.allowed() && !method_refused && !plan_error; }
};

// Examines the named disks (or image files) for `method`. A firmware method or "auto" asks each
// eligible drive what it offers (harmless commands only); `plan_all` asks every named drive, in
// use or not (`wipeseal plan`). Errors: a path that names nothing or something that is not a disk,
// the same disk named twice (invalid_input). `restore_hidden` asks the drive too, whatever the
// method: whether sectors are hidden, and whether making them accessible is permanent, must be
// known before the operator confirms.
Result<std::vector<DiskView>> examine(const std::vector<std::string>& paths, const std::string& method,
                                      bool plan_all = false, bool restore_hidden = false);

// Every disk the kernel knows, each with its safety decision; `plan`: also ask each eligible one
// what it offers.
std::vector<DiskView> examine_all(bool plan);

// Is `method` a method wipeseal knows ("auto", a firmware method, clear, zero, byte:0xNN, ...)?
bool is_known_method(const std::string& method);
// The same, with an error (invalid_input) that says what is wrong and which methods exist.
Status check_method(const std::string& method);

// Every method, for `wipeseal methods` and the wizard: "auto" first, then the firmware methods
// best first, then the overwrite methods.
std::vector<MethodInfo> all_methods();
// How many passes an overwrite method writes (0 for auto and the firmware methods, which the
// drive performs), or nullopt if the method is unknown.
std::optional<unsigned> overwrite_pass_count(const std::string& method);

}  // namespace wipeseal::app
