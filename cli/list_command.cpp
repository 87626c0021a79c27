#include <cstdio>

#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "wipe/firmware/purge.h"
#include "cli/exit_codes.h"
#include "cli/i18n.h"
#include "cli/messages.h"
#include "wipe/discovery.h"
#include "wipe/erase_plan.h"
#include "wipe/job_record.h"
#include "wipe/safety_policy.h"
#include "wipe/system_state.h"

namespace wipeseal::cli {

nlohmann::json refusals_json(const SafetyDecision& decision) {
  nlohmann::json out = nlohmann::json::array();
  for (const Refusal& r : decision.refusals) {
    out.push_back({{"code", refusal_code_name(r.code)},
                   {"subject", r.subject},
                   {"detail", r.detail},
                   {"message", r.message},
                   {"remedy", r.remedy}});
  }
  return out;
}

int run_list(const ListOptions& options) {
  const SystemPaths paths;
  const SystemState system = read_system_state(paths);
  const std::vector<DeviceInfo> disks = list_disks(paths);

  if (options.json) {
    nlohmann::json out = nlohmann::json::array();
    for (const DeviceInfo& d : disks) {
      const SafetyDecision decision = assess_safety(d, system);
      nlohmann::json j = device_to_json(d);
      j["erasable"] = decision.allowed();
      j["refusals"] = refusals_json(decision);
      out.push_back(std::move(j));
    }
    std::printf("%s\n", out.dump(2).c_str());
    return kExitErased;
  }

  if (disks.empty()) {
    std::printf("%s\n", u8(Cli::tr("No disks found.")).c_str());
    return kExitErased;
  }
  for (const DeviceInfo& d : disks) {
    const SafetyDecision decision = assess_safety(d, system);
    std::printf("%-14s %-7s %s\n", d.path.c_str(), transport_name(d.transport), u8(device_line(d)).c_str());
    std::printf("    %s %s\n", u8(Cli::tr("Content:")).c_str(), u8(content_text(d.content)).c_str());
    if (decision.allowed()) {
      std::printf("    %s\n", u8(Cli::tr("May be erased.")).c_str());
    } else {
      for (const Refusal& r : decision.refusals) {
        std::printf("    %s %s\n      %s %s\n", u8(Cli::tr("NOT ERASABLE:")).c_str(), u8(refusal_reason(r)).c_str(),
                    u8(Cli::tr("What to do:")).c_str(), u8(refusal_remedy(r)).c_str());
      }
    }
  }
  return kExitErased;
}

int run_methods(bool json) {
  const auto methods = overwrite_methods();
  if (json) {
    nlohmann::json out = nlohmann::json::array();
    out.push_back({{"name", "auto"}, {"label", "the best method the drive supports"}, {"category", "purge"}});
    for (const auto& m : firmware_methods()) out.push_back(method_to_json(m));
    for (const auto& m : methods) out.push_back(method_to_json(m));
    std::printf("%s\n", out.dump(2).c_str());
    return kExitErased;
  }
  std::printf("%-26s %s\n", "auto", u8(Cli::tr("The best method the drive supports: a firmware purge where possible, "
                                                "else one AES-256-CTR pass (see: wipeseal plan)")).c_str());
  for (const auto& m : firmware_methods()) {
    std::printf("%-26s %s [Purge; %s]\n", m.name.c_str(), u8(firmware_method_label(m.name)).c_str(), m.reference.c_str());
  }
  for (const auto& m : methods) {
    QString label;
    if (m.name == "clear") label = Cli::tr("One pass of the AES-256-CTR pattern (recommended; NIST SP 800-88 Clear)");
    else if (m.name == "zero") label = Cli::tr("One pass of zeros (0x00)");
    else if (m.name == "one") label = Cli::tr("One pass of ones (0xFF)");
    else if (m.name == "byte:0xNN") label = Cli::tr("One pass of a fixed byte of your choice, e.g. byte:0x5A");
    else if (m.name == "dod-3") label = Cli::tr("LEGACY: DoD 5220.22-M, 3 passes (character, complement, random)");
    else if (m.name == "dod-7") label = Cli::tr("LEGACY: DoD 5220.22-M ECE, 7 passes");
    else if (m.name == "gutmann") label = Cli::tr("LEGACY: Gutmann, 35 passes; no benefit on modern drives");
    else label = q(m.label);
    std::printf("%-26s %s\n", m.name.c_str(), u8(label).c_str());
  }
  std::printf("\n%s\n", u8(Cli::tr("Legacy schemes take many times longer and add nothing on modern disks; use them "
                                   "only where your rules require them."))
                            .c_str());
  return kExitErased;
}

}  // namespace wipeseal::cli
