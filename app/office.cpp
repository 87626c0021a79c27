#include "app/office.h"

#include <filesystem>

#include <nlohmann/json.hpp>

#include "app/folders.h"
#include "certificates/canonical_json.h"
#include "certificates/pdf.h"
#include "certificates/signing.h"
#include "wipe/file_io.h"

namespace wipeseal::app {
namespace fs = std::filesystem;

std::string key_dir_or_default(const std::string& key_dir) { return key_dir.empty() ? default_key_dir() : key_dir; }

Status init_office_keys(const std::string& key_dir, const std::string& office, const std::string& passphrase) {
  return certificates::create_office_keys(key_dir_or_default(key_dir), office, passphrase);
}

Status import_office_keys(const std::string& key_dir, const std::string& cert, const std::string& key,
                          const std::string& key_passphrase, const std::string& ca, const std::string& passphrase) {
  return certificates::import_office_keys(key_dir_or_default(key_dir), cert, key, key_passphrase, ca, passphrase);
}

Result<std::vector<DeviceResult>> issue_certificates(const std::vector<std::string>& record_paths,
                                                     const CertificationRequest& request, const SecretPrompt& ask) {
  if (record_paths.empty()) return std::unexpected(make_error(ErrorCode::invalid_input, "name at least one record"));
  std::vector<DeviceResult> out;
  for (const std::string& path : record_paths) {
    auto r = read_record_file(path);
    if (!r) return std::unexpected(r.error());
    DeviceResult d;
    d.record = std::move(*r);
    d.record_path = path;
    d.certificate_requested = true;
    out.push_back(std::move(d));
  }
  auto certifier = Certifier::prepare(request, fs::path(absolute_path(record_paths.front())).parent_path().string(), ask);
  if (!certifier) return std::unexpected(certifier.error());
  for (DeviceResult& d : out) {
    auto issued = (*certifier)->issue(d.record);
    if (issued) {
      d.certificate = std::move(*issued);
      d.classification = d.record.outcome == Outcome::erased ? Classification::erased
                         : d.record.outcome == Outcome::erased_with_exceptions ? Classification::erased_with_exceptions
                                                                                : Classification::failed;
    } else {
      d.certificate_error = issued.error();
      d.classification = Classification::failed;
    }
  }
  return out;
}

Result<certificates::CertificateCheck> check_certificate(const std::string& path, const std::string& ca,
                                                         const std::string& register_path) {
  return certificates::check_certificate(path, ca.empty() ? ca_path_in(default_key_dir()) : ca, register_path);
}

std::string register_path_or_default(const std::string& path) { return path.empty() ? default_register_path() : path; }

Result<certificates::Register> open_register(const std::string& path, bool create) {
  const std::string p = register_path_or_default(path);
  std::error_code ec;
  if (!create && !fs::exists(p, ec)) return std::unexpected(make_error(ErrorCode::not_found, "there is no register here", p));
  return certificates::Register::open(p);
}

Result<std::size_t> export_register(const certificates::Register& reg, const std::string& folder) {
  if (folder.empty()) return std::unexpected(make_error(ErrorCode::invalid_input, "name the folder to export to"));
  auto entries = reg.entries();
  if (!entries) return std::unexpected(entries.error());
  for (const auto& e : *entries) {
    for (const auto& [ext, bytes] : {std::pair{".json", &e.json}, std::pair{".p7s", &e.p7s}}) {
      if (auto s = write_file_durably((fs::path(folder) / (e.id + ext)).string(), *bytes); !s) return std::unexpected(s.error());
    }
  }
  return entries->size();
}

Result<std::string> redraw_pdf(const std::string& json_path, const std::string& out) {
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
  auto pdf = certificates::render_certificate_pdf(*cert, *json, *p7s);
  if (!pdf) return std::unexpected(pdf.error());
  const std::string target = out.empty() ? fs::path(json_path).replace_extension(".pdf").string() : out;
  if (auto s = write_file_durably(target, *pdf); !s) return std::unexpected(s.error());
  return target;
}

}  // namespace wipeseal::app
