#include "app/certification.h"

#include <openssl/crypto.h>

#include <algorithm>
#include <filesystem>
#include <map>

#include <fmt/format.h>

#include "app/folders.h"
#include "certificates/register_head.h"
#include "wipe/clock.h"
#include "wipe/file_io.h"

namespace wipeseal::app {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::string key_dir_of(const SigningRequest& s) { return s.key_dir.empty() ? default_key_dir() : s.key_dir; }

// Wipes a secret from memory once used.
struct Secret {
  std::string text;
  ~Secret() { OPENSSL_cleanse(text.data(), text.size()); }
};

}  // namespace

json CertificationRequest::to_json() const {
  json j = {{"register", register_path},
            {"out_dir", out_dir},
            {"key_dir", signing.key_dir},
            {"pkcs11_uri", signing.pkcs11_uri},
            {"pkcs11_module", signing.pkcs11_module},
            {"cert", signing.cert}};
  if (details) {
    j["details"] = certificates::details_to_json(*details);
  } else {
    j["details_file"] = details_file;
  }
  return j;
}

CertificationRequest CertificationRequest::from_json(const json& j) {
  CertificationRequest r;
  r.details_file = j.value("details_file", "");
  if (j.contains("details")) {
    if (auto d = certificates::details_from_json(j["details"])) r.details = std::move(*d);
  }
  r.register_path = j.value("register", "");
  r.out_dir = j.value("out_dir", "");
  r.signing.key_dir = j.value("key_dir", "");
  r.signing.pkcs11_uri = j.value("pkcs11_uri", "");
  r.signing.pkcs11_module = j.value("pkcs11_module", "");
  r.signing.cert = j.value("cert", "");
  return r;
}

Result<certificates::OfficeDetails> load_details(const std::string& path) {
  if (path.empty()) {
    return std::unexpected(make_error(ErrorCode::invalid_input,
                                      "the office's details are required (--details FILE, see docs/certificate.md)"));
  }
  auto text = read_file(path);
  if (!text) return std::unexpected(text.error());
  const json j = json::parse(*text, nullptr, false);
  if (j.is_discarded()) return std::unexpected(make_error(ErrorCode::invalid_input, "the details file is not valid JSON", path));
  auto details = certificates::details_from_json(j);
  if (!details) {
    Error e = details.error();
    e.device = path;
    return std::unexpected(e);
  }
  return details;
}

Result<certificates::Signer> load_signer(const SigningRequest& s, const SecretPrompt& ask) {
  const std::string dir = key_dir_of(s);
  if (!s.pkcs11_uri.empty()) {
    const std::string cert = s.cert.empty() ? (fs::path(dir) / "signer.pem").string() : s.cert;
    auto pin = ask(SecretKind::token_pin);
    if (!pin) return std::unexpected(pin.error());
    const Secret secret{std::move(*pin)};
    return certificates::Signer::from_pkcs11(s.pkcs11_uri, cert, secret.text, s.pkcs11_module);
  }
  const std::string cert = (fs::path(dir) / "signer.pem").string(), key = (fs::path(dir) / "signer.key").string();
  std::error_code ec;
  if (!fs::exists(key, ec) || !fs::exists(cert, ec)) {
    return std::unexpected(make_error(ErrorCode::not_found,
                                      "there is no signing key here; create one with 'wipeseal key init' or import one "
                                      "with 'wipeseal key import', or sign with a token (--pkcs11)",
                                      dir));
  }
  auto pass = ask(SecretKind::key_passphrase);
  if (!pass) return std::unexpected(pass.error());
  const Secret secret{std::move(*pass)};
  return certificates::Signer::from_key_files(cert, key, secret.text);
}

Certifier::Certifier(CertificationRequest request, certificates::OfficeDetails details, certificates::Signer signer,
                     certificates::Register reg, std::string out_dir, std::string ca_path)
    : request_(std::move(request)),
      details_(std::move(details)),
      signer_(std::move(signer)),
      register_(std::move(reg)),
      out_dir_(std::move(out_dir)),
      ca_path_(std::move(ca_path)) {}

Result<std::unique_ptr<Certifier>> Certifier::prepare(const CertificationRequest& request, const std::string& records_dir,
                                                      const SecretPrompt& ask) {
  certificates::OfficeDetails details;
  if (request.details) {
    details = *request.details;
  } else {
    auto loaded = load_details(request.details_file);
    if (!loaded) return std::unexpected(loaded.error());
    details = std::move(*loaded);
  }
  const std::string out_dir = absolute_path(request.out_dir.empty() ? records_dir : request.out_dir);
  if (auto s = prove_writable_folder(out_dir); !s) return std::unexpected(s.error());
  // A process killed while writing certificates left its temporary files: they were never the
  // certificate (that is renamed into place whole), so they go.
  (void)remove_stale_temporaries(out_dir);
  const std::string reg_path = absolute_path(request.register_path.empty() ? default_register_path() : request.register_path);
  if (auto s = prove_writable_folder(fs::path(reg_path).parent_path().string()); !s) return std::unexpected(s.error());
  auto signer = load_signer(request.signing, ask);
  if (!signer) return std::unexpected(signer.error());
  // Before anything is erased: a clock its signing certificate does not cover would only be
  // found when the biên bản is signed, hours later.
  if (auto s = signer->usable_at(std::chrono::system_clock::to_time_t(corrected_now())); !s) {
    return std::unexpected(s.error());
  }
  auto reg = certificates::Register::open(reg_path);
  if (!reg) return std::unexpected(reg.error());
  CertificationRequest kept = request;
  kept.register_path = reg_path;
  kept.out_dir = out_dir;
  kept.signing.key_dir = absolute_path(key_dir_of(request.signing));
  if (!kept.signing.cert.empty()) kept.signing.cert = absolute_path(kept.signing.cert);
  if (!kept.details_file.empty()) kept.details_file = absolute_path(kept.details_file);
  const std::string ca = ca_path_in(kept.signing.key_dir);
  return std::unique_ptr<Certifier>(
      new Certifier(std::move(kept), std::move(details), std::move(*signer), std::move(*reg), out_dir, ca));
}

Result<certificates::IssuedCertificate> Certifier::existing(const certificates::RegisterEntry& e) {
  auto cert = certificates::certificate_from_json(json::parse(e.json, nullptr, false));
  if (!cert) return std::unexpected(cert.error());
  certificates::IssuedCertificate out;
  out.cert = std::move(*cert);
  out.sha256 = e.sha256;
  out.json_path = (fs::path(out_dir_) / (e.id + ".json")).string();
  out.p7s_path = (fs::path(out_dir_) / (e.id + ".p7s")).string();
  out.pdf_path = (fs::path(out_dir_) / (e.id + ".pdf")).string();
  // A crash between the register's commit and the files being put in place: write them again.
  std::error_code ec;
  for (const auto& [path, bytes] : {std::pair{&out.json_path, &e.json}, std::pair{&out.p7s_path, &e.p7s}}) {
    if (fs::exists(*path, ec)) continue;
    if (auto s = write_file_durably(*path, *bytes, 0644, false); !s) return std::unexpected(s.error());
  }
  if (!fs::exists(out.pdf_path, ec)) {
    auto pdf = certificates::render_certificate_pdf(out.cert, e.json, e.p7s, signer_);
    if (!pdf) return std::unexpected(pdf.error());
    if (auto s = write_file_durably(out.pdf_path, *pdf, 0644, false); !s) return std::unexpected(s.error());
  }
  if (auto s = certificates::write_head(register_, signer_); !s) return std::unexpected(s.error());
  return out;
}

Result<certificates::IssuedCertificate> Certifier::issue(const std::vector<JobRecord>& records) {
  std::lock_guard lock(mu_);
  std::optional<certificates::RegisterEntry> found;
  std::string uncertified;
  for (const JobRecord& r : records) {
    auto e = register_.certificate_of(r.id);
    if (!e) return std::unexpected(e.error());
    if (!*e) {
      uncertified = r.id;
      continue;
    }
    if (found && found->id != (*e)->id) {
      return std::unexpected(make_error(ErrorCode::refused,
                                        fmt::format("these job records are already certified by two certificates "
                                                    "(numbers {} and {})",
                                                    found->sequence, (*e)->sequence),
                                        r.id));
    }
    found = std::move(*e);
  }
  if (found && !uncertified.empty()) {
    return std::unexpected(make_error(ErrorCode::refused,
                                      fmt::format("some of these job records are already certified (certificate {}); "
                                                  "certify the others on their own",
                                                  found->sequence),
                                      uncertified));
  }
  if (found) return existing(*found);
  return certificates::issue_certificate(records, details_, signer_, register_, out_dir_);
}

std::vector<std::vector<std::size_t>> group_by_computer(const std::vector<JobRecord>& records) {
  std::vector<std::vector<std::size_t>> groups;
  std::map<std::pair<std::string, std::string>, std::size_t> index;
  for (std::size_t i = 0; i < records.size(); ++i) {
    const auto key = std::pair{records[i].job_id, records[i].hostname};
    const auto [it, fresh] = index.emplace(key, groups.size());
    if (fresh) groups.emplace_back();
    groups[it->second].push_back(i);
  }
  return groups;
}

Result<certificates::IssuedCertificate> ComputerBatch::hand_in(const JobRecord& record, bool certify, std::size_t position) {
  std::unique_lock lock(mu_);
  seen_.insert(record.id);
  if (certify) records_.emplace_back(position, record);
  cv_.notify_all();
  cv_.wait(lock, [&] { return seen_.size() >= expected_; });
  if (!issuing_) {
    issuing_ = true;
    std::sort(records_.begin(), records_.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<JobRecord> batch;
    for (const auto& [at, r] : records_) batch.push_back(r);
    lock.unlock();
    auto issued = batch.empty() ? Result<certificates::IssuedCertificate>(std::unexpected(
                                      make_error(ErrorCode::invalid_input, "no disk of this computer can be certified")))
                                : certifier_.issue(batch);
    lock.lock();
    result_ = std::move(issued);
    cv_.notify_all();
  }
  cv_.wait(lock, [&] { return result_.has_value(); });
  return *result_;
}

void ComputerBatch::drop(const std::string& record_id) {
  std::lock_guard lock(mu_);
  if (seen_.insert(record_id).second) cv_.notify_all();
}

}  // namespace wipeseal::app
