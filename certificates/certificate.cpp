#include "certificates/certificate.h"

#include <fmt/format.h>

#include "words/catalogue.h"

namespace wipeseal::certificates {

using nlohmann::json;

std::string disclaimer_vi() {
  return "Biên bản này ghi nhận việc xóa dữ liệu, loại bỏ bí mật nhà nước trên thiết bị lưu trữ; thiết bị vẫn sử "
         "dụng được. Đây không phải là biên bản tiêu hủy tài liệu, vật chứa bí mật nhà nước theo Điều 23 Luật Bảo vệ "
         "bí mật nhà nước.";
}

std::string disclaimer_en() {
  return "This record certifies that data, including state secrets, was erased from storage devices that remain "
         "usable. It is not a record of the destruction of documents or carriers of state secrets under Article 23 "
         "of the Law on Protection of State Secrets.";
}

namespace {

void fill_words(Verdict& v) {
  v.vi = words::verdict_label(v.code, words::Lang::vi).toStdString();
  v.en = words::verdict_label(v.code, words::Lang::en).toStdString();
  if (v.destroy) {
    v.destroy_reason_vi = words::destruction_reason(v.destroy_why, words::Lang::vi).toStdString();
    v.destroy_reason_en = words::destruction_reason(v.destroy_why, words::Lang::en).toStdString();
  } else {
    v.destroy_why.clear();
    v.destroy_reason_vi.clear();
    v.destroy_reason_en.clear();
  }
}

int severity(const std::string& code) { return code == "failed" ? 2 : code == "passed_with_exceptions" ? 1 : 0; }
int gravity(const std::string& why) { return why == "failed" ? 3 : why == "exceptions" ? 2 : why.empty() ? 0 : 1; }

json verdict_json(const Verdict& v) {
  return {{"code", v.code},
          {"vi", v.vi},
          {"en", v.en},
          {"physical_destruction_recommended", v.destroy},
          {"reason_vi", v.destroy_reason_vi},
          {"reason_en", v.destroy_reason_en}};
}

}  // namespace

Verdict judge(const JobRecord& r, SecrecyLevel level) {
  Verdict v;
  const bool verified = r.verification && r.verification->outcome != VerificationOutcome::failed;
  if (r.outcome == Outcome::erased && verified && r.verification->outcome == VerificationOutcome::passed) {
    v.code = "passed";
  } else if ((r.outcome == Outcome::erased || r.outcome == Outcome::erased_with_exceptions) && verified) {
    v.code = "passed_with_exceptions";
    v.destroy = true;
    v.destroy_why = "exceptions";
  } else {
    v.code = "failed";
    v.destroy = true;
    v.destroy_why = "failed";
  }
  // USB sticks and memory cards cannot be purged by firmware: overwriting (Clear) may miss
  // remapped flash (NIST SP 800-88 Rev. 1 Table A-8). For Tuyệt mật media, destroy them.
  const bool clear_only_media = r.device.transport == Transport::usb || r.device.transport == Transport::mmc;
  if (level == SecrecyLevel::tuyet_mat && clear_only_media && !v.destroy) {
    v.destroy = true;
    v.destroy_why = "clear_only_top_secret";
  }
  fill_words(v);
  return v;
}

Verdict judge_all(const std::vector<JobRecord>& records, SecrecyLevel level) {
  Verdict all;
  all.code = records.empty() ? "failed" : "passed";
  if (records.empty()) {
    all.destroy = true;
    all.destroy_why = "failed";
  }
  for (const JobRecord& r : records) {
    const Verdict v = judge(r, level);
    if (severity(v.code) > severity(all.code)) all.code = v.code;
    if (v.destroy && gravity(v.destroy_why) > gravity(all.destroy_why)) {
      all.destroy = true;
      all.destroy_why = v.destroy_why;
    }
  }
  fill_words(all);
  return all;
}

std::vector<std::string> record_ids(const Certificate& c) {
  std::vector<std::string> ids;
  for (const JobRecord& r : c.records) ids.push_back(r.id);
  return ids;
}

std::string device_summary(const DeviceInfo& d) {
  std::string model = d.model.empty() ? d.name : (d.vendor.empty() || d.model.starts_with(d.vendor) ? "" : d.vendor + " ") + d.model;
  if (model.empty()) model = d.path;
  return d.serial.empty() ? model : model + " S/N " + d.serial;
}

std::string devices_summary(const Certificate& c) {
  std::string out;
  for (const JobRecord& r : c.records) out += (out.empty() ? "" : "; ") + device_summary(r.device);
  return out;
}

json certificate_to_json(const Certificate& c) {
  json devices = json::array(), records = json::array();
  for (const JobRecord& r : c.records) {
    devices.push_back({{"record_id", r.id}, {"verdict", verdict_json(judge(r, c.office.secrecy_level))}});
    records.push_back(record_to_json(r));
  }
  return {{"schema", kCertificateSchema},
          {"id", c.id},
          {"sequence", c.sequence},
          {"previous_sha256", c.previous_sha256},
          {"issued_at", c.issued_at},
          {"time_source", "local_clock"},
          {"number", c.number},
          {"office", details_to_json(c.office)},
          {"verdict", verdict_json(judge_all(c.records, c.office.secrecy_level))},
          {"devices", devices},
          {"disclaimer", {{"vi", disclaimer_vi()}, {"en", disclaimer_en()}}},
          {"signer", {{"subject", c.signer.subject}, {"fingerprint_sha256", c.signer.fingerprint_sha256}}},
          {"records", records}};
}

Result<Certificate> certificate_from_json(const json& j) {
  try {
    if (!j.is_object() || j.value("schema", "") != kCertificateSchema) {
      return std::unexpected(make_error(ErrorCode::corrupt, fmt::format("not a wipeseal certificate (schema '{}')",
                                                                        j.is_object() ? j.value("schema", "") : "")));
    }
    Certificate c;
    c.id = j.at("id").get<std::string>();
    c.sequence = j.at("sequence").get<std::uint64_t>();
    c.previous_sha256 = j.at("previous_sha256").get<std::string>();
    c.issued_at = j.at("issued_at").get<std::string>();
    c.number = j.at("number").get<std::string>();
    auto office = details_from_json(j.at("office"));
    if (!office) return std::unexpected(office.error());
    c.office = std::move(*office);
    c.signer = {j.at("signer").value("subject", ""), j.at("signer").value("fingerprint_sha256", "")};
    for (const json& r : j.at("records")) {
      auto record = record_from_json(r);
      if (!record) return std::unexpected(record.error());
      c.records.push_back(std::move(*record));
    }
    if (c.records.empty()) return std::unexpected(make_error(ErrorCode::corrupt, "the certificate lists no device"));
    return c;
  } catch (const json::exception& e) {
    return std::unexpected(make_error(ErrorCode::corrupt, fmt::format("malformed certificate: {}", e.what())));
  }
}

}  // namespace wipeseal::certificates
