#include "certificates/details.h"

#include <array>
#include <optional>

#include <fmt/format.h>

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

std::vector<std::string> default_recipients() { return {"Đơn vị quản lý thiết bị", "Lưu: VT, hồ sơ tiêu hủy"}; }

std::vector<std::string> basis_lines(const OfficeDetails& d) {
  if (d.basis.empty()) {
    return {"Căn cứ Luật Bảo vệ bí mật nhà nước số 117/2025/QH15 ngày 10 tháng 12 năm 2025;",
            "Căn cứ quy định về bảo vệ bí mật nhà nước của cơ quan, đơn vị;"};
  }
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= d.basis.size()) {
    const std::size_t end = std::min(d.basis.find('\n', start), d.basis.size());
    std::string line = d.basis.substr(start, end - start);
    while (!line.empty() && line.front() == ' ') line.erase(line.begin());
    while (!line.empty() && line.back() == ' ') line.pop_back();
    if (!line.empty()) {
      // "Căn cứ" and "căn cứ" (the line may start in lower case).
      const bool cites = line.starts_with("Căn cứ") || line.starts_with("căn cứ");
      out.push_back(cites ? line : "Căn cứ " + line);
    }
    start = end + 1;
  }
  return out;
}

std::size_t max_length(std::string_view field) {
  if (field == "record_symbol") return 30;
  if (field == "asset_number" || field == "host_serial") return 64;
  if (field == "place" || field == "name" || field == "title") return 100;
  if (field == "parent_body" || field == "issuing_body" || field == "recipient") return 200;
  if (field == "destination") return 300;
  if (field == "basis") return 2000;
  if (field == "notes") return 4000;
  return 200;
}

bool printable_code_point(char32_t c) {
  // The ranges Liberation Serif (fonts-liberation2) covers in every style that an office's text
  // needs: ASCII, Latin-1, Latin Extended-A/B, combining diacritics (decomposed Vietnamese),
  // Latin Extended Additional (precomposed Vietnamese), dashes, quotes, ellipsis, ₫, €, №.
  // tests/certificates checks each against the installed font.
  static constexpr std::array<std::pair<char32_t, char32_t>, 15> ranges = {{
      {0x20, 0x7E},
      {0xA0, 0x24F},
      {0x300, 0x36F},
      {0x1E00, 0x1E9B},
      {0x1E9E, 0x1E9E},
      {0x1EA0, 0x1EF9},
      {0x2010, 0x2010},
      {0x2012, 0x2022},
      {0x2026, 0x2026},
      {0x2030, 0x2030},
      {0x2032, 0x2033},
      {0x2039, 0x203A},
      {0x20AB, 0x20AC},
      {0x2116, 0x2116},
      {0x2122, 0x2122},
  }};
  for (const auto& [low, high] : ranges) {
    if (c >= low && c <= high) return true;
  }
  return false;
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

// The next code point of UTF-8 text at `i` (advancing it), or nullopt for an invalid sequence.
std::optional<char32_t> next_code_point(const std::string& s, std::size_t& i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char b = byte(i);
  int extra = 0;
  char32_t c = 0;
  if (b < 0x80) {
    c = b;
  } else if ((b & 0xE0) == 0xC0) {
    extra = 1, c = b & 0x1F;
  } else if ((b & 0xF0) == 0xE0) {
    extra = 2, c = b & 0x0F;
  } else if ((b & 0xF8) == 0xF0) {
    extra = 3, c = b & 0x07;
  } else {
    return std::nullopt;
  }
  for (int k = 1; k <= extra; ++k) {
    if (i + static_cast<std::size_t>(k) >= s.size() || (byte(i + static_cast<std::size_t>(k)) & 0xC0) != 0x80) {
      return std::nullopt;
    }
    c = (c << 6) | (byte(i + static_cast<std::size_t>(k)) & 0x3F);
  }
  i += static_cast<std::size_t>(extra) + 1;
  return c;
}

// Length, control characters and characters the font cannot print, for one value.
void check_text(const std::string& field, const std::string& limit_name, const std::string& value, bool lines_allowed,
                std::vector<DetailProblem>& problems) {
  std::size_t count = 0;
  for (std::size_t i = 0; i < value.size();) {
    const std::size_t at = i;
    const auto c = next_code_point(value, i);
    if (!c) {
      problems.push_back({field, "unprintable_character", fmt::format("'{}' is not valid UTF-8 text", field)});
      return;
    }
    ++count;
    if (*c == '\n' && lines_allowed) continue;
    if (*c < 0x20 || (*c >= 0x7F && *c <= 0x9F)) {
      problems.push_back({field, "control_character",
                          fmt::format("'{}' contains a control character (U+{:04X}) at character {}; remove it{}", field,
                                      static_cast<std::uint32_t>(*c), count,
                                      lines_allowed ? " (line breaks are allowed)" : "")});
      return;
    }
    if (!printable_code_point(*c)) {
      problems.push_back({field, "unprintable_character",
                          fmt::format("'{}' contains '{}' (U+{:04X}), which the document's font cannot print; use "
                                      "Vietnamese or Latin letters, digits and punctuation",
                                      field, value.substr(at, i - at), static_cast<std::uint32_t>(*c))});
      return;
    }
  }
  if (count > max_length(limit_name)) {
    problems.push_back({field, "too_long",
                        fmt::format("'{}' has {} characters; at most {} are accepted", field, count,
                                    max_length(limit_name))});
  }
}

// Reads the details, noting every problem by field: what the CLI prints in one line and the
// wizard shows beside each field.
OfficeDetails read_details(const json& j, std::vector<DetailProblem>& problems) {
  OfficeDetails d;
  auto text = [&](const char* key, std::string& out, bool required, bool lines_allowed = false) {
    if (!j.contains(key) || j[key].is_null() || (j[key].is_string() && j[key].get<std::string>().empty())) {
      if (required) problems.push_back({key, "missing", fmt::format("'{}' is missing", key)});
      return;
    }
    if (!j[key].is_string()) {
      problems.push_back({key, "not_text", fmt::format("'{}' must be text", key)});
      return;
    }
    out = j[key].get<std::string>();
    check_text(key, key, out, lines_allowed, problems);
  };
  text("parent_body", d.parent_body, false);
  text("issuing_body", d.issuing_body, true);
  text("record_symbol", d.record_symbol, true);
  text("place", d.place, true);
  text("asset_number", d.asset_number, true);
  text("host_serial", d.host_serial, false);
  text("destination", d.destination, true);
  text("basis", d.basis, false, true);
  text("notes", d.notes, false, true);
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
  if (j.contains("copies") && !j["copies"].is_null()) {
    if (!j["copies"].is_number_integer() || j["copies"].get<int>() < 1 || j["copies"].get<int>() > 9) {
      problems.push_back({"copies", "invalid_choice", "'copies' must be a number of copies from 1 to 9"});
    } else {
      d.copies = j["copies"].get<int>();
    }
  }
  const json participants = j.value("participants", json::array());
  if (!participants.is_array() || participants.empty()) {
    problems.push_back({"participants", "missing", "'participants' must list at least one person (name, title, role)"});
  } else if (participants.size() > 12) {
    problems.push_back({"participants", "too_long", "'participants' lists more than 12 people"});
  } else {
    bool has_performer = false;
    for (std::size_t i = 0; i < participants.size(); ++i) {
      const json& p = participants[i];
      Participant person;
      const auto member = [&](const char* key) {
        return p.is_object() && p.contains(key) && p[key].is_string() ? p[key].get<std::string>() : std::string();
      };
      person.name = member("name");
      person.title = member("title");
      const std::string role = member("role");
      const auto r = parse_enum(role, kRoles, role_code);
      const std::string field = r ? fmt::format("participants.{}", role) : fmt::format("participants.{}", i + 1);
      if (person.name.empty()) problems.push_back({field, "missing", fmt::format("participant {} has no 'name'", i + 1)});
      check_text(field, "name", person.name, false, problems);
      check_text(field, "title", person.title, false, problems);
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
  const json recipients = j.value("recipients", json::array());
  for (const auto& r : recipients.is_array() ? recipients : json::array()) {
    if (!r.is_string() || r.get<std::string>().empty()) continue;
    d.recipients.push_back(r.get<std::string>());
  }
  // The default of earlier versions, kept in saved office setups: read as "none given".
  if (d.recipients == std::vector<std::string>{"Như trên", "Lưu: VT"}) d.recipients.clear();
  if (d.recipients.size() > 10) problems.push_back({"recipients", "too_long", "'recipients' lists more than 10 entries"});
  for (const std::string& r : d.recipients) {
    check_text("recipients", "recipient", r, false, problems);
    if (r == "Như trên" || r == "Như trên;") {
      problems.push_back({"recipients", "not_a_recipient",
                          "'Như trên' refers to the 'Kính gửi' line of a letter; a biên bản has none, so name the "
                          "recipients"});
    }
  }
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
          {"recipients", d.recipients},       {"copies", d.copies}};
}

}  // namespace wipeseal::certificates
