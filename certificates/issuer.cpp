#include "certificates/issuer.h"

#include <cerrno>
#include <filesystem>

#include <fmt/format.h>

#include "certificates/canonical_json.h"
#include "certificates/pdf.h"
#include "wipe/clock.h"
#include "wipe/file_io.h"
#include "wipe/hex.h"
#include "wipe/job.h"
#include "wipe/random_source.h"

namespace wipeseal::certificates {
namespace fs = std::filesystem;


Result<IssuedCertificate> issue_certificate(const JobRecord& record, const OfficeDetails& office, const Signer& signer,
                                            Register& reg, const std::string& out_dir) {
  if (!record.verification) {
    return std::unexpected(make_error(ErrorCode::invalid_input,
                                      "this erasure was not read back, so nothing proves it; verify the device "
                                      "(wipeseal erase --verify, or wipeseal verify) before certifying",
                                      record.id));
  }
  std::error_code ec;
  fs::create_directories(out_dir, ec);
  if (ec) return std::unexpected(make_error(ErrorCode::io, "cannot create the certificate folder: " + ec.message(), out_dir));

  auto tx = reg.begin();
  if (!tx) return std::unexpected(tx.error());
  auto existing = tx->find_record(record.id);
  if (!existing) return std::unexpected(existing.error());
  if (*existing) {
    return std::unexpected(make_error(ErrorCode::refused,
                                      fmt::format("a certificate for this record was already issued (number {})", **existing),
                                      record.id));
  }
  auto next = tx->next_for(signer.identity().fingerprint_sha256);
  if (!next) return std::unexpected(next.error());

  IssuedCertificate out;
  Certificate& c = out.cert;
  c.id = make_uuid(secure_random());
  c.sequence = next->first;
  c.previous_sha256 = next->second;
  c.issued_at = now_timestamp();
  c.number = fmt::format("{}/{}", c.sequence, office.record_symbol);
  c.office = office;
  c.signer = signer.identity();
  c.record = record;

  auto canonical = canonicalize(certificate_to_json(c));
  if (!canonical) return std::unexpected(canonical.error());
  auto p7s = signer.sign(*canonical, c.id);
  if (!p7s) return std::unexpected(p7s.error());
  out.sha256 = sha256_hex(*canonical);
  auto pdf = render_certificate_pdf(c, *canonical, *p7s);
  if (!pdf) return std::unexpected(pdf.error());

  // Written and fsynced under temporary names; put in place only once the register has the entry.
  DurableBatch staged(out_dir);
  auto json_path = staged.add(c.id + ".json", *canonical);
  if (!json_path) return std::unexpected(json_path.error());
  auto p7s_path = staged.add(c.id + ".p7s", *p7s);
  if (!p7s_path) return std::unexpected(p7s_path.error());
  auto pdf_path = staged.add(c.id + ".pdf", *pdf);
  if (!pdf_path) return std::unexpected(pdf_path.error());

  RegisterEntry entry{c.signer.fingerprint_sha256,
                      c.sequence,
                      c.id,
                      record.id,
                      out.sha256,
                      c.previous_sha256,
                      c.issued_at,
                      record.device.model + (record.device.serial.empty() ? "" : ", S/N " + record.device.serial),
                      judge(record, office.secrecy_level).code,
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
