// The certificate (biên bản): the job record of one device plus what the office supplies, the
// verdict and recommendation derived from them, and its place in the signer's register chain.
// Field list and legal context: ../shared/reference/vietnam-records.md. The document records
// data erasure before repurposing; it never claims to be the destruction record of Art. 23.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "wipe/error.h"
#include "wipe/job_record.h"

namespace wipeseal::certificates {

inline constexpr const char* kCertificateSchema = "wipeseal.certificate/1";

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
  SecrecyLevel secrecy_level = SecrecyLevel::mat;  // the highest level the device ever held (declared)
  std::string asset_number;
  std::string host_serial;          // the computer the disk came from
  std::vector<Participant> participants;
  std::string destination;          // where the device goes next
  std::string basis;                // căn cứ (optional)
  std::string notes;                // optional
  std::vector<std::string> recipients;  // nơi nhận; default "Như trên", "Lưu: VT"
};

// Reads and checks the office's details. Every missing or unknown field is named in the error
// (e.g. "details: 'issuing_body' is missing; 'reason' must be one of ..."), so nothing is issued
// half-filled.
Result<OfficeDetails> details_from_json(const nlohmann::json& j);

// The same checks, one per problem, for a form to show beside each field. `field` is the JSON
// key ("issuing_body") or "participants.<role>"; `code` is "missing", "not_text" or
// "invalid_choice"; `message` is the English sentence details_from_json uses.
struct DetailProblem {
  std::string field;
  std::string code;
  std::string message;
};
std::vector<DetailProblem> detail_problems(const nlohmann::json& j);
nlohmann::json details_to_json(const OfficeDetails& d);

struct Verdict {
  std::string code;   // "passed", "passed_with_exceptions", "failed"
  std::string vi;     // "ĐẠT", "ĐẠT CÓ NGOẠI LỆ", "KHÔNG ĐẠT" (from the catalogue)
  std::string en;
  bool destroy = false;              // physical destruction recommended
  std::string destroy_why;           // "exceptions", "failed", "clear_only_top_secret" (catalogue code)
  std::string destroy_reason_vi;
  std::string destroy_reason_en;
};

// The verdict of a record for the declared secrecy level (pure). Only a verified erasure passes.
Verdict judge(const JobRecord& record, SecrecyLevel level);

struct SignerIdentity {
  std::string subject;             // of the signing certificate
  std::string fingerprint_sha256;  // of its DER encoding, hex
};

struct Certificate {
  std::string id;                  // its own UUID; the files are <id>.json, <id>.p7s, <id>.pdf
  std::uint64_t sequence = 0;      // 1, 2, ... in the signer's register
  std::string previous_sha256;     // of the signer's previous certificate; empty for the first
  std::string issued_at;
  std::string number;              // "12/BB-VP"
  OfficeDetails office;
  SignerIdentity signer;
  JobRecord record;
};

// The document that is canonicalised and signed; the verdict is derived here, never supplied.
nlohmann::json certificate_to_json(const Certificate& c);
Result<Certificate> certificate_from_json(const nlohmann::json& j);

// The statement that this is not a destruction record, in both languages.
std::string disclaimer_vi();
std::string disclaimer_en();

}  // namespace wipeseal::certificates
