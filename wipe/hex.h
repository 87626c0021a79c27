// Hex text and SHA-256 digests: the one place records, journals, certificates and the firmware
// probe turn bytes into lower-case hex.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace wipeseal {

std::string to_hex(const std::uint8_t* data, std::size_t len);
std::string to_hex(std::string_view bytes);
// Parses lower- or upper-case hex of exactly `len` bytes into `out`.
bool from_hex(std::string_view hex, std::uint8_t* out, std::size_t len);

// SHA-256 as lower-case hex.
std::string sha256_hex(const void* data, std::size_t len);
std::string sha256_hex(std::string_view bytes);

}  // namespace wipeseal
