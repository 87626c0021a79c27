#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "tests/support/temp_dir.h"
#include "wipe/job_record.h"
#include "wipe/random_source.h"

namespace wipeseal {
namespace {

JobRecord sample() {
  auto random = make_deterministic_random(3);
  JobRecord r;
  r.id = "1b4e28ba-2fa1-4d3b-883f-0016d3cca427";
  r.job_id = "job-1";
  r.tool_version = tool_version();
  r.hostname = "may-tinh-01";
  r.device.path = "/dev/sdb";
  r.device.name = "sdb";
  r.device.model = "Samsung SSD 870";
  r.device.serial = "S6PNNS0T123456";
  r.device.firmware = "SVT02B6Q";
  r.device.transport = Transport::sata;
  r.device.size_bytes = 500107862016ULL;
  r.device.logical_sector_size = 512;
  r.device.physical_sector_size = 4096;
  r.device.content.probed = true;
  r.device.content.partition_table = "gpt";
  r.device.content.partitions.push_back({1, 1048576, 524288000, "0fc63daf-8483-4772-8e79-3d69d8477de4"});
  r.device.content.signatures.push_back({"filesystem", "ext4", "HOSO MAT", "", "u-1", "filesystem", 1048576, 1049656, "partition 1"});
  r.method = {"clear", "label", SanitizeCategory::clear, false, "ref"};
  PassRecord p;
  p.index = 1;
  p.pattern = Pattern::random_aes256_ctr(*random);
  p.purpose = "random";
  p.bytes_total = r.device.size_bytes;
  p.bytes_written = r.device.size_bytes - 4096;
  p.started_at = "2026-11-21T08:00:00.000Z";
  p.finished_at = "2026-11-21T09:00:00.000Z";
  p.completed = p.flushed = true;
  p.retried_writes = 3;
  p.errors.push_back({{1048576, 4096}, 5, "writing to the device failed", true});
  r.passes.push_back(p);
  r.interruptions.push_back({InterruptionCause::process_ended, "2026-11-21T08:30:00.000Z", "2026-11-21T08:40:00.000Z", 1, 268435456});
  r.outcome = Outcome::erased_with_exceptions;
  r.outcome_detail = "detail";
  r.started_at = "2026-11-21T08:00:00.000Z";
  r.finished_at = "2026-11-21T09:00:01.000Z";
  r.io = {true, 4194304, 4, 12.5};
  r.content_after = ContentSummary{};
  r.content_after->probed = true;
  return r;
}

TEST(RecordTest, JsonRoundTripKeepsEveryField) {
  const JobRecord r = sample();
  const nlohmann::json j = record_to_json(r);
  auto back = record_from_json(j);
  ASSERT_TRUE(back) << back.error().describe();
  EXPECT_EQ(record_to_json(*back), j);
  EXPECT_EQ(back->passes[0].pattern, r.passes[0].pattern);
  EXPECT_EQ(back->device.content, r.device.content);
}

TEST(RecordTest, DocumentedFieldsArePresent) {
  const nlohmann::json j = record_to_json(sample());
  EXPECT_EQ(j["schema"], "wipeseal.record/1");
  EXPECT_EQ(j["tool"]["name"], "wipeseal");
  for (const char* key : {"path", "model", "serial", "firmware", "transport", "size_bytes", "logical_sector_size",
                          "content_before"}) {
    EXPECT_TRUE(j["device"].contains(key)) << key;
  }
  const auto& pass = j["passes"][0];
  EXPECT_EQ(pass["pattern"]["kind"], "aes-256-ctr");
  EXPECT_EQ(pass["pattern"]["key"].get<std::string>().size(), 64u);
  EXPECT_EQ(pass["pattern"]["iv"].get<std::string>().size(), 32u);
  EXPECT_EQ(pass["errors"][0]["offset"], 1048576);
  EXPECT_EQ(pass["errors"][0]["length"], 4096);
  EXPECT_EQ(j["outcome"], "erased_with_exceptions");
  EXPECT_EQ(j["device"]["content_before"]["signatures"][0]["magic_offset"], 1049656);
}

TEST(RecordTest, FileIsWrittenAtomicallyAsIdDotJson) {
  test::TempDir dir;
  const JobRecord r = sample();
  auto path = write_record_file(r, dir.file("records"));
  ASSERT_TRUE(path) << path.error().describe();
  EXPECT_EQ(*path, dir.file("records") + "/" + r.id + ".json");
  auto back = read_record_file(*path);
  ASSERT_TRUE(back) << back.error().describe();
  EXPECT_EQ(back->id, r.id);
  std::size_t files = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir.file("records"))) {
    (void)e;
    ++files;
  }
  EXPECT_EQ(files, 1u) << "no temporary file is left behind";
}

TEST(RecordTest, DamagedOrForeignRecordsAreRejected) {
  nlohmann::json j = record_to_json(sample());
  j["schema"] = "wipeseal.record/99";
  auto r = record_from_json(j);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::corrupt);

  nlohmann::json k = record_to_json(sample());
  k["passes"][0]["pattern"]["key"] = "abc";
  EXPECT_FALSE(record_from_json(k));

  // Found by fuzzing (tests/fuzz/regressions/record_json/): a byte count written as a huge or
  // negative floating-point number was converted with undefined behaviour; now it is damage.
  for (const double bad_number : {4.194e307, -5.0, 1e10}) {
    nlohmann::json f = record_to_json(sample());
    f["passes"][0]["bytes_total"] = bad_number;
    auto damaged = record_from_json(f);
    ASSERT_FALSE(damaged) << bad_number;
    EXPECT_EQ(damaged.error().code, ErrorCode::corrupt);
  }
  nlohmann::json fine = record_to_json(sample());
  fine["passes"][0]["bytes_total"] = 4096.0;  // an integer written as 4096.0 is still read
  EXPECT_TRUE(record_from_json(fine));

  test::TempDir dir;
  std::ofstream(dir.file("bad.json")) << "{ not json";
  auto bad = read_record_file(dir.file("bad.json"));
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::corrupt);
}

TEST(RecordTest, HexHelpers) {
  const std::uint8_t bytes[] = {0x00, 0x7f, 0xff};
  EXPECT_EQ(to_hex(bytes, 3), "007fff");
  std::uint8_t out[3];
  EXPECT_TRUE(from_hex("007FFF", out, 3));
  EXPECT_EQ(out[2], 0xff);
  EXPECT_FALSE(from_hex("00zz00", out, 3));
  EXPECT_FALSE(from_hex("00", out, 3));
}

}  // namespace
}  // namespace wipeseal
