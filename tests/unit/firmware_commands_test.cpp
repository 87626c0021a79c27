// Byte-exact tests of the firmware command encoders and response parsers against the standards
// (clauses cited inline), and of the ATA IDENTIFY parser against hdparm on the same data.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "wipe/firmware/ata.h"
#include "wipe/firmware/mmc.h"
#include "wipe/firmware/nvme.h"
#include "wipe/firmware/scsi.h"

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
  const auto c = ata::set_max_volatile(id, 0x123456789AULL);
  EXPECT_EQ(hex(ata::encode_pass_through_16(c)), "85 07 20 00 00 00 00 34 9a 12 78 00 56 40 37 00");
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

TEST(AtaSense, FixedFormatCarriesTheLow24Bits) {
  // SAT-4 12.2.2.7: INFORMATION = ERROR, STATUS, DEVICE, COUNT; COMMAND-SPECIFIC = flags, LBA 7:0..23:16.
  std::array<std::uint8_t, 18> sense{};
  sense[0] = 0x70;
  sense[2] = 0x01;
  sense[3] = 0x00;
  sense[4] = 0x50;
  sense[5] = 0x40;
  sense[6] = 0x07;
  sense[7] = 10;
  sense[8] = 0x20;  // LBA UPPER NONZERO
  sense[9] = 0xFF;
  sense[10] = 0xEE;
  sense[11] = 0xDD;
  sense[12] = 0x00;
  sense[13] = 0x1D;
  const auto r = ata::decode_sense(sense);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->lba, 0xDDEEFFu);
  EXPECT_EQ(r->count, 7);
  EXPECT_FALSE(r->lba_upper_known);
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
  EXPECT_GE(profiles, 7u);
}

// --- NVMe ----------------------------------------------------------------------------------------

TEST(NvmeCommands, FormatNvmCdw10) {
  // NVMe Base 2.0 Figure 310: LBAF 3:0, MSET 4, PI 7:5, PIL 8, SES 11:9, LBAFU 13:12.
  EXPECT_EQ(nvme::format_nvm(1, 0, 1).cdw10, 0x00000200u);
  EXPECT_EQ(nvme::format_nvm(1, 0, 2).cdw10, 0x00000400u);
  EXPECT_EQ(nvme::format_nvm(1, 0x13, 2).cdw10, 0x00001403u);
  EXPECT_EQ(nvme::format_nvm(7, 0, 1).nsid, 7u);
  EXPECT_EQ(nvme::format_nvm(1, 0, 1).opcode, 0x80);
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
}

}  // namespace
}  // namespace wipeseal
