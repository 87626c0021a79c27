// The PDF's own signature (PAdES B-B, ETSI EN 319 142-1): appended to the finished PDF as an
// incremental update (ISO 32000-1, 7.5.6) holding a signature field, a signature dictionary
// (/SubFilter /ETSI.CAdES.detached, /ByteRange over the whole file but the signature itself,
// /M the signing time by the local clock) and DocMDP permissions P=2 (ISO 32000-1, 12.8.2.2): the
// page may not change, but form filling and further signatures may follow, so the head of unit
// can counter-sign with a VGCA token in the signing software offices use. pdfsig (poppler-utils),
// Acrobat and Foxit check it; so does `wipeseal cert verify` (verifier.h), which also judges
// what was added after the signature against those permissions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <ctime>
#include <optional>
#include <string>
#include <vector>

#include "certificates/signing.h"
#include "wipe/error.h"

namespace wipeseal::certificates {

struct PdfSigningInfo {
  std::string signed_at;  // RFC 3339 UTC; written as /M in Vietnam time
  std::string reason;     // /Reason
  std::string location;   // /Location
};

// `unsigned_pdf` with the office's signature appended.
Result<std::string> sign_pdf(const std::string& unsigned_pdf, const Signer& signer, const PdfSigningInfo& info);

struct PdfSignature {
  std::string sub_filter;               // "/ETSI.CAdES.detached", ...
  std::int64_t byte_range[4] = {0, 0, 0, 0};
  std::string cms;                      // DER (the hex string's bytes, zero padding removed)
  std::string signed_bytes;             // what /ByteRange covers
  std::size_t revision_end = 0;         // the file's length when this signature was made
  std::string signed_at;                // /M, as written
  bool certifies = false;               // the document's DocMDP (certification) signature
};

// Every signature of the document, in the order they were made. A /ByteRange that does not
// cover exactly the file outside its own /Contents is an error saying so.
Result<std::vector<PdfSignature>> find_signatures(const std::string& pdf);

// What was changed after the first `revision_end` bytes that DocMDP P=2 does not allow, in
// English (empty: only signatures, their fields and appearances, form data, document metadata).
Result<std::string> disallowed_changes(const std::string& pdf, std::size_t revision_end);

// /M ("D:20261121151502+07'00'") as seconds since the epoch, if it parses.
std::optional<std::time_t> pdf_time(const std::string& m);

}  // namespace wipeseal::certificates
