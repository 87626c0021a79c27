// RFC 8785 canonical JSON: the examples of the RFC, its authors' published test vectors
// (tests/certificates/rfc8785), and the properties signing relies on.
#include <gtest/gtest.h>

#include <bit>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "certificates/canonical_json.h"

namespace wipeseal::certificates {
namespace {

using nlohmann::json;

TEST(CanonicalJsonTest, NumbersFollowEcmaScript) {
  // RFC 8785 Appendix B and section 3.2.2.3.
  EXPECT_EQ(format_es_number(333333333.33333329), "333333333.3333333");
  EXPECT_EQ(format_es_number(1E30), "1e+30");
  EXPECT_EQ(format_es_number(4.50), "4.5");
  EXPECT_EQ(format_es_number(2e-3), "0.002");
  EXPECT_EQ(format_es_number(0.000000000000000000000000001), "1e-27");
  EXPECT_EQ(format_es_number(-0.0), "0");
  EXPECT_EQ(format_es_number(1e-6), "0.000001");
  EXPECT_EQ(format_es_number(1e-7), "1e-7");
  EXPECT_EQ(format_es_number(1e21), "1e+21");
  EXPECT_EQ(format_es_number(1e20), "100000000000000000000");
  EXPECT_EQ(format_es_number(-1.5), "-1.5");
  EXPECT_EQ(format_es_number(9007199254740991.0), "9007199254740991");
}

TEST(CanonicalJsonTest, PublishedNumberSamples) {
  // IEEE-754 bit patterns and their ECMAScript forms, from the test data README of the RFC's
  // authors (json-canonicalization/testdata).
  const std::pair<std::uint64_t, const char*> samples[] = {
      {0x4340000000000001, "9007199254740994"}, {0x4340000000000002, "9007199254740996"},
      {0x444b1ae4d6e2ef50, "1e+21"},            {0x3eb0c6f7a0b5ed8d, "0.000001"},
      {0x3eb0c6f7a0b5ed8c, "9.999999999999997e-7"}, {0x8000000000000000, "0"},
      {0x0, "0"}};
  for (const auto& [bits, expected] : samples) {
    EXPECT_EQ(format_es_number(std::bit_cast<double>(bits)), expected) << std::hex << bits;
  }
}

TEST(CanonicalJsonTest, PublishedTestVectors) {
  for (const char* name : {"arrays", "french", "structures", "unicode", "values", "weird"}) {
    const auto slurp = [&](const char* dir) {
      std::ifstream in(std::filesystem::path(__FILE__).parent_path() / "rfc8785" / dir / (std::string(name) + ".json"),
                       std::ios::binary);
      std::stringstream ss;
      ss << in.rdbuf();
      return ss.str();
    };
    const std::string input = slurp("input"), expected = slurp("output");
    ASSERT_FALSE(input.empty()) << name;
    ASSERT_FALSE(expected.empty()) << name;
    const auto out = canonicalize(json::parse(input));
    ASSERT_TRUE(out) << name;
    EXPECT_EQ(*out, expected) << name;
  }
}

TEST(CanonicalJsonTest, RfcExampleObject) {
  // RFC 8785 section 3.2.2 example input, and its canonical form.
  const json input = json::parse(R"({
    "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
    "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
    "literals": [null, true, false]
  })");
  const auto out = canonicalize(input);
  ASSERT_TRUE(out);
  EXPECT_EQ(*out,
            "{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],"
            "\"string\":\"\xE2\x82\xAC$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}");
}

TEST(CanonicalJsonTest, MembersSortByUtf16CodeUnitsNotUtf8Bytes) {
  // RFC 8785 section 3.2.3. U+FB33 is EF AC B3 in UTF-8 but 0xFB33 in UTF-16; U+1F600 is
  // F0 9F 98 80 in UTF-8 but 0xD83D 0xDE00 in UTF-16: byte order and UTF-16 order disagree.
  json input = json::object();
  input["\xEF\xAC\xB3"] = 1;      // U+FB33
  input["\xF0\x9F\x98\x80"] = 2;  // U+1F600
  input["\xE2\x82\xAC"] = 3;      // U+20AC
  input["a"] = 4;
  const auto out = canonicalize(input);
  ASSERT_TRUE(out);
  EXPECT_EQ(*out, "{\"a\":4,\"\xE2\x82\xAC\":3,\"\xF0\x9F\x98\x80\":2,\"\xEF\xAC\xB3\":1}");
}

TEST(CanonicalJsonTest, VietnameseTextStaysLiteralAndNestingIsSorted) {
  const json input = {{"z", {{"y", "Tuyệt mật"}, {"x", json::array({3, 2, 1})}}}, {"a", ""}};
  EXPECT_EQ(*canonicalize(input), "{\"a\":\"\",\"z\":{\"x\":[3,2,1],\"y\":\"Tuyệt mật\"}}");
}

TEST(CanonicalJsonTest, ParsingTheCanonicalFormGivesItBack) {
  const json input = {{"coverage", 0.0123456789}, {"size", 500107862016ULL}, {"p", 1e-6}, {"neg", -42}};
  const auto once = canonicalize(input);
  ASSERT_TRUE(once);
  EXPECT_EQ(*canonicalize(json::parse(*once)), *once);
}

TEST(CanonicalJsonTest, NumbersJsonCannotCarryExactlyAreRefused) {
  EXPECT_FALSE(canonicalize(json(std::uint64_t{1} << 60)));
  EXPECT_TRUE(canonicalize(json(std::uint64_t{1} << 53)));
}

}  // namespace
}  // namespace wipeseal::certificates
