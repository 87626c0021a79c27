#include "app/examine.h"

#include <set>

#include <fmt/format.h>

#include "wipe/discovery.h"
#include "wipe/erase_plan.h"
#include "wipe/firmware/methods.h"
#include "wipe/random_source.h"
#include "wipe/system_state.h"

namespace wipeseal::app {
namespace {

void add_plan(DiskView& view, const std::string& method) {
  auto choice = choose_method(view.device, JobOptions{});
  if (!choice) {
    view.plan_error = choice.error();
    return;
  }
  if (is_firmware_method(method)) {
    view.method_refused =
        firmware_method_unavailable(choice->recommendation, choice->capabilities, method, view.device.path);
  }
  view.plan = std::move(*choice);
}

bool wants_plan(const std::string& method) { return method == kAutoMethod || is_firmware_method(method); }

}  // namespace

bool is_known_method(const std::string& method) {
  return method == kAutoMethod || is_firmware_method(method) || make_erase_plan(method, secure_random()).has_value();
}

Status check_method(const std::string& method) {
  if (is_known_method(method)) return {};
  std::string why;
  if (auto plan = make_erase_plan(method, secure_random()); !plan) why = plan.error().message + "; ";
  return std::unexpected(make_error(
      ErrorCode::invalid_input,
      fmt::format("{}unknown erase method '{}': see `wipeseal methods` (auto, the firmware methods, clear, zero, ...)",
                  why, method)));
}

std::vector<MethodInfo> all_methods() {
  std::vector<MethodInfo> out;
  out.push_back({std::string(kAutoMethod), "the best method the drive supports", SanitizeCategory::purge, false,
                 "NIST SP 800-88 Rev. 1; IEEE 2883"});
  for (const auto& m : firmware_methods()) out.push_back(m);
  for (const auto& m : overwrite_methods()) out.push_back(m);
  return out;
}

std::optional<unsigned> overwrite_pass_count(const std::string& method) {
  if (method == kAutoMethod || is_firmware_method(method)) return 0u;
  auto plan = make_erase_plan(method, secure_random());
  if (!plan) return std::nullopt;
  return static_cast<unsigned>(plan->passes.size());
}

Result<std::vector<DiskView>> examine(const std::vector<std::string>& paths, const std::string& method,
                                      bool plan_all, bool restore_hidden) {
  const SystemState system = read_system_state(SystemPaths{});
  std::vector<DiskView> out;
  std::set<std::string> seen;
  for (const std::string& path : paths) {
    auto d = describe_device(path);
    if (!d) return std::unexpected(d.error());
    const std::string key = d->is_image_file() ? d->path : std::to_string(d->devno);
    if (!seen.insert(key).second) {
      return std::unexpected(make_error(ErrorCode::invalid_input, "this disk is named twice; name each disk once", path));
    }
    DiskView view;
    view.device = std::move(*d);
    view.safety = assess_safety(view.device, system);
    out.push_back(std::move(view));
  }
  for (DiskView& view : out) {
    if ((view.safety.allowed() || plan_all) && (wants_plan(method) || restore_hidden)) add_plan(view, method);
  }
  return out;
}

std::vector<DiskView> examine_all(bool plan) {
  const SystemPaths paths;
  const SystemState system = read_system_state(paths);
  std::vector<DiskView> out;
  for (DeviceInfo& d : list_disks(paths)) {
    DiskView view;
    view.device = std::move(d);
    view.safety = assess_safety(view.device, system);
    if (plan && view.safety.allowed()) add_plan(view, std::string(kAutoMethod));
    out.push_back(std::move(view));
  }
  return out;
}

}  // namespace wipeseal::app
