// The outcome decision (wipe/outcome.h): one pure function for overwrite and purge jobs alike.
#include <gtest/gtest.h>

#include "wipe/outcome.h"

namespace wipeseal {
namespace {

PassRecord done_pass(unsigned index) {
  PassRecord p;
  p.index = index;
  p.completed = p.flushed = true;
  return p;
}

JobRecord overwrite_job(std::vector<PassRecord> passes) {
  JobRecord r;
  r.passes = std::move(passes);
  return r;
}

JobRecord purge_job(bool completed) {
  JobRecord r;
  r.firmware = FirmwareRecord{};
  r.firmware->method = "nvme-format-crypto";
  r.firmware->completed = completed;
  r.method.label = "NVMe Format NVM";
  return r;
}

VerificationRecord verification(VerificationOutcome outcome) {
  VerificationRecord v;
  v.outcome = outcome;
  if (outcome == VerificationOutcome::failed) v.failure = "4096 bytes still hold data";
  return v;
}

OutcomeDecision decide(const JobRecord& r, std::optional<Error> fatal = std::nullopt, bool cancelled = false) {
  return decide_outcome({r, std::move(fatal), cancelled});
}

TEST(OutcomeTest, EveryPassWrittenAndFlushedIsErased) {
  const auto d = decide(overwrite_job({done_pass(1), done_pass(2)}));
  EXPECT_EQ(d.outcome, Outcome::erased);
  EXPECT_EQ(d.reason, OutcomeReason::all_passes_written);
}

TEST(OutcomeTest, UnwritableRangesAreExceptionsNeverASilentSuccess) {
  PassRecord bad = done_pass(1);
  bad.errors.push_back({{4096, 512}, 5, "EIO", true});
  const auto d = decide(overwrite_job({bad}));
  EXPECT_EQ(d.outcome, Outcome::erased_with_exceptions);
  EXPECT_EQ(d.reason, OutcomeReason::unwritable_ranges);
  EXPECT_NE(d.detail.find("512 bytes"), std::string::npos) << d.detail;
}

TEST(OutcomeTest, AnUnflushedOrUnfinishedPassFails) {
  PassRecord unflushed = done_pass(1);
  unflushed.flushed = false;
  EXPECT_EQ(decide(overwrite_job({unflushed})).outcome, Outcome::failed);
  PassRecord unfinished;
  unfinished.index = 2;
  EXPECT_EQ(decide(overwrite_job({done_pass(1), unfinished})).outcome, Outcome::failed);
  EXPECT_EQ(decide(overwrite_job({})).outcome, Outcome::failed);
}

TEST(OutcomeTest, AFatalErrorFailsWhateverElseHappened) {
  const auto d = decide(overwrite_job({done_pass(1)}), make_error(ErrorCode::device_gone, "unplugged"));
  EXPECT_EQ(d.outcome, Outcome::failed);
  EXPECT_EQ(d.reason, OutcomeReason::did_not_finish);
  EXPECT_NE(d.detail.find("unplugged"), std::string::npos);
}

TEST(OutcomeTest, AStopIsResumableAndSaysWhereItStood) {
  PassRecord partial;
  partial.index = 1;
  JobRecord r = overwrite_job({partial});
  const auto d = decide_outcome({r, std::nullopt, true, 1, 1 << 20});
  EXPECT_EQ(d.outcome, Outcome::aborted);
  EXPECT_EQ(d.reason, OutcomeReason::stopped_during_overwrite);
  EXPECT_NE(d.detail.find("byte 1048576"), std::string::npos) << d.detail;
  const auto during_read_back = decide(overwrite_job({done_pass(1)}), std::nullopt, true);
  EXPECT_EQ(during_read_back.reason, OutcomeReason::stopped_during_read_back);
}

TEST(OutcomeTest, DataFoundByReadingBackFailsTheJob) {
  JobRecord r = overwrite_job({done_pass(1)});
  r.verification = verification(VerificationOutcome::failed);
  const auto d = decide(r);
  EXPECT_EQ(d.outcome, Outcome::failed);
  EXPECT_EQ(d.reason, OutcomeReason::read_back_found_data);
}

TEST(OutcomeTest, HiddenSectorsLeftMakeExceptions) {
  JobRecord r = overwrite_job({done_pass(1)});
  r.firmware = FirmwareRecord{};
  r.firmware->hidden_area.checked = true;
  r.firmware->hidden_area.accessible_sectors = 1000;
  r.firmware->hidden_area.native_sectors = 1200;
  const auto d = decide(r);
  EXPECT_EQ(d.outcome, Outcome::erased_with_exceptions);
  EXPECT_EQ(d.reason, OutcomeReason::hidden_sectors_remain);
}

TEST(OutcomeTest, APurgeIsErasedOnlyIfTheDriveCompletedItAndReadingBackAgrees) {
  JobRecord done = purge_job(true);
  done.verification = verification(VerificationOutcome::passed);
  EXPECT_EQ(decide(done).outcome, Outcome::erased);
  EXPECT_EQ(decide(done).reason, OutcomeReason::firmware_purge_done);
  JobRecord contradicted = purge_job(true);
  contradicted.verification = verification(VerificationOutcome::failed);
  EXPECT_EQ(decide(contradicted).reason, OutcomeReason::read_back_found_data);
  EXPECT_EQ(decide_outcome({contradicted, std::nullopt, false, 1, 0, true, "", true}).reason,
            OutcomeReason::purge_unverifiable);
  EXPECT_EQ(decide(purge_job(false)).reason, OutcomeReason::purge_failed);
  EXPECT_EQ(decide(purge_job(false), make_error(ErrorCode::io, "aborted")).outcome, Outcome::failed);
}

TEST(OutcomeTest, APurgeStopSaysWhetherTheDriveGoesOnByItself) {
  const JobRecord r = purge_job(false);
  EXPECT_EQ(decide_outcome({r, std::nullopt, true, 1, 0, true, "nvme-sanitize-block"}).reason,
            OutcomeReason::stopped_during_purge);
  EXPECT_EQ(decide_outcome({r, std::nullopt, true, 1, 0, true, ""}).reason, OutcomeReason::stopped_between_purges);
  EXPECT_EQ(decide_outcome({r, std::nullopt, true, 1, 0, false, ""}).reason, OutcomeReason::stopped_before_purge);
  EXPECT_EQ(decide_outcome({purge_job(true), std::nullopt, true}).reason, OutcomeReason::stopped_after_purge);
}

TEST(OutcomeTest, AnOutstandingAtaPasswordIsAlwaysMentioned) {
  const auto d = decide_outcome({purge_job(false), make_error(ErrorCode::io, "x"), false, 1, 0, true, "", false, true});
  EXPECT_NE(d.detail.find("temporary password"), std::string::npos);
}

}  // namespace
}  // namespace wipeseal
