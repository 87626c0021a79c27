#include "certificates/certificate.h"

#include <fmt/format.h>

#include "words/catalogue.h"

namespace wipeseal::certificates {

using nlohmann::json;

const char* reason_code(Reason r) {
  switch (r) {
    case Reason::repurpose: return "repurpose";
    case Reason::repair: return "repair";
    case Reason::network: return "network";
    case Reason::disposal: return "disposal";
    case Reason::transfer: return "transfer";
  }
  return "repurpose";
}

const char* secrecy_code(SecrecyLevel s) {
  switch (s) {
    case SecrecyLevel::mat: return "mat";
    case SecrecyLevel::toi_mat: return "toi_mat";
    case SecrecyLevel::tuyet_mat: return "tuyet_mat";
  }
  return "mat";
}

const char* role_code(Role r) {
  switch (r) {
    case Role::performer: return "performer";
    case Role::custodian: return "custodian";
    case Role::head: return "head";
  }
  return "performer";
}

std::string disclaimer_vi() {
  return "Biên bản này ghi nhận việc xóa dữ liệu, loại bỏ bí mật nhà nước trên thiết bị lưu trữ; thiết bị vẫn sử "
         "dụng được. Đây không phải là biên bản tiêu hủy tài liệu, vật chứa bí mật nhà nước theo Điều 23 Luật Bảo vệ "
         "bí mật nhà nước.";
}

std::string disclaimer_en() {
  return "This record certifies that data, including state secrets, was erased from a storage device that remains "
         "usable. It is not a record of the destruction of documents or carriers of state secrets under Article 23 "
         "of the Law on Protection of State Secrets.";
}

namespace {

template <class E, std::size_t N>
std::optional<E> parse_enum(const std::string& text, const std::array<E, N>& values, const char* (*code)(E)) {
  for (E v : values) {
    if (text == code(v)) return v;
  }
  return std::nullopt;
}

constexpr std::array kReasons = {Reason::repurpose, Reason::repair, Reason::network, Reason::disposal, Reason::transfer};
constexpr std::array kLevels = {SecrecyLevel::mat, SecrecyLevel::toi_mat, SecrecyLevel::tuyet_mat};
constexpr std::array kRoles = {Role::performer, Role::custodian, Role::head};

}  // namespace

namespace {

// Reads the details, noting every problem by field: what the CLI prints in one line and the
// wizard shows beside each field.
OfficeDetails read_details(const json& j, std::vector<DetailProblem>& problems) {
  OfficeDetails d;
  auto text = [&](const char* key, std::string& out, bool required) {
    if (!j.contains(key) || j[key].is_null() || (j[key].is_string() && j[key].get<std::string>().empty())) {
      if (required) problems.push_back({key, "missing", fmt::format("'{}' is missing", key)});
      return;
    }
    if (!j[key].is_string()) {
      problems.push_back({key, "not_text", fmt::format("'{}' must be text", key)});
      return;
    }
    out = j[key].get<std::string>();
  };
  text("parent_body", d.parent_body, false);
  text("issuing_body", d.issuing_body, true);
  text("record_symbol", d.record_symbol, true);
  text("place", d.place, true);
  text("asset_number", d.asset_number, true);
  text("host_serial", d.host_serial, false);
  text("destination", d.destination, true);
  text("basis", d.basis, false);
  text("notes", d.notes, false);
  std::string reason, level;
  text("reason", reason, true);
  text("secrecy_level", level, true);
  if (!reason.empty()) {
    if (auto r = parse_enum(reason, kReasons, reason_code)) {
      d.reason = *r;
    } else {
      problems.push_back({"reason", "invalid_choice", "'reason' must be one of repurpose, repair, network, disposal, transfer"});
    }
  }
  if (!level.empty()) {
    if (auto l = parse_enum(level, kLevels, secrecy_code)) {
      d.secrecy_level = *l;
    } else {
      problems.push_back({"secrecy_level", "invalid_choice", "'secrecy_level' must be one of mat, toi_mat, tuyet_mat"});
    }
  }
  const json participants = j.value("participants", json::array());
  if (!participants.is_array() || participants.empty()) {
    problems.push_back({"participants", "missing", "'participants' must list at least one person (name, title, role)"});
  } else {
    bool has_performer = false;
    for (std::size_t i = 0; i < participants.size(); ++i) {
      const json& p = participants[i];
      Participant person;
      person.name = p.is_object() ? p.value("name", "") : "";
      person.title = p.is_object() ? p.value("title", "") : "";
      const std::string role = p.is_object() ? p.value("role", "") : "";
      const auto r = parse_enum(role, kRoles, role_code);
      const std::string field = r ? fmt::format("participants.{}", role) : fmt::format("participants.{}", i + 1);
      if (person.name.empty()) problems.push_back({field, "missing", fmt::format("participant {} has no 'name'", i + 1)});
      if (r) {
        person.role = *r;
        has_performer = has_performer || *r == Role::performer;
      } else {
        problems.push_back(
            {field, "invalid_choice", fmt::format("participant {} needs 'role': performer, custodian or head", i + 1)});
      }
      d.participants.push_back(std::move(person));
    }
    if (!has_performer) {
      problems.push_back({"participants.performer", "missing",
                          "'participants' must include the person who performed the erasure (role performer)"});
    }
  }
  for (const auto& r : j.value("recipients", json::array())) {
    if (r.is_string()) d.recipients.push_back(r.get<std::string>());
  }
  if (d.recipients.empty()) d.recipients = {"Như trên", "Lưu: VT"};
  return d;
}

}  // namespace

std::vector<DetailProblem> detail_problems(const json& j) {
  if (!j.is_object()) return {{"", "not_text", "details: expected a JSON object"}};
  std::vector<DetailProblem> problems;
  (void)read_details(j, problems);
  return problems;
}

Result<OfficeDetails> details_from_json(const json& j) {
  if (!j.is_object()) return std::unexpected(make_error(ErrorCode::invalid_input, "details: expected a JSON object"));
  std::vector<DetailProblem> problems;
  OfficeDetails d = read_details(j, problems);
  if (!problems.empty()) {
    std::string all;
    for (const auto& p : problems) all += (all.empty() ? "" : "; ") + p.message;
    return std::unexpected(make_error(ErrorCode::invalid_input, "office details: " + all));
  }
  return d;
}

json details_to_json(const OfficeDetails& d) {
  json people = json::array();
  for (const auto& p : d.participants) people.push_back({{"name", p.name}, {"title", p.title}, {"role", role_code(p.role)}});
  return {{"parent_body", d.parent_body},   {"issuing_body", d.issuing_body},
          {"record_symbol", d.record_symbol}, {"place", d.place},
          {"reason", reason_code(d.reason)},  {"secrecy_level", secrecy_code(d.secrecy_level)},
          {"asset_number", d.asset_number},   {"host_serial", d.host_serial},
          {"participants", people},           {"destination", d.destination},
          {"basis", d.basis},                 {"notes", d.notes},
          {"recipients", d.recipients}};
}

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
  v.vi = words::verdict_label(v.code, words::Lang::vi).toStdString();
  v.en = words::verdict_label(v.code, words::Lang::en).toStdString();
  if (v.destroy) {
    v.destroy_reason_vi = words::destruction_reason(v.destroy_why, words::Lang::vi).toStdString();
    v.destroy_reason_en = words::destruction_reason(v.destroy_why, words::Lang::en).toStdString();
  }
  return v;
}

json certificate_to_json(const Certificate& c) {
  const Verdict v = judge(c.record, c.office.secrecy_level);
  return {{"schema", kCertificateSchema},
          {"id", c.id},
          {"record_id", c.record.id},
          {"sequence", c.sequence},
          {"previous_sha256", c.previous_sha256},
          {"issued_at", c.issued_at},
          {"number", c.number},
          {"office", details_to_json(c.office)},
          {"verdict",
           {{"code", v.code},
            {"vi", v.vi},
            {"en", v.en},
            {"physical_destruction_recommended", v.destroy},
            {"reason_vi", v.destroy_reason_vi},
            {"reason_en", v.destroy_reason_en}}},
          {"disclaimer", {{"vi", disclaimer_vi()}, {"en", disclaimer_en()}}},
          {"signer", {{"subject", c.signer.subject}, {"fingerprint_sha256", c.signer.fingerprint_sha256}}},
          {"record", record_to_json(c.record)}};
}

Result<Certificate> certificate_from_json(const json& j) {
  try {
    if (j.value("schema", "") != kCertificateSchema) {
      return std::unexpected(make_error(ErrorCode::corrupt, fmt::format("not a wipeseal certificate (schema '{}')",
                                                                        j.value("schema", ""))));
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
    auto record = record_from_json(j.at("record"));
    if (!record) return std::unexpected(record.error());
    c.record = std::move(*record);
    return c;
  } catch (const json::exception& e) {
    return std::unexpected(make_error(ErrorCode::corrupt, fmt::format("malformed certificate: {}", e.what())));
  }
}

}  // namespace wipeseal::certificates
