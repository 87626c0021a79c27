// What the office supplies for a biên bản: who makes it, why, for which computer, who takes part.
// Read from JSON (the CLI's --details file, the wizard's form) and checked field by field before
// anything is erased: required fields, choices, lengths, and characters the document can print
// (Liberation Serif, Vietnamese included; no control characters, emoji or other scripts).
// Field list and legal context: ../shared/reference/vietnam-records.md.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "wipe/error.h"

namespace wipeseal::certificates {

enum class Reason { repurpose, repair, network, disposal, transfer };
enum class SecrecyLevel { mat, toi_mat, tuyet_mat };
enum class Role { performer, custodian, head };

const char* reason_code(Reason r);
const char* secrecy_code(SecrecyLevel s);
const char* role_code(Role r);
// Their words, in Vietnamese and English, are in the catalogue (words/catalogue.h), by code.

struct Participant {
  std::string name;
  std::string title;  // chức vụ
  Role role = Role::performer;
};

struct OfficeDetails {
  std::string parent_body;          // cơ quan chủ quản, may be empty for a top-level body
  std::string issuing_body;         // cơ quan, đơn vị lập biên bản
  std::string record_symbol;        // ký hiệu: "BB-VP" gives "Số: 12/BB-VP"
  std::string place;                // địa danh: "Hưng Yên"
  Reason reason = Reason::repurpose;
  SecrecyLevel secrecy_level = SecrecyLevel::mat;  // the highest level the disks ever held (declared)
  std::string asset_number;         // mã tài sản of the computer whose disks are erased
  std::string host_serial;          // its serial number (optional)
  std::vector<Participant> participants;
  std::string destination;          // where the computer goes next
  std::string basis;                // căn cứ, one per line (optional; default: the Law and the unit's rules)
  std::string notes;                // optional; may have several lines
  std::vector<std::string> recipients;  // nơi nhận; empty: default_recipients()
  int copies = 2;                   // "Biên bản được lập thành 02 bản"
};

// The nơi nhận printed when none is given. A biên bản has no "Kính gửi", so no "Như trên".
std::vector<std::string> default_recipients();
// Each line of the basis as printed: "Căn cứ ..." (added when the line does not say it).
std::vector<std::string> basis_lines(const OfficeDetails& d);

// The longest value accepted per field, in characters (documented in docs/certificate.md). A
// value is never cut when printed; it is refused here instead.
std::size_t max_length(std::string_view field);

// Whether the document's font prints this code point (Liberation Serif: Latin with Vietnamese,
// the usual punctuation). Control characters are not printable.
bool printable_code_point(char32_t c);

// Reads and checks the office's details. Every problem is named in the error
// (e.g. "details: 'issuing_body' is missing; 'reason' must be one of ..."), so nothing is issued
// half-filled.
Result<OfficeDetails> details_from_json(const nlohmann::json& j);

// The same checks, one per problem, for a form to show beside each field. `field` is the JSON
// key ("issuing_body"), "participants.<role>" or "recipients"; `code` is "missing", "not_text",
// "invalid_choice", "too_long", "control_character", "unprintable_character" or
// "not_a_recipient"; `message` is the English sentence details_from_json uses.
struct DetailProblem {
  std::string field;
  std::string code;
  std::string message;
};
std::vector<DetailProblem> detail_problems(const nlohmann::json& j);
nlohmann::json details_to_json(const OfficeDetails& d);

}  // namespace wipeseal::certificates
