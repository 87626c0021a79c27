#include "wipe/aes_ctr_wide.h"

#include <cstring>
#include <stdexcept>

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define WIPESEAL_WIDE_AES 1
#else
#define WIPESEAL_WIDE_AES 0
#endif

namespace wipeseal {
#if WIPESEAL_WIDE_AES

#define WIDE_TARGET __attribute__((target("aes,sse4.1,avx2,avx512f,avx512bw,vaes")))
#define KEY_TARGET __attribute__((target("aes,sse4.1")))
// The round function and the counter loop must be inlined into their callers: called out of
// line, the four state registers go through memory on every group and throughput halves.
#define INLINE inline __attribute__((always_inline))

namespace {

std::uint64_t load_be64(const std::uint8_t* p) {
  std::uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | p[i];
  return v;
}

void store_be64(std::uint8_t* p, std::uint64_t v) {
  for (int i = 7; i >= 0; --i) {
    p[i] = static_cast<std::uint8_t>(v & 0xFFu);
    v >>= 8;
  }
}

// One step of the FIPS-197 5.2 key expansion for Nk = 8, four words at a time: each new word is
// the word eight before it XOR the previous new word, the first of the four also XOR `t` (the
// SubWord/RotWord/Rcon term, broadcast to all four lanes by the caller). Shifting left by one
// word three times and XOR-ing forms the running XOR of the previous block's words.
KEY_TARGET __m128i expand_step(__m128i previous, __m128i t) {
  __m128i shifted = _mm_slli_si128(previous, 4);
  previous = _mm_xor_si128(previous, shifted);
  shifted = _mm_slli_si128(shifted, 4);
  previous = _mm_xor_si128(previous, shifted);
  shifted = _mm_slli_si128(shifted, 4);
  previous = _mm_xor_si128(previous, shifted);
  return _mm_xor_si128(previous, t);
}

// AESKEYGENASSIST(x, rcon) yields SubWord(x[1]), RotWord(SubWord(x[1])) ^ rcon, SubWord(x[3]),
// RotWord(SubWord(x[3])) ^ rcon. For words i % 8 == 0 the term is RotWord(SubWord(w[i-1])) ^
// Rcon, w[i-1] being word 3 of the previous odd round key: lane 3, broadcast (0xFF). For
// i % 8 == 4 it is SubWord(w[i-1]), w[i-1] being word 3 of the previous even key: lane 2 (0xAA).
template <int Rcon>
KEY_TARGET void expand_pair(__m128i* rk, int i) {
  const __m128i t = _mm_shuffle_epi32(_mm_aeskeygenassist_si128(rk[i - 1], Rcon), 0xFF);
  rk[i] = expand_step(rk[i - 2], t);
  if (i + 1 < 15) {
    const __m128i u = _mm_shuffle_epi32(_mm_aeskeygenassist_si128(rk[i], 0x00), 0xAA);
    rk[i + 1] = expand_step(rk[i - 1], u);
  }
}

KEY_TARGET void expand_key(const std::uint8_t* key, std::uint8_t* out) {
  __m128i rk[15];
  rk[0] = _mm_loadu_si128(reinterpret_cast<const __m128i*>(key));
  rk[1] = _mm_loadu_si128(reinterpret_cast<const __m128i*>(key + 16));
  // Rcon[j] for j = 1..7 (FIPS-197 5.2): x^(j-1) in GF(2^8).
  expand_pair<0x01>(rk, 2);
  expand_pair<0x02>(rk, 4);
  expand_pair<0x04>(rk, 6);
  expand_pair<0x08>(rk, 8);
  expand_pair<0x10>(rk, 10);
  expand_pair<0x20>(rk, 12);
  expand_pair<0x40>(rk, 14);
  for (int i = 0; i < 15; ++i) _mm_storeu_si128(reinterpret_cast<__m128i*>(out + 16 * i), rk[i]);
}

// Sixteen blocks: four 512-bit registers of four counter blocks each, every round applied to all
// four so the AES units stay busy (each VAES round has a latency of several cycles).
WIDE_TARGET INLINE void encrypt16(const __m512i* rk, __m512i& a, __m512i& b, __m512i& c, __m512i& d) {
  a = _mm512_xor_si512(a, rk[0]);
  b = _mm512_xor_si512(b, rk[0]);
  c = _mm512_xor_si512(c, rk[0]);
  d = _mm512_xor_si512(d, rk[0]);
#pragma GCC unroll 13
  for (int r = 1; r < 14; ++r) {
    a = _mm512_aesenc_epi128(a, rk[r]);
    b = _mm512_aesenc_epi128(b, rk[r]);
    c = _mm512_aesenc_epi128(c, rk[r]);
    d = _mm512_aesenc_epi128(d, rk[r]);
  }
  a = _mm512_aesenclast_epi128(a, rk[14]);
  b = _mm512_aesenclast_epi128(b, rk[14]);
  c = _mm512_aesenclast_epi128(c, rk[14]);
  d = _mm512_aesenclast_epi128(d, rk[14]);
}

// The zero-masked broadcast: GCC 12's plain _mm512_broadcast_i32x4 trips -Wuninitialized in
// its own header (_mm512_undefined_epi32); with an all-ones mask the result is the same.
WIDE_TARGET __m512i broadcast(__m128i x) { return _mm512_maskz_broadcast_i32x4(0xFFFF, x); }

// Counters are kept as native 128-bit numbers, (low, high) 64-bit halves per 128-bit lane, and
// byte-reversed within each lane into the big-endian counter block just before encryption.
// `sink(a, b, c, d, n)` receives each group of sixteen keystream blocks of which the first `n`
// are wanted, and returns false to stop early.
template <typename Sink>
WIDE_TARGET INLINE void wide_ctr(const std::uint8_t* round_keys, std::uint64_t hi, std::uint64_t lo, std::size_t blocks,
                                 Sink&& sink) {
  __m512i rk[15];
  for (int i = 0; i < 15; ++i) {
    rk[i] = broadcast(_mm_load_si128(reinterpret_cast<const __m128i*>(round_keys + 16 * i)));
  }
  const __m512i reverse = broadcast(_mm_setr_epi8(15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0));
  // Lane j of register k holds counter + 4k + j; _mm512_set_epi64 lists lanes from the top.
  const __m512i step0 = _mm512_set_epi64(0, 3, 0, 2, 0, 1, 0, 0);
  const __m512i step4 = _mm512_set_epi64(0, 7, 0, 6, 0, 5, 0, 4);
  const __m512i step8 = _mm512_set_epi64(0, 11, 0, 10, 0, 9, 0, 8);
  const __m512i step12 = _mm512_set_epi64(0, 15, 0, 14, 0, 13, 0, 12);

  while (blocks > 0) {
    __m512i a;
    __m512i b;
    __m512i c;
    __m512i d;
    if (lo <= UINT64_MAX - 15) {
      // No carry out of the low half within these sixteen counters.
      const __m512i base = _mm512_set_epi64(static_cast<long long>(hi), static_cast<long long>(lo),
                                            static_cast<long long>(hi), static_cast<long long>(lo),
                                            static_cast<long long>(hi), static_cast<long long>(lo),
                                            static_cast<long long>(hi), static_cast<long long>(lo));
      a = _mm512_shuffle_epi8(_mm512_add_epi64(base, step0), reverse);
      b = _mm512_shuffle_epi8(_mm512_add_epi64(base, step4), reverse);
      c = _mm512_shuffle_epi8(_mm512_add_epi64(base, step8), reverse);
      d = _mm512_shuffle_epi8(_mm512_add_epi64(base, step12), reverse);
    } else {
      // Rare: the low half wraps inside this group; build the counters one by one.
      alignas(64) std::uint8_t counters[16 * 16];
      std::uint64_t h = hi;
      std::uint64_t l = lo;
      for (int i = 0; i < 16; ++i) {
        store_be64(counters + 16 * i, h);
        store_be64(counters + 16 * i + 8, l);
        if (++l == 0) ++h;
      }
      a = _mm512_load_si512(counters);
      b = _mm512_load_si512(counters + 64);
      c = _mm512_load_si512(counters + 128);
      d = _mm512_load_si512(counters + 192);
    }
    encrypt16(rk, a, b, c, d);
    const std::size_t n = blocks >= 16 ? 16 : blocks;
    if (!sink(a, b, c, d, n)) break;
    blocks -= n;
    const std::uint64_t next = lo + 16;
    if (next < lo) ++hi;
    lo = next;
  }
  _mm256_zeroupper();
}

WIDE_TARGET void wide_keystream(const std::uint8_t* round_keys, std::uint64_t hi, std::uint64_t lo,
                                std::uint8_t* out, std::size_t blocks) {
  wide_ctr(round_keys, hi, lo, blocks, [&out](__m512i a, __m512i b, __m512i c, __m512i d, std::size_t n) WIDE_TARGET {
    if (n == 16) {
      _mm512_storeu_si512(out, a);
      _mm512_storeu_si512(out + 64, b);
      _mm512_storeu_si512(out + 128, c);
      _mm512_storeu_si512(out + 192, d);
    } else {
      alignas(64) std::uint8_t tail[16 * 16];
      _mm512_store_si512(tail, a);
      _mm512_store_si512(tail + 64, b);
      _mm512_store_si512(tail + 128, c);
      _mm512_store_si512(tail + 192, d);
      std::memcpy(out, tail, 16 * n);
    }
    out += 16 * n;
    return true;
  });
}

// Differences are OR-ed into one register and tested once per group, so the loop has no branch
// per block; a mismatch stops at the end of its group.
WIDE_TARGET bool wide_matches(const std::uint8_t* round_keys, std::uint64_t hi, std::uint64_t lo,
                              const std::uint8_t* data, std::size_t blocks) {
  bool equal = true;
  wide_ctr(round_keys, hi, lo, blocks, [&](__m512i a, __m512i b, __m512i c, __m512i d, std::size_t n) WIDE_TARGET {
    __m512i diff;
    if (n == 16) {
      diff = _mm512_xor_si512(a, _mm512_loadu_si512(data));
      diff = _mm512_or_si512(diff, _mm512_xor_si512(b, _mm512_loadu_si512(data + 64)));
      diff = _mm512_or_si512(diff, _mm512_xor_si512(c, _mm512_loadu_si512(data + 128)));
      diff = _mm512_or_si512(diff, _mm512_xor_si512(d, _mm512_loadu_si512(data + 192)));
    } else {
      alignas(64) std::uint8_t tail[16 * 16] = {};
      std::memcpy(tail, data, 16 * n);
      alignas(64) std::uint8_t expected[16 * 16];
      _mm512_store_si512(expected, a);
      _mm512_store_si512(expected + 64, b);
      _mm512_store_si512(expected + 128, c);
      _mm512_store_si512(expected + 192, d);
      std::memcpy(expected + 16 * n, tail + 16 * n, 16 * (16 - n));  // ignore the unwanted blocks
      diff = _mm512_xor_si512(_mm512_load_si512(expected), _mm512_load_si512(tail));
      for (int k = 1; k < 4; ++k) {
        diff = _mm512_or_si512(diff, _mm512_xor_si512(_mm512_load_si512(expected + 64 * k),
                                                      _mm512_load_si512(tail + 64 * k)));
      }
    }
    data += 16 * n;
    equal = _mm512_test_epi64_mask(diff, diff) == 0;
    return equal;
  });
  return equal;
}

}  // namespace

bool WideAes256Ctr::supported() {
#if defined(__clang__) && __clang_major__ < 17
  // Clang 16 cannot ask for "vaes" (only the fuzzing build uses it); OpenSSL's path serves there.
  return false;
#else
  __builtin_cpu_init();
  return __builtin_cpu_supports("aes") && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
         __builtin_cpu_supports("vaes");
#endif
}

WideAes256Ctr::WideAes256Ctr(const std::array<std::uint8_t, 32>& key) {
  if (!supported()) throw std::logic_error("the wide AES path needs VAES and AVX-512");
  expand_key(key.data(), round_keys_.data());
}

void WideAes256Ctr::keystream(const std::array<std::uint8_t, 16>& first, std::uint8_t* out,
                              std::size_t blocks) const {
  wide_keystream(round_keys_.data(), load_be64(first.data()), load_be64(first.data() + 8), out, blocks);
}

bool WideAes256Ctr::matches(const std::array<std::uint8_t, 16>& first, const std::uint8_t* data,
                            std::size_t blocks) const {
  return wide_matches(round_keys_.data(), load_be64(first.data()), load_be64(first.data() + 8), data, blocks);
}

#else  // not x86-64 with GCC or Clang: never supported, so never constructed.

bool WideAes256Ctr::supported() { return false; }

WideAes256Ctr::WideAes256Ctr(const std::array<std::uint8_t, 32>&) {
  throw std::logic_error("the wide AES path is only built for x86-64");
}

void WideAes256Ctr::keystream(const std::array<std::uint8_t, 16>&, std::uint8_t*, std::size_t) const {}

bool WideAes256Ctr::matches(const std::array<std::uint8_t, 16>&, const std::uint8_t*, std::size_t) const {
  return false;
}

#endif

}  // namespace wipeseal
