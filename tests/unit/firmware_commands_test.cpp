// Byte-exact tests of the firmware command encoders and response parsers against the standards
// (clauses cited inline), of the sense data Linux's libata returns (in the byte layouts its
// ata_gen_passthru_sense() and ata_scsi_set_passthru_sense_fields() write), of the ATA IDENTIFY
// parser against hdparm on the same data, and of the method recommendation made from them.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <vector>

#include <fmt/format.h>

#include "wipe/firmware/ata.h"
#include "wipe/firmware/mmc.h"
#include "wipe/firmware/nvme.h"
#include "wipe/firmware/procedures.h"
#include "wipe/firmware/recommendation.h"
#include "wipe/firmware/scsi.h"
#include "wipe/random_source.h"
#include "words/catalogue.h"

namespace wipeseal {
namespace {

template <std::size_t N>
std::string hex(const std::array<std::uint8_t, N>& a) {
  return ata::hex_bytes(a);
}

TEST(AtaPassThrough, IdentifyIsPioInWithCountInBlocks) {
  // SAT-4 12.2.2.1: protocol 4 (PIO data-in) in byte 1; byte 2 = T_DIR | BYT_BLOK | T_LENGTH=2.
  EXPECT_EQ(hex(ata::encode_pass_through_16(ata::identify_device())),
            "85 08 0e 00 00 00 01 00 00 00 00 00 00 00 ec 00");
}

TEST(AtaPassThrough, SecurityEraseUnitIsPioOut) {
  EXPECT_EQ(hex(ata::encode_pass_through_16(ata::security_erase_unit(std::chrono::hours(1)))),
            "85 0a 06 00 00 00 01 00 00 00 00 00 00 00 f4 00");
}

TEST(AtaPassThrough, SanitizeBlockEraseCarriesItsKeyInTheLba) {
  // ACS-3 7.36.3: BLOCK ERASE EXT, FEATURE 0012h, LBA 426B4572h ("BkEr"); 48-bit non-data with CK_COND.
  EXPECT_EQ(hex(ata::encode_pass_through_16(ata::sanitize(ata::SanitizeAction::block_erase))),
            "85 07 20 00 12 00 00 42 72 00 45 00 6b 40 b4 00");
  EXPECT_EQ(hex(ata::encode_pass_through_16(ata::sanitize(ata::SanitizeAction::crypto_scramble))),
            "85 07 20 00 11 00 00 43 70 00 79 00 72 40 b4 00");
  // OVERWRITE EXT: "OW" in LBA 47:32, the pattern in 31:0, the pass count in COUNT.
  EXPECT_EQ(hex(ata::encode_pass_through_16(ata::sanitize(ata::SanitizeAction::overwrite, 0xA5A5A5A5, 3))),
            "85 07 20 00 14 00 03 a5 a5 57 a5 4f a5 40 b4 00");
}

TEST(AtaPassThrough, TwelveByteFormOnlyFor28BitCommands) {
  ata::Identify id;  // no LBA48: READ NATIVE MAX ADDRESS (F8h)
  const auto cdb = ata::encode_pass_through_12(ata::read_native_max(id));
  ASSERT_TRUE(cdb.has_value());
  EXPECT_EQ(hex(*cdb), "a1 06 20 00 00 00 00 00 40 f8 00 00");
  EXPECT_FALSE(ata::encode_pass_through_12(ata::sanitize(ata::SanitizeAction::block_erase)).has_value());
}

TEST(AtaPassThrough, SetMaxGoesIntoTheLbaAndStaysVolatile) {
  ata::Identify id;
  id.lba48 = true;
  const auto c = ata::set_max_address(id, 0x123456789AULL);
  EXPECT_EQ(hex(ata::encode_pass_through_16(c)), "85 07 20 00 00 00 00 34 9a 12 78 00 56 40 37 00");
  EXPECT_FALSE(ata::set_max_is_permanent(id));
  // ACS-3 7.4.3: with the Accessible Max Address feature, SET ACCESSIBLE MAX ADDRESS EXT (78h,
  // FEATURE 0001h), which has no volatile form.
  id.amax_supported = true;
  EXPECT_EQ(hex(ata::encode_pass_through_16(ata::set_max_address(id, 0x123456789AULL))),
            "85 07 20 00 01 00 00 34 9a 12 78 00 56 40 78 00");
  EXPECT_TRUE(ata::set_max_is_permanent(id));
}

TEST(AtaPassThrough, OnlyHarmlessCommandsAreRepeatable) {
  ata::Identify id;
  id.lba48 = true;
  EXPECT_TRUE(ata::identify_device().repeatable);
  EXPECT_TRUE(ata::read_native_max(id).repeatable);
  EXPECT_TRUE(ata::sanitize_status().repeatable);
  EXPECT_FALSE(ata::sanitize_status(true).repeatable);  // Clear Sanitize Operation Failed changes state
  EXPECT_FALSE(ata::sanitize(ata::SanitizeAction::block_erase).repeatable);
  EXPECT_FALSE(ata::security_erase_unit(std::chrono::hours(1)).repeatable);
  EXPECT_FALSE(ata::security_erase_prepare().repeatable);
  EXPECT_FALSE(ata::security_set_password().repeatable);
  EXPECT_FALSE(ata::set_max_address(id, 1).repeatable);
}

TEST(AtaSense, DescriptorFormatAtaStatusReturn) {
  // SAT-4 12.2.2.6: descriptor 09h, EXTEND, ERROR, COUNT 15:0, LBA bytes interleaved, DEVICE, STATUS.
  const std::array<std::uint8_t, 22> sense = {0x72, 0x01, 0x00, 0x1D, 0, 0, 0, 14,   0x09, 0x0C, 0x01,
                                              0x00, 0x80, 0x00, 0x00, 0x34, 0x00, 0x12, 0x00, 0x00, 0x40, 0x50};
  const auto r = ata::decode_sense(sense);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->count, 0x8000);
  EXPECT_EQ(r->lba, 0x1234u);
  EXPECT_EQ(r->status, 0x50);
  EXPECT_TRUE(r->ok());
  const auto s = ata::parse_sanitize_status(*r);
  EXPECT_TRUE(s.completed_without_error);
  EXPECT_FALSE(s.in_progress);
}

TEST(AtaSense, AbortIsReported) {
  const std::array<std::uint8_t, 22> sense = {0x72, 0x0B, 0x00, 0x00, 0, 0, 0, 14,   0x09, 0x0C, 0x00,
                                              0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x40, 0x51};
  const auto r = ata::decode_sense(sense);
  ASSERT_TRUE(r.has_value());
  EXPECT_TRUE(r->aborted());
  EXPECT_FALSE(r->ok());
}

// --- Sense data as Linux's libata writes it -------------------------------------------------------
// drivers/ata/libata-scsi.c: ata_gen_passthru_sense() picks the sense key (ata_to_sense_error():
// an abort, ERROR = ABRT alone, matches no table entry and becomes ABORTED COMMAND, 00h/00h since
// cf3fc037623c; a success asked for with CK_COND is RECOVERED ERROR, 00h/1Dh "ATA PASS-THROUGH
// INFORMATION AVAILABLE"), and ata_scsi_set_passthru_sense_fields() writes the registers: the
// ATA Status Return descriptor (SAT-4 12.2.2.6) in descriptor format, or VALID + INFORMATION
// bytes 3-6 (ERROR, STATUS, DEVICE, COUNT 7:0) and COMMAND-SPECIFIC INFORMATION bytes 8-11
// (EXTEND 80h | COUNT UPPER NONZERO 40h | LBA UPPER NONZERO 20h, LBA 7:0, 15:8, 23:16) in fixed
// format (SAT-4 12.2.2.7, as fixed by 38dab832c3f4). Errors follow D_SENSE, which is 0 by default.

std::vector<std::uint8_t> bytes(std::initializer_list<int> v) {
  std::vector<std::uint8_t> out;
  for (int b : v) out.push_back(static_cast<std::uint8_t>(b));
  out.resize(std::max<std::size_t>(out.size(), 32), 0);  // the rest of the sense buffer
  return out;
}

TEST(LibataSense, DriveAbortOfA28BitCommandInBothFormats) {
  // SECURITY ERASE UNIT aborted: STATUS 51h (DRDY, DSC, ERR), ERROR 04h (ABRT), DEVICE 40h.
  const auto fixed = bytes({0xF0, 0, 0x0B, 0x04, 0x51, 0x40, 0x00, 0x0A, 0x00, 0, 0, 0, 0x00, 0x00});
  const auto descriptor = bytes({0x72, 0x0B, 0x00, 0x00, 0, 0, 0, 14,  // ABORTED COMMAND, 00h/00h
                                 0x09, 0x0C, 0x00, 0x04, 0, 0x00, 0, 0x00, 0, 0x00, 0, 0x00, 0x40, 0x51});
  for (const auto* sense : {&fixed, &descriptor}) {
    const auto r = ata::decode_sense(*sense);
    ASSERT_TRUE(r.has_value());
    EXPECT_TRUE(r->aborted());
    EXPECT_FALSE(r->ok());
    EXPECT_EQ(r->status, 0x51);
    const auto a = ata::interpret_pass_through(0x02, *sense);
    EXPECT_TRUE(a.registers.has_value());
    EXPECT_FALSE(a.cdb_rejected);
  }
  EXPECT_EQ(ata::decode_sense(fixed)->source, ata::RegisterSource::fixed);
  EXPECT_EQ(ata::decode_sense(descriptor)->source, ata::RegisterSource::descriptor);
}

TEST(LibataSense, SanitizeErrorReasonIsReadFromLba7To0InBothFormats) {
  // ACS-3 7.36: a sanitize command aborted in the Sanitize Frozen state (reason 3), and SANITIZE
  // STATUS EXT in failure mode (reason 1, operation unsuccessful), both with ERR and the reason in
  // LBA 7:0. 48-bit commands: EXTEND set, the upper bytes zero (no NONZERO flags).
  for (const std::uint8_t reason : {std::uint8_t{3}, std::uint8_t{1}}) {
    SCOPED_TRACE(ata::sanitize_failure_reason(reason));
    const auto fixed = bytes({0xF0, 0, 0x0B, 0x04, 0x51, 0x40, 0x00, 0x0A, 0x80, reason, 0x00, 0x00, 0x00, 0x00});
    const auto descriptor = bytes({0x72, 0x0B, 0x00, 0x00, 0, 0, 0, 14,
                                   0x09, 0x0C, 0x01, 0x04, 0x00, 0x00, 0x00, reason, 0x00, 0x00, 0x00, 0x00, 0x40, 0x51});
    for (const auto* sense : {&fixed, &descriptor}) {
      const auto r = ata::decode_sense(*sense);
      ASSERT_TRUE(r.has_value());
      EXPECT_TRUE(r->aborted());
      EXPECT_TRUE(r->extended);
      EXPECT_TRUE(r->count_upper_known && r->lba_upper_known);
      const auto s = ata::parse_sanitize_status(*r);
      EXPECT_TRUE(s.failed);
      EXPECT_EQ(s.failure_reason, reason);
    }
  }
  EXPECT_STREQ(ata::sanitize_failure_reason(ata::kSanitizeReasonFrozen), "the device is in the Sanitize Frozen state");
  EXPECT_STREQ(ata::sanitize_failure_reason(1), "the sanitize operation was unsuccessful");
}

TEST(LibataSense, SanitizeStatusSuccessIsWholeOnlyInDescriptorFormat) {
  // SANITIZE STATUS EXT after a completed sanitize: COUNT 8000h (completed without error), LBA
  // FFFFh. Descriptor format carries COUNT 15:8; fixed format only says it is nonzero.
  const auto descriptor = bytes({0x72, 0x01, 0x00, 0x1D, 0, 0, 0, 14,
                                 0x09, 0x0C, 0x01, 0x00, 0x80, 0x00, 0x00, 0xFF, 0x00, 0xFF, 0x00, 0x00, 0x40, 0x50});
  const auto d = ata::decode_sense(descriptor);
  ASSERT_TRUE(d.has_value());
  EXPECT_TRUE(d->ok());
  const auto ds = ata::parse_sanitize_status(*d);
  EXPECT_TRUE(ds.flags_known);
  EXPECT_TRUE(ds.completed_without_error);
  EXPECT_FALSE(ds.in_progress);

  const auto fixed = bytes({0xF0, 0, 0x01, 0x00, 0x50, 0x40, 0x00, 0x0A, 0xC0, 0xFF, 0xFF, 0x00, 0x00, 0x1D});
  const auto f = ata::decode_sense(fixed);
  ASSERT_TRUE(f.has_value());
  EXPECT_TRUE(f->ok());
  EXPECT_FALSE(f->count_upper_known);
  EXPECT_TRUE(f->lba_upper_known);
  const auto fs = ata::parse_sanitize_status(*f);
  EXPECT_FALSE(fs.flags_known);  // never read as "count 0: neither done nor running"
  EXPECT_FALSE(fs.completed_without_error);
  EXPECT_FALSE(fs.in_progress);
  EXPECT_FALSE(fs.failed);

  // COUNT UPPER NONZERO clear: the upper byte is known to be zero, so the (absent) flags are known.
  const auto idle = bytes({0xF0, 0, 0x01, 0x00, 0x50, 0x40, 0x00, 0x0A, 0x80, 0x00, 0x00, 0x00, 0x00, 0x1D});
  const auto is = ata::parse_sanitize_status(*ata::decode_sense(idle));
  EXPECT_TRUE(is.flags_known);
  EXPECT_FALSE(is.in_progress || is.completed_without_error);
}

TEST(LibataSense, CheckPowerModeAsHdparmReceivesIt) {
  // `hdparm -C` on a kernel with 28ab9769117c (fixed format for CK_COND successes), as reported
  // in truenas/linux#197: f0 00 01 00 50 00 ff 0a 00 00 00 00 00 1d. COUNT FFh: active/idle.
  const auto sense = bytes({0xF0, 0x00, 0x01, 0x00, 0x50, 0x00, 0xFF, 0x0A, 0x00, 0x00, 0x00, 0x00, 0x00, 0x1D});
  const auto r = ata::decode_sense(sense);
  ASSERT_TRUE(r.has_value());
  EXPECT_TRUE(r->ok());
  EXPECT_EQ(r->count, 0xFF);
  EXPECT_FALSE(r->extended);
}

TEST(LibataSense, NativeMaxIsKnownWholeOnlyWithItsUpperBytes) {
  ata::Identify id;
  id.lba48 = true;
  const ata::Command read = ata::read_native_max(id);
  // READ NATIVE MAX ADDRESS EXT = 0x1D1C5970F (a 4 TB drive): LBA 47:24 nonzero.
  const auto descriptor = bytes({0x72, 0x01, 0x00, 0x1D, 0, 0, 0, 14,
                                 0x09, 0x0C, 0x01, 0x00, 0x00, 0x00, 0xD1, 0x0F, 0x01, 0x97, 0x00, 0xC5, 0x40, 0x50});
  const auto d = ata::decode_sense(descriptor);
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(ata::native_max_lba(read, *d), std::optional<std::uint64_t>(0x1D1C5970Full));
  const auto fixed = bytes({0xF0, 0, 0x01, 0x00, 0x50, 0x40, 0x00, 0x0A, 0xA0, 0x0F, 0x97, 0xC5, 0x00, 0x1D});
  const auto f = ata::decode_sense(fixed);
  ASSERT_TRUE(f.has_value());
  EXPECT_EQ(f->lba, 0xC5970Fu);
  EXPECT_FALSE(f->lba_upper_known);
  EXPECT_EQ(ata::native_max_lba(read, *f), std::nullopt);  // never 0xC5970F, which would shrink the drive
}

TEST(LibataSense, A28BitResultTakesLba27To24FromDevice) {
  // READ NATIVE MAX ADDRESS (F8h) of a 28-bit drive: native max 0ABCDEF0h, LBA 27:24 in DEVICE 3:0.
  ata::Identify id;
  const ata::Command read = ata::read_native_max(id);
  const auto fixed = bytes({0xF0, 0, 0x01, 0x00, 0x50, 0x4A, 0x00, 0x0A, 0x00, 0xF0, 0xDE, 0xBC, 0x00, 0x1D});
  const auto descriptor = bytes({0x72, 0x01, 0x00, 0x1D, 0, 0, 0, 14,
                                 0x09, 0x0C, 0x00, 0x00, 0x00, 0x00, 0x00, 0xF0, 0x00, 0xDE, 0x00, 0xBC, 0x4A, 0x50});
  for (const auto* sense : {&fixed, &descriptor}) {
    const auto r = ata::decode_sense(*sense);
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(ata::native_max_lba(read, *r), std::optional<std::uint64_t>(0x0ABCDEF0u));
  }
}

TEST(LibataSense, AnswersWithoutRegistersAreTheAdaptersOwn) {
  // ILLEGAL REQUEST, INVALID FIELD IN CDB / INVALID COMMAND OPERATION CODE: the CDB was rejected.
  const auto invalid_field = bytes({0x70, 0, 0x05, 0, 0, 0, 0, 0x0A, 0, 0, 0, 0, 0x24, 0x00});
  const auto invalid_opcode = bytes({0x72, 0x05, 0x20, 0x00, 0, 0, 0, 0});
  for (const auto* sense : {&invalid_field, &invalid_opcode}) {
    const auto a = ata::interpret_pass_through(0x02, *sense);
    EXPECT_FALSE(a.registers.has_value());
    EXPECT_TRUE(a.cdb_rejected);
  }
  // Fixed format without VALID and without 00h/1Dh (Linux before 38dab832c3f4 put the registers
  // at the wrong offsets): no registers are read from it, and it is not taken for a rejected CDB.
  const auto old_layout = bytes({0x70, 0, 0x0B, 0, 0, 0, 0, 0x0A, 0x04, 0x51, 0x40, 0x00, 0x00, 0x00});
  const auto a = ata::interpret_pass_through(0x02, old_layout);
  EXPECT_FALSE(a.registers.has_value());
  EXPECT_FALSE(a.cdb_rejected);
  EXPECT_NE(a.sense_text.find("ABORTED COMMAND"), std::string::npos) << a.sense_text;
  // GOOD without sense data: a PIO command that completed without error.
  const auto good = ata::interpret_pass_through(0x00, {});
  ASSERT_TRUE(good.registers.has_value());
  EXPECT_TRUE(good.registers->ok());
}

TEST(AtaSecurity, PasswordBlockLayout) {
  std::array<std::uint8_t, 32> pw{};
  for (std::size_t i = 0; i < pw.size(); ++i) pw[i] = static_cast<std::uint8_t>('a' + i % 26);
  const auto b = ata::password_block(ata::PasswordKind::user, pw, true);
  EXPECT_EQ(b[0], 0x02);  // user password, enhanced
  EXPECT_EQ(b[2], 'a');
  EXPECT_EQ(b[33], pw[31]);
  EXPECT_EQ(b[34], 0);
  const auto m = ata::password_block(ata::PasswordKind::master, pw, false, true);
  EXPECT_EQ(m[0], 0x01);
  EXPECT_EQ(m[1], 0x01);
}

TEST(AtaIdentify, RejectsBadChecksumAndAtapi) {
  std::array<std::uint8_t, 512> b{};
  b[510] = 0xA5;
  b[511] = 0x12;  // wrong
  EXPECT_FALSE(ata::parse_identify(b).has_value());
  std::array<std::uint8_t, 512> atapi{};
  atapi[1] = 0x80;
  EXPECT_FALSE(ata::parse_identify(atapi).has_value());
}

// --- hdparm comparison -------------------------------------------------------------------------

std::array<std::uint8_t, 512> read_identify_hex(const std::string& path) {
  // hdparm --Istdin format: 256 words as 4-digit hex, 8 per line (hdparm.c 2932-2966).
  std::ifstream in(path);
  std::array<std::uint8_t, 512> b{};
  std::string tok;
  std::size_t w = 0;
  while (in >> tok && w < 256) {
    const auto v = static_cast<std::uint16_t>(std::stoul(tok, nullptr, 16));
    b[2 * w] = static_cast<std::uint8_t>(v);
    b[2 * w + 1] = static_cast<std::uint8_t>(v >> 8);
    ++w;
  }
  EXPECT_EQ(w, 256u) << path;
  return b;
}

std::string run_hdparm(const std::string& path) {
  const std::string cmd = "hdparm --Istdin < '" + path + "' 2>/dev/null";
  std::FILE* p = ::popen(cmd.c_str(), "r");
  if (p == nullptr) return {};
  std::string out;
  char buf[4096];
  while (std::size_t n = std::fread(buf, 1, sizeof buf, p)) out.append(buf, n);
  ::pclose(p);
  return out;
}

bool has_line(const std::string& text, const std::string& line) {
  std::istringstream in(text);
  std::string l;
  while (std::getline(in, l)) {
    if (l == line) return true;
  }
  return false;
}

bool contains(const std::string& text, const std::string& s) { return text.find(s) != std::string::npos; }

std::string erase_text(const ata::EraseTime& t, const char* what) {
  if (t.minutes == 0 && !t.more_than) return {};
  return fmt::format("{}{}min for {}.", t.more_than ? "more than " : "", t.minutes, what);
}

TEST(AtaIdentify, AgreesWithHdparmOnEveryDriveProfile) {
  const std::filesystem::path dir = std::filesystem::path(WIPESEAL_SOURCE_DIR) / "tests/data/ata-identify";
  ASSERT_EQ(std::system("command -v hdparm >/dev/null"), 0) << "hdparm is needed (apt-get install hdparm)";
  unsigned profiles = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".identify") continue;
    ++profiles;
    const std::string path = entry.path().string();
    SCOPED_TRACE(path);
    const auto block = read_identify_hex(path);
    const auto id = ata::parse_identify(block);
    ASSERT_TRUE(id.has_value()) << id.error().message;
    const std::string h = run_hdparm(path);
    ASSERT_TRUE(contains(h, "ATA device")) << h;

    // Capacity (identify.c 998-999) and sector size (1008-1021).
    if (id->lba48) {
      EXPECT_TRUE(contains(h, fmt::format("LBA48  user addressable sectors:{:>12}", id->sectors)));
    } else {
      EXPECT_TRUE(contains(h, fmt::format("LBA    user addressable sectors:{:>12}", id->sectors)));
      EXPECT_FALSE(contains(h, "LBA48  user addressable sectors"));
    }
    // "\tLogical  Sector size:   4096 bytes" or "\tLogical/Physical Sector size:   512 bytes"
    bool sector_size_found = false;
    {
      std::istringstream lines(h);
      std::string l;
      const std::string tail = fmt::format(" {} bytes", id->logical_sector_size);
      while (std::getline(lines, l)) {
        if ((l.rfind("\tLogical  Sector size:", 0) == 0 || l.rfind("\tLogical/Physical Sector size:", 0) == 0) &&
            l.size() >= tail.size() && l.compare(l.size() - tail.size(), tail.size(), tail) == 0) {
          sector_size_found = true;
        }
      }
    }
    EXPECT_TRUE(sector_size_found) << h;

    if (entry.path().stem() == "unreported-words") {
      // Words of FFFFh: hdparm shows every feature and state at once; wipeseal reads them as not
      // reported (AtaIdentify.WordsReportedAsFFFFhClaimNothing). The difference is deliberate.
      EXPECT_TRUE(has_line(h, "\t   *\tSANITIZE feature set"));
      EXPECT_TRUE(has_line(h, "\t\tfrozen"));
      EXPECT_TRUE(contains(h, "\tHost Protected Area feature set"));
      EXPECT_FALSE(id->sanitize.supported || id->security.supported || id->hpa_supported);
      continue;
    }
    // Feature-set lines (identify.c 374-391): present iff supported, '*' iff enabled.
    EXPECT_EQ(contains(h, "\tHost Protected Area feature set"), id->hpa_supported);
    if (id->hpa_supported) {
      EXPECT_EQ(has_line(h, "\t   *\tHost Protected Area feature set"), id->hpa_enabled);
    }
    EXPECT_EQ(contains(h, "\tDevice Configuration Overlay feature set"), id->dco_supported);
    EXPECT_EQ(contains(h, "\tunknown 119[8]"), id->amax_supported);

    // SANITIZE (identify.c 229-234): nothing unless word 59 bit 12.
    EXPECT_EQ(has_line(h, "\t   *\tSANITIZE feature set"), id->sanitize.supported);
    EXPECT_EQ(has_line(h, "\t   *\tCRYPTO_SCRAMBLE_EXT command"), id->sanitize.crypto_scramble);
    EXPECT_EQ(has_line(h, "\t   *\tOVERWRITE_EXT command"), id->sanitize.overwrite);
    EXPECT_EQ(has_line(h, "\t   *\tBLOCK_ERASE_EXT command"), id->sanitize.block_erase);
    EXPECT_EQ(has_line(h, "\t   *\tSANITIZE_ANTIFREEZE_LOCK_EXT command"), id->sanitize.antifreeze);

    // Security (identify.c 1398-1445).
    const auto& s = id->security;
    EXPECT_EQ(contains(h, "\tSecurity Mode feature set"), s.supported);
    if (has_line(h, "Security: ")) {
      auto state = [&](bool on, const char* name) {
        EXPECT_TRUE(has_line(h, std::string(on ? "\t\t" : "\tnot\t") + name)) << name;
      };
      state(s.enabled, "enabled");
      state(s.locked, "locked");
      state(s.frozen, "frozen");
      state(s.count_expired, "expired: security count");
      state(s.enhanced_erase_supported, "supported: enhanced erase");
      if (s.enabled) {
        EXPECT_TRUE(has_line(h, s.level_maximum ? "\tSecurity level maximum" : "\tSecurity level high"));
      }
      const std::string normal = erase_text(s.normal_erase, "SECURITY ERASE UNIT");
      const std::string enhanced = erase_text(s.enhanced_erase, "ENHANCED SECURITY ERASE UNIT");
      if (!normal.empty() || !enhanced.empty()) {
        EXPECT_TRUE(has_line(h, "\t" + normal + (!normal.empty() && !enhanced.empty() ? " " : "") + enhanced)) << h;
      }
      if (s.master_password_revision != 0 && s.master_password_revision != 0xFFFF) {
        EXPECT_TRUE(has_line(h, fmt::format("\tMaster password revision code = {}", s.master_password_revision)));
      }
    } else {
      EXPECT_FALSE(s.supported && (s.enabled || s.frozen || s.locked));
    }
  }
  EXPECT_GE(profiles, 10u);
}

// --- IDENTIFY words that are not reported ---------------------------------------------------------

TEST(AtaIdentify, WordsReportedAsFFFFhClaimNothing) {
  // tests/data/ata-identify/unreported-words: words 59, 82, 85 and 128 all FFFFh. hdparm 9.65
  // takes them at face value (every sanitize command, every security state at once); wipeseal,
  // like openSeaChest's is_ATA_Identify_Word_Valid(), reads them as not reported.
  const auto block =
      read_identify_hex(std::string(WIPESEAL_SOURCE_DIR) + "/tests/data/ata-identify/unreported-words.identify");
  const auto id = ata::parse_identify(block);
  ASSERT_TRUE(id.has_value()) << id.error().message;
  EXPECT_FALSE(id->sanitize.reported);
  EXPECT_FALSE(id->sanitize.supported || id->sanitize.crypto_scramble || id->sanitize.block_erase ||
               id->sanitize.overwrite);
  EXPECT_FALSE(id->security.reported);
  EXPECT_FALSE(id->security.supported || id->security.frozen || id->security.locked);
  EXPECT_FALSE(id->hpa_supported);

  DeviceInfo d;
  d.transport = Transport::sata;
  Capabilities caps;
  caps.command_set = "ata";
  caps.ata = *id;
  const Recommendation r = recommend_method(d, caps);
  EXPECT_EQ(r.method, "clear");
  for (const auto& c : r.candidates) {
    EXPECT_EQ(c.decision, CandidateDecision::not_supported) << c.method;
    EXPECT_NE(c.reason.find("not reported"), std::string::npos) << c.reason;
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

// --- NVMe ----------------------------------------------------------------------------------------

TEST(NvmeCommands, FormatNvmCdw10) {
  // NVMe Base 2.0 Figure 310: LBAF 3:0, MSET 4, PI 7:5, PIL 8, SES 11:9, LBAFU 13:12.
  const nvme::MetadataSettings none{};
  EXPECT_EQ(nvme::format_nvm(1, 0, none, 1).cdw10, 0x00000200u);
  EXPECT_EQ(nvme::format_nvm(1, 0, none, 2).cdw10, 0x00000400u);
  EXPECT_EQ(nvme::format_nvm(1, 0x13, none, 2).cdw10, 0x00001403u);
  EXPECT_EQ(nvme::format_nvm(7, 0, none, 1).nsid, 7u);
  EXPECT_EQ(nvme::format_nvm(1, 0, none, 1).opcode, 0x80);
  // The namespace's metadata settings go into MSET, PI and PIL unchanged.
  EXPECT_EQ(nvme::format_nvm(1, 0, {.mset = true, .pi = 1, .pil = true}, 2).cdw10, 0x00000530u);
  EXPECT_EQ(nvme::format_nvm(1, 2, {.mset = false, .pi = 3, .pil = false}, 1).cdw10, 0x00000262u);
}

TEST(NvmeCommands, SanitizeCdw10) {
  // Figure 372: SANACT 2:0, AUSE 3, OWPASS 7:4, OIPBP 8, NDAS 9; CDW11 = overwrite pattern.
  EXPECT_EQ(nvme::sanitize(nvme::SanitizeAction::block_erase).cdw10, 0x2u);
  EXPECT_EQ(nvme::sanitize(nvme::SanitizeAction::crypto_erase).cdw10, 0x4u);
  const auto ow = nvme::sanitize(nvme::SanitizeAction::overwrite, 0xDEADBEEF, 3);
  EXPECT_EQ(ow.cdw10, 0x33u);
  EXPECT_EQ(ow.cdw11, 0xDEADBEEFu);
  EXPECT_EQ(ow.opcode, 0x84);
  EXPECT_EQ(ow.nsid, 0u);
}

TEST(NvmeCommands, SanitizeLogRequest) {
  // 5.16: LID 81h, NUMDL = 512/4 - 1 = 127 in bits 31:16; global log (NSID FFFFFFFFh).
  const auto c = nvme::get_sanitize_log();
  EXPECT_EQ(c.opcode, 0x02);
  EXPECT_EQ(c.cdw10, 0x007F0081u);
  EXPECT_EQ(c.nsid, 0xFFFFFFFFu);
  EXPECT_EQ(c.data_len, 512u);
  EXPECT_EQ(nvme::identify_controller().cdw10, 1u);
  EXPECT_EQ(nvme::identify_namespace(1).cdw10, 0u);
}

TEST(NvmeParsers, IdentifyControllerFields) {
  std::array<std::uint8_t, 4096> d{};
  const std::string sn = "SN123               ", mn = "ACME NVMe 1TB";
  std::copy(sn.begin(), sn.end(), d.begin() + 4);
  std::copy(mn.begin(), mn.end(), d.begin() + 24);
  d[256] = 0x06;  // OACS: Format NVM, Firmware
  d[328] = 0x03;  // SANICAP: crypto + block
  d[331] = 0x20;  // bit 29 NDI
  d[524] = 0x04;  // FNA: crypto erase
  const auto c = nvme::parse_identify_controller(d);
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->serial, "SN123");
  EXPECT_EQ(c->model, "ACME NVMe 1TB");
  EXPECT_TRUE(c->format_supported());
  EXPECT_TRUE(c->sanitize_crypto());
  EXPECT_TRUE(c->sanitize_block());
  EXPECT_FALSE(c->sanitize_overwrite());
  EXPECT_EQ(c->sanicap, 0x20000003u);
  EXPECT_TRUE(c->format_crypto_erase());
  EXPECT_FALSE(nvme::parse_identify_controller(std::span(d).first(100)).has_value());
}

TEST(NvmeParsers, IdentifyNamespaceCurrentFormat) {
  std::array<std::uint8_t, 4096> d{};
  d[0] = 0x00;
  d[1] = 0x10;  // NSZE 4096 blocks
  d[26] = 0x21; // FLBAS: format 1 + upper bits 01b -> 17
  d[128 + 4 * 17 + 2] = 12;  // LBADS 12: 4096 bytes
  const auto n = nvme::parse_identify_namespace(d);
  ASSERT_TRUE(n.has_value());
  EXPECT_EQ(n->size_blocks, 4096u);
  EXPECT_EQ(n->lba_format, 17u);
  EXPECT_EQ(n->block_size, 4096u);
  EXPECT_EQ(n->metadata, nvme::MetadataSettings{});
  EXPECT_EQ(nvme::describe_format(*n), "LBA format 17 (4096-byte blocks, no metadata)");
  // FLBAS bit 4 (metadata at the end of the LBA), DPS = 09h (PI type 1, in the first 8 bytes),
  // MS = 8 in the current format.
  d[26] = 0x31;
  d[29] = 0x09;
  d[128 + 4 * 17] = 8;
  const auto m = nvme::parse_identify_namespace(d);
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->metadata, (nvme::MetadataSettings{.mset = true, .pi = 1, .pil = true}));
  EXPECT_EQ(m->metadata_size, 8u);
  EXPECT_EQ(nvme::describe_format(*m),
            "LBA format 17 (4096-byte blocks, 8-byte metadata at the end of each block (MSET=1), protection "
            "information type 1 (PI=1) in the first 8 bytes (PIL=1))");
}

TEST(NvmeParsers, SanitizeStatusLog) {
  std::array<std::uint8_t, 512> d{};
  d[0] = 0x00;
  d[1] = 0x80;  // SPROG 32768
  d[2] = 0x02;  // in progress
  d[4] = 0x02;  // SCDW10 block erase
  for (int i = 8; i < 20; ++i) d[static_cast<std::size_t>(i)] = 0xFF;
  d[12] = 60;
  d[13] = 0;
  d[14] = 0;
  d[15] = 0;  // ETBE 60 s
  const auto l = nvme::parse_sanitize_log(d);
  ASSERT_TRUE(l.has_value());
  EXPECT_TRUE(l->in_progress());
  EXPECT_DOUBLE_EQ(l->progress(), 0.5);
  EXPECT_EQ(l->etbe, 60u);
  EXPECT_EQ(l->eto, 0xFFFFFFFFu);
  d[2] = 0x01;
  d[3] = 0x01;  // success, Global Data Erased
  EXPECT_TRUE(nvme::parse_sanitize_log(d)->succeeded());
  EXPECT_TRUE(nvme::parse_sanitize_log(d)->global_data_erased());
}

TEST(NvmeParsers, CompletionStatus) {
  const nvme::Completion invalid_opcode{0x0001, 0}, invalid_field_dnr{0x4002, 0}, sanitize_failed{0x001C, 0};
  EXPECT_TRUE(invalid_opcode.unsupported());
  EXPECT_TRUE(invalid_field_dnr.unsupported());  // DNR set
  EXPECT_FALSE(sanitize_failed.unsupported());
  EXPECT_NE(invalid_opcode.describe().find("Invalid Command Opcode"), std::string::npos);
  // Base 2.0: command-specific (SCT 1) 15h is Namespace Insufficient Capacity; a write-protected
  // namespace is generic (SCT 0) 20h.
  const nvme::Completion insufficient_capacity{0x0115, 0}, write_protected{0x0020, 0};
  EXPECT_NE(insufficient_capacity.describe().find("Namespace Insufficient Capacity"), std::string::npos);
  EXPECT_NE(write_protected.describe().find("Namespace is Write Protected"), std::string::npos);
  EXPECT_EQ(insufficient_capacity.describe().find("Write Protected"), std::string::npos);
}

// --- SCSI ----------------------------------------------------------------------------------------

TEST(ScsiCommands, SanitizeCdb) {
  // SBC-4 5.30.1: IMMED bit 7 of byte 1, service action 4:0, parameter list length bytes 7-8.
  EXPECT_EQ(hex(scsi::sanitize(scsi::SanitizeAction::block_erase, true, 0)), "48 82 00 00 00 00 00 00 00 00");
  EXPECT_EQ(hex(scsi::sanitize(scsi::SanitizeAction::overwrite, false, 8)), "48 01 00 00 00 00 00 00 08 00");
  const std::array<std::uint8_t, 4> pattern{0, 0, 0, 0};
  EXPECT_EQ(ata::hex_bytes(scsi::sanitize_overwrite_parameters(pattern, 1, false)), "01 00 00 04 00 00 00 00");
  EXPECT_EQ(hex(scsi::report_supported_opcode(0x48, 2, 512)), "a3 0c 02 48 00 02 00 00 02 00 00 00");
  EXPECT_EQ(hex(scsi::inquiry(96)), "12 00 00 00 60 00");
  EXPECT_EQ(hex(scsi::request_sense(252)), "03 00 00 00 fc 00");
}

TEST(ScsiParsers, SenseProgressFixedAndDescriptor) {
  std::array<std::uint8_t, 18> f{};
  f[0] = 0x70;
  f[2] = 0x02;
  f[7] = 10;
  f[12] = 0x04;
  f[13] = 0x1B;
  f[15] = 0x80;
  f[16] = 0x40;
  const auto s = scsi::parse_sense(f);
  ASSERT_TRUE(s.has_value());
  EXPECT_TRUE(s->sanitize_in_progress());
  ASSERT_TRUE(s->progress.has_value());
  EXPECT_DOUBLE_EQ(*s->progress, 0.25);
  const std::array<std::uint8_t, 16> d = {0x72, 0x02, 0x04, 0x1B, 0, 0, 0, 8, 0x02, 0x06, 0, 0, 0x80, 0xC0, 0x00, 0};
  const auto ds = scsi::parse_sense(d);
  ASSERT_TRUE(ds.has_value());
  EXPECT_TRUE(ds->sanitize_in_progress());
  EXPECT_DOUBLE_EQ(*ds->progress, 0.75);
  const std::array<std::uint8_t, 18> bad = {0x70, 0, 0x05, 0, 0, 0, 0, 10, 0, 0, 0, 0, 0x20, 0x00, 0, 0, 0, 0};
  EXPECT_TRUE(scsi::parse_sense(bad)->invalid_opcode());
}

TEST(ScsiParsers, InquiryAndOpcodeSupport) {
  std::array<std::uint8_t, 36> q{};
  const std::string id = "SEAGATE ST4000NM0023    0004";
  std::copy(id.begin(), id.end(), q.begin() + 8);
  const auto i = scsi::parse_inquiry(q);
  ASSERT_TRUE(i.has_value());
  EXPECT_EQ(i->vendor, "SEAGATE");
  EXPECT_EQ(i->product, "ST4000NM0023");
  EXPECT_EQ(i->revision, "0004");
  const std::array<std::uint8_t, 4> yes{0, 0x03, 0, 0}, no{0, 0x01, 0, 0}, vendor{0, 0x05, 0, 0};
  EXPECT_TRUE(scsi::opcode_supported(yes));
  EXPECT_TRUE(scsi::opcode_supported(vendor));
  EXPECT_FALSE(scsi::opcode_supported(no));
}

// --- eMMC ----------------------------------------------------------------------------------------

TEST(MmcCommands, SanitizeSwitchAndExtCsd) {
  // JESD84-B51 6.6.1: CMD6 argument = access 31:24 (03h write byte), index 23:16, value 15:8.
  const auto c = mmc::switch_byte(mmc::kExtCsdSanitizeStart, 1, 1000);
  EXPECT_EQ(c.opcode, 6u);
  EXPECT_EQ(c.arg, 0x03A50100u);
  EXPECT_EQ(c.flags & mmc::kRspBusy, mmc::kRspBusy);
  EXPECT_EQ(mmc::send_ext_csd().opcode, 8u);
  std::array<std::uint8_t, 512> e{};
  e[192] = 8;
  e[231] = 0x55;
  const auto x = mmc::parse_ext_csd(e);
  ASSERT_TRUE(x.has_value());
  EXPECT_TRUE(x->sanitize());
  EXPECT_TRUE(x->secure_erase());
  e[192] = 5;  // eMMC 4.41: no SANITIZE
  EXPECT_FALSE(mmc::parse_ext_csd(e)->sanitize());
  EXPECT_TRUE(mmc::is_sanitize_start(c));
  EXPECT_FALSE(mmc::is_sanitize_start(mmc::send_ext_csd()));
}

TEST(MmcCommands, CardStatusErrorBits) {
  // JESD84-B51 6.13: bit 7 SWITCH_ERROR is an error; bit 3 is reserved; bit 25 (locked) and the
  // state (12:9) and READY_FOR_DATA (8) are not errors.
  EXPECT_EQ(mmc::r1_errors(0x00000080), "SWITCH_ERROR");
  EXPECT_EQ(mmc::r1_errors(0x00000008), "");
  EXPECT_EQ(mmc::r1_errors(0x02000900), "");
  EXPECT_EQ(mmc::r1_errors(0x00400080), "ILLEGAL_COMMAND, SWITCH_ERROR");
  EXPECT_EQ(mmc::kR1Errors & 0x00000080u, 0x00000080u);
  EXPECT_EQ(mmc::kR1Errors & 0x0000001Cu, 0u);
}

}  // namespace
}  // namespace wipeseal
