// The paper register (sổ đăng ký): every certificate of the register, by signer and number, with
// its date, devices, verdict and hashes, for the office to print, sign and file. A register file
// can be deleted or cut; the signed paper in the office's file cannot, so it anchors the numbers.
// Needs a QGuiApplication.
#pragma once

#include <string>
#include <vector>

#include "certificates/register.h"
#include "certificates/register_head.h"
#include "wipe/error.h"

namespace wipeseal::certificates {

// The printable PDF (A4 landscape). Values are printed from each certificate's signed JSON; a row
// whose columns disagree with it is printed with a warning. `printed_at` is RFC 3339 UTC.
Result<std::string> render_register_pdf(const std::vector<RegisterEntry>& entries, const std::vector<StoredHead>& heads,
                                        const std::string& register_path, const std::string& printed_at);

}  // namespace wipeseal::certificates
