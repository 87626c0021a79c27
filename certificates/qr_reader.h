// The QR codes a reader sees on a PDF's pages: each page rendered by Qt PDF (the wizard's
// renderer) and scanned with zbar, as a phone would scan the printed page. Needs a
// QGuiApplication.
#pragma once

#include <string>
#include <vector>

#include "wipe/error.h"

namespace wipeseal::certificates {

// Every QR code's text, page by page. A file Qt PDF cannot open is an error.
Result<std::vector<std::string>> read_qr_codes(const std::string& pdf_path);

}  // namespace wipeseal::certificates
