// The printable biên bản (A4, Decree 30/2020 administrative layout, Vietnamese with an English
// annex), drawn with QPainter so the GUI can preview and print exactly the same drawing, and the
// PDF file that carries the signed JSON and its signature as attachments, so the PDF alone can be
// verified. Needs a QGuiApplication (the offscreen platform is enough).
#pragma once

#include <string>

#include "certificates/certificate.h"
#include "wipe/error.h"

class QPainter;
class QPagedPaintDevice;

namespace wipeseal::certificates {

// What the QR code carries: certificate id, SHA-256 of the signed JSON, signer fingerprint.
std::string qr_payload(const Certificate& cert, const std::string& json_sha256);

// Draws every page on `device` (starting with the current page) with `painter` already begun.
Status draw_certificate(QPainter& painter, QPagedPaintDevice& device, const Certificate& cert,
                        const std::string& json_sha256);

// The finished PDF: the drawing, then <id>.json and <id>.p7s attached and the JSON's SHA-256 in
// the document information, so a replaced attachment is noticed.
Result<std::string> render_certificate_pdf(const Certificate& cert, const std::string& canonical_json,
                                           const std::string& p7s);

struct PdfContents {
  std::string json;              // the attached <id>.json
  std::string p7s;               // the attached <id>.p7s
  std::string id;                // from the document information
  std::string declared_sha256;   // the JSON hash the page was drawn for
};

// Reads the attachments and information back from a certificate PDF.
Result<PdfContents> read_certificate_pdf(const std::string& path);

}  // namespace wipeseal::certificates
