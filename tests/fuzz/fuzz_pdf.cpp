// Fuzz target: a PDF as `wipeseal cert verify` receives it. Its signatures are found (and each
// /ByteRange checked against the file), what was appended after each signed revision is judged
// against DocMDP P=2, and its attachments are read: everything wipeseal's own code does with the
// bytes of a PDF before the CMS check (fuzz_p7s) and the QR scan (a rendered page).
//
// Built by AFL++ in its GCC mode (scripts/fuzz.sh; tests/fuzz/README.md), because qpdf's headers
// do not compile with clang against Debian 12's libstdc++ in C++20 and later.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "certificates/pdf_file.h"
#include "certificates/pdf_signature.h"

namespace {

// The bytes a signature is said to cover are exactly the file's bytes at its /ByteRange.
void check_covered_bytes(const std::string& pdf, const wipeseal::certificates::PdfSignature& s) {
  const auto* r = s.byte_range;
  for (int i = 0; i < 4; ++i) {
    if (r[i] < 0) std::abort();
  }
  const auto a = static_cast<std::size_t>(r[0]), la = static_cast<std::size_t>(r[1]);
  const auto b = static_cast<std::size_t>(r[2]), lb = static_cast<std::size_t>(r[3]);
  if (a > pdf.size() || la > pdf.size() - a || b > pdf.size() || lb > pdf.size() - b) std::abort();
  if (s.signed_bytes != pdf.substr(a, la) + pdf.substr(b, lb)) std::abort();
  if (s.revision_end > pdf.size()) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace c = wipeseal::certificates;
  const std::string pdf(reinterpret_cast<const char*>(data), size);
  if (auto signatures = c::find_signatures(pdf)) {
    for (const c::PdfSignature& s : *signatures) {
      check_covered_bytes(pdf, s);
      (void)c::pdf_time(s.signed_at);
      if (s.revision_end < pdf.size()) (void)c::disallowed_changes(pdf, s.revision_end);
    }
  }
  (void)c::read_attachments(pdf);
  return 0;
}
