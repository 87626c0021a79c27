// The application layer both frontends walk through (app/session.h), on image files: examine ->
// prepare -> start -> results, cancelling one device of two, resuming, and what a confused user
// hits: an unusable output folder, a record that cannot be written, an empty image, damaged
// journals, exceptions deep in a device thread, labels that are not UTF-8.
#include <gtest/gtest.h>
#include <unistd.h>
#include <sys/wait.h>

#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "app/data_folder.h"
#include "app/examine.h"
#include "app/save_targets.h"
#include "app/session.h"
#include "app/unfreeze.h"
#include "tests/support/device_content.h"
#include "tests/support/faulty_block_device.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_loop_device.h"
#include "wipe/clock.h"
#include "wipe/discovery.h"
#include "wipe/file_io.h"
#include "wipe/text.h"

namespace wipeseal {
namespace {

namespace fs = std::filesystem;
using test::TempDir;
constexpr std::uint64_t MiB = 1 << 20;

const app::SecretPrompt kNoSecrets = [](app::SecretKind) -> Result<std::string> {
  return std::unexpected(make_error(ErrorCode::internal, "no secret expected"));
};

// Collects events; lets a test wait until a device has made progress.
class Recorder final : public ProgressSink {
 public:
  void on_event(const ProgressEvent& e) override {
    std::lock_guard lock(mu_);
    if (e.kind == ProgressEvent::Kind::progress && e.phase == ProgressPhase::overwrite) ++progress_[e.device];
    kinds_.push_back(e.kind);
    cv_.notify_all();
  }
  bool wait_progress(const std::string& device) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, std::chrono::seconds(30), [&] { return progress_[device] > 0; });
  }
  std::vector<ProgressEvent::Kind> kinds() {
    std::lock_guard lock(mu_);
    return kinds_;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::map<std::string, int> progress_;
  std::vector<ProgressEvent::Kind> kinds_;
};

struct AppFixture {
  TempDir dir;
  std::string image(const std::string& name, std::uint64_t size, unsigned char fill = 0x42) {
    const std::string path = dir.file(name);
    test::make_filled_file(path, size, fill);
    return fs::canonical(path).string();
  }
  app::EraseRequest request(std::vector<std::string> devices) {
    app::EraseRequest r;
    r.devices = std::move(devices);
    r.records_dir = dir.file("records");
    r.state_dir = dir.file("state");
    r.engine.tuning.chunk_bytes = 256 * 1024;
    r.engine.tuning.checkpoint_interval = std::chrono::milliseconds(20);
    return r;
  }
  // Every write to the device takes `delay`, so a test can stop it half-way.
  static DeviceOpener slow(std::chrono::milliseconds delay, test::FaultPlan plan = {}) {
    plan.write_delay = delay;
    return [plan](const DeviceInfo& info) -> Result<std::unique_ptr<BlockDevice>> {
      auto real = open_block_device(info.path, OpenOptions{});
      if (!real) return std::unexpected(real.error());
      return std::make_unique<test::FaultyBlockDevice>(std::move(*real), plan);
    };
  }
  static app::SessionResults finish(Result<std::unique_ptr<app::Session>> session) {
    EXPECT_TRUE(session) << session.error().describe();
    if (!session) return {};
    NullProgressSink none;
    (*session)->start(none);
    (*session)->wait();
    return (*session)->results();
  }
  app::SessionResults run(app::EraseRequest r) { return finish(app::Session::prepare(std::move(r), kNoSecrets)); }
  // Starts a slow erase of `device` and stops it once it has written something.
  void start_and_stop(const std::string& device, app::EraseRequest request) {
    request.engine.open_device = slow(std::chrono::milliseconds(15));
    auto session = app::Session::prepare(std::move(request), kNoSecrets);
    ASSERT_TRUE(session) << session.error().describe();
    Recorder events;
    (*session)->start(events);
    ASSERT_TRUE(events.wait_progress(device));
    (*session)->cancel_all();
    (*session)->wait();
    ASSERT_EQ((*session)->results().devices.at(0).classification, app::Classification::aborted);
  }
  app::SessionResults resume(app::ResumeRequest r = {}) {
    if (r.state_dir.empty()) r.state_dir = dir.file("state");
    return finish(app::Session::prepare_resume(std::move(r), kNoSecrets));
  }
  std::size_t journals() const {
    std::size_t n = 0;
    std::error_code ec;
    for (const auto& e : fs::recursive_directory_iterator(dir.file("state"), ec)) n += e.path().extension() == ".jsonl";
    return n;
  }
};

TEST(AppSession, ExaminePrepareStartResults) {
  AppFixture f;
  const std::string a = f.image("a.img", 4 * MiB), b = f.image("b.img", 3 * MiB);
  auto disks = app::examine({a, b}, "clear");
  ASSERT_TRUE(disks) << disks.error().describe();
  ASSERT_EQ(disks->size(), 2u);
  for (const auto& d : *disks) EXPECT_TRUE(d.eligible());

  auto session = app::Session::prepare(f.request({a, b}), kNoSecrets);
  ASSERT_TRUE(session) << session.error().describe();
  EXPECT_EQ(test::read_bytes(a, 0, 4), std::string(4, '\x42')) << "prepare writes nothing";
  Recorder events;
  (*session)->start(events);
  ASSERT_TRUE((*session)->wait_for(std::chrono::seconds(60)));
  const auto& results = (*session)->results();
  ASSERT_FALSE(results.error) << results.error->describe();
  ASSERT_EQ(results.devices.size(), 2u);
  EXPECT_EQ(results.overall(), app::Classification::erased);
  for (const auto& d : results.devices) {
    EXPECT_EQ(d.classification, app::Classification::erased) << d.record.outcome_detail;
    EXPECT_TRUE(fs::exists(d.record_path));
    ASSERT_TRUE(d.record.verification);
    EXPECT_EQ(d.record.verification->outcome, VerificationOutcome::passed);
    EXPECT_FALSE(d.certificate_requested);
  }
  EXPECT_EQ(results.devices[0].record.device.path, a);
  EXPECT_NE(test::read_bytes(a, 0, 4), std::string(4, '\x42'));
  const auto kinds = events.kinds();
  EXPECT_EQ(std::count(kinds.begin(), kinds.end(), ProgressEvent::Kind::device_finished), 2);
  EXPECT_TRUE(app::list_unfinished(f.dir.file("state"))->jobs.empty());
}

TEST(AppSession, CancellingOneDeviceLetsTheOtherFinishAndLeavesItResumable) {
  AppFixture f;
  const std::string a = f.image("a.img", 32 * MiB), b = f.image("b.img", 4 * MiB);
  auto request = f.request({a, b});
  request.engine.open_device = AppFixture::slow(std::chrono::milliseconds(15));
  auto session = app::Session::prepare(std::move(request), kNoSecrets);
  ASSERT_TRUE(session) << session.error().describe();
  Recorder events;
  (*session)->start(events);
  ASSERT_TRUE(events.wait_progress(a));
  EXPECT_TRUE((*session)->cancel(a));
  EXPECT_FALSE((*session)->cancel(f.dir.file("not-in-this-job.img")));
  ASSERT_TRUE((*session)->wait_for(std::chrono::seconds(120)));
  const auto& results = (*session)->results();
  ASSERT_EQ(results.devices.size(), 2u);
  EXPECT_EQ(results.devices[0].classification, app::Classification::aborted);
  EXPECT_EQ(results.devices[0].record.outcome_reason, OutcomeReason::stopped_during_overwrite);
  EXPECT_EQ(results.devices[1].classification, app::Classification::erased) << results.devices[1].record.outcome_detail;
  EXPECT_EQ(results.overall(), app::Classification::aborted);

  auto pending = app::list_unfinished(f.dir.file("state"));
  ASSERT_TRUE(pending);
  ASSERT_EQ(pending->jobs.size(), 1u);
  EXPECT_EQ(pending->jobs[0].device.path, a);
  const auto resumed = f.resume();
  ASSERT_EQ(resumed.devices.size(), 1u);
  EXPECT_EQ(resumed.devices[0].classification, app::Classification::erased) << resumed.devices[0].record.outcome_detail;
  ASSERT_EQ(resumed.devices[0].record.interruptions.size(), 1u);
  EXPECT_EQ(resumed.devices[0].record.interruptions[0].cause, InterruptionCause::operator_stopped);
  EXPECT_TRUE(app::list_unfinished(f.dir.file("state"))->jobs.empty());
}

TEST(AppSession, AnUnusableOutputOrStateFolderIsFoundBeforeAnyWrite) {
  AppFixture f;
  const std::string a = f.image("a.img", 2 * MiB);
  std::ofstream(f.dir.file("not-a-folder")) << "x";
  auto request = f.request({a});
  request.records_dir = f.dir.file("not-a-folder");
  auto refused = app::Session::prepare(request, kNoSecrets);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::invalid_input) << refused.error().describe();
  EXPECT_NE(refused.error().message.find("records folder"), std::string::npos) << refused.error().message;

  request = f.request({a});
  request.state_dir = f.dir.file("not-a-folder");
  auto refused_state = app::Session::prepare(request, kNoSecrets);
  ASSERT_FALSE(refused_state);
  EXPECT_NE(refused_state.error().message.find("state folder"), std::string::npos) << refused_state.error().message;

  EXPECT_EQ(test::read_bytes(a, 0, 2 * MiB), std::string(2 * MiB, '\x42')) << "nothing was written";
  EXPECT_EQ(f.journals(), 0u);
}

TEST(AppSession, ARecordThatCannotBeWrittenIsKeptInTheJournalAndResumeWritesIt) {
  AppFixture f;
  const std::string a = f.image("a.img", 2 * MiB);
  auto session = app::Session::prepare(f.request({a}), kNoSecrets);
  ASSERT_TRUE(session) << session.error().describe();
  // The folder breaks after it was checked (the stick pulled and another put in its place...).
  fs::remove_all(f.dir.file("records"));
  std::ofstream(f.dir.file("records")) << "not a folder";
  NullProgressSink none;
  (*session)->start(none);
  (*session)->wait();
  const auto& first = (*session)->results().devices;
  ASSERT_EQ(first.size(), 1u);
  EXPECT_TRUE(first[0].record_path.empty());
  ASSERT_TRUE(first[0].record_error);
  EXPECT_EQ(first[0].classification, app::Classification::failed) << "an erasure without its record proves nothing";
  EXPECT_EQ(first[0].record.outcome, Outcome::erased);

  auto pending = app::list_unfinished(f.dir.file("state"));
  ASSERT_TRUE(pending);
  ASSERT_EQ(pending->jobs.size(), 1u);
  EXPECT_TRUE(pending->jobs[0].paperwork_only);

  fs::remove(f.dir.file("records"));
  const auto resumed = f.resume();
  ASSERT_EQ(resumed.devices.size(), 1u);
  EXPECT_EQ(resumed.devices[0].classification, app::Classification::erased);
  ASSERT_FALSE(resumed.devices[0].record_path.empty());
  auto record = read_record_file(resumed.devices[0].record_path);
  ASSERT_TRUE(record) << record.error().describe();
  EXPECT_EQ(record->id, first[0].record.id);
  EXPECT_EQ(record->outcome, Outcome::erased);
  EXPECT_TRUE(record->verification.has_value());
  EXPECT_TRUE(app::list_unfinished(f.dir.file("state"))->jobs.empty());
}

TEST(AppSession, ResumeKeepsTheReadBackLevelTheJobWasStartedWith) {
  AppFixture f;
  const std::string a = f.image("a.img", 16 * MiB);
  auto request = f.request({a});
  request.read_back = *app::ReadBackSpec::parse("full", false);
  request.engine.open_device = AppFixture::slow(std::chrono::milliseconds(15));
  auto session = app::Session::prepare(std::move(request), kNoSecrets);
  ASSERT_TRUE(session);
  Recorder events;
  (*session)->start(events);
  ASSERT_TRUE(events.wait_progress(a));
  (*session)->cancel_all();
  (*session)->wait();
  ASSERT_EQ((*session)->results().devices[0].classification, app::Classification::aborted);

  // A disk with the same identity at the job's path may be another one: resuming without the
  // read-back the job began with is refused, and nothing is written.
  app::ResumeRequest unchecked;
  unchecked.state_dir = f.dir.file("state");
  unchecked.read_back = *app::ReadBackSpec::parse("none", true);
  auto refused = app::Session::prepare_resume(std::move(unchecked), kNoSecrets);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("--verify none is refused"), std::string::npos) << refused.error().message;

  const auto resumed = f.resume();
  ASSERT_EQ(resumed.devices.size(), 1u);
  const JobRecord& r = resumed.devices[0].record;
  ASSERT_TRUE(r.verification);
  EXPECT_EQ(r.verification->mode, VerificationMode::full);
  EXPECT_EQ(r.verification->bytes_read, 16 * MiB);
}

TEST(AppSession, AnEmptyImageIsRefusedLikeADriveWithNoMedium) {
  AppFixture f;
  const std::string empty = f.image("empty.img", 0);
  auto disks = app::examine({empty}, "clear");
  ASSERT_TRUE(disks);
  ASSERT_EQ((*disks)[0].safety.refusals.size(), 1u);
  EXPECT_EQ((*disks)[0].safety.refusals[0].code, RefusalCode::no_medium);
  auto refused = app::Session::prepare(f.request({empty}), kNoSecrets);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::refused);
  EXPECT_EQ(f.journals(), 0u);
}

TEST(AppSession, TheSameDiskNamedTwiceIsAnInputError) {
  AppFixture f;
  const std::string a = f.image("a.img", 1 * MiB);
  auto disks = app::examine({a, f.dir.file("./a.img")}, "clear");
  ASSERT_FALSE(disks);
  EXPECT_EQ(disks.error().code, ErrorCode::invalid_input);
}

TEST(AppSession, AnExceptionInAWriterOrReaderThreadFailsThatDeviceWithARecord) {
  AppFixture f;
  const std::string a = f.image("a.img", 4 * MiB), b = f.image("b.img", 4 * MiB);
  test::FaultPlan writes;
  writes.throw_on_write_at = 1 * MiB;
  auto request = f.request({a});
  request.engine.open_device = AppFixture::slow(std::chrono::milliseconds(0), writes);
  const auto thrown = f.run(request);
  ASSERT_EQ(thrown.devices.size(), 1u);
  EXPECT_EQ(thrown.devices[0].classification, app::Classification::failed);
  EXPECT_FALSE(thrown.devices[0].record_path.empty()) << "the record says what happened";
  EXPECT_NE(thrown.devices[0].record.outcome_detail.find("writer thread"), std::string::npos)
      << thrown.devices[0].record.outcome_detail;

  test::FaultPlan reads;
  reads.throw_on_read_at = 0;
  request = f.request({b});
  request.engine.open_device = AppFixture::slow(std::chrono::milliseconds(0), reads);
  const auto unread = f.run(request);
  ASSERT_EQ(unread.devices.size(), 1u);
  EXPECT_EQ(unread.devices[0].classification, app::Classification::failed);
  ASSERT_TRUE(unread.devices[0].record.verification);
  EXPECT_NE(unread.devices[0].record.verification->failure.find("reader thread"), std::string::npos)
      << unread.devices[0].record.verification->failure;
}

TEST(AppSession, DamagedJournalsAreReportedAndNeverHideTheOthers) {
  AppFixture f;
  const std::string a = f.image("a.img", 16 * MiB);
  f.start_and_stop(a, f.request({a}));

  const std::string journal_dir = f.dir.file("state") + "/journal";
  std::ofstream(journal_dir + "/0-empty.jsonl").flush();
  std::ofstream(journal_dir + "/1-garbage.jsonl") << "{\"type\": \"begin\", \"version\": 1}\nnot json\n";
  auto list = app::list_unfinished(f.dir.file("state"));
  ASSERT_TRUE(list) << list.error().describe();
  EXPECT_EQ(list->jobs.size(), 1u);
  ASSERT_EQ(list->damaged.size(), 2u);
  for (const auto& d : list->damaged) EXPECT_EQ(d.error.code, ErrorCode::corrupt) << d.error.describe();
  const auto resumed = f.resume();
  ASSERT_EQ(resumed.devices.size(), 1u);
  EXPECT_EQ(resumed.devices[0].classification, app::Classification::erased);
}

TEST(AppSession, LabelsThatAreNotUtf8AreEscapedKeptInHexAndNeverStopAnErasure) {
  AppFixture f;
  const std::string a = f.image("tcvn3.img", 16 * MiB, 0);
  // A label written by a Windows PC in a legacy Vietnamese encoding: not UTF-8.
  const std::string raw_label = "M\xE1\xBB\xFF\xFE" "T";
  ASSERT_EQ(test::run_command({"mke2fs", "-q", "-F", "-t", "ext4", "-L", raw_label, a}), 0);
  auto disks = app::examine({a}, "clear");
  ASSERT_TRUE(disks) << disks.error().describe();
  const auto& sigs = (*disks)[0].device.content.signatures;
  ASSERT_FALSE(sigs.empty());
  const auto& sig = sigs.back();
  EXPECT_TRUE(is_valid_utf8(sig.label)) << sig.label;
  EXPECT_EQ(sig.label, "M\\xe1\\xbb\\xff\\xfeT");
  EXPECT_EQ(sig.label_hex, "4de1bbfffe54");
  EXPECT_NO_THROW((void)device_to_json((*disks)[0].device).dump());

  const auto results = f.run(f.request({a}));
  ASSERT_EQ(results.devices.size(), 1u);
  EXPECT_EQ(results.devices[0].classification, app::Classification::erased);
  auto record = read_record_file(results.devices[0].record_path);
  ASSERT_TRUE(record) << record.error().describe();
  EXPECT_EQ(record->device.content.signatures.back().label_hex, "4de1bbfffe54");
}

TEST(AppSession, AClockCorrectedByTheOperatorIsUsedAndSaidInTheRecord) {
  AppFixture f;
  const std::string a = f.image("a.img", 2 * MiB);
  // This computer's clock is three years behind; the operator says what time it really is.
  const auto actual = std::chrono::system_clock::now() + std::chrono::hours(24 * 365 * 3);
  set_clock_correction(actual);
  const auto results = f.run(f.request({a}));
  clear_clock_correction();
  ASSERT_EQ(results.devices.size(), 1u);
  const JobRecord& r = results.devices[0].record;
  ASSERT_TRUE(r.clock) << "the record says the clock was corrected";
  EXPECT_NEAR(static_cast<double>(r.clock->offset_ms), 3.0 * 365 * 24 * 3600 * 1000, 60'000);
  EXPECT_EQ(r.started_at.substr(0, 4), format_timestamp(actual).substr(0, 4)) << "times follow the correction";
  auto kept = read_record_file(results.devices[0].record_path);
  ASSERT_TRUE(kept);
  ASSERT_TRUE(kept->clock);
  EXPECT_EQ(kept->clock->offset_ms, r.clock->offset_ms);
}

// On the live image, every record (and so every certificate, which carries the records) names the
// air-gapped image, its build and the SHA-256 of its system files with the boot-time check.
TEST(AppSession, ARecordMadeOnTheLiveImageNamesTheImageAndItsHash) {
  AppFixture f;
  const std::string a = f.image("a.img", 2 * MiB);
  const std::string info = f.dir.file("image.json");
  const std::string sha(64, 'a');
  ASSERT_TRUE(write_file_durably(info, nlohmann::json{{"image_version", "1.2.0"},
                                                      {"build_id", "20261203T0101Z-ab12"},
                                                      {"air_gapped", true},
                                                      {"squashfs_sha256", sha},
                                                      {"squashfs_check", "verified"}}
                                           .dump(),
                                 0644));
  ::setenv("WIPESEAL_IMAGE_INFO", info.c_str(), 1);
  struct Unset {
    ~Unset() { ::unsetenv("WIPESEAL_IMAGE_INFO"); }
  } unset_at_end;  // even when an assertion ends the test early
  const auto results = f.run(f.request({a}));
  ASSERT_EQ(results.devices.size(), 1u);
  auto kept = read_record_file(results.devices[0].record_path);
  ASSERT_TRUE(kept);
  EXPECT_NE(kept->environment.find("1.2.0"), std::string::npos) << kept->environment;
  EXPECT_NE(kept->environment.find("20261203T0101Z-ab12"), std::string::npos) << kept->environment;
  EXPECT_NE(kept->environment.find("air-gapped"), std::string::npos) << kept->environment;
  EXPECT_NE(kept->environment.find(sha + ": verified at boot"), std::string::npos) << kept->environment;

  // A system whose files do not hash like the published build says so; a damaged identity file
  // is reported, never read as a clean image.
  ASSERT_TRUE(write_file_durably(info, nlohmann::json{{"image_version", "1.2.0"},
                                                      {"build_id", "x"},
                                                      {"air_gapped", true},
                                                      {"squashfs_sha256", sha},
                                                      {"squashfs_check", "MISMATCH"}}
                                           .dump(),
                                 0644));
  EXPECT_NE(app::environment_description().find("DOES NOT MATCH"), std::string::npos);
  ASSERT_TRUE(write_file_durably(info, "{\"image_version\": \"1.2", 0644));
  EXPECT_NE(app::environment_description().find("could not be read"), std::string::npos);
  // A value of the wrong type is never taken for a claim.
  ASSERT_TRUE(write_file_durably(info, R"({"image_version": 7, "air_gapped": "yes"})", 0644));
  EXPECT_NE(app::environment_description().find("network state not stated"), std::string::npos);
}

TEST(AppSession, CertificatesAreCopiedToAUsbDriveWholeAndNeverOverwritten) {
  TempDir dir;
  for (const char* name : {"c.pdf", "c.json", "c.p7s"}) std::ofstream(dir.file(name)) << name;
  certificates::IssuedCertificate cert;
  cert.pdf_path = dir.file("c.pdf");
  cert.json_path = dir.file("c.json");
  cert.p7s_path = dir.file("c.p7s");
  auto copied = app::save_certificate_copies(cert, dir.file("usb"));
  ASSERT_TRUE(copied) << copied.error().describe();
  ASSERT_EQ(copied->size(), 3u);
  EXPECT_EQ(*read_file(dir.file("usb/wipeseal-bien-ban/c.pdf")), "c.pdf");
  EXPECT_TRUE(app::save_certificate_copies(cert, dir.file("usb"))) << "saving the same again is fine";
  std::ofstream(dir.file("c.pdf")) << "changed";
  auto clash = app::save_certificate_copies(cert, dir.file("usb"));
  ASSERT_FALSE(clash) << "a different file of the same name is never overwritten";
  EXPECT_EQ(*read_file(dir.file("usb/wipeseal-bien-ban/c.pdf")), "c.pdf");
}

TEST(AppSession, AFrozenDriveIsOfferedASleepThatRunsRtcwake) {
  TempDir dir;
  app::DiskView frozen;
  frozen.plan = MethodChoice{};
  frozen.plan->recommendation.reason_code = ReasonCode::frozen;
  app::DiskView plain;
  EXPECT_TRUE(app::any_frozen({plain, frozen}));
  EXPECT_FALSE(app::any_frozen({plain}));
  // A stand-in for rtcwake that records how it was called.
  const std::string fake = dir.file("rtcwake");
  std::ofstream(fake) << "#!/bin/sh\necho \"$@\" > " << dir.file("called") << "\n";
  fs::permissions(fake, fs::perms::owner_all);
  ::setenv("WIPESEAL_RTCWAKE", fake.c_str(), 1);
  EXPECT_TRUE(app::suspend_and_resume(std::chrono::seconds(5)));
  EXPECT_EQ(*read_file(dir.file("called")), "-m mem -s 5\n");
  ::setenv("WIPESEAL_RTCWAKE", "/nonexistent/rtcwake", 1);
  EXPECT_FALSE(app::suspend_and_resume(std::chrono::seconds(5)));
  ::unsetenv("WIPESEAL_RTCWAKE");
}

TEST(TextTest, PrintableEscapesControlCharactersAndBadBytesButKeepsVietnamese) {
  EXPECT_EQ(printable("Hồ sơ mật"), "Hồ sơ mật");
  EXPECT_EQ(printable("a\nb\tc"), "a\\nb\\tc");
  EXPECT_EQ(printable("\x1b[31mRED"), "\\x1b[31mRED");
  EXPECT_EQ(printable("x\xc2\x9b" "2J"), "x\\u009b2J");
  EXPECT_EQ(printable("\xff"), "\\xff");
  EXPECT_FALSE(is_valid_utf8("\xed\xa0\x80"));  // a UTF-16 surrogate
  EXPECT_FALSE(is_valid_utf8("\xc0\xaf"));      // an overlong form
  EXPECT_TRUE(is_valid_utf8("Tuyệt mật"));
}

TEST(FileIoTest, ADirectoryWhereAFileIsExpectedIsAnInputErrorNotACrash) {
  TempDir dir;
  auto read = read_file(dir.path().string());
  ASSERT_FALSE(read);
  EXPECT_EQ(read.error().code, ErrorCode::invalid_input);
  auto record = read_record_file(dir.path().string());
  ASSERT_FALSE(record);
  EXPECT_EQ(record.error().code, ErrorCode::invalid_input);
}

// Found by the crash campaign: a process killed while writing a certificate left its temporary
// files beside the certificates. They are removed when the next job begins, and only they: never
// a live process's temporary file, never anything else.
TEST(FileIoTest, TemporariesOfAKilledProcessAreRemovedAndNothingElse) {
  TempDir dir;
  const pid_t child = ::fork();
  if (child == 0) _exit(0);
  ASSERT_GT(child, 0);
  ::waitpid(child, nullptr, 0);  // now a pid of a process that is gone
  const std::string dead = dir.file(fmt::format(".abc.json.{}.tmp", child));
  const std::string live = dir.file(fmt::format(".abc.pdf.{}.tmp", ::getpid()));
  const std::string certificate = dir.file("abc.json");
  const std::string lookalike = dir.file(".notes.tmp");
  for (const std::string& f : {dead, live, certificate, lookalike}) std::ofstream(f) << "x";
  EXPECT_EQ(remove_stale_temporaries(dir.path().string()), 1u);
  EXPECT_FALSE(fs::exists(dead));
  EXPECT_TRUE(fs::exists(live));
  EXPECT_TRUE(fs::exists(certificate));
  EXPECT_TRUE(fs::exists(lookalike));
}

TEST(FileIoTest, DurableWritesReplaceWholeFilesAndNeverOverwriteWhenAskedNotTo) {
  TempDir dir;
  const std::string path = dir.file("sub/one.txt");
  ASSERT_TRUE(write_file_durably(path, "first"));
  ASSERT_TRUE(write_file_durably(path, "second"));
  EXPECT_EQ(*read_file(path), "second");
  auto again = write_file_durably(path, "third", 0644, false);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::refused);
  EXPECT_EQ(*read_file(path), "second");
  std::size_t files = 0;
  for (const auto& e : fs::directory_iterator(dir.file("sub"))) files += e.is_regular_file();
  EXPECT_EQ(files, 1u) << "no temporary file is left behind";
  EXPECT_FALSE(prove_writable_folder(path)) << "a file is not a folder";
  EXPECT_TRUE(prove_writable_folder(dir.file("new/folder")));
}

}  // namespace
}  // namespace wipeseal
