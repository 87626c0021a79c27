#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "tests/support/temp_dir.h"
#include "wipe/journal.h"

namespace wipeseal {
namespace {

using nlohmann::json;

TEST(JournalTest, EntriesComeBackInOrder) {
  test::TempDir dir;
  const std::string path = dir.file("j/a.jsonl");
  {
    auto j = Journal::create(path, {{"type", "begin"}, {"n", 0}});
    ASSERT_TRUE(j) << j.error().describe();
    ASSERT_TRUE(j->append({{"type", "checkpoint"}, {"offset", 4096}}, true));
    ASSERT_TRUE(j->append({{"type", "end"}}, false));
  }
  auto c = read_journal(path);
  ASSERT_TRUE(c) << c.error().describe();
  EXPECT_EQ(c->begin["n"], 0);
  ASSERT_EQ(c->entries.size(), 2u);
  EXPECT_EQ(c->entries[0]["offset"], 4096);
  EXPECT_FALSE(c->torn_tail);
}

TEST(JournalTest, ATornLastLineIsIgnoredAndCutBeforeAppending) {
  test::TempDir dir;
  const std::string path = dir.file("a.jsonl");
  {
    auto j = Journal::create(path, {{"type", "begin"}});
    ASSERT_TRUE(j);
    ASSERT_TRUE(j->append({{"type", "checkpoint"}, {"offset", 1}}, true));
  }
  std::ofstream(path, std::ios::app) << R"({"type":"checkpoint","off)";  // power lost mid-append
  auto c = read_journal(path);
  ASSERT_TRUE(c) << c.error().describe();
  EXPECT_TRUE(c->torn_tail);
  ASSERT_EQ(c->entries.size(), 1u);
  {
    auto j = Journal::open_existing(path, c->valid_bytes);
    ASSERT_TRUE(j) << j.error().describe();
    ASSERT_TRUE(j->append({{"type", "resumed"}}, true));
  }
  auto again = read_journal(path);
  ASSERT_TRUE(again) << again.error().describe();
  ASSERT_EQ(again->entries.size(), 2u);
  EXPECT_EQ(again->entries[1]["type"], "resumed");
  EXPECT_FALSE(again->torn_tail);
}

TEST(JournalTest, DamageInTheMiddleIsReportedNotGuessedAround) {
  test::TempDir dir;
  const std::string path = dir.file("a.jsonl");
  std::ofstream(path) << R"({"type":"begin"})" "\n" "garbage\n" R"({"type":"end"})" "\n";
  auto c = read_journal(path);
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().code, ErrorCode::corrupt);
  EXPECT_NE(c.error().message.find("line 2"), std::string::npos);

  std::ofstream(dir.file("b.jsonl")) << R"({"type":"checkpoint"})" "\n";
  EXPECT_FALSE(read_journal(dir.file("b.jsonl")));
}

TEST(JournalTest, OneJobOneWriter) {
  test::TempDir dir;
  const std::string path = dir.file("a.jsonl");
  auto first = Journal::create(path, {{"type", "begin"}});
  ASSERT_TRUE(first);
  EXPECT_FALSE(Journal::create(path, {{"type", "begin"}})) << "an existing journal is never overwritten";
  EXPECT_TRUE(journal_in_use(path));
  auto second = Journal::open_existing(path, std::filesystem::file_size(path));
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().code, ErrorCode::busy);
  first = Journal::open_existing(dir.file("missing.jsonl"), 0);
  EXPECT_FALSE(journal_in_use(path)) << "the lock goes with the journal object";
}

TEST(JournalTest, ALineEditedIntoOtherValidJsonIsCaughtByItsChecksum) {
  test::TempDir dir;
  const std::string path = dir.file("a.jsonl");
  {
    auto j = Journal::create(path, {{"type", "begin"}, {"version", 2}});
    ASSERT_TRUE(j);
    ASSERT_TRUE(j->append({{"type", "pass_begin"}, {"pass", 5}}, true));
  }
  ASSERT_TRUE(read_journal(path));
  std::string text;
  {
    std::ifstream in(path);
    text.assign(std::istreambuf_iterator<char>(in), {});
  }
  const auto at = text.find("\"pass\":5");
  ASSERT_NE(at, std::string::npos);
  text[at + 7] = '9';  // still valid JSON, a different fact
  std::ofstream(path, std::ios::trunc) << text;
  auto c = read_journal(path);
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().code, ErrorCode::corrupt);
  EXPECT_NE(c.error().message.find("line 2"), std::string::npos) << c.error().message;
}

TEST(JournalTest, JournalsOfTheFirstVersionWithoutChecksumsAreStillRead) {
  test::TempDir dir;
  const std::string path = dir.file("old.jsonl");
  std::ofstream(path) << R"({"type":"begin","version":1})" "\n" R"({"type":"checkpoint","offset":4096})" "\n";
  auto c = read_journal(path);
  ASSERT_TRUE(c) << c.error().describe();
  EXPECT_EQ(c->entries.size(), 1u);
}

}  // namespace
}  // namespace wipeseal
