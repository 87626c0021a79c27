#include "certificates/issuer.h"

#include <filesystem>
#include <set>

#include <fmt/format.h>

#include "certificates/canonical_json.h"
#include "certificates/pdf_file.h"
#include "certificates/pdf_signature.h"
#include "certificates/register_head.h"
#include "wipe/clock.h"
#include "wipe/file_io.h"
#include "wipe/hex.h"
#include "wipe/job.h"
#include "wipe/random_source.h"

namespace wipeseal::certificates {
namespace fs = std::filesystem;

namespace {

Status check_records(const std::vector<JobRecord>& records) {
  if (records.empty()) return std::unexpected(make_error(ErrorCode::invalid_input, "a certificate needs at least one job record"));
  std::set<std::string> seen;
  for (const JobRecord& r : records) {
    if (r.outcome == Outcome::aborted) {
      return std::unexpected(make_error(ErrorCode::invalid_input,
                                        "this erasure was stopped before the end; finish it with wipeseal resume, "
                                        "then certify the record resume writes",
                                        r.id));
    }
    if (!r.verification) {
      return std::unexpected(make_error(ErrorCode::invalid_input,
                                        "this erasure was not read back, so nothing proves it; verify the device "
                                        "(wipeseal erase --verify, or wipeseal verify) before certifying",
                                        r.id));
    }
    if (!seen.insert(r.id).second) {
      return std::unexpected(make_error(ErrorCode::invalid_input, "the same job record is listed twice", r.id));
    }
  }
  return {};
}

}  // namespace

Result<std::string> render_certificate_pdf(const Certificate& cert, const std::string& canonical_json,
                                           const std::string& p7s, const Signer& signer) {
  auto drawn = render_unsigned_pdf(cert, canonical_json, p7s);
  if (!drawn) return std::unexpected(drawn.error());
  return sign_pdf(*drawn, signer,
                  {now_timestamp(), "Bảo đảm toàn vẹn biên bản (chữ ký điện tử của phần mềm wipeseal)", cert.office.place});
}

Result<IssuedCertificate> issue_certificate(const std::vector<JobRecord>& records, const OfficeDetails& office,
                                            const Signer& signer, Register& reg, const std::string& out_dir) {
  if (auto s = check_records(records); !s) return std::unexpected(s.error());
  if (auto s = signer.usable_at(std::chrono::system_clock::to_time_t(corrected_now())); !s) {
    return std::unexpected(s.error());
  }
  std::error_code ec;
  fs::create_directories(out_dir, ec);
  if (ec) return std::unexpected(make_error(ErrorCode::io, "cannot create the certificate folder: " + ec.message(), out_dir));

  auto tx = reg.begin();
  if (!tx) return std::unexpected(tx.error());
  std::vector<std::string> ids;
  for (const JobRecord& r : records) ids.push_back(r.id);
  auto taken = tx->certified(ids);
  if (!taken) return std::unexpected(taken.error());
  if (!taken->empty()) {
    return std::unexpected(make_error(ErrorCode::refused,
                                      fmt::format("this job record is already certified (certificate {})",
                                                  taken->front().second),
                                      taken->front().first));
  }
  const std::string fp = signer.identity().fingerprint_sha256;
  auto next = tx->next_for(fp);
  if (!next) return std::unexpected(next.error());
  // A number is never issued twice: if the register lost its last entries, its signed head
  // still counts them.
  auto head = own_head(reg.path(), signer);
  if (!head) return std::unexpected(head.error());
  if (!*head && next->first > 1) {
    // Issuing now would write a new head that legitimises whatever happened to the old one (a
    // deleted tail, then its numbers issued again).
    return std::unexpected(make_error(
        ErrorCode::corrupt,
        fmt::format("this signer already has {} certificate(s) in the register, but its signed register head is "
                    "missing or not signed by this key ({}); numbers are never issued twice, so nothing is issued "
                    "until the head is restored from a copy of the data drive. Run 'wipeseal register verify'",
                    next->first - 1, heads_dir(reg.path())),
        reg.path()));
  }
  if (*head && (*head)->count >= next->first) {
    return std::unexpected(make_error(ErrorCode::corrupt,
                                      fmt::format("the register has lost certificates: its signed head counts {} "
                                                  "certificates, but it holds only {}; numbers are never issued twice. "
                                                  "Run 'wipeseal register verify' and restore the register from a copy",
                                                  (*head)->count, next->first - 1),
                                      reg.path()));
  }

  IssuedCertificate out;
  Certificate& c = out.cert;
  c.id = make_uuid(secure_random());
  c.sequence = next->first;
  c.previous_sha256 = next->second;
  c.issued_at = now_timestamp();
  c.number = fmt::format("{}/{}", c.sequence, office.record_symbol);
  c.office = office;
  c.signer = signer.identity();
  c.records = records;

  auto canonical = canonicalize(certificate_to_json(c));
  if (!canonical) return std::unexpected(canonical.error());
  auto p7s = signer.sign(*canonical, c.id);
  if (!p7s) return std::unexpected(p7s.error());
  out.sha256 = sha256_hex(*canonical);
  auto pdf = render_certificate_pdf(c, *canonical, *p7s, signer);
  if (!pdf) return std::unexpected(pdf.error());

  // Written and fsynced under temporary names; put in place only once the register has the entry.
  DurableBatch staged(out_dir);
  auto json_path = staged.add(c.id + ".json", *canonical);
  if (!json_path) return std::unexpected(json_path.error());
  auto p7s_path = staged.add(c.id + ".p7s", *p7s);
  if (!p7s_path) return std::unexpected(p7s_path.error());
  auto pdf_path = staged.add(c.id + ".pdf", *pdf);
  if (!pdf_path) return std::unexpected(pdf_path.error());

  const RegisterEntry entry{0,
                            fp,
                            c.sequence,
                            c.id,
                            ids,
                            out.sha256,
                            c.previous_sha256,
                            c.issued_at,
                            devices_summary(c),
                            judge_all(records, office.secrecy_level).code,
                            *canonical,
                            *p7s};
  if (auto s = tx->add(entry); !s) return std::unexpected(s.error());
  if (auto s = tx->commit(); !s) return std::unexpected(s.error());
  if (auto s = staged.publish(); !s) {
    Error e = s.error();
    e.message = "the certificate is registered but its files could not be put in place (" + e.message +
                "); recover them with 'wipeseal register export'";
    return std::unexpected(e);
  }
  if (auto s = write_head(reg, signer); !s) {
    Error e = s.error();
    e.message = fmt::format("certificate {} is issued and its files are in place, but the register's signed head could "
                            "not be written ({}); fix the register's folder, then run 'wipeseal cert issue' with this job's "
                            "records: it gives the same certificate back and writes the head",
                            c.number, e.message);
    return std::unexpected(e);
  }
  out.json_path = *json_path;
  out.p7s_path = *p7s_path;
  out.pdf_path = *pdf_path;
  return out;
}

std::string openssl_verify_command(const std::string& json_path, const std::string& p7s_path, const std::string& ca_pem) {
  return fmt::format("openssl cms -verify -binary -inform DER -in '{}' -content '{}' -CAfile '{}' -out /dev/null",
                     p7s_path, json_path, ca_pem);
}

}  // namespace wipeseal::certificates
