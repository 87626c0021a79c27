// The certificate's PDF file before its signature: the drawing (pdf.h) written by Qt as PDF/A,
// then, with qpdf, <id>.json and <id>.p7s attached as associated files and the document declared
// PDF/A-3b (ISO 19005-3: PDF/A-2 that may carry files of any type; the signed JSON is the
// document's source data). pdf_signature.h then appends the PAdES signature. Reading a PDF back
// finds its attachments by their names only; the document information is never trusted.
#pragma once

#include <string>

#include "certificates/certificate.h"
#include "wipe/error.h"

namespace wipeseal::certificates {

// Revision 1 of the PDF, unsigned: classic cross-reference table, no object streams, so that a
// signature can be appended as an incremental update.
Result<std::string> render_unsigned_pdf(const Certificate& cert, const std::string& canonical_json, const std::string& p7s);

struct PdfAttachments {
  std::string id;    // from the attachments' names: <id>.json and <id>.p7s
  std::string json;
  std::string p7s;
};

// The one certificate a PDF carries: exactly one <uuid>.json attachment and its <uuid>.p7s
// (another pair, or a missing one, is an error saying so).
Result<PdfAttachments> read_attachments(const std::string& pdf_bytes);

}  // namespace wipeseal::certificates
