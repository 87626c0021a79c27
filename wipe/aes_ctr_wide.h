// A wide AES-256-CTR keystream generator for CPUs with VAES and AVX-512 (Ice Lake and later,
// Zen 4): sixteen counter blocks per round instruction group instead of OpenSSL 3.0's eight-way
// AES-NI loop, about three to four times the throughput on one core. The overwrite engine and
// the read-back check spend most of their CPU here, and on fast devices that CPU is the limit.
//
// It computes exactly what OpenSSL's AES-256-CTR computes (FIPS-197 AES-256, SP 800-38A CTR with
// the whole 128-bit counter incremented big-endian); tests/unit/pattern_test.cpp compares the
// two on counters that carry across 64 and 128 bits. PatternGenerator falls back to OpenSSL on
// any CPU without these instructions; the code here is compiled for them function by function
// (target attributes), so no other code of the engine ever uses AVX-512.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

namespace wipeseal {

class WideAes256Ctr {
 public:
  // True when this CPU can run the wide path (VAES, AVX-512 F and BW, AES-NI).
  static bool supported();

  // Requires supported().
  explicit WideAes256Ctr(const std::array<std::uint8_t, 32>& key);

  // Writes `blocks` keystream blocks to `out` (16 * blocks bytes): the encryptions of the
  // counters `first`, `first` + 1, ..., as 128-bit big-endian numbers wrapping at 2^128.
  void keystream(const std::array<std::uint8_t, 16>& first, std::uint8_t* out, std::size_t blocks) const;

  // True when the `blocks` blocks at `data` equal that keystream. The keystream never leaves the
  // registers: a read-back check costs one pass over the data read instead of three.
  bool matches(const std::array<std::uint8_t, 16>& first, const std::uint8_t* data, std::size_t blocks) const;

 private:
  // FIPS-197 5.2: AES-256 has Nr = 14 rounds and 15 round keys.
  alignas(64) std::array<std::uint8_t, 15 * 16> round_keys_{};
};

}  // namespace wipeseal
