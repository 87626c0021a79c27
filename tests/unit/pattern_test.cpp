// The AES-256-CTR pattern must be exactly what `openssl enc -aes-256-ctr` produces from the
// matching counter, at any offset, so an auditor can re-check any sector with openssl alone.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "tests/support/temp_dir.h"
#include "tests/support/test_loop_device.h"
#include "wipe/aes_ctr_wide.h"
#include "wipe/job_record.h"
#include "wipe/pattern.h"
#include "wipe/random_source.h"

namespace wipeseal {
namespace {

using test::TempDir;

__extension__ typedef unsigned __int128 u128;

// Independent counter arithmetic for the test: IV + block as a 128-bit big-endian number.
std::string counter_hex(const std::array<std::uint8_t, 16>& iv, std::uint64_t block) {
  u128 v = 0;
  for (std::uint8_t b : iv) v = (v << 8) | b;
  v += block;
  std::array<std::uint8_t, 16> out{};
  for (int i = 15; i >= 0; --i) {
    out[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(v & 0xFF);
    v >>= 8;
  }
  return to_hex(out.data(), out.size());
}

// Keystream bytes for device range [offset, offset+len) computed by the openssl command.
std::string openssl_keystream(const AesCtrKey& key, std::uint64_t offset, std::size_t len) {
  TempDir tmp;
  const std::uint64_t first_block = offset / 16;
  const std::size_t skip = static_cast<std::size_t>(offset % 16);
  test::make_filled_file(tmp.file("zeros"), skip + len, 0);
  std::string out;
  const int rc = test::run_command({"openssl", "enc", "-aes-256-ctr", "-nosalt", "-K", to_hex(key.key.data(), 32),
                                    "-iv", counter_hex(key.iv, first_block), "-in", tmp.file("zeros"), "-out",
                                    tmp.file("ks")},
                                   &out);
  EXPECT_EQ(rc, 0) << out;
  return test::read_bytes(tmp.file("ks"), skip, len);
}

std::string ours(const Pattern& p, std::uint64_t offset, std::size_t len) {
  PatternGenerator gen(p);
  std::string buf(len, '\0');
  gen.fill(offset, std::as_writable_bytes(std::span(buf.data(), buf.size())));
  return buf;
}

AesCtrKey key_with_iv(std::array<std::uint8_t, 16> iv) {
  AesCtrKey k;
  for (std::size_t i = 0; i < k.key.size(); ++i) k.key[i] = static_cast<std::uint8_t>(i * 7 + 3);
  k.iv = iv;
  return k;
}

TEST(PatternTest, CounterAdditionCarriesAcrossAll128Bits) {
  std::array<std::uint8_t, 16> iv{};
  iv.fill(0xFF);
  EXPECT_EQ(to_hex(ctr_counter_at(iv, 1).data(), 16), std::string(32, '0'));
  std::array<std::uint8_t, 16> low{};
  low[15] = 0xFE;
  EXPECT_EQ(to_hex(ctr_counter_at(low, 3).data(), 16), "00000000000000000000000000000101");
  std::array<std::uint8_t, 16> mid{};
  for (int i = 8; i < 16; ++i) mid[static_cast<std::size_t>(i)] = 0xFF;
  EXPECT_EQ(to_hex(ctr_counter_at(mid, 1).data(), 16), "00000000000000010000000000000000");
  EXPECT_EQ(to_hex(ctr_counter_at(mid, 0x10).data(), 16), counter_hex(mid, 0x10));
}

struct OffsetCase {
  std::uint64_t offset;
  std::size_t length;
};

class AesMatchesOpenssl : public ::testing::TestWithParam<OffsetCase> {};

TEST_P(AesMatchesOpenssl, AtArbitraryOffsets) {
  auto random = make_deterministic_random(42);
  const Pattern p = Pattern::random_aes256_ctr(*random);
  const auto [offset, length] = GetParam();
  EXPECT_EQ(ours(p, offset, length), openssl_keystream(p.aes(), offset, length))
      << "offset " << offset << " length " << length;
}

INSTANTIATE_TEST_SUITE_P(Offsets, AesMatchesOpenssl,
                         ::testing::Values(OffsetCase{0, 4096}, OffsetCase{16 * 7, 512}, OffsetCase{100, 333},
                                           OffsetCase{4096ULL * 1000 + 16, 8192},
                                           OffsetCase{4ULL * 1024 * 1024 * 1024 * 1024 + 512, 1024},  // 4 TiB in
                                           OffsetCase{(1ULL << 20) * 3 + 5, 200000}),
                         [](const ::testing::TestParamInfo<OffsetCase>& param_info) {
                           return "at_" + std::to_string(param_info.param.offset) + "_len_" + std::to_string(param_info.param.length);
                         });

TEST(PatternTest, AesCounterWrapsLow32And64BitsLikeOpenssl) {
  // The keystream crosses 2^32 and 2^64 counter boundaries inside the range checked.
  std::array<std::uint8_t, 16> iv32{};
  iv32[12] = iv32[13] = iv32[14] = 0xFF;
  iv32[15] = 0xF0;
  const Pattern p32 = Pattern::aes256_ctr(key_with_iv(iv32));
  EXPECT_EQ(ours(p32, 0, 4096), openssl_keystream(p32.aes(), 0, 4096));
  std::array<std::uint8_t, 16> iv64{};
  for (int i = 8; i < 16; ++i) iv64[static_cast<std::size_t>(i)] = 0xFF;
  iv64[15] = 0xF8;
  const Pattern p64 = Pattern::aes256_ctr(key_with_iv(iv64));
  EXPECT_EQ(ours(p64, 64, 4096), openssl_keystream(p64.aes(), 64, 4096));
}

TEST(PatternTest, AesAll128BitWrapMatchesOpenssl) {
  // IV = 2^128 - 5: the counter wraps to zero four blocks in, as OpenSSL's does.
  std::array<std::uint8_t, 16> iv{};
  iv.fill(0xFF);
  iv[15] = 0xFB;
  const Pattern p = Pattern::aes256_ctr(key_with_iv(iv));
  EXPECT_EQ(ours(p, 0, 1024), openssl_keystream(p.aes(), 0, 1024));
}

// The wide VAES generator and OpenSSL must give the same bytes for every key, counter, offset
// and length: the pattern on the device does not depend on which CPU wrote it.
TEST(PatternTest, WideKeystreamEqualsOpensslEverywhere) {
  if (!WideAes256Ctr::supported()) GTEST_SKIP() << "this CPU has no VAES/AVX-512: only the OpenSSL path exists";
  auto random = make_deterministic_random(2026);
  std::mt19937_64 pick(11);
  for (int trial = 0; trial < 300; ++trial) {
    Pattern p = Pattern::random_aes256_ctr(*random);
    AesCtrKey k = p.aes();
    // A third of the trials start near a carry out of the low 64 bits or of all 128 bits.
    if (trial % 3 == 1) {
      for (std::size_t i = 8; i < 16; ++i) k.iv[i] = 0xFF;
      k.iv[15] = static_cast<std::uint8_t>(0xFF - pick() % 40);
    } else if (trial % 3 == 2) {
      k.iv.fill(0xFF);
      k.iv[15] = static_cast<std::uint8_t>(0xFF - pick() % 40);
    }
    p = Pattern::aes256_ctr(k);
    const std::uint64_t offset = trial % 3 == 0 ? pick() % (1ULL << 44) : pick() % 1024;
    const std::size_t length = static_cast<std::size_t>(trial % 10 == 0 ? 1 + pick() % 300000 : 1 + pick() % 2000);
    std::string wide(length, '\0');
    std::string reference(length, '\0');
    PatternGenerator fast(p, KeystreamEngine::fastest);
    PatternGenerator slow(p, KeystreamEngine::openssl);
    fast.fill(offset, std::as_writable_bytes(std::span(wide.data(), wide.size())));
    slow.fill(offset, std::as_writable_bytes(std::span(reference.data(), reference.size())));
    // The index of the first differing byte, not two long binary strings, when they differ.
    const auto diff = std::mismatch(wide.begin(), wide.end(), reference.begin()).first - wide.begin();
    ASSERT_EQ(diff, static_cast<std::ptrdiff_t>(length))
        << "trial " << trial << " offset " << offset << " length " << length << " iv " << to_hex(k.iv.data(), 16);
  }
}

// The read-back check asks "does this hold the pattern?" without storing the expected bytes on
// the wide path: it must say yes to the pattern and no to any single changed byte, anywhere.
TEST(PatternTest, MatchesAcceptsThePatternAndRejectsAnyChangedByte) {
  auto random = make_deterministic_random(99);
  std::mt19937_64 pick(5);
  std::vector<Pattern> patterns = {Pattern::random_aes256_ctr(*random), Pattern::fixed_byte(0x00),
                                   Pattern::repeating({0x92, 0x49, 0x24})};
  std::array<std::uint8_t, 16> near_wrap{};
  near_wrap.fill(0xFF);
  near_wrap[15] = 0xF3;  // the 128-bit counter wraps inside the first group of sixteen blocks
  patterns.push_back(Pattern::aes256_ctr(key_with_iv(near_wrap)));
  for (const Pattern& p : patterns) {
    for (auto engine : {KeystreamEngine::fastest, KeystreamEngine::openssl}) {
      PatternGenerator gen(p, engine);
      for (int trial = 0; trial < 60; ++trial) {
        // Whole sectors mostly (the read-back case), whole AES blocks that end inside a group of
        // sixteen, and ragged ends; up to 300 KiB.
        std::uint64_t offset = 512 * (pick() % 100000);
        std::size_t length = 512 * (1 + pick() % 600);
        if (trial % 4 == 2) {
          offset = 16 * (pick() % 1000000);
          length = 16 * (1 + pick() % 3000);
        } else if (trial % 4 == 3) {
          offset = pick() % 100000;
          length = 1 + pick() % 300000;
        }
        std::vector<std::byte> data(length);
        gen.fill(offset, data);
        ASSERT_TRUE(gen.matches(offset, data)) << p.kind_name() << " offset " << offset << " length " << length;
        // A random byte, and the first and last bytes (the ends are handled apart from the bulk).
        for (const std::size_t at : {static_cast<std::size_t>(pick() % length), std::size_t{0}, length - 1}) {
          const std::byte flip{static_cast<unsigned char>(1u << (pick() % 8))};
          data[at] ^= flip;
          ASSERT_FALSE(gen.matches(offset, data))
              << p.kind_name() << " offset " << offset << " length " << length << " changed byte " << at;
          data[at] ^= flip;
        }
      }
    }
  }
}

TEST(PatternTest, ChunkedGenerationEqualsOneLongRun) {
  auto random = make_deterministic_random(7);
  const Pattern p = Pattern::random_aes256_ctr(*random);
  const std::string whole = ours(p, 0, 300000);
  std::string pieces;
  for (std::uint64_t off = 0; off < 300000; off += 65536) {
    pieces += ours(p, off, static_cast<std::size_t>(std::min<std::uint64_t>(65536, 300000 - off)));
  }
  EXPECT_EQ(whole, pieces);
}

TEST(PatternTest, FixedBytes) {
  EXPECT_EQ(ours(Pattern::fixed_byte(0x00), 12345, 1000), std::string(1000, '\0'));
  EXPECT_EQ(ours(Pattern::fixed_byte(0xFF), 0, 777), std::string(777, '\xFF'));
  EXPECT_EQ(Pattern::fixed_byte(0x00).kind_name(), "zeros");
  EXPECT_EQ(Pattern::fixed_byte(0xFF).kind_name(), "ones");
  EXPECT_EQ(Pattern::fixed_byte(0x5A).kind_name(), "byte");
}

TEST(PatternTest, ThreeByteCycleIsAnchoredAtDeviceByteZero) {
  const Pattern p = Pattern::repeating({0x92, 0x49, 0x24});
  for (std::uint64_t offset : {0ULL, 1ULL, 2ULL, 3ULL, 1048576ULL, 4194305ULL}) {
    const std::string got = ours(p, offset, 100);
    for (std::size_t i = 0; i < got.size(); ++i) {
      const std::uint8_t expect = p.cycle()[(offset + i) % 3];
      ASSERT_EQ(static_cast<std::uint8_t>(got[i]), expect) << "offset " << offset << " byte " << i;
    }
  }
  EXPECT_EQ(p.describe(), "0x92 0x49 0x24");
  EXPECT_THROW(Pattern::repeating({}), std::invalid_argument);
  EXPECT_THROW(Pattern::repeating({1, 2, 3, 4}), std::invalid_argument);
}

}  // namespace
}  // namespace wipeseal
