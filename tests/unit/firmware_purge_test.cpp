// Firmware purge end to end on simulated drives (tests/support/simulated_drives.h): the engine
// probes the drive, chooses by capability, sends the commands, falls back when the drive refuses,
// verifies by fingerprint, and writes a record that says what was really sent. Every ATA path
// runs in each sense format Linux's libata produces (AtaPaths). The drives keep
// their data in image files holding a real ext4 filesystem of marker files, so each test checks
// that the data is really gone (or honestly reported as not gone).
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
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

// One more secret at `offset` of `file`.
void plant_marker(const std::string& file, std::uint64_t offset) {
  std::fstream io(file, std::ios::in | std::ios::out | std::ios::binary);
  io.seekp(static_cast<std::streamoff>(offset));
  io << kMarker;
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
  // An eMMC model keeps its data in the image file itself, which the engine opens as it is.
  void attach_emmc(test::SimulatedEmmc& sim) {
    options.open_device = [](const DeviceInfo& i) { return open_block_device(i.path, OpenOptions{}); };
    options.firmware = [&sim](const DeviceInfo&, BlockDevice&) {
      FirmwareAccess a;
      a.mmc = sim.transport();
      return a;
    };
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

// The ATA paths run behind a simulated Linux SCSI/ATA translation (libata) that answers in each
// sense format the kernel produces (tests/support/simulated_drives.h, SenseFormat).
class AtaPaths : public ::testing::TestWithParam<test::SenseFormat> {
 protected:
  test::AtaProfile behind_libata(test::AtaProfile p) const {
    p.satl.sense = GetParam();
    return p;
  }
};
INSTANTIATE_TEST_SUITE_P(SenseFormats, AtaPaths,
                         ::testing::Values(test::SenseFormat::linux_default, test::SenseFormat::fixed,
                                           test::SenseFormat::descriptor),
                         [](const auto& p) { return std::string(test::sense_format_name(p.param)); });

// The drive's own refusals are never blamed on the adapter.
void expect_no_adapter_blame(const JobRecord& r) {
  auto blames = [](const std::string& s) {
    return s.find("not passed to the drive") != std::string::npos || s.find("may not support ATA") != std::string::npos;
  };
  EXPECT_FALSE(blames(r.outcome_detail)) << r.outcome_detail;
  for (const auto& c : r.firmware->commands) EXPECT_FALSE(blames(c.status)) << c.name << ": " << c.status;
  for (const auto& c : r.firmware->candidates) EXPECT_FALSE(blames(c.reason)) << c.method << ": " << c.reason;
}

std::size_t count_sent(const std::vector<std::string>& log, const std::string& name) {
  return static_cast<std::size_t>(std::count(log.begin(), log.end(), name));
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
  plant_marker(f.image, 31 * MiB);  // a secret near the end, which the failed sanitize never reaches
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

TEST_P(AtaPaths, SanitizeBlockErase) {
  Fixture f;
  make_ext4_with_markers(f.dir, f.image);
  test::SimulatedAtaDrive sim(f.image,
                              behind_libata({.sectors = 32 * MiB / 512, .sanitize = true, .sanitize_block = true}));
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
  expect_no_adapter_blame(r);
  // Fixed-format sense cuts SANITIZE STATUS EXT's status bits (COUNT 15:8) off: wipeseal asked for
  // descriptor-format sense (MODE SELECT of D_SENSE) and read the status again, and only then.
  EXPECT_EQ(sent(r, "0x55"), GetParam() == test::SenseFormat::fixed);
  EXPECT_EQ(sim.descriptor_sense(), GetParam() != test::SenseFormat::linux_default);
}

TEST_P(AtaPaths, EnhancedSecurityEraseLeavesSecurityDisabledAndNoPasswordInTheRecord) {
  Fixture f;
  make_ext4_with_markers(f.dir, f.image);
  test::SimulatedAtaDrive sim(f.image, behind_libata({.sectors = 32 * MiB / 512}));
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

TEST_P(AtaPaths, FrozenDriveIsClearedUnderAutoAndRefusedForSecurityErase) {
  Fixture f;
  make_ext4_with_markers(f.dir, f.image);
  test::SimulatedAtaDrive sim(f.image, behind_libata({.sectors = 32 * MiB / 512, .frozen = true}));
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

TEST_P(AtaPaths, EraseInterruptedByPowerLossIsCompletedOnResume) {
  Fixture f;
  make_ext4_with_markers(f.dir, f.image);
  test::SimulatedAtaDrive sim(
      f.image, behind_libata({.sectors = 32 * MiB / 512, .enhanced_erase = false, .erase_interrupted = true}));
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
TEST_P(AtaPaths, SanitizeStoppedAndPowerCycledIsFollowedNotSentAgain) {
  Fixture f;
  make_ext4_with_markers(f.dir, f.image);
  test::SimulatedAtaDrive sim(
      f.image, behind_libata({.sectors = 32 * MiB / 512, .sanitize = true, .sanitize_block = true, .sanitize_polls = 6}));
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

TEST_P(AtaPaths, HiddenAreaIsReportedUnlessRestored) {
  for (bool restore : {false, true}) {
    SCOPED_TRACE(restore ? "restored" : "not restored");
    Fixture f;
    make_ext4_with_markers(f.dir, f.image);
    const std::uint64_t visible = 32 * MiB / 512, hidden = 2048;
    test::SimulatedAtaDrive sim(
        f.image, behind_libata({.sectors = visible, .native_sectors = visible + hidden, .security = false}));
    plant_marker(sim.hpa_path(), 4096);  // a secret in the Host Protected Area
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
    f.attach_emmc(sim);
    auto results = f.run();
    ASSERT_TRUE(results) << results.error().describe();
    const JobRecord& r = (*results)[0].record;
    EXPECT_EQ(r.method.name, "mmc-sanitize");
    EXPECT_EQ(r.outcome, Outcome::erased) << r.outcome_detail;
    EXPECT_FALSE(f.markers_left());
  }
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

// --restore-hidden with an overwrite method: the drive is asked about its hidden sectors alone,
// they are made accessible, and the overwrite reaches them.
TEST(FirmwarePurge, RestoreHiddenWithAnOverwriteMethodAsksTheDriveAboutItsHiddenSectors) {
  Fixture f;
  make_ext4_with_markers(f.dir, f.image);
  const std::uint64_t visible = 32 * MiB / 512, hidden = 2048;
  test::SimulatedAtaDrive sim(f.image, {.sectors = visible, .native_sectors = visible + hidden});
  f.attach<test::SimulatedAtaDrive>(sim, ata_access);
  f.options.method = "clear";
  f.options.restore_hidden_area = true;
  f.options.verify = nullptr;
  auto results = f.run();
  ASSERT_TRUE(results) << results.error().describe();
  const JobRecord& r = (*results)[0].record;
  EXPECT_EQ(r.method.name, "clear");
  EXPECT_EQ(r.outcome, Outcome::erased) << r.outcome_detail;
  ASSERT_TRUE(r.firmware);
  EXPECT_TRUE(r.firmware->hidden_area.restored);
  EXPECT_TRUE(r.firmware->candidates.empty());  // no firmware purge was considered
  EXPECT_EQ(r.passes[0].bytes_written, (visible + hidden) * 512);
  for (const auto& name : sim.log) EXPECT_EQ(name.find("SECURITY"), std::string::npos) << name;
}

// The BIOS froze SANITIZE (SANITIZE FREEZE LOCK EXT) and security at power-on. The drive aborts
// SANITIZE with reason 3 in LBA 7:0 (ACS-3 7.36), which libata returns in fixed-format sense by
// default: the record says the drive is frozen and what to do, not that the adapter failed.
TEST_P(AtaPaths, SanitizeFrozenIsReportedWithItsRemedy) {
  Fixture f;
  make_ext4_with_markers(f.dir, f.image);
  test::SimulatedAtaDrive sim(f.image, behind_libata({.sectors = 32 * MiB / 512, .frozen = true, .sanitize = true,
                                                      .sanitize_block = true, .sanitize_frozen = true}));
  f.attach<test::SimulatedAtaDrive>(sim, ata_access);
  auto results = f.run();
  ASSERT_TRUE(results) << results.error().describe();
  const JobRecord& r = (*results)[0].record;
  EXPECT_EQ(r.outcome, Outcome::failed) << r.outcome_detail;
  const CandidateRecord* c = candidate(r, "ata-sanitize-block");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->decision, CandidateDecision::blocked);
  EXPECT_NE(c->reason.find("frozen"), std::string::npos) << c->reason;
  EXPECT_NE(c->reason.find("suspend and resume the computer"), std::string::npos) << c->reason;
  EXPECT_EQ(candidate(r, "ata-secure-erase-enhanced")->decision, CandidateDecision::blocked);
  expect_no_adapter_blame(r);
  EXPECT_TRUE(f.markers_left());  // nothing was erased, and the record says so
}

// A sanitize that fails half-way: SANITIZE STATUS EXT in failure mode has ERR set and the reason
// in LBA 7:0, which fixed-format sense carries as well as descriptor-format sense.
TEST_P(AtaPaths, SanitizeFailureKeepsItsReason) {
  Fixture f;
  make_ext4_with_markers(f.dir, f.image);
  plant_marker(f.image, 31 * MiB);  // a secret near the end, which the failed sanitize never reaches
  test::SimulatedAtaDrive sim(f.image, behind_libata({.sectors = 32 * MiB / 512, .security = false, .sanitize = true,
                                                      .sanitize_block = true, .sanitize_polls = 4,
                                                      .sanitize_fails = true}));
  f.attach<test::SimulatedAtaDrive>(sim, ata_access);
  auto results = f.run();
  ASSERT_TRUE(results) << results.error().describe();
  const JobRecord& r = (*results)[0].record;
  EXPECT_EQ(r.outcome, Outcome::failed) << r.outcome_detail;
  const CandidateRecord* c = candidate(r, "ata-sanitize-block");
  EXPECT_EQ(c->decision, CandidateDecision::failed);
  EXPECT_NE(c->reason.find("reason 1: the sanitize operation was unsuccessful"), std::string::npos) << c->reason;
  expect_no_adapter_blame(r);
  EXPECT_TRUE(f.markers_left());
}

// The drive refuses SECURITY ERASE UNIT: the record says the drive refused it (it aborted the
// command), and wipeseal takes its password off again.
TEST_P(AtaPaths, AbortedEraseUnitIsReportedAsTheDrivesRefusal) {
  Fixture f;
  make_ext4_with_markers(f.dir, f.image);
  test::SimulatedAtaDrive sim(f.image, behind_libata({.sectors = 32 * MiB / 512, .erase_unit_aborts = true}));
  f.attach<test::SimulatedAtaDrive>(sim, ata_access);
  f.options.method = "ata-secure-erase-enhanced";
  auto results = f.run();
  ASSERT_TRUE(results) << results.error().describe();
  const JobRecord& r = (*results)[0].record;
  EXPECT_EQ(r.outcome, Outcome::failed) << r.outcome_detail;
  const CandidateRecord* c = candidate(r, "ata-secure-erase-enhanced");
  EXPECT_NE(c->reason.find("the drive refused SECURITY ERASE UNIT (it aborted the command: status=0x51 error=0x04)"),
            std::string::npos)
      << c->reason;
  expect_no_adapter_blame(r);
  EXPECT_FALSE(sim.security_enabled());  // SECURITY DISABLE PASSWORD with wipeseal's password
  EXPECT_EQ(count_sent(sim.log, "SECURITY ERASE UNIT"), 1u);
  EXPECT_TRUE(f.markers_left());
}

// A USB bridge that knows only ATA PASS-THROUGH(12): the harmless IDENTIFY DEVICE finds that out
// and is sent again in the 12-byte form; every later 28-bit command goes that way.
TEST(FirmwarePurge, TwelveByteOnlyBridgeCarriesTheSecurityErase) {
  Fixture f;
  make_ext4_with_markers(f.dir, f.image);
  test::SimulatedAtaDrive sim(f.image, {.sectors = 32 * MiB / 512, .satl = {.pass_through_16 = false}});
  f.attach<test::SimulatedAtaDrive>(sim, ata_access);
  auto results = f.run();
  ASSERT_TRUE(results) << results.error().describe();
  const JobRecord& r = (*results)[0].record;
  EXPECT_EQ(r.outcome, Outcome::erased) << r.outcome_detail;
  EXPECT_EQ(r.method.name, "ata-secure-erase-enhanced");
  for (const auto& c : r.firmware->commands) {
    if (c.opcode == "0xf4") {
      EXPECT_EQ(c.carrier, "ATA PASS-THROUGH(12)");
    }
  }
  EXPECT_EQ(count_sent(sim.log, "SECURITY ERASE UNIT"), 1u);
  EXPECT_FALSE(f.markers_left());
}

// A bridge that answers a drive's abort with ILLEGAL REQUEST / INVALID FIELD IN CDB and no
// registers looks like a bridge that does not know the 16-byte CDB. Whether the drive received
// SECURITY ERASE UNIT cannot be told, so it is not sent again in the 12-byte form.
TEST(FirmwarePurge, DestructiveCommandIsNeverRepeatedInTheTwelveByteForm) {
  Fixture f;
  make_ext4_with_markers(f.dir, f.image);
  test::SimulatedAtaDrive sim(f.image, {.sectors = 32 * MiB / 512, .erase_unit_aborts = true,
                                        .satl = {.abort_as_invalid_field = true}});
  f.attach<test::SimulatedAtaDrive>(sim, ata_access);
  f.options.method = "ata-secure-erase-enhanced";
  auto results = f.run();
  ASSERT_TRUE(results) << results.error().describe();
  const JobRecord& r = (*results)[0].record;
  EXPECT_EQ(r.outcome, Outcome::failed) << r.outcome_detail;
  EXPECT_EQ(count_sent(sim.log, "SECURITY ERASE UNIT"), 1u);
  EXPECT_NE(candidate(r, "ata-secure-erase-enhanced")->reason.find("does not send it again in the 12-byte form"),
            std::string::npos)
      << candidate(r, "ata-secure-erase-enhanced")->reason;
  EXPECT_FALSE(sim.security_enabled());
}

// A bridge that returns only LBA 23:0 of READ NATIVE MAX ADDRESS EXT without flagging the rest:
// the "native maximum" it reports is below what the drive already makes accessible. Sending it
// back with SET MAX ADDRESS would cut the drive down; wipeseal refuses, and says why.
TEST(FirmwarePurge, ANativeMaximumCutShortIsNeverSetBack) {
  Fixture f;
  const std::uint64_t visible = (std::uint64_t{1} << 24) + 8;  // 8 GiB: beyond 24 bits of LBA
  test::SimulatedAtaDrive sim(f.image, {.sectors = visible, .native_sectors = visible + 2048, .security = false,
                                        .satl = {.sense = test::SenseFormat::fixed, .drops_upper_lba = true}});
  f.attach<test::SimulatedAtaDrive>(sim, ata_access);
  f.options.restore_hidden_area = true;
  auto refused = f.run();
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::refused);
  EXPECT_NE(refused.error().message.find("would shrink the drive"), std::string::npos) << refused.error().message;
  EXPECT_EQ(sim.accessible_sectors(), visible);
  for (const auto& name : sim.log) EXPECT_EQ(name.find("SET MAX"), std::string::npos) << name;
}

// Fixed-format sense without LBA 47:24, and an adapter that will not switch to descriptor-format
// sense: the native maximum is not known whole, so the hidden area cannot be ruled out, the plan
// says so, and --restore-hidden is refused before anything is sent.
TEST(FirmwarePurge, ANativeMaximumWithoutItsUpperBytesIsRefused) {
  Fixture f;
  const std::uint64_t visible = (std::uint64_t{1} << 24) + 8;
  test::SimulatedAtaDrive sim(f.image, {.sectors = visible, .native_sectors = visible + 2048, .security = false,
                                        .satl = {.sense = test::SenseFormat::fixed, .mode_select = false}});
  FirmwareAccess access = ata_access(sim);
  const Capabilities caps = probe_capabilities(f.info(), access);
  EXPECT_FALSE(caps.hidden_area.checked);
  EXPECT_NE(caps.hidden_area.note.find("without its upper bytes"), std::string::npos) << caps.hidden_area.note;
  const std::string plan = words::hidden_area_text(caps, words::Lang::en).toStdString();
  EXPECT_NE(plan.find("cannot be ruled out"), std::string::npos) << plan;

  f.attach<test::SimulatedAtaDrive>(sim, ata_access);
  f.options.restore_hidden_area = true;
  auto refused = f.run();
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("not known whole"), std::string::npos) << refused.error().message;
  for (const auto& name : sim.log) EXPECT_EQ(name.find("SET MAX"), std::string::npos) << name;
}

// The same drive behind libata, which allows D_SENSE: the probe asks for descriptor-format sense,
// reads the native maximum again, and finds the hidden sectors.
TEST(FirmwarePurge, FixedFormatNativeMaximumIsReadWholeAfterAskingForDescriptorSense) {
  Fixture f;
  const std::uint64_t visible = (std::uint64_t{1} << 24) + 8;
  test::SimulatedAtaDrive sim(f.image, {.sectors = visible, .native_sectors = visible + 2048, .security = false,
                                        .satl = {.sense = test::SenseFormat::fixed}});
  FirmwareAccess access = ata_access(sim);
  const Capabilities caps = probe_capabilities(f.info(), access);
  EXPECT_TRUE(caps.hidden_area.checked);
  EXPECT_EQ(caps.hidden_area.native_sectors, visible + 2048);
  EXPECT_EQ(caps.hidden_area.hidden_sectors(), 2048u);
  EXPECT_TRUE(std::any_of(caps.commands.begin(), caps.commands.end(), [](const CommandRecord& c) {
    return c.opcode == "0x55" && c.ok;
  }));
  EXPECT_TRUE(sim.descriptor_sense());
}

// ACS-3 7.4.3: SET ACCESSIBLE MAX ADDRESS EXT is not volatile. On a drive with the Accessible Max
// Address feature the plan, the record and the drive agree that the change is permanent.
TEST(FirmwarePurge, AccessibleMaxAddressRestoreIsReportedAsPermanent) {
  Fixture f;
  make_ext4_with_markers(f.dir, f.image);
  const std::uint64_t visible = 32 * MiB / 512, hidden = 2048;
  test::SimulatedAtaDrive sim(f.image, {.sectors = visible, .native_sectors = visible + hidden, .amax = true,
                                        .security = false});
  FirmwareAccess access = ata_access(sim);
  const Capabilities caps = probe_capabilities(f.info(), access);
  ASSERT_TRUE(caps.ata && caps.ata->amax_supported);
  const std::string plan = words::hidden_area_text(caps, words::Lang::en).toStdString();
  EXPECT_NE(plan.find("PERMANENTLY"), std::string::npos) << plan;
  EXPECT_EQ(plan.find("until the next power cycle"), std::string::npos) << plan;

  f.attach<test::SimulatedAtaDrive>(sim, ata_access);
  f.options.restore_hidden_area = true;
  auto results = f.run();
  ASSERT_TRUE(results) << results.error().describe();
  const JobRecord& r = (*results)[0].record;
  EXPECT_EQ(r.outcome, Outcome::erased) << r.outcome_detail;
  EXPECT_TRUE(r.firmware->hidden_area.restored);
  EXPECT_NE(r.firmware->hidden_area.note.find("PERMANENTLY"), std::string::npos) << r.firmware->hidden_area.note;
  EXPECT_EQ(r.firmware->hidden_area.note.find("until the next power cycle"), std::string::npos);
  EXPECT_NE(r.firmware->capabilities.find("permanent"), std::string::npos) << r.firmware->capabilities;
  sim.power_cycle();
  EXPECT_EQ(sim.accessible_sectors(), visible + hidden);  // the drive kept it
}

// Resume asks the drive again before replaying a journalled method. Here a second namespace has
// appeared on the controller since the job was stopped: the journalled Sanitize would now erase
// it too, so it is not sent again, and the record says why.
TEST(FirmwarePurge, ResumeDoesNotReplayAMethodTheDriveNoLongerOffers) {
  Fixture f;
  make_ext4_with_markers(f.dir, f.image);
  test::SimulatedNvmeController sim(f.image, {.sanicap = 0x1, .fna = 0, .format = false, .sanitize_polls = 6});
  f.attach<test::SimulatedNvmeController>(sim, nvme_access);
  auto first = f.run_stopped_during_purge();
  ASSERT_TRUE(first) << first.error().describe();
  ASSERT_EQ((*first)[0].record.outcome, Outcome::aborted) << (*first)[0].record.outcome_detail;

  f.options.firmware = [&sim](const DeviceInfo&, BlockDevice&) {
    FirmwareAccess a = nvme_access(sim);
    a.other_namespaces = {"nvme0n2"};
    return a;
  };
  auto resumed = f.resume();
  ASSERT_TRUE(resumed) << resumed.error().describe();
  const JobRecord& r = (*resumed)[0].record;
  EXPECT_EQ(r.outcome, Outcome::failed) << r.outcome_detail;
  EXPECT_EQ(count_sent(sim.log, "Sanitize (Crypto Erase)"), 1u);  // only the first run's
  const CandidateRecord* c = candidate(r, "nvme-sanitize-crypto");
  EXPECT_EQ(c->decision, CandidateDecision::blocked);
  EXPECT_NE(c->reason.find("on resume the drive no longer offers it"), std::string::npos) << c->reason;
  EXPECT_NE(c->reason.find("nvme0n2"), std::string::npos) << c->reason;
  EXPECT_NE(r.outcome_detail.find("no firmware purge was sent"), std::string::npos) << r.outcome_detail;
}

// Format NVM keeps the namespace's metadata settings: sending MSET, PI and PIL as zeros would
// turn protection information off on a namespace formatted with it.
TEST(FirmwarePurge, NvmeFormatKeepsTheNamespaceMetadataSettings) {
  Fixture f;
  make_ext4_with_markers(f.dir, f.image);
  test::SimulatedNvmeController sim(f.image, {.sanicap = 0, .fna = 0x4, .metadata_bytes = 8, .extended_lba = true,
                                             .pi_type = 1, .pi_first = true});
  f.attach<test::SimulatedNvmeController>(sim, nvme_access);
  auto results = f.run();
  ASSERT_TRUE(results) << results.error().describe();
  const JobRecord& r = (*results)[0].record;
  EXPECT_EQ(r.outcome, Outcome::erased) << r.outcome_detail;
  EXPECT_EQ(r.method.name, "nvme-format-crypto");
  EXPECT_EQ(sim.metadata_settings(), (nvme::MetadataSettings{.mset = true, .pi = 1, .pil = true}));
  for (const auto& c : r.firmware->commands) {
    if (c.opcode == "0x80") {
      EXPECT_NE(c.detail.find("cdw10=0x00000530"), std::string::npos) << c.detail;
    }
  }
  EXPECT_NE(r.firmware->device_report.find("protection information type 1 (PI=1) in the first 8 bytes (PIL=1)"),
            std::string::npos)
      << r.firmware->device_report;
}

// Linux runs an eMMC SANITIZE_START itself (mmc_sanitize()) and passes back only its error code:
// the record keeps that, never an R1 the card did not send. A card without SANITIZE gets
// EOPNOTSUPP from the kernel and the next method is tried.
TEST(FirmwarePurge, EmmcSanitizeRecordsTheKernelsAnswerNotAnInventedCardStatus) {
  for (const bool supported : {true, false}) {
    SCOPED_TRACE(supported ? "SEC_SANITIZE" : "no SEC_SANITIZE");
    Fixture f;
    make_ext4_with_markers(f.dir, f.image);
    test::SimulatedEmmc sim(f.image, {.sec_feature_support = static_cast<std::uint8_t>(supported ? 0x55 : 0x15)});
    f.attach_emmc(sim);
    auto results = f.run();
    ASSERT_TRUE(results) << results.error().describe();
    const JobRecord& r = (*results)[0].record;
    EXPECT_EQ(r.outcome, Outcome::erased) << r.outcome_detail;
    EXPECT_EQ(r.method.name, supported ? "mmc-sanitize" : "mmc-secure-erase");
    for (const auto& c : r.firmware->commands) {
      if (c.opcode != "CMD6") continue;
      EXPECT_EQ(c.status.find("R1="), std::string::npos) << c.status;
      if (supported) {
        EXPECT_NE(c.status.find("returns no card status"), std::string::npos) << c.status;
      }
    }
    if (supported) {
      EXPECT_NE(r.firmware->device_report.find("not the card's status"), std::string::npos)
          << r.firmware->device_report;
    } else {
      EXPECT_EQ(candidate(r, "mmc-sanitize")->decision, CandidateDecision::not_supported);
    }
  }
}

// A sanitize that the card fails: the kernel's error code is what the record says.
TEST(FirmwarePurge, EmmcSanitizeFailureKeepsTheKernelsErrorCode) {
  Fixture f;
  make_ext4_with_markers(f.dir, f.image);
  test::SimulatedEmmc sim(f.image, {.secure_discard = false, .sanitize_errno = ETIMEDOUT});
  f.attach_emmc(sim);
  f.options.method = "mmc-sanitize";
  auto results = f.run();
  ASSERT_TRUE(results) << results.error().describe();
  const JobRecord& r = (*results)[0].record;
  EXPECT_EQ(r.outcome, Outcome::failed) << r.outcome_detail;
  EXPECT_EQ(candidate(r, "mmc-sanitize")->decision, CandidateDecision::failed);
  EXPECT_NE(candidate(r, "mmc-sanitize")->reason.find(std::strerror(ETIMEDOUT)), std::string::npos)
      << candidate(r, "mmc-sanitize")->reason;
}

}  // namespace
}  // namespace wipeseal
