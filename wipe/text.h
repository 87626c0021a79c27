// Text that comes from devices and files is untrusted: a filesystem label written on a Windows PC
// in a legacy Vietnamese encoding (TCVN3, VNI) is not UTF-8, and a label may hold a newline or a
// terminal escape sequence. These helpers keep such bytes from aborting a JSON writer or reaching
// an operator's terminal raw.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

namespace wipeseal {

bool is_valid_utf8(std::string_view text);

// `raw` with every byte that is not part of a valid UTF-8 sequence written as the four characters
// "\xNN" (lower-case hex), so the result is valid UTF-8 and shows where the odd bytes were.
std::string escape_invalid_utf8(std::string_view raw);

// For a person's eyes: control characters (C0, DEL, C1) written as "\xNN" (newline as "\n", tab
// as "\t"), invalid UTF-8 escaped as above. Printable text, Vietnamese included, is unchanged.
std::string printable(std::string_view text);

// JSON text that never throws on a string that is not valid UTF-8 (bytes are replaced with
// U+FFFD). Strings from devices are escaped on the way in (discovery); this is the last line.
std::string dump_json(const nlohmann::json& doc, int indent = -1);

}  // namespace wipeseal
