// wipeseal list and wipeseal methods.
#include <cstdio>

#include <nlohmann/json.hpp>

#include "app/examine.h"
#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/i18n.h"
#include "cli/output.h"
#include "wipe/job_record.h"
#include "wipe/text.h"
#include "words/catalogue.h"

namespace wipeseal::cli {
namespace {

nlohmann::json refusals_json(const SafetyDecision& decision) {
  nlohmann::json out = nlohmann::json::array();
  for (const Refusal& r : decision.refusals) {
    out.push_back({{"code", refusal_code_name(r.code)},
                   {"subject", r.subject},
                   {"detail", r.detail},
                   {"message", u8(words::refusal_reason(r, words::Lang::en))},
                   {"remedy", u8(words::refusal_remedy(r, words::Lang::en))}});
  }
  return out;
}

}  // namespace

int run_list(const ListOptions& options) {
  const std::vector<app::DiskView> disks = app::examine_all(false);
  if (options.json) {
    nlohmann::json out = nlohmann::json::array();
    for (const app::DiskView& d : disks) {
      nlohmann::json j = device_to_json(d.device);
      j["erasable"] = d.safety.allowed();
      j["refusals"] = refusals_json(d.safety);
      out.push_back(std::move(j));
    }
    std::printf("%s\n", dump_json(out, 2).c_str());
    return kExitErased;
  }
  if (disks.empty()) {
    std::printf("%s\n", u8(Cli::tr("No disks found.")).c_str());
    return kExitErased;
  }
  for (const app::DiskView& d : disks) {
    std::printf("%-14s %-7s %s\n", u8(q(d.device.path)).c_str(), transport_name(d.device.transport),
                u8(words::device_line(d.device)).c_str());
    std::printf("    %s %s\n", u8(Cli::tr("Content:")).c_str(), u8(words::content_text(d.device.content)).c_str());
    if (d.safety.allowed()) {
      std::printf("    %s\n", u8(Cli::tr("May be erased.")).c_str());
      continue;
    }
    for (const Refusal& r : d.safety.refusals) {
      std::printf("    %s %s\n      %s %s\n", u8(Cli::tr("NOT ERASABLE:")).c_str(), u8(words::refusal_reason(r)).c_str(),
                  u8(Cli::tr("What to do:")).c_str(), u8(words::refusal_remedy(r)).c_str());
    }
  }
  return kExitErased;
}

int run_methods(bool json) {
  const auto methods = app::all_methods();
  if (json) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& m : methods) out.push_back(method_to_json(m));
    std::printf("%s\n", out.dump(2).c_str());
    return kExitErased;
  }
  for (const auto& m : methods) {
    const QString label = words::method_label(m.name);
    if (m.category == SanitizeCategory::purge && m.name != "auto") {
      std::printf("%-26s %s [Purge; %s]\n", m.name.c_str(), u8(label).c_str(), m.reference.c_str());
    } else {
      std::printf("%-26s %s\n", m.name.c_str(), u8(label).c_str());
    }
  }
  std::printf("\n%s\n", u8(Cli::tr("Legacy schemes take many times longer and add nothing on modern disks; use them "
                                   "only where your rules require them."))
                            .c_str());
  return kExitErased;
}

}  // namespace wipeseal::cli
