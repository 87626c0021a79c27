#include "app/office.h"

#include <filesystem>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "app/folders.h"
#include "certificates/canonical_json.h"
#include "certificates/register_head.h"
#include "certificates/register_pdf.h"
#include "certificates/signing.h"
#include "wipe/clock.h"
#include "wipe/file_io.h"

namespace wipeseal::app {
namespace fs = std::filesystem;

std::string key_dir_or_default(const std::string& key_dir) { return key_dir.empty() ? default_key_dir() : key_dir; }

std::string default_ca_key_dir(const std::string& key_dir) {
  const fs::path keys = fs::path(absolute_path(key_dir_or_default(key_dir)));
  return (keys.parent_path() / "office-ca-key").string();
}

Status init_office_keys(const std::string& key_dir, const std::string& office, const std::string& passphrase,
                        const std::optional<certificates::CaKeyPlacement>& ca_key) {
  return certificates::create_office_keys(key_dir_or_default(key_dir), office, passphrase, ca_key);
}

Status import_office_keys(const std::string& key_dir, const std::string& cert, const std::string& key,
                          const std::string& key_passphrase, const std::string& ca, const std::string& passphrase) {
  return certificates::import_office_keys(key_dir_or_default(key_dir), cert, key, key_passphrase, ca, passphrase);
}

Result<std::vector<DeviceResult>> issue_certificates(const std::vector<std::string>& record_paths,
                                                     const CertificationRequest& request, const SecretPrompt& ask) {
  if (record_paths.empty()) return std::unexpected(make_error(ErrorCode::invalid_input, "name at least one record"));
  std::vector<DeviceResult> out;
  std::vector<JobRecord> records;
  for (const std::string& path : record_paths) {
    auto r = read_record_file(path);
    if (!r) return std::unexpected(r.error());
    DeviceResult d;
    d.record = *r;
    d.record_path = path;
    d.certificate_requested = true;
    d.classification = d.record.outcome == Outcome::erased                   ? Classification::erased
                       : d.record.outcome == Outcome::erased_with_exceptions ? Classification::erased_with_exceptions
                                                                             : Classification::failed;
    out.push_back(std::move(d));
    records.push_back(std::move(*r));
  }
  auto certifier = Certifier::prepare(request, fs::path(absolute_path(record_paths.front())).parent_path().string(), ask);
  if (!certifier) return std::unexpected(certifier.error());
  for (const std::vector<std::size_t>& group : group_by_computer(records)) {
    std::vector<JobRecord> certifiable;
    for (std::size_t i : group) {
      if (records[i].verification) {
        certifiable.push_back(records[i]);
      } else {
        out[i].certificate_error = make_error(ErrorCode::invalid_input,
                                              "this erasure was not read back, so nothing proves it; verify the device "
                                              "(wipeseal verify) before certifying",
                                              records[i].id);
        out[i].classification = Classification::failed;
      }
    }
    if (certifiable.empty()) continue;
    auto issued = certifier->get()->issue(certifiable);
    for (std::size_t i : group) {
      if (out[i].certificate_error) continue;
      if (issued) {
        out[i].certificate = *issued;
      } else {
        out[i].certificate_error = issued.error();
        out[i].classification = Classification::failed;
      }
    }
  }
  return out;
}

std::string find_office_ca(const std::string& given, const std::string& register_path) {
  if (!given.empty()) return given;
  const fs::path beside = fs::path(absolute_path(register_path_or_default(register_path))).parent_path();
  std::error_code ec;
  for (const fs::path& candidate : {beside / "office-ca.pem", beside / "keys" / "office-ca.pem",
                                    fs::path(ca_path_in(default_key_dir()))}) {
    if (fs::is_regular_file(candidate, ec)) return candidate.string();
  }
  return {};
}

certificates::CertificateCheck check_certificate(const std::string& path, const std::string& ca,
                                                 const std::string& register_path) {
  std::error_code ec;
  const std::string fallback = ca_path_in(default_key_dir());
  const std::string ca_pem = !ca.empty() ? ca : fs::is_regular_file(fallback, ec) ? fallback : std::string();
  return certificates::check_certificate(path, ca_pem, register_path);
}

std::string register_path_or_default(const std::string& path) { return path.empty() ? default_register_path() : path; }

Result<certificates::Register> open_register(const std::string& path) {
  return certificates::Register::open_existing(register_path_or_default(path), true);
}

Result<certificates::RegisterReport> verify_register(const certificates::Register& reg, const std::string& ca,
                                                     const std::string& certificates_dir, std::string& ca_used) {
  ca_used = find_office_ca(ca, reg.path());
  return certificates::check_register(reg, {ca_used, certificates_dir});
}

Result<std::size_t> export_register(const certificates::Register& reg, const std::string& folder) {
  if (folder.empty()) return std::unexpected(make_error(ErrorCode::invalid_input, "name the folder to export to"));
  auto entries = reg.entries();
  if (!entries) return std::unexpected(entries.error());
  // Every row first: a hostile id must never name a file, inside the folder or out of it.
  for (const auto& e : *entries) {
    for (const auto& p : certificates::row_problems(e)) {
      return std::unexpected(make_error(ErrorCode::corrupt,
                                        fmt::format("{} cannot be exported: {}; nothing was exported",
                                                    certificates::describe_row(e), p.message),
                                        reg.path()));
    }
  }
  for (const auto& e : *entries) {
    for (const auto& [ext, bytes] : {std::pair{".json", &e.json}, std::pair{".p7s", &e.p7s}}) {
      const std::string path = (fs::path(folder) / (e.id + ext)).string();
      if (auto s = write_file_durably(path, *bytes, 0644, false); !s) {
        auto there = read_file(path);
        if (s.error().code == ErrorCode::refused && there && *there == *bytes) continue;  // exported before
        return std::unexpected(s.error());
      }
    }
  }
  return entries->size();
}

Result<std::size_t> import_register(const std::string& target, const std::string& source) {
  if (source.empty()) return std::unexpected(make_error(ErrorCode::invalid_input, "name the register to import"));
  // The source first: a mistyped name must not leave an empty register behind.
  auto check = certificates::Register::open_existing(source, true);
  if (!check) return std::unexpected(check.error());
  auto reg = certificates::Register::open(register_path_or_default(target));
  if (!reg) return std::unexpected(reg.error());
  auto added = reg->import_from(source);
  if (!added) return std::unexpected(added.error());
  if (auto heads = certificates::import_heads(source, reg->path()); !heads) return std::unexpected(heads.error());
  return added;
}

Result<std::string> print_register(const certificates::Register& reg, const std::string& out) {
  if (out.empty()) return std::unexpected(make_error(ErrorCode::invalid_input, "name the PDF file to write"));
  auto entries = reg.entries();
  if (!entries) return std::unexpected(entries.error());
  auto heads = certificates::read_heads(reg.path());
  if (!heads) return std::unexpected(heads.error());
  auto pdf = certificates::render_register_pdf(*entries, *heads, reg.path(), now_timestamp());
  if (!pdf) return std::unexpected(pdf.error());
  if (auto s = write_file_durably(out, *pdf); !s) return std::unexpected(s.error());
  return out;
}

Result<std::string> redraw_pdf(const std::string& json_path, const std::string& out, const SigningRequest& signing,
                               const SecretPrompt& ask) {
  auto json = read_file(json_path);
  if (!json) return std::unexpected(json.error());
  auto p7s = read_file(fs::path(json_path).replace_extension(".p7s").string());
  if (!p7s) return std::unexpected(p7s.error());
  const nlohmann::json doc = nlohmann::json::parse(*json, nullptr, false);
  auto canonical = doc.is_discarded() ? Result<std::string>(std::unexpected(make_error(ErrorCode::corrupt, "not JSON")))
                                      : certificates::canonicalize(doc);
  if (!canonical || *canonical != *json) {
    return std::unexpected(make_error(ErrorCode::corrupt, "the certificate is not the signed canonical JSON", json_path));
  }
  auto cert = certificates::certificate_from_json(doc);
  if (!cert) return std::unexpected(cert.error());
  auto signer = load_signer(signing, ask);
  if (!signer) return std::unexpected(signer.error());
  if (signer->identity().fingerprint_sha256 != cert->signer.fingerprint_sha256) {
    return std::unexpected(make_error(ErrorCode::invalid_input,
                                      "this certificate was signed with another key; its PDF must be signed by the same "
                                      "key",
                                      json_path));
  }
  auto pdf = certificates::render_certificate_pdf(*cert, *json, *p7s, *signer);
  if (!pdf) return std::unexpected(pdf.error());
  const std::string target = out.empty() ? fs::path(json_path).replace_extension(".pdf").string() : out;
  if (auto s = write_file_durably(target, *pdf); !s) return std::unexpected(s.error());
  return target;
}

}  // namespace wipeseal::app
