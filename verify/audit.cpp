#include "verify/audit.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <openssl/evp.h>

#include "wipe/clock.h"
#include "wipe/discovery.h"
#include "wipe/job.h"
#include "wipe/random_source.h"
#include "wipe/safety_policy.h"
#include "wipe/system_state.h"

namespace wipeseal::verify {
namespace fs = std::filesystem;

Result<std::string> sha256_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::unexpected(errno_error(errno, "cannot open the file", path));
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr);
  std::vector<char> buf(1 << 16);
  while (in) {
    in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
    EVP_DigestUpdate(ctx, buf.data(), static_cast<std::size_t>(in.gcount()));
  }
  std::array<std::uint8_t, 32> digest{};
  unsigned int len = 0;
  EVP_DigestFinal_ex(ctx, digest.data(), &len);
  EVP_MD_CTX_free(ctx);
  return to_hex(digest.data(), digest.size());
}

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
    return std::unexpected(make_error(ErrorCode::refused, fmt::format("{} ({})", r.message, r.remedy), device_path));
  }
  auto opened = open_block_device(device->path, OpenOptions{.write = false, .exclusive = true, .direct = true});
  if (!opened) return std::unexpected(opened.error());

  auto verification = verify_overwrite(**opened, *record, options, secure_random(), progress, cancel);
  if (!verification) return std::unexpected(verification.error());
  auto record_hash = sha256_file(record_path);
  if (!record_hash) return std::unexpected(record_hash.error());

  char host[256] = {};
  ::gethostname(host, sizeof host - 1);
  const std::string id = make_uuid(secure_random());
  const nlohmann::json doc = {{"schema", kAuditSchema},
                              {"id", id},
                              {"record_id", record->id},
                              {"record_sha256", *record_hash},
                              {"tool", {{"name", kToolName}, {"version", tool_version()}}},
                              {"host", {{"hostname", host}}},
                              {"at", now_timestamp()},
                              {"device", device_to_json(*device)},
                              {"verification", verification_to_json(*verification)}};
  const std::string dir = !out_dir.empty() ? out_dir : fs::absolute(record_path).parent_path().string();
  auto written = write_json_file(doc, dir, fmt::format("{}.audit-{}.json", record->id, id.substr(0, 8)));
  if (!written) return std::unexpected(written.error());
  return AuditResult{std::move(*record), std::move(*device), std::move(*verification), *written};
}

}  // namespace wipeseal::verify
