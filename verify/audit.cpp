#include "verify/audit.h"

#include <unistd.h>

#include <filesystem>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "wipe/clock.h"
#include "wipe/device_identity.h"
#include "wipe/file_io.h"
#include "wipe/hex.h"
#include "wipe/text.h"
#include "wipe/discovery.h"
#include "wipe/job.h"
#include "wipe/random_source.h"
#include "wipe/safety_policy.h"
#include "wipe/system_state.h"

namespace wipeseal::verify {
namespace fs = std::filesystem;


Result<AuditResult> audit_device(const std::string& record_path, const std::string& device_path,
                                 const ReadBackOptions& options, const std::string& out_dir,
                                 const ReadProgress& progress, const std::atomic<bool>& cancel) {
  auto record = read_record_file(record_path);
  if (!record) return std::unexpected(record.error());
  if (record->passes.empty() || !record->passes.back().completed) {
    return std::unexpected(make_error(ErrorCode::invalid_input,
                                      "the record's last pass never completed, so there is no pattern to check the "
                                      "device against",
                                      record_path));
  }
  auto device = describe_device(device_path);
  if (!device) return std::unexpected(device.error());
  if (auto mismatch = identity_mismatch(record->device, *device)) {
    return std::unexpected(make_error(
        ErrorCode::refused, fmt::format("this is not the device the record describes: {}", *mismatch), device_path));
  }
  // Reading changes nothing, so a read-only device is fine; a device in use is not, because its
  // content may be changing under the check.
  const SafetyDecision decision = assess_safety(*device, read_system_state(SystemPaths{}));
  for (const Refusal& r : decision.refusals) {
    if (r.code == RefusalCode::read_only) continue;
    return std::unexpected(make_error(ErrorCode::refused, "refused by the safety policy: " + describe_refusal(r), device_path));
  }
  auto opened = open_block_device(device->path, OpenOptions{.write = false, .exclusive = true, .direct = true});
  if (!opened) return std::unexpected(opened.error());

  auto verification = verify_overwrite(**opened, *record, options, secure_random(), progress, cancel);
  if (!verification) return std::unexpected(verification.error());
  auto record_bytes = read_file(record_path);
  if (!record_bytes) return std::unexpected(record_bytes.error());
  const std::string record_hash = sha256_hex(*record_bytes);

  char host[256] = {};
  ::gethostname(host, sizeof host - 1);
  const std::string id = make_uuid(secure_random());
  const nlohmann::json doc = {{"schema", kAuditSchema},
                              {"id", id},
                              {"record_id", record->id},
                              {"record_sha256", record_hash},
                              {"tool", {{"name", kToolName}, {"version", tool_version()}}},
                              {"host", {{"hostname", host}}},
                              {"at", now_timestamp()},
                              {"device", device_to_json(*device)},
                              {"verification", verification_to_json(*verification)}};
  const std::string dir = !out_dir.empty() ? out_dir : fs::absolute(record_path).parent_path().string();
  const std::string path = (fs::path(dir) / fmt::format("{}.audit-{}.json", record->id, id.substr(0, 8))).string();
  if (auto s = write_file_durably(path, dump_json(doc, 2) + "\n"); !s) return std::unexpected(s.error());
  return AuditResult{std::move(*record), std::move(*device), std::move(*verification), path};
}

}  // namespace wipeseal::verify
