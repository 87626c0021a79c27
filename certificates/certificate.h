// The certificate (biên bản): the job records of one computer's disks plus what the office
// supplies (details.h), the verdicts derived from them, and its place in the signer's register
// chain. One biên bản covers one computer: each disk is a row of its device table. Field list and
// legal context: ../shared/reference/vietnam-records.md. The document records data erasure
// before repurposing; it never claims to be the destruction record of Art. 23.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "certificates/details.h"
#include "wipe/error.h"
#include "wipe/job_record.h"

namespace wipeseal::certificates {

// Version 2: several records per certificate ("records"), the verdict of each ("devices").
inline constexpr const char* kCertificateSchema = "wipeseal.certificate/2";

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
// The verdict of a whole biên bản: the worst of its disks' (failed, then passed with exceptions,
// then passed); physical destruction is recommended if it is for any disk, for the gravest reason.
Verdict judge_all(const std::vector<JobRecord>& records, SecrecyLevel level);

struct SignerIdentity {
  std::string subject;             // of the signing certificate
  std::string fingerprint_sha256;  // of its DER encoding, hex
};

struct Certificate {
  std::string id;                  // its own UUID; the files are <id>.json, <id>.p7s, <id>.pdf
  std::uint64_t sequence = 0;      // 1, 2, ... in the signer's register
  std::string previous_sha256;     // of the signer's previous certificate; empty for the first
  std::string issued_at;           // by the issuing computer's clock (there is no time-stamp authority)
  std::string number;              // "12/BB-VP"
  OfficeDetails office;
  SignerIdentity signer;
  std::vector<JobRecord> records;  // the computer's disks, in the order of the device table
};

// The ids of its records, in order.
std::vector<std::string> record_ids(const Certificate& c);
// One disk as the register names it: "Samsung SSD 870 EVO S/N S6PN..." (model, else the device
// name; the serial when known).
std::string device_summary(const DeviceInfo& d);
// Every disk of the certificate: the summaries joined by "; ".
std::string devices_summary(const Certificate& c);

// The document that is canonicalised and signed; the verdicts are derived here, never supplied.
nlohmann::json certificate_to_json(const Certificate& c);
Result<Certificate> certificate_from_json(const nlohmann::json& j);

// The UUID form the issuer writes (8-4-4-4-12 lower-case hex): the only ids that may name a file.
// Inline: the PDF reader (pdf_read.cpp) uses it without the rest of the certificate model.
inline bool is_certificate_id(std::string_view id) {
  if (id.size() != 36) return false;
  for (std::size_t i = 0; i < id.size(); ++i) {
    const char c = id[i];
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (c != '-') return false;
    } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
      return false;
    }
  }
  return true;
}

// The statement that this is not a destruction record, in both languages.
std::string disclaimer_vi();
std::string disclaimer_en();

}  // namespace wipeseal::certificates
