#include <gtest/gtest.h>

#include <algorithm>

#include "wipe/erase_plan.h"
#include "wipe/random_source.h"

namespace wipeseal {
namespace {

ErasePlan plan(const std::string& name, std::uint64_t seed = 1) {
  auto random = make_deterministic_random(seed);
  auto p = make_erase_plan(name, *random);
  EXPECT_TRUE(p.has_value()) << (p ? "" : p.error().describe());
  return *p;
}

TEST(ErasePlanTest, ClearIsOneAesPassWithFreshKeys) {
  auto a = make_erase_plan("clear", secure_random());
  auto b = make_erase_plan("clear", secure_random());
  ASSERT_TRUE(a && b);
  ASSERT_EQ(a->passes.size(), 1u);
  EXPECT_EQ(a->passes[0].pattern.kind(), Pattern::Kind::aes256_ctr);
  EXPECT_NE(a->passes[0].pattern.aes(), b->passes[0].pattern.aes()) << "every job draws its own key and IV";
  EXPECT_EQ(a->method.category, SanitizeCategory::clear);
  EXPECT_FALSE(a->method.legacy);
}

TEST(ErasePlanTest, SameRandomnessGivesSamePlan) {
  EXPECT_EQ(plan("gutmann", 9).passes.size(), 35u);
  const auto a = plan("dod-7", 5), b = plan("dod-7", 5);
  for (std::size_t i = 0; i < a.passes.size(); ++i) EXPECT_EQ(a.passes[i].pattern, b.passes[i].pattern);
}

TEST(ErasePlanTest, FixedByteMethods) {
  EXPECT_EQ(plan("zero").passes.at(0).pattern, Pattern::fixed_byte(0x00));
  EXPECT_EQ(plan("one").passes.at(0).pattern, Pattern::fixed_byte(0xFF));
  const auto b = plan("byte:0x5a");
  EXPECT_EQ(b.passes.at(0).pattern, Pattern::fixed_byte(0x5A));
  EXPECT_EQ(b.method.name, "byte:0x5A");
  EXPECT_EQ(plan("byte:A5").passes.at(0).pattern, Pattern::fixed_byte(0xA5));
}

TEST(ErasePlanTest, BadNamesAreRejectedWithTheKnownList) {
  auto random = make_deterministic_random(1);
  for (const char* bad : {"byte:0xZZ", "byte:0x100", "byte:", "byte:0x", "random", "", "CLEAR"}) {
    auto p = make_erase_plan(bad, *random);
    ASSERT_FALSE(p.has_value()) << bad;
    EXPECT_EQ(p.error().code, ErrorCode::invalid_input);
  }
  auto p = make_erase_plan("shred", *random);
  ASSERT_FALSE(p);
  EXPECT_NE(p.error().message.find("clear, zero, one"), std::string::npos) << p.error().message;
}

TEST(ErasePlanTest, Dod3IsCharacterComplementRandom) {
  const auto p = plan("dod-3");
  ASSERT_EQ(p.passes.size(), 3u);
  EXPECT_TRUE(p.method.legacy);
  const std::uint8_t c = p.passes[0].pattern.cycle().at(0);
  EXPECT_EQ(p.passes[1].pattern, Pattern::fixed_byte(static_cast<std::uint8_t>(~c)));
  EXPECT_EQ(p.passes[2].pattern.kind(), Pattern::Kind::aes256_ctr);
}

TEST(ErasePlanTest, Dod7IsThreePassRandomCharacterThreePass) {
  const auto p = plan("dod-7");
  ASSERT_EQ(p.passes.size(), 7u);
  for (std::size_t first : {0u, 4u}) {
    const std::uint8_t c = p.passes[first].pattern.cycle().at(0);
    EXPECT_EQ(p.passes[first + 1].pattern, Pattern::fixed_byte(static_cast<std::uint8_t>(~c)));
    EXPECT_EQ(p.passes[first + 2].pattern.kind(), Pattern::Kind::aes256_ctr);
  }
  EXPECT_EQ(p.passes[3].pattern.kind(), Pattern::Kind::repeating);
}

TEST(ErasePlanTest, GutmannHasFourRandomTwentySevenFixedFourRandom) {
  const auto p = plan("gutmann");
  ASSERT_EQ(p.passes.size(), 35u);
  std::vector<AesCtrKey> keys;
  for (std::size_t i : {0u, 1u, 2u, 3u, 31u, 32u, 33u, 34u}) {
    ASSERT_EQ(p.passes[i].pattern.kind(), Pattern::Kind::aes256_ctr) << i;
    keys.push_back(p.passes[i].pattern.aes());
  }
  for (std::size_t i = 0; i < keys.size(); ++i)
    for (std::size_t j = i + 1; j < keys.size(); ++j) EXPECT_NE(keys[i], keys[j]);
  // The 27 fixed passes are Gutmann's table in some order.
  std::vector<std::vector<std::uint8_t>> fixed;
  for (std::size_t i = 4; i < 31; ++i) fixed.push_back(p.passes[i].pattern.cycle());
  std::vector<std::vector<std::uint8_t>> table = {
      {0x55}, {0xAA}, {0x92, 0x49, 0x24}, {0x49, 0x24, 0x92}, {0x24, 0x92, 0x49}, {0x00}, {0x11}, {0x22}, {0x33},
      {0x44}, {0x55}, {0x66}, {0x77}, {0x88}, {0x99}, {0xAA}, {0xBB}, {0xCC}, {0xDD}, {0xEE}, {0xFF},
      {0x92, 0x49, 0x24}, {0x49, 0x24, 0x92}, {0x24, 0x92, 0x49}, {0x6D, 0xB6, 0xDB}, {0xB6, 0xDB, 0x6D},
      {0xDB, 0x6D, 0xB6}};
  std::sort(fixed.begin(), fixed.end());
  std::sort(table.begin(), table.end());
  EXPECT_EQ(fixed, table);
}

TEST(ErasePlanTest, CatalogueLabelsLegacySchemes) {
  for (const auto& m : overwrite_methods()) {
    const bool legacy = m.name == "dod-3" || m.name == "dod-7" || m.name == "gutmann";
    EXPECT_EQ(m.legacy, legacy) << m.name;
    if (legacy) {
      EXPECT_EQ(m.label.rfind("LEGACY", 0), 0u) << m.label;
    }
  }
}

}  // namespace
}  // namespace wipeseal
