// What a pass writes. Two families:
//  * repeating byte sequences (a fixed byte such as 0x00 or 0xFF, or Gutmann's 3-byte cycles),
//    laid over the device from byte 0, so device byte `pos` holds seq[pos % seq.size()];
//  * the AES-256-CTR keystream of DESIGN.md ("The pattern that can be checked by anyone"):
//    the 16 bytes at device offset 16*i are keystream block IV + i, the counter being the
//    128-bit big-endian number IV + i. This is exactly what `openssl enc -aes-256-ctr -K key
//    -iv counter` prints for a run of zero bytes, so anyone can recompute any sector.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace wipeseal {

class RandomSource;

struct AesCtrKey {
  std::array<std::uint8_t, 32> key{};
  std::array<std::uint8_t, 16> iv{};
  friend bool operator==(const AesCtrKey&, const AesCtrKey&) = default;
};

// IV + block (mod 2^128), both big-endian 128-bit numbers: the counter of keystream block `block`.
std::array<std::uint8_t, 16> ctr_counter_at(const std::array<std::uint8_t, 16>& iv, std::uint64_t block);

class Pattern {
 public:
  enum class Kind { repeating, aes256_ctr };

  static Pattern fixed_byte(std::uint8_t value);
  // A cycle of 1 to 3 bytes starting at device byte 0.
  static Pattern repeating(std::vector<std::uint8_t> cycle);
  static Pattern aes256_ctr(const AesCtrKey& key);
  // A fresh AES-256-CTR pattern with key and IV drawn from `random`.
  static Pattern random_aes256_ctr(RandomSource& random);

  Kind kind() const { return kind_; }
  const std::vector<std::uint8_t>& cycle() const { return cycle_; }
  const AesCtrKey& aes() const { return aes_; }

  // A short stable name: "zeros", "ones", "byte", "repeating" or "aes-256-ctr".
  std::string kind_name() const;
  // Human description, e.g. "0x00", "0x92 0x49 0x24", "AES-256-CTR keystream".
  std::string describe() const;

  friend bool operator==(const Pattern&, const Pattern&) = default;

 private:
  Kind kind_ = Kind::repeating;
  std::vector<std::uint8_t> cycle_{0};
  AesCtrKey aes_{};
};

// Which code computes the AES-256-CTR keystream. Both give identical bytes; `fastest` uses the
// wide VAES path (wipe/aes_ctr_wide.h) where the CPU has it and OpenSSL otherwise. `openssl`
// exists so tests can compare the two.
enum class KeystreamEngine { fastest, openssl };

// Produces a pattern's bytes for any device range. One per thread: not thread-safe.
class PatternGenerator {
 public:
  explicit PatternGenerator(const Pattern& pattern, KeystreamEngine engine = KeystreamEngine::fastest);
  ~PatternGenerator();
  PatternGenerator(const PatternGenerator&) = delete;
  PatternGenerator& operator=(const PatternGenerator&) = delete;

  // Writes into `out` the bytes the pattern places at device offsets
  // [offset, offset + out.size()). Any offset and size are allowed.
  void fill(std::uint64_t offset, std::span<std::byte> out);

  // True when `data` holds exactly the bytes the pattern places at device offsets
  // [offset, offset + data.size()). For AES-CTR on the wide path the expected bytes are never
  // stored; otherwise they are generated in cache-sized pieces and compared.
  bool matches(std::uint64_t offset, std::span<const std::byte> data);

 private:
  void fill_openssl(std::uint64_t offset, std::span<std::byte> out);
  void fill_wide(std::uint64_t offset, std::span<std::byte> out);

  Pattern pattern_;
  std::vector<std::byte> scratch_;  // expected bytes for matches() off the wide path
  struct Aes;
  std::unique_ptr<Aes> aes_;
};

}  // namespace wipeseal
