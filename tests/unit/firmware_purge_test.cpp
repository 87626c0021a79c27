// Firmware purge end to end on simulated drives (tests/support/simulated_drives.h): the engine
// probes the drive, chooses by capability, sends the commands, falls back when the drive refuses,
// verifies by fingerprint, and writes a record that says what was really sent. The drives keep
// their data in image files holding a real ext4 filesystem of marker files, so each test checks
// that the data is really gone (or honestly reported as not gone).
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "tests/support/device_content.h"
#include "tests/support/simulated_drives.h"
#include "tests/support/temp_dir.h"
#include "verify/purge_check.h"
#include "wipe/content_probe.h"
#include "wipe/discovery.h"
#include "wipe/file_io.h"
#include "wipe/job.h"
#include "wipe/firmware/procedures.h"
#include "wipe/random_source.h"
#include "words/catalogue.h"

namespace wipeseal {
namespace {

using test::TempDir;
constexpr std::uint64_t MiB = 1 << 20;
const std::string kMarker = "WIPESEAL-SECRET-MARKER-7f3a";

// A 32 MiB image holding an ext4 filesystem full of marker documents.
void make_ext4_with_markers(const TempDir& dir, const std::string& image, std::uint64_t size = 32 * MiB) {
  const std::string content = dir.file("content");
  std::filesystem::create_directories(content);
  for (int i = 0; i < 40; ++i) {
    std::ofstream f(content + fmt::format("/secret-{}.txt", i));
    for (int j = 0; j < 2000; ++j) f << kMarker << " document " << i << " line " << j << "\n";
  }
  {
    std::ofstream f(image, std::ios::binary | std::ios::trunc);
  }
  std::filesystem::resize_file(image, size);
  const std::string cmd = fmt::format("mke2fs -q -F -t ext4 -d '{}' '{}' >/dev/null 2>&1", content, image);
  ASSERT_EQ(std::system(cmd.c_str()), 0) << "mke2fs (e2fsprogs) is needed";
  ASSERT_FALSE(test::find_string(image, size, kMarker).empty());
}

struct Fixture {
  TempDir dir;
  JobOptions options;
  std::string image = dir.file("drive.img");
  Fixture() {
    options.method = "auto";
    options.records_dir = dir.file("records");
    options.state_dir = dir.file("state");
    options.purge_sleep = [](std::chrono::milliseconds) {};
    verify::ReadBackOptions ro;
    ro.coverage = 0.05;
    options.purge_verifier = verify::purge_verifier(ro);
    options.verify = nullptr;
  }
  DeviceInfo info() {
    auto d = describe_device(image);
    EXPECT_TRUE(d) << d.error().describe();
    return *d;
  }
  template <class Sim>
  void attach(Sim& sim, FirmwareAccess (*make)(Sim&)) {
    options.open_device = [&sim](const DeviceInfo&) -> Result<std::unique_ptr<BlockDevice>> { return sim.block_device(); };
    options.firmware = [&sim, make](const DeviceInfo&, BlockDevice&) { return make(sim); };
  }
  Result<std::vector<DeviceJobResult>> run() {
    std::atomic<bool> cancel{false};
    return run(cancel);
  }
  Result<std::vector<DeviceJobResult>> run(std::atomic<bool>& cancel) {
    NullProgressSink none;
    return run_erase_job({info()}, options, none, cancel);
  }
  // The operator presses Ctrl-C during the first wait between status polls of the purge.
  Result<std::vector<DeviceJobResult>> run_stopped_during_purge() {
    std::atomic<bool> cancel{false};
    options.purge_sleep = [&cancel](std::chrono::milliseconds) { cancel = true; };
    auto result = run(cancel);
    options.purge_sleep = [](std::chrono::milliseconds) {};
    return result;
  }
  Result<std::vector<DeviceJobResult>> resume() {
    auto pending = find_unfinished_jobs(options.state_dir);
    if (!pending) return std::unexpected(pending.error());
    EXPECT_EQ(pending->jobs.size(), 1u);
    if (pending->jobs.empty()) return std::unexpected(make_error(ErrorCode::internal, "no unfinished job"));
    NullProgressSink none;
    std::atomic<bool> cancel{false};
    return resume_erase_jobs({{pending->jobs[0], info()}}, options, none, cancel);
  }
  // The sample hashed before the purge, kept beside the job's journal while the job is unfinished.
  std::vector<std::filesystem::path> fingerprint_files() const {
    std::vector<std::filesystem::path> out;
    for (const auto& e : std::filesystem::recursive_directory_iterator(options.state_dir)) {
      if (e.path().string().ends_with(".fingerprint.json")) out.push_back(e.path());
    }
    return out;
  }
  bool markers_left() const { return !test::find_string(image, std::filesystem::file_size(image), kMarker).empty(); }
};

FirmwareAccess nvme_access(test::SimulatedNvmeController& s) {
  FirmwareAccess a;
  a.nvme = s.transport();
  return a;
}
FirmwareAccess ata_access(test::SimulatedAtaDrive& s) {
  FirmwareAccess a;
  a.ata = s.transport();
  return a;
}

const CandidateRecord* candidate(const JobRecord& r, const std::string& method) {
  for (const auto& c : r.firmware->candidates) {
    if (c.method == method) return &c;
  }
  return nullptr;
}

bool sent(const JobRecord& r, const std::string& opcode) {
  for (const auto& c : r.firmware->commands) {
    if (c.opcode == opcode && c.ok) return true;
  }
  return false;
}

TEST(FirmwarePurge, NvmeAutoPrefersCryptoSanitizeAndVerifiesByFingerprint) {
  Fixture f;
  make_ext4_with_markers(f.dir, f.image);
  test::SimulatedNvmeController sim(f.image, {.sanicap = 0x7, .fna = 0x4});
  f.attach<test::SimulatedNvmeController>(sim, nvme_access);
  auto results = f.run();
  ASSERT_TRUE(results) << results.error().describe();
  const JobRecord& r = (*results)[0].record;
  EXPECT_EQ(r.outcome, Outcome::erased) << r.outcome_detail;
  EXPECT_EQ(r.method.name, "nvme-sanitize-crypto");
  EXPECT_EQ(r.method.category, SanitizeCategory::purge);
  ASSERT_TRUE(r.firmware);
  EXPECT_TRUE(r.firmware->completed);
  EXPECT_EQ(r.firmware->identify_kind, "NVMe Identify Controller");
  EXPECT_EQ(r.firmware->identify_sha256.size(), 64u);
  EXPECT_TRUE(sent(r, "0x84"));
  EXPECT_NE(r.firmware->device_report.find("SSTAT=0x0101"), std::string::npos) << r.firmware->device_report;
  ASSERT_TRUE(r.verification);
  EXPECT_EQ(r.verification->mode, VerificationMode::fingerprint);
  EXPECT_EQ(r.verification->outcome, VerificationOutcome::passed) << r.verification->failure;
  EXPECT_GT(r.verification->blocks_random, 0u);
  EXPECT_FALSE(f.markers_left());
  EXPECT_TRUE(probe_content(f.image).empty());
  // The record on disk says the same.
  auto on_disk = read_record_file((*results)[0].record_path);
  ASSERT_TRUE(on_disk);
  ASSERT_TRUE(on_disk->firmware);
  EXPECT_EQ(on_disk->firmware->method, "nvme-sanitize-crypto");
}

TEST(FirmwarePurge, NvmeWithoutSanitizeFallsBackToFormatLikeQemu) {
  // QEMU 7.2: SANICAP = 0, FNA = 0, no log page 81h, Format NVM supported.
  Fixture f;
  make_ext4_with_markers(f.dir, f.image);
  test::SimulatedNvmeController sim(f.image, {.sanicap = 0, .fna = 0, .sanitize_log = false});
  f.attach<test::SimulatedNvmeController>(sim, nvme_access);
  auto results = f.run();
  ASSERT_TRUE(results) << results.error().describe();
  const JobRecord& r = (*results)[0].record;
  EXPECT_EQ(r.outcome, Outcome::erased) << r.outcome_detail;
  EXPECT_EQ(r.method.name, "nvme-format-erase");
  for (const char* m : {"nvme-sanitize-crypto", "nvme-sanitize-block", "nvme-sanitize-overwrite", "nvme-format-crypto"}) {
    ASSERT_NE(candidate(r, m), nullptr) << m;
    EXPECT_EQ(candidate(r, m)->decision, CandidateDecision::not_supported) << m;
  }
  EXPECT_EQ(candidate(r, "nvme-format-erase")->decision, CandidateDecision::completed);
  EXPECT_TRUE(sent(r, "0x80"));
  EXPECT_FALSE(sent(r, "0x84"));
  for (const auto& cmd : sim.log) EXPECT_EQ(cmd.find("Sanitize"), std::string::npos) << "sent " << cmd;
  EXPECT_FALSE(f.markers_left());
  EXPECT_EQ(r.verification->outcome, VerificationOutcome::passed);
}

TEST(FirmwarePurge, NvmeSanitizeRefusedByTheControllerFallsBackToFormat) {
  Fixture f;
  make_ext4_with_markers(f.dir, f.image);
  test::SimulatedNvmeController sim(f.image, {.sanicap = 0x2, .fna = 0x4, .reject_sanitize = true});
  f.attach<test::SimulatedNvmeController>(sim, nvme_access);
  auto results = f.run();
  ASSERT_TRUE(results) << results.error().describe();
  const JobRecord& r = (*results)[0].record;
  EXPECT_EQ(r.outcome, Outcome::erased) << r.outcome_detail;
  EXPECT_EQ(candidate(r, "nvme-sanitize-block")->decision, CandidateDecision::rejected_by_device);
  EXPECT_NE(candidate(r, "nvme-sanitize-block")->reason.find("Invalid Field"), std::string::npos);
  EXPECT_EQ(r.method.name, "nvme-format-crypto");
  EXPECT_FALSE(f.markers_left());
}

TEST(FirmwarePurge, NvmeSanitizeFailingPartWayEndsInAnHonestFailure) {
  Fixture f;
  make_ext4_with_markers(f.dir, f.image);
  {  // a secret near the end, which the failed sanitize never reaches
    std::fstream io(f.image, std::ios::in | std::ios::out | std::ios::binary);
    io.seekp(static_cast<std::streamoff>(31 * MiB));
    io << kMarker;
  }
  test::SimulatedNvmeController sim(f.image, {.sanicap = 0x2, .fna = 0, .sanitize_fails = true});
  f.attach<test::SimulatedNvmeController>(sim, nvme_access);
  auto results = f.run();
  ASSERT_TRUE(results) << results.error().describe();
  const JobRecord& r = (*results)[0].record;
  EXPECT_EQ(r.outcome, Outcome::failed);
  EXPECT_FALSE(r.firmware->completed);
  EXPECT_EQ(candidate(r, "nvme-sanitize-block")->decision, CandidateDecision::failed);
  // Format NVM is refused while the controller is in sanitize failure mode (NVMe 2.0 8.21).
  EXPECT_EQ(candidate(r, "nvme-format-erase")->decision, CandidateDecision::failed);
  EXPECT_NE(r.outcome_detail.find("did not complete"), std::string::npos) << r.outcome_detail;
  EXPECT_TRUE(f.markers_left());  // and the record does not pretend otherwise
}

TEST(FirmwarePurge, AtaSanitizeBlockErase) {
  Fixture f;
  make_ext4_with_markers(f.dir, f.image);
  test::SimulatedAtaDrive sim(f.image, {.sectors = 32 * MiB / 512, .sanitize = true, .sanitize_block = true});
  f.attach<test::SimulatedAtaDrive>(sim, ata_access);
  auto results = f.run();
  ASSERT_TRUE(results) << results.error().describe();
  const JobRecord& r = (*results)[0].record;
  EXPECT_EQ(r.outcome, Outcome::erased) << r.outcome_detail;
  EXPECT_EQ(r.method.name, "ata-sanitize-block");
  EXPECT_EQ(candidate(r, "ata-sanitize-crypto")->decision, CandidateDecision::not_supported);
  EXPECT_TRUE(sent(r, "0xb4"));
  EXPECT_FALSE(f.markers_left());
  EXPECT_EQ(r.verification->outcome, VerificationOutcome::passed);
  EXPECT_GT(r.verification->blocks_zero, 0u);
}

TEST(FirmwarePurge, AtaEnhancedSecurityEraseLeavesSecurityDisabledAndNoPasswordInTheRecord) {
  Fixture f;
  make_ext4_with_markers(f.dir, f.image);
  test::SimulatedAtaDrive sim(f.image, {.sectors = 32 * MiB / 512});
  f.attach<test::SimulatedAtaDrive>(sim, ata_access);
  auto results = f.run();
  ASSERT_TRUE(results) << results.error().describe();
  const JobRecord& r = (*results)[0].record;
  EXPECT_EQ(r.outcome, Outcome::erased) << r.outcome_detail;
  EXPECT_EQ(r.method.name, "ata-secure-erase-enhanced");
  EXPECT_TRUE(sent(r, "0xf1") && sent(r, "0xf3") && sent(r, "0xf4"));
  EXPECT_FALSE(sim.security_enabled());
  EXPECT_FALSE(f.markers_left());
  // The password was journalled while the drive held it (so a crash can be recovered); once the
  // drive reported security disabled it is in no record and no finished journal.
  ASSERT_EQ(sim.passwords_set.size(), 1u);
  const std::string password = to_hex(sim.passwords_set[0].data(), 32);
  std::size_t journals = 0;
  for (const auto& e : std::filesystem::recursive_directory_iterator(f.options.state_dir)) {
    if (!e.is_regular_file()) continue;
    auto text = read_file(e.path().string());
    ASSERT_TRUE(text);
    EXPECT_EQ(text->find(password), std::string::npos) << e.path();
    if (e.path().extension() == ".jsonl") {
      ++journals;
      EXPECT_NE(text->find("\"scrubbed\":true"), std::string::npos) << "the journal recorded the password was set";
    }
  }
  EXPECT_EQ(journals, 1u);
  auto record_text = read_file((*results)[0].record_path);
  ASSERT_TRUE(record_text);
  EXPECT_EQ(record_text->find(password), std::string::npos);
  EXPECT_TRUE(find_unfinished_jobs(f.options.state_dir)->jobs.empty());
  // Printable characters from the whole alphabet, without look-alikes (I, O, l, 0, 1).
  for (std::uint8_t c : sim.passwords_set[0]) {
    EXPECT_EQ(std::string_view("IOl01").find(static_cast<char>(c)), std::string_view::npos) << c;
    EXPECT_TRUE(std::isalnum(c)) << c;
  }
}

TEST(FirmwarePurge, TheTemporaryAtaPasswordDrawsEveryCharacterOfItsAlphabetEvenly) {
  auto random = make_deterministic_random(7);
  std::map<char, int> counts;
  for (int i = 0; i < 4000; ++i) {
    for (std::uint8_t c : purge_detail::temporary_password(*random)) ++counts[static_cast<char>(c)];
  }
  const std::string alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
  ASSERT_EQ(counts.size(), alphabet.size());
  for (char c : alphabet) ASSERT_TRUE(counts.contains(c)) << c;
  const double mean = 4000.0 * 32 / static_cast<double>(alphabet.size());
  for (const auto& [c, n] : counts) {
    // 128,000 draws: about 2,246 of each, standard deviation about 47; 12 % is 5.7 of them.
    // A bias like `% 56` over 57 characters starves one character entirely.
    EXPECT_NEAR(n, mean, mean * 0.12) << c;
  }
}

TEST(FirmwarePurge, AtaFrozenDriveIsClearedUnderAutoAndRefusedForSecurityErase) {
  Fixture f;
  make_ext4_with_markers(f.dir, f.image);
  test::SimulatedAtaDrive sim(f.image, {.sectors = 32 * MiB / 512, .frozen = true});
  f.attach<test::SimulatedAtaDrive>(sim, ata_access);
  f.options.method = "ata-secure-erase";
  auto refused = f.run();
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("frozen"), std::string::npos) << refused.error().message;
  EXPECT_TRUE(f.markers_left());  // nothing touched

  f.options.method = "auto";
  auto results = f.run();
  ASSERT_TRUE(results) << results.error().describe();
  const JobRecord& r = (*results)[0].record;
  EXPECT_EQ(r.method.name, "clear");
  EXPECT_EQ(r.outcome, Outcome::erased) << r.outcome_detail;
  ASSERT_TRUE(r.firmware);
  EXPECT_EQ(candidate(r, "ata-secure-erase-enhanced")->decision, CandidateDecision::blocked);
  EXPECT_FALSE(f.markers_left());
  for (const auto& cmd : sim.log) EXPECT_EQ(cmd.find("SECURITY SET"), std::string::npos);
}

TEST(FirmwarePurge, AtaEraseInterruptedByPowerLossIsCompletedOnResume) {
  Fixture f;
  make_ext4_with_markers(f.dir, f.image);
  test::SimulatedAtaDrive sim(f.image, {.sectors = 32 * MiB / 512, .enhanced_erase = false, .erase_interrupted = true});
  f.attach<test::SimulatedAtaDrive>(sim, ata_access);
  auto first = f.run();
  ASSERT_TRUE(first) << first.error().describe();
  EXPECT_EQ((*first)[0].record.outcome, Outcome::failed);
  EXPECT_NE((*first)[0].record.outcome_detail.find("wipeseal resume"), std::string::npos);

  sim.power_cycle();
  ASSERT_TRUE(sim.locked());  // ACS-3 SEC4: enabled at power-on means locked
  auto pending = find_unfinished_jobs(f.options.state_dir);
  ASSERT_TRUE(pending);
  ASSERT_EQ(pending->jobs.size(), 1u);
  NullProgressSink none;
  std::atomic<bool> cancel{false};
  auto resumed = resume_erase_jobs({{pending->jobs[0], f.info()}}, f.options, none, cancel);
  ASSERT_TRUE(resumed) << resumed.error().describe();
  const JobRecord& r = (*resumed)[0].record;
  EXPECT_EQ(r.outcome, Outcome::erased) << r.outcome_detail;
  EXPECT_TRUE(r.firmware->resumed_after_interruption);
  EXPECT_FALSE(r.interruptions.empty());
  EXPECT_TRUE(sent(r, "0xf2"));  // SECURITY UNLOCK with the journalled password
  EXPECT_FALSE(sim.security_enabled());
  EXPECT_FALSE(sim.locked());
  EXPECT_FALSE(f.markers_left());
  EXPECT_TRUE(find_unfinished_jobs(f.options.state_dir)->jobs.empty());
}

// The operator stops the job while the drive sanitizes in the background: wipeseal stops polling
// at once (it cannot call the drive back), says the drive carries on, and tries no other method.
// `wipeseal resume` follows the same sanitize to its end and checks it against the sample taken
// before the purge began, not a new one of the half-purged drive.
TEST(FirmwarePurge, NvmeSanitizeStoppedByTheOperatorIsFollowedToItsEndOnResume) {
  Fixture f;
  make_ext4_with_markers(f.dir, f.image);
  test::SimulatedNvmeController sim(f.image, {.sanicap = 0x7, .fna = 0x4, .sanitize_polls = 6});
  f.attach<test::SimulatedNvmeController>(sim, nvme_access);
  auto first = f.run_stopped_during_purge();
  ASSERT_TRUE(first) << first.error().describe();
  const JobRecord& stopped = (*first)[0].record;
  EXPECT_EQ(stopped.outcome, Outcome::aborted) << stopped.outcome_detail;
  EXPECT_NE(stopped.outcome_detail.find("finishes it on its own"), std::string::npos) << stopped.outcome_detail;
  EXPECT_NE(stopped.outcome_detail.find("wipeseal resume"), std::string::npos) << stopped.outcome_detail;
  EXPECT_EQ(candidate(stopped, "nvme-sanitize-crypto")->decision, CandidateDecision::interrupted);
  EXPECT_FALSE(sent(stopped, "0x80"));  // no fallback to Format while the drive is busy
  EXPECT_FALSE(stopped.verification);
  const auto kept = f.fingerprint_files();
  ASSERT_EQ(kept.size(), 1u);
  const auto seed = nlohmann::json::parse(*read_file(kept[0].string())).at("seed").get<std::string>();
  // `wipeseal resume --list` can say where the purge stands.
  auto pending = find_unfinished_jobs(f.options.state_dir);
  ASSERT_TRUE(pending && pending->jobs.size() == 1u);
  EXPECT_TRUE(pending->jobs[0].firmware);
  EXPECT_TRUE(pending->jobs[0].stopped_by_operator);
  EXPECT_EQ(pending->jobs[0].firmware_running, "nvme-sanitize-crypto");
  EXPECT_EQ(pending->jobs[0].firmware_completed, "");

  auto resumed = f.resume();
  ASSERT_TRUE(resumed) << resumed.error().describe();
  const JobRecord& r = (*resumed)[0].record;
  EXPECT_EQ(r.outcome, Outcome::erased) << r.outcome_detail;
  EXPECT_EQ(r.method.name, "nvme-sanitize-crypto");
  EXPECT_FALSE(r.interruptions.empty());
  ASSERT_TRUE(r.verification);
  EXPECT_EQ(r.verification->outcome, VerificationOutcome::passed) << r.verification->failure;
  EXPECT_EQ(r.verification->seed, seed);  // the sample from before the purge, not a new one
  EXPECT_EQ(std::count(sim.log.begin(), sim.log.end(), "Sanitize (Crypto Erase)"), 2);  // 2nd answered In Progress
  EXPECT_FALSE(f.markers_left());
  EXPECT_TRUE(f.fingerprint_files().empty());
  EXPECT_TRUE(find_unfinished_jobs(f.options.state_dir)->jobs.empty());
}

// ACS-3 4.17: an ATA sanitize carries on across a power cycle and the drive aborts a second
// SANITIZE meanwhile. After a stop and a power cycle, resume asks the drive's status first and
// follows the operation it finds; it does not send SANITIZE again.
TEST(FirmwarePurge, AtaSanitizeStoppedAndPowerCycledIsFollowedNotSentAgain) {
  Fixture f;
  make_ext4_with_markers(f.dir, f.image);
  test::SimulatedAtaDrive sim(f.image, {.sectors = 32 * MiB / 512, .sanitize = true, .sanitize_block = true,
                                        .sanitize_polls = 6});
  f.attach<test::SimulatedAtaDrive>(sim, ata_access);
  auto first = f.run_stopped_during_purge();
  ASSERT_TRUE(first) << first.error().describe();
  EXPECT_EQ((*first)[0].record.outcome, Outcome::aborted) << (*first)[0].record.outcome_detail;
  EXPECT_EQ(candidate((*first)[0].record, "ata-sanitize-block")->decision, CandidateDecision::interrupted);
  EXPECT_FALSE(sent((*first)[0].record, "0xf1"));  // no security erase tried while the drive sanitizes

  sim.power_cycle();
  auto resumed = f.resume();
  ASSERT_TRUE(resumed) << resumed.error().describe();
  const JobRecord& r = (*resumed)[0].record;
  EXPECT_EQ(r.outcome, Outcome::erased) << r.outcome_detail;
  EXPECT_EQ(r.method.name, "ata-sanitize-block");
  EXPECT_EQ(std::count(sim.log.begin(), sim.log.end(), "SANITIZE BLOCK ERASE EXT"), 1);
  ASSERT_TRUE(r.verification);
  EXPECT_EQ(r.verification->outcome, VerificationOutcome::passed) << r.verification->failure;
  EXPECT_FALSE(f.markers_left());
}

// Format NVM cannot be stopped once sent; a stop that arrives meanwhile takes effect at the
// read-back. The record says the drive reported success and the check was stopped; resume does
// not format again but reads back against the sample from before the purge.
TEST(FirmwarePurge, StopDuringTheReadBackAfterAPurgeResumesWithTheReadBackOnly) {
  Fixture f;
  make_ext4_with_markers(f.dir, f.image);
  test::SimulatedNvmeController sim(f.image, {.sanicap = 0, .fna = 0x4});
  f.attach<test::SimulatedNvmeController>(sim, nvme_access);
  std::atomic<bool> cancel{false};
  struct StopAfterPurge final : ProgressSink {
    std::atomic<bool>* cancel;
    void on_event(const ProgressEvent& e) override {
      if (e.kind == ProgressEvent::Kind::pass_finished) *cancel = true;
    }
  } sink;
  sink.cancel = &cancel;
  auto first = run_erase_job({f.info()}, f.options, sink, cancel);
  ASSERT_TRUE(first) << first.error().describe();
  const JobRecord& stopped = (*first)[0].record;
  EXPECT_EQ(stopped.outcome, Outcome::aborted) << stopped.outcome_detail;
  EXPECT_NE(stopped.outcome_detail.find("reported success"), std::string::npos) << stopped.outcome_detail;
  EXPECT_FALSE(f.markers_left());  // the format did happen
  auto pending = find_unfinished_jobs(f.options.state_dir);
  ASSERT_TRUE(pending && pending->jobs.size() == 1u);
  EXPECT_EQ(pending->jobs[0].firmware_completed, "nvme-format-crypto");

  auto resumed = f.resume();
  ASSERT_TRUE(resumed) << resumed.error().describe();
  const JobRecord& r = (*resumed)[0].record;
  EXPECT_EQ(r.outcome, Outcome::erased) << r.outcome_detail;
  EXPECT_EQ(r.method.name, "nvme-format-crypto");
  ASSERT_TRUE(r.verification);
  EXPECT_EQ(r.verification->outcome, VerificationOutcome::passed) << r.verification->failure;
  EXPECT_EQ(std::count_if(sim.log.begin(), sim.log.end(), [](const std::string& c) { return c.starts_with("Format NVM"); }),
            1);
  EXPECT_TRUE(f.fingerprint_files().empty());
}

// Without the intact sample from before the purge, a resumed job could only compare the drive
// with itself and would prove nothing. Resume still completes the purge (a drive must not be left
// half-sanitized, or locked with wipeseal's password), but the read-back is recorded as failed,
// naming the file and what to do, so no record claims a verified erasure.
TEST(FirmwarePurge, WithoutTheSampleFromBeforeThePurgeTheResumedJobCannotPass) {
  for (const bool remove : {false, true}) {
    SCOPED_TRACE(remove ? "missing" : "altered");
    Fixture f;
    make_ext4_with_markers(f.dir, f.image);
    test::SimulatedNvmeController sim(f.image, {.sanicap = 0x7, .fna = 0x4, .sanitize_polls = 6});
    f.attach<test::SimulatedNvmeController>(sim, nvme_access);
    auto first = f.run_stopped_during_purge();
    ASSERT_TRUE(first) << first.error().describe();
    const auto kept = f.fingerprint_files();
    ASSERT_EQ(kept.size(), 1u);
    if (remove) {
      std::filesystem::remove(kept[0]);
    } else {
      std::ofstream(kept[0], std::ios::app) << " ";
    }
    auto resumed = f.resume();
    ASSERT_TRUE(resumed) << resumed.error().describe();
    const JobRecord& r = (*resumed)[0].record;
    EXPECT_EQ(r.outcome, Outcome::failed) << r.outcome_detail;
    EXPECT_TRUE(r.firmware->completed);
    EXPECT_FALSE(f.markers_left());  // the purge itself was completed
    ASSERT_TRUE(r.verification);
    EXPECT_EQ(r.verification->outcome, VerificationOutcome::failed);
    EXPECT_EQ(r.verification->bytes_read, 0u);
    const std::string& why = r.verification->failure;
    EXPECT_NE(why.find(remove ? "missing" : "altered"), std::string::npos) << why;
    EXPECT_NE(why.find(kept[0].string()), std::string::npos) << why;
    EXPECT_NE(why.find("wipeseal erase"), std::string::npos) << why;
    EXPECT_NE(r.outcome_detail.find(why), std::string::npos) << r.outcome_detail;
    EXPECT_TRUE(find_unfinished_jobs(f.options.state_dir)->jobs.empty());
  }
}

TEST(FirmwarePurge, HiddenAreaIsReportedUnlessRestored) {
  for (bool restore : {false, true}) {
    SCOPED_TRACE(restore ? "restored" : "not restored");
    Fixture f;
    make_ext4_with_markers(f.dir, f.image);
    const std::uint64_t visible = 32 * MiB / 512, hidden = 2048;
    test::SimulatedAtaDrive sim(f.image, {.sectors = visible, .native_sectors = visible + hidden, .security = false});
    {  // a secret in the Host Protected Area
      std::fstream io(sim.hpa_path(), std::ios::in | std::ios::out | std::ios::binary);
      io.seekp(4096);
      io << kMarker;
    }
    auto hidden_marker = [&] { return !test::find_string(sim.hpa_path(), hidden * 512, kMarker).empty(); };
    f.attach<test::SimulatedAtaDrive>(sim, ata_access);
    f.options.restore_hidden_area = restore;
    f.options.verify = nullptr;
    auto results = f.run();
    ASSERT_TRUE(results) << results.error().describe();
    const JobRecord& r = (*results)[0].record;
    EXPECT_EQ(r.method.name, "clear");
    ASSERT_TRUE(r.firmware);
    EXPECT_TRUE(r.firmware->hidden_area.checked);
    EXPECT_EQ(r.firmware->hidden_area.native_sectors, visible + hidden);
    if (restore) {
      EXPECT_TRUE(r.firmware->hidden_area.restored);
      EXPECT_EQ(r.outcome, Outcome::erased) << r.outcome_detail;
      EXPECT_FALSE(f.markers_left());
      EXPECT_FALSE(hidden_marker());
      EXPECT_EQ(r.passes[0].bytes_written, (visible + hidden) * 512);
    } else {
      EXPECT_EQ(r.firmware->hidden_area.hidden_sectors(), hidden);
      EXPECT_EQ(r.outcome, Outcome::erased_with_exceptions) << r.outcome_detail;
      EXPECT_NE(r.outcome_detail.find("2048 sectors"), std::string::npos) << r.outcome_detail;
      EXPECT_FALSE(f.markers_left());
      EXPECT_TRUE(hidden_marker());  // the record says so
    }
  }
}

TEST(FirmwarePurge, ScsiAndEmmcSanitize) {
  {
    Fixture f;
    make_ext4_with_markers(f.dir, f.image);
    test::SimulatedScsiDisk sim(f.image, {.crypto = true, .polls = 4});
    f.options.open_device = [&](const DeviceInfo& i) { return open_block_device(i.path, OpenOptions{}); };
    f.options.firmware = [&](const DeviceInfo&, BlockDevice&) {
      FirmwareAccess a;
      a.scsi = sim.transport();
      return a;
    };
    auto results = f.run();
    ASSERT_TRUE(results) << results.error().describe();
    const JobRecord& r = (*results)[0].record;
    EXPECT_EQ(r.method.name, "scsi-sanitize-crypto");
    EXPECT_EQ(r.outcome, Outcome::erased) << r.outcome_detail;
    EXPECT_TRUE(sent(r, "0x48"));
    EXPECT_FALSE(f.markers_left());
  }
  {
    Fixture f;
    make_ext4_with_markers(f.dir, f.image);
    test::SimulatedEmmc sim(f.image, {});
    f.options.open_device = [&](const DeviceInfo& i) { return open_block_device(i.path, OpenOptions{}); };
    f.options.firmware = [&](const DeviceInfo&, BlockDevice&) {
      FirmwareAccess a;
      a.mmc = sim.transport();
      return a;
    };
    auto results = f.run();
    ASSERT_TRUE(results) << results.error().describe();
    const JobRecord& r = (*results)[0].record;
    EXPECT_EQ(r.method.name, "mmc-sanitize");
    EXPECT_EQ(r.outcome, Outcome::erased) << r.outcome_detail;
    EXPECT_FALSE(f.markers_left());
  }
}

// An NVMe controller with every Sanitize action and per-namespace crypto erase in Format NVM.
Capabilities nvme_capabilities() {
  Capabilities caps;
  caps.command_set = "nvme";
  caps.nvme_controller = nvme::ControllerInfo{};
  caps.nvme_controller->oacs = 0x2;
  caps.nvme_controller->sanicap = 0x7;
  caps.nvme_controller->fna = 0x4;  // crypto erase, per namespace
  caps.nvme_namespace = nvme::NamespaceInfo{};
  caps.nvme_namespace_id = 1;
  return caps;
}

TEST(Recommendation, NeverASubsystemWidePurgeWhileTheControllerHasOtherNamespaces) {
  DeviceInfo d;
  d.transport = Transport::nvme;
  Capabilities caps = nvme_capabilities();
  caps.other_namespaces = {"nvme0n2"};
  const Recommendation r = recommend_method(d, caps);
  EXPECT_EQ(r.method, "nvme-format-crypto");
  for (const auto& c : r.candidates) {
    if (c.method.rfind("nvme-sanitize", 0) == 0) {
      EXPECT_EQ(c.decision, CandidateDecision::blocked);
      EXPECT_NE(c.reason.find("nvme0n2"), std::string::npos);
    }
  }
  caps.nvme_controller->fna = 0x5;  // format applies to all namespaces
  const Recommendation clear = recommend_method(d, caps);
  EXPECT_EQ(clear.method, "clear");
  // The operator is told the purge exists and why it is not used, not that the drive has none.
  EXPECT_EQ(clear.reason_code, ReasonCode::purge_blocked);
  const std::string why = words::plan_reason(clear, words::Lang::en).toStdString();
  EXPECT_NE(why.find("will not send it"), std::string::npos) << why;
  EXPECT_NE(why.find("nvme0n2"), std::string::npos) << why;
}

TEST(FirmwarePurge, WithoutTheNamespaceIdNoFormatOrSanitizeIsSent) {
  Fixture f;
  make_ext4_with_markers(f.dir, f.image);
  test::SimulatedNvmeController sim(f.image, {.sanicap = 0x7, .fna = 0x4, .namespace_id_readable = false});
  f.attach<test::SimulatedNvmeController>(sim, nvme_access);
  auto results = f.run();
  ASSERT_TRUE(results) << results.error().describe();
  const JobRecord& r = (*results)[0].record;
  // Auto falls back to overwriting; not one command that could reach another namespace was sent.
  EXPECT_EQ(r.method.name, "clear");
  EXPECT_EQ(r.outcome, Outcome::erased) << r.outcome_detail;
  for (const auto& c : r.firmware->commands) {
    EXPECT_NE(c.opcode, "0x80") << "Format NVM";
    EXPECT_NE(c.opcode, "0x84") << "Sanitize";
  }
  for (const auto& c : r.firmware->candidates) {
    if (c.decision == CandidateDecision::not_supported) continue;  // Format needs Identify Namespace
    EXPECT_EQ(c.decision, CandidateDecision::blocked) << c.method;
    EXPECT_NE(c.reason.find("namespace id"), std::string::npos) << c.reason;
  }
  EXPECT_FALSE(f.markers_left());
  // Named directly, the method is refused before anything is written.
  Fixture g;
  make_ext4_with_markers(g.dir, g.image);
  test::SimulatedNvmeController sim2(g.image, {.sanicap = 0x7, .fna = 0x4, .namespace_id_readable = false});
  g.attach<test::SimulatedNvmeController>(sim2, nvme_access);
  g.options.method = "nvme-format-crypto";
  auto refused = g.run();
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::refused);
  EXPECT_TRUE(g.markers_left());
  for (const auto& name : sim2.log) EXPECT_EQ(name.find("Format"), std::string::npos) << name;
}

TEST(Recommendation, ControllerWhoseNamespacesCannotBeListedGetsNoSubsystemWidePurge) {
  DeviceInfo d;
  d.transport = Transport::nvme;
  Capabilities caps = nvme_capabilities();
  caps.other_namespaces_known = false;
  const Recommendation r = recommend_method(d, caps);
  // Format of this one namespace is still safe; Sanitize, which reaches them all, is not.
  EXPECT_EQ(r.method, "nvme-format-crypto");
  for (const auto& c : r.candidates) {
    if (c.method.starts_with("nvme-sanitize")) {
      EXPECT_EQ(c.decision, CandidateDecision::blocked);
      EXPECT_NE(c.reason.find("could not be listed"), std::string::npos) << c.reason;
    }
  }
}

TEST(Recommendation, RemovableAndVirtualDevicesAreClearOnly) {
  DeviceInfo usb;
  usb.transport = Transport::usb;
  Capabilities none;
  none.error = "IDENTIFY DEVICE failed";
  const Recommendation u = recommend_method(usb, none);
  EXPECT_EQ(u.method, "clear");
  EXPECT_EQ(u.category, SanitizeCategory::clear);
  EXPECT_EQ(u.reason_code, ReasonCode::removable_clear_only);
  EXPECT_TRUE(u.destroy_if_top_secret);

  DeviceInfo loop;
  loop.transport = Transport::loop;
  EXPECT_EQ(recommend_method(loop, Capabilities{}).reason_code, ReasonCode::not_a_drive);

  DeviceInfo sata;
  sata.transport = Transport::sata;
  Capabilities locked;
  locked.command_set = "ata";
  locked.ata = ata::Identify{};
  locked.ata->security.supported = true;
  locked.ata->security.enabled = true;
  locked.ata->security.locked = true;
  const Recommendation l = recommend_method(sata, locked);
  EXPECT_TRUE(l.method.empty());
  EXPECT_EQ(l.reason_code, ReasonCode::locked);
}

}  // namespace
}  // namespace wipeseal
