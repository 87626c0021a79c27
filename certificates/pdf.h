// The printable biên bản (A4, Decree 30/2020 administrative layout, Vietnamese with an English
// annex), drawn with QPainter so the GUI previews and prints exactly the same drawing. One
// biên bản per computer: each disk is a row of the device table. The file around the drawing
// (PDF/A, attachments, the PDF signature) is pdf_file.h and pdf_signature.h. Needs a
// QGuiApplication (the offscreen platform is enough).
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

}  // namespace wipeseal::certificates
