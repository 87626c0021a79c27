// RFC 8785 JSON Canonicalization Scheme: the exact bytes that are signed. Object members sorted
// by their names' UTF-16 code units, no whitespace, strings with only the mandatory escapes,
// numbers in ECMAScript's shortest round-trip form.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "wipe/error.h"

namespace wipeseal::certificates {

// Fails (invalid_input) for numbers RFC 8785 cannot carry exactly: integers beyond 2^53,
// NaN or infinity.
Result<std::string> canonicalize(const nlohmann::json& value);

// ECMAScript Number.prototype.toString for a finite double (RFC 8785 section 3.2.2.3).
std::string format_es_number(double value);

}  // namespace wipeseal::certificates
