#include "certificates/canonical_json.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <vector>

#include <fmt/format.h>

namespace wipeseal::certificates {
namespace {

constexpr double kMaxExactInteger = 9007199254740992.0;  // 2^53

// UTF-8 to UTF-16 code units, for the member ordering of RFC 8785 section 3.2.3.
std::u16string utf16(const std::string& s) {
  std::u16string out;
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    char32_t cp = 0;
    std::size_t len = 1;
    if (c < 0x80) {
      cp = c;
    } else if ((c >> 5) == 0x6) {
      cp = c & 0x1F;
      len = 2;
    } else if ((c >> 4) == 0xE) {
      cp = c & 0x0F;
      len = 3;
    } else {
      cp = c & 0x07;
      len = 4;
    }
    for (std::size_t k = 1; k < len && i + k < s.size(); ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    i += len;
    if (cp >= 0x10000) {
      cp -= 0x10000;
      out.push_back(static_cast<char16_t>(0xD800 + (cp >> 10)));
      out.push_back(static_cast<char16_t>(0xDC00 + (cp & 0x3FF)));
    } else {
      out.push_back(static_cast<char16_t>(cp));
    }
  }
  return out;
}

void append_string(std::string& out, const std::string& s) {
  out.push_back('"');
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          out += fmt::format("\\u{:04x}", c);
        } else {
          out.push_back(ch);
        }
    }
  }
  out.push_back('"');
}

Status append(std::string& out, const nlohmann::json& v) {
  using value_t = nlohmann::json::value_t;
  switch (v.type()) {
    case value_t::null: out += "null"; return {};
    case value_t::boolean: out += v.get<bool>() ? "true" : "false"; return {};
    case value_t::string: append_string(out, v.get_ref<const std::string&>()); return {};
    case value_t::number_unsigned:
    case value_t::number_integer: {
      const double d = v.is_number_unsigned() ? static_cast<double>(v.get<std::uint64_t>())
                                              : static_cast<double>(v.get<std::int64_t>());
      if (std::fabs(d) > kMaxExactInteger) {
        return std::unexpected(make_error(ErrorCode::invalid_input,
                                          fmt::format("the integer {} is too large for RFC 8785 JSON", v.dump())));
      }
      out += v.dump();
      return {};
    }
    case value_t::number_float: {
      const double d = v.get<double>();
      if (!std::isfinite(d)) return std::unexpected(make_error(ErrorCode::invalid_input, "NaN or infinity in JSON"));
      out += format_es_number(d);
      return {};
    }
    case value_t::array: {
      out.push_back('[');
      bool first = true;
      for (const auto& item : v) {
        if (!first) out.push_back(',');
        first = false;
        if (auto s = append(out, item); !s) return s;
      }
      out.push_back(']');
      return {};
    }
    case value_t::object: {
      std::vector<std::pair<std::u16string, const std::string*>> keys;
      for (auto it = v.begin(); it != v.end(); ++it) keys.emplace_back(utf16(it.key()), &it.key());
      std::sort(keys.begin(), keys.end());
      out.push_back('{');
      bool first = true;
      for (const auto& [sort_key, name] : keys) {
        if (!first) out.push_back(',');
        first = false;
        append_string(out, *name);
        out.push_back(':');
        if (auto s = append(out, v.at(*name)); !s) return s;
      }
      out.push_back('}');
      return {};
    }
    default:
      return std::unexpected(make_error(ErrorCode::invalid_input, "binary or discarded value in JSON"));
  }
}

}  // namespace

std::string format_es_number(double value) {
  if (value == 0) return "0";  // also -0
  std::string sign = value < 0 ? "-" : "";
  value = std::fabs(value);
  // Shortest round-trip digits: "d.ddde+XX" (or "de+XX").
  char buf[64];
  const auto res = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::scientific);
  const std::string sci(buf, res.ptr);
  const auto e = sci.find('e');
  std::string digits = sci.substr(0, e);
  digits.erase(std::remove(digits.begin(), digits.end(), '.'), digits.end());
  const int exp10 = std::stoi(sci.substr(e + 1));
  const int k = static_cast<int>(digits.size());
  const int n = exp10 + 1;  // value = 0.digits x 10^n
  // Built with append(): GCC 12 at -O3 reports a false -Wrestrict overlap inside
  // operator+(const char*, std::string) here.
  std::string out;
  if (k <= n && n <= 21) {
    out.append(digits).append(static_cast<std::size_t>(n - k), '0');
  } else if (0 < n && n <= 21) {
    out.append(digits, 0, static_cast<std::size_t>(n)).append(1, '.').append(digits, static_cast<std::size_t>(n));
  } else if (-6 < n && n <= 0) {
    out.append("0.").append(static_cast<std::size_t>(-n), '0').append(digits);
  } else {
    out.append(digits, 0, 1);
    if (k > 1) out.append(1, '.').append(digits, 1);
    out.append(fmt::format("e{}{}", n - 1 >= 0 ? "+" : "-", std::abs(n - 1)));
  }
  return sign + out;
}

Result<std::string> canonicalize(const nlohmann::json& value) {
  std::string out;
  if (auto s = append(out, value); !s) return std::unexpected(s.error());
  return out;
}

}  // namespace wipeseal::certificates
