// Checking a register as an inspector would: every chain whole, every column it shows equal to
// the signed certificate, every signature made by a key the office CA certified, the signed
// heads beside it, and optionally a folder of certificate files against it. Any later trace of a
// certificate (a head, a file) reveals a deleted tail.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "certificates/register.h"
#include "wipe/error.h"

namespace wipeseal::certificates {

struct RegisterProblem {
  // "missing" (a gap), "tail_missing" (a head or a file knows later numbers), "altered" (JSON
  // and hash differ), "column_mismatch" (a column differs from the signed JSON), "malformed",
  // "reordered", "bad_signature", "index_altered" (the record index disagrees), "head_missing",
  // "head_invalid", "head_mismatch", "not_registered" (a file the register lacks),
  // "file_mismatch" (a file differs from the register's certificate under its number),
  // "file_invalid"; "clock_behind" (this computer's clock is before a signer's certificate began:
  // not judged; when it is the only kind, the register is not checked rather than invalid).
  std::string kind;
  std::string signer;
  std::uint64_t sequence = 0;
  std::string message;  // English, precise
};

struct RegisterCheckOptions {
  std::string ca_pem;            // empty: signatures cannot be checked (said in the report)
  std::string certificates_dir;  // empty: no folder cross-check
};

struct RegisterReport {
  std::vector<RegisterProblem> problems;
  std::size_t certificates = 0;
  bool signatures_checked = false;
  std::size_t heads = 0;          // heads found beside the register
  std::size_t files_checked = 0;  // certificate files in the folder
};

Result<RegisterReport> check_register(const Register& reg, const RegisterCheckOptions& options);

}  // namespace wipeseal::certificates
