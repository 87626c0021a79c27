#include "certificates/register_head.h"

#include <algorithm>
#include <filesystem>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "certificates/canonical_json.h"
#include "wipe/clock.h"
#include "wipe/file_io.h"

namespace wipeseal::certificates {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

bool is_fingerprint(const std::string& s) {
  return s.size() == 64 && std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

Result<RegisterHead> parse_head(const std::string& text) {
  const json j = json::parse(text, nullptr, false);
  if (!j.is_object() || j.value("schema", "") != kRegisterHeadSchema) {
    return std::unexpected(make_error(ErrorCode::corrupt, "not a wipeseal register head"));
  }
  try {
    RegisterHead h;
    h.signer = j.at("signer").get<std::string>();
    h.count = j.at("count").get<std::uint64_t>();
    h.last_sha256 = j.at("last_sha256").get<std::string>();
    h.last_id = j.at("last_id").get<std::string>();
    h.written_at = j.at("written_at").get<std::string>();
    if (!is_fingerprint(h.signer)) return std::unexpected(make_error(ErrorCode::corrupt, "its signer is not a fingerprint"));
    return h;
  } catch (const json::exception& e) {
    return std::unexpected(make_error(ErrorCode::corrupt, fmt::format("malformed register head: {}", e.what())));
  }
}

std::string head_path(const std::string& register_path, const std::string& signer, const char* ext) {
  return (fs::path(heads_dir(register_path)) / (signer + ext)).string();
}

}  // namespace

std::string heads_dir(const std::string& register_path) { return register_path + ".heads"; }

Status write_head(const Register& reg, const Signer& signer) {
  const std::string fp = signer.identity().fingerprint_sha256;
  auto last = reg.last_of(fp);
  if (!last) return std::unexpected(last.error());
  if (!*last) return {};
  auto existing = own_head(reg.path(), signer);
  if (existing && *existing && (*existing)->count >= (*last)->sequence) return {};
  const json doc = {{"schema", kRegisterHeadSchema},
                    {"signer", fp},
                    {"count", (*last)->sequence},
                    {"last_sha256", (*last)->sha256},
                    {"last_id", (*last)->id},
                    {"written_at", now_timestamp()},
                    {"time_source", "local_clock"}};
  auto canonical = canonicalize(doc);
  if (!canonical) return std::unexpected(canonical.error());
  auto p7s = signer.sign(*canonical, fp, "register-head");
  if (!p7s) return std::unexpected(p7s.error());
  // The signature first: a head whose JSON is newer than its signature would read as forged.
  if (auto s = write_file_durably(head_path(reg.path(), fp, ".p7s"), *p7s); !s) return s;
  return write_file_durably(head_path(reg.path(), fp, ".json"), *canonical);
}

Result<std::vector<StoredHead>> read_heads(const std::string& register_path) {
  std::vector<StoredHead> out;
  std::error_code ec;
  const fs::path dir(heads_dir(register_path));
  if (!fs::is_directory(dir, ec)) return out;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const fs::path p = entry.path();
    if (p.extension() != ".json") continue;
    StoredHead h;
    h.path = p.string();
    auto text = read_file(p.string());
    auto sig = read_file(fs::path(p).replace_extension(".p7s").string());
    if (!text || !sig) {
      h.problem = (!text ? text.error() : sig.error()).describe();
    } else {
      h.json = std::move(*text);
      h.p7s = std::move(*sig);
      auto head = parse_head(h.json);
      if (!head) {
        h.problem = head.error().message;
      } else if (head->signer != p.stem().string()) {
        h.problem = "the head names another signer than its file name";
      } else {
        h.head = std::move(*head);
      }
    }
    out.push_back(std::move(h));
  }
  std::sort(out.begin(), out.end(), [](const StoredHead& a, const StoredHead& b) { return a.path < b.path; });
  return out;
}

Result<std::optional<RegisterHead>> own_head(const std::string& register_path, const Signer& signer) {
  const std::string fp = signer.identity().fingerprint_sha256;
  std::error_code ec;
  if (!fs::exists(head_path(register_path, fp, ".json"), ec)) return std::optional<RegisterHead>();
  auto text = read_file(head_path(register_path, fp, ".json"));
  if (!text) return std::unexpected(text.error());
  auto sig = read_file(head_path(register_path, fp, ".p7s"));
  if (!sig) return std::unexpected(sig.error());
  if (!signer.made_by_me(*text, *sig)) return std::optional<RegisterHead>();
  auto head = parse_head(*text);
  if (!head || head->signer != fp) return std::optional<RegisterHead>();
  return std::optional<RegisterHead>(std::move(*head));
}

Result<std::size_t> import_heads(const std::string& from_register, const std::string& to_register) {
  auto heads = read_heads(from_register);
  if (!heads) return std::unexpected(heads.error());
  std::size_t copied = 0;
  for (const StoredHead& h : *heads) {
    if (!h.problem.empty() || !is_fingerprint(h.head.signer)) continue;
    std::error_code ec;
    const std::string target = head_path(to_register, h.head.signer, ".json");
    if (fs::exists(target, ec)) {
      auto mine = read_file(target);
      auto parsed = mine ? parse_head(*mine) : Result<RegisterHead>(std::unexpected(mine.error()));
      if (parsed && parsed->count >= h.head.count) continue;
    }
    if (auto s = write_file_durably(head_path(to_register, h.head.signer, ".p7s"), h.p7s); !s) return std::unexpected(s.error());
    if (auto s = write_file_durably(target, h.json); !s) return std::unexpected(s.error());
    ++copied;
  }
  return copied;
}

}  // namespace wipeseal::certificates
