#include "wipe/firmware/ata.h"

#include <algorithm>

#include <fmt/format.h>

namespace wipeseal::ata {

namespace {

std::uint8_t lo(std::uint64_t v, unsigned shift) { return static_cast<std::uint8_t>((v >> shift) & 0xFF); }

// SAT-4 Table 168 (BYTE 2): T_LENGTH = 2 (the transfer length is in COUNT), BYT_BLOK = 1
// (counted in blocks), T_DIR = 1 for data from the device; CK_COND (bit 5) for non-data commands.
std::uint8_t byte2(const Command& c) {
  switch (c.protocol) {
    case Protocol::pio_in: return 0x08 | 0x04 | 0x02;
    case Protocol::pio_out: return 0x04 | 0x02;
    case Protocol::non_data: break;
  }
  return 0x20;
}

// ATA strings (ACS-3 3.4.9) hold two characters per word, the first in the high byte.
std::string ata_string(std::span<const std::uint8_t> block, unsigned first_word, unsigned words) {
  std::string s;
  for (unsigned w = first_word; w < first_word + words; ++w) {
    s.push_back(static_cast<char>(block[2 * w + 1]));
    s.push_back(static_cast<char>(block[2 * w]));
  }
  const auto first = s.find_first_not_of(' ');
  if (first == std::string::npos) return {};
  s = s.substr(first, s.find_last_not_of(" \0") - first + 1);
  std::replace_if(s.begin(), s.end(), [](char ch) { return static_cast<unsigned char>(ch) < 0x20; }, ' ');
  return s;
}

EraseTime erase_time(std::uint16_t w) {
  // ACS-3 7.12.7.38/39: bit 15 set -> bits 14:0 in units of 2 minutes (7FFFh: > 65532 min);
  // otherwise bits 7:0 (FFh: > 508 min). 0: not reported.
  EraseTime t;
  if ((w & 0x8000) != 0) {
    const unsigned v = w & 0x7FFF;
    t.more_than = v == 0x7FFF;
    t.minutes = (t.more_than ? v - 1 : v) * 2;
  } else {
    const unsigned v = w & 0xFF;
    t.more_than = v == 0xFF;
    t.minutes = (t.more_than ? v - 1 : v) * 2;
  }
  return t;
}

}  // namespace

std::array<std::uint8_t, 16> encode_pass_through_16(const Command& c) {
  std::array<std::uint8_t, 16> cdb{};
  cdb[0] = 0x85;
  cdb[1] = static_cast<std::uint8_t>((static_cast<unsigned>(c.protocol) << 1) | (c.extended ? 1 : 0));
  cdb[2] = byte2(c);
  const std::uint16_t count = c.protocol == Protocol::non_data ? c.count : c.data_blocks;
  if (c.extended) {
    cdb[3] = lo(c.feature, 8);
    cdb[5] = lo(count, 8);
    cdb[7] = lo(c.lba, 24);
    cdb[9] = lo(c.lba, 32);
    cdb[11] = lo(c.lba, 40);
  }
  cdb[4] = lo(c.feature, 0);
  cdb[6] = lo(count, 0);
  cdb[8] = lo(c.lba, 0);
  cdb[10] = lo(c.lba, 8);
  cdb[12] = lo(c.lba, 16);
  cdb[13] = c.extended ? c.device : static_cast<std::uint8_t>(c.device | ((c.lba >> 24) & 0x0F));
  cdb[14] = c.command;
  return cdb;
}

std::optional<std::array<std::uint8_t, 12>> encode_pass_through_12(const Command& c) {
  if (c.extended) return std::nullopt;
  std::array<std::uint8_t, 12> cdb{};
  cdb[0] = 0xA1;
  cdb[1] = static_cast<std::uint8_t>(static_cast<unsigned>(c.protocol) << 1);
  cdb[2] = byte2(c);
  cdb[3] = lo(c.feature, 0);
  cdb[4] = lo(c.protocol == Protocol::non_data ? c.count : c.data_blocks, 0);
  cdb[5] = lo(c.lba, 0);
  cdb[6] = lo(c.lba, 8);
  cdb[7] = lo(c.lba, 16);
  cdb[8] = static_cast<std::uint8_t>(c.device | ((c.lba >> 24) & 0x0F));
  cdb[9] = c.command;
  return cdb;
}

namespace {

// SAT-4 12.2.2.6, Table 211: the ATA Status Return descriptor (09h, 12 bytes after its header).
Registers from_descriptor(const std::uint8_t* d) {
  Registers r;
  r.source = RegisterSource::descriptor;
  r.extended = (d[2] & 0x01) != 0;
  r.error = d[3];
  r.count = static_cast<std::uint16_t>((r.extended ? d[4] << 8 : 0) | d[5]);
  r.lba = static_cast<std::uint64_t>(d[7]) | static_cast<std::uint64_t>(d[9]) << 8 |
          static_cast<std::uint64_t>(d[11]) << 16;
  if (r.extended) {
    r.lba |= static_cast<std::uint64_t>(d[6]) << 24 | static_cast<std::uint64_t>(d[8]) << 32 |
             static_cast<std::uint64_t>(d[10]) << 40;
  } else {
    r.lba |= static_cast<std::uint64_t>(d[12] & 0x0F) << 24;  // a 28-bit result: LBA 27:24 in DEVICE
  }
  r.count_upper_known = r.lba_upper_known = r.extended;
  r.device = d[12];
  r.status = d[13];
  return r;
}

// SAT-4 12.2.2.7 (SAT-5 Tables 212, 213): INFORMATION (bytes 3-6) = ERROR, STATUS, DEVICE,
// COUNT 7:0; COMMAND-SPECIFIC INFORMATION (bytes 8-11) = flags (EXTEND 80h, COUNT UPPER NONZERO
// 40h, LBA UPPER NONZERO 20h), LBA 7:0, 15:8, 23:16. The upper bytes themselves are not there.
Registers from_fixed(std::span<const std::uint8_t> s) {
  Registers r;
  r.source = RegisterSource::fixed;
  r.error = s[3];
  r.status = s[4];
  r.device = s[5];
  r.count = s[6];
  r.extended = (s[8] & 0x80) != 0;
  r.lba = static_cast<std::uint64_t>(s[9]) | static_cast<std::uint64_t>(s[10]) << 8 |
          static_cast<std::uint64_t>(s[11]) << 16;
  if (r.extended) {
    r.count_upper_known = (s[8] & 0x40) == 0;  // known to be zero
    r.lba_upper_known = (s[8] & 0x20) == 0;
  } else {
    r.lba |= static_cast<std::uint64_t>(s[5] & 0x0F) << 24;
    r.count_upper_known = r.lba_upper_known = false;
  }
  return r;
}

struct SenseKey {
  std::uint8_t key = 0, asc = 0, ascq = 0;
};

std::optional<SenseKey> sense_key(std::span<const std::uint8_t> s) {
  if (s.size() < 4) return std::nullopt;
  const std::uint8_t code = s[0] & 0x7F;
  if (code == 0x72 || code == 0x73) return SenseKey{static_cast<std::uint8_t>(s[1] & 0x0F), s[2], s[3]};
  if ((code == 0x70 || code == 0x71) && s.size() >= 14) {
    return SenseKey{static_cast<std::uint8_t>(s[2] & 0x0F), s[12], s[13]};
  }
  return std::nullopt;
}

}  // namespace

std::optional<Registers> decode_sense(std::span<const std::uint8_t> sense) {
  if (sense.size() < 8) return std::nullopt;
  const std::uint8_t code = sense[0] & 0x7F;
  if (code == 0x72 || code == 0x73) {
    const std::size_t total = std::min<std::size_t>(sense.size(), 8u + sense[7]);
    for (std::size_t i = 8; i + 2 <= total;) {
      const std::size_t len = 2u + sense[i + 1];
      if (sense[i] == 0x09 && len >= 14 && i + 14 <= total) return from_descriptor(sense.data() + i);
      i += len;
    }
    return std::nullopt;
  }
  if ((code == 0x70 || code == 0x71) && sense.size() >= 14) {
    const bool info_available = sense[12] == 0x00 && sense[13] == 0x1D;
    const bool valid = (sense[0] & 0x80) != 0;
    if (info_available || valid) return from_fixed(sense);
  }
  return std::nullopt;
}

PassThroughAnswer interpret_pass_through(std::uint8_t scsi_status, std::span<const std::uint8_t> sense) {
  PassThroughAnswer a;
  a.registers = decode_sense(sense);
  if (a.registers) return a;
  const auto k = sense_key(sense);
  if (scsi_status == 0x00 && !k) {
    // GOOD without sense data: a command without CK_COND that completed without error (SAT-4
    // 12.2.2.5); the drive's registers were not asked for.
    Registers ok;
    ok.status = 0x50;  // DRDY | DSC
    a.registers = ok;
    return a;
  }
  if (!k) {
    a.sense_text = fmt::format("SCSI status {:#04x}, no sense data", scsi_status);
    return a;
  }
  a.cdb_rejected = k->key == 0x05 && (k->asc == 0x20 || k->asc == 0x24) && k->ascq == 0x00;
  a.sense_text = fmt::format("sense key {:x}h, ASC/ASCQ {:02x}h/{:02x}h{}", k->key, k->asc, k->ascq,
                             k->key == 0x05 && k->asc == 0x20   ? " (INVALID COMMAND OPERATION CODE)"
                             : k->key == 0x05 && k->asc == 0x24 ? " (INVALID FIELD IN CDB)"
                             : k->key == 0x0B                   ? " (ABORTED COMMAND)"
                                                                : "");
  return a;
}

Result<Identify> parse_identify(std::span<const std::uint8_t> block) {
  if (block.size() != 512) {
    return std::unexpected(make_error(ErrorCode::invalid_input,
                                      fmt::format("IDENTIFY data must be 512 bytes, not {}", block.size())));
  }
  auto word = [&](unsigned w) { return static_cast<std::uint16_t>(block[2 * w] | block[2 * w + 1] << 8); };
  auto bit = [&](unsigned w, unsigned b) { return (word(w) >> b & 1) != 0; };
  // Words 83/84/85-87 are valid only when bits 15:14 read 01b (ACS-3 7.12.7.42 and following).
  auto valid = [&](unsigned w) { return (word(w) & 0xC000) == 0x4000; };
  if (bit(0, 15)) {
    return std::unexpected(make_error(ErrorCode::unsupported,
                                      "the IDENTIFY data is not an ATA device's (word 0 bit 15 set: ATAPI)"));
  }
  Identify id;
  id.checksum_present = (word(255) & 0xFF) == 0xA5;
  if (id.checksum_present) {
    unsigned sum = 0;
    for (std::uint8_t b : block) sum += b;
    id.checksum_valid = (sum & 0xFF) == 0;
    if (!id.checksum_valid) {
      return std::unexpected(make_error(ErrorCode::corrupt,
                                        "the IDENTIFY data fails its integrity checksum (word 255); the transfer "
                                        "was damaged or the bridge altered it"));
    }
  }
  id.serial = ata_string(block, 10, 10);
  id.firmware = ata_string(block, 23, 4);
  id.model = ata_string(block, 27, 20);
  id.lba48 = valid(83) && bit(83, 10);
  const std::uint64_t lba28 = static_cast<std::uint64_t>(word(60)) | static_cast<std::uint64_t>(word(61)) << 16;
  const std::uint64_t lba48 = static_cast<std::uint64_t>(word(100)) | static_cast<std::uint64_t>(word(101)) << 16 |
                              static_cast<std::uint64_t>(word(102)) << 32 | static_cast<std::uint64_t>(word(103)) << 48;
  id.sectors = id.lba48 && lba48 != 0 ? lba48 : lba28;
  // Word 106 (valid when bits 15:14 = 01b) bit 12: logical sector longer than 256 words; the
  // length in words is in 117-118.
  if (valid(106) && bit(106, 12)) {
    const std::uint32_t words = static_cast<std::uint32_t>(word(117)) | static_cast<std::uint32_t>(word(118)) << 16;
    if (words >= 256) id.logical_sector_size = words * 2;
  }
  id.non_rotating = word(217) == 1;

  // 0000h and FFFFh mean "not reported" (openSeaChest's is_ATA_Identify_Word_Valid()): a word
  // of FFFFh would otherwise claim every feature, and every state, at once.
  auto reported = [&](unsigned w) { return word(w) != 0x0000 && word(w) != 0xFFFF; };

  // Security: word 128 (ACS-3 7.12.7.66), whose bit 0 repeats word 82 bit 1. Without it the
  // state (enabled, locked, frozen) is unknown, so the feature set counts as not supported.
  const std::uint16_t w128 = word(128);
  id.security.reported = reported(128);
  if (id.security.reported) {
    id.security.supported = (w128 & 0x0001) != 0;
    id.security.enabled = (w128 & 0x0002) != 0;
    id.security.locked = (w128 & 0x0004) != 0;
    id.security.frozen = (w128 & 0x0008) != 0;
    id.security.count_expired = (w128 & 0x0010) != 0;
    id.security.enhanced_erase_supported = (w128 & 0x0020) != 0;
    id.security.level_maximum = (w128 & 0x0100) != 0;
  }
  // Words 89 and 90: FFFFh is a defined value there (bit 15: extended form; 7FFFh: more than
  // 65532 minutes), as hdparm reads it.
  id.security.normal_erase = erase_time(word(89));
  id.security.enhanced_erase = erase_time(word(90));
  const std::uint16_t rev = word(92);
  id.security.master_password_revision = rev;

  // SANITIZE: word 59 (ACS-3 7.12.7.26).
  const std::uint16_t w59 = word(59);
  id.sanitize.reported = reported(59);
  id.sanitize.supported = id.sanitize.reported && (w59 & 0x1000) != 0;
  id.sanitize.crypto_scramble = id.sanitize.supported && (w59 & 0x2000) != 0;
  id.sanitize.overwrite = id.sanitize.supported && (w59 & 0x4000) != 0;
  id.sanitize.block_erase = id.sanitize.supported && (w59 & 0x8000) != 0;
  id.sanitize.antifreeze = id.sanitize.supported && (w59 & 0x0400) != 0;

  // Hidden areas: HPA word 82 bit 10 (enabled: 85 bit 10), DCO word 83 bit 11, AMAX word 119 bit 8.
  id.hpa_supported = reported(82) && bit(82, 10);
  id.hpa_enabled = id.hpa_supported && reported(85) && bit(85, 10);
  id.dco_supported = valid(83) && bit(83, 11);
  id.amax_supported = valid(119) && bit(119, 8);
  return id;
}

Command identify_device() {
  Command c;
  c.name = "IDENTIFY DEVICE";
  c.command = 0xEC;
  c.protocol = Protocol::pio_in;
  c.data_blocks = 1;
  c.device = 0;
  c.repeatable = true;
  return c;
}

std::array<std::uint8_t, 512> password_block(PasswordKind kind, std::span<const std::uint8_t, 32> password,
                                             bool enhanced, bool level_maximum) {
  // ACS-3 Table 98 (SET PASSWORD): word 0 bit 0 identifier (1 = master), bit 8 level (1 = maximum);
  // Table 95 (ERASE UNIT): bit 1 enhanced. Words 1-16: the password.
  std::array<std::uint8_t, 512> b{};
  b[0] = static_cast<std::uint8_t>((kind == PasswordKind::master ? 0x01 : 0x00) | (enhanced ? 0x02 : 0x00));
  b[1] = level_maximum ? 0x01 : 0x00;
  std::copy(password.begin(), password.end(), b.begin() + 2);
  return b;
}

namespace {
Command pio_out(std::string name, std::uint8_t opcode) {
  Command c;
  c.name = std::move(name);
  c.command = opcode;
  c.protocol = Protocol::pio_out;
  c.data_blocks = 1;
  c.device = 0;
  return c;
}
Command non_data(std::string name, std::uint8_t opcode) {
  Command c;
  c.name = std::move(name);
  c.command = opcode;
  c.device = 0;
  return c;
}
}  // namespace

Command security_set_password() { return pio_out("SECURITY SET PASSWORD", 0xF1); }
Command security_unlock() { return pio_out("SECURITY UNLOCK", 0xF2); }
Command security_erase_prepare() { return non_data("SECURITY ERASE PREPARE", 0xF3); }
Command security_erase_unit(std::chrono::seconds timeout) {
  Command c = pio_out("SECURITY ERASE UNIT", 0xF4);
  c.timeout = timeout;
  return c;
}
Command security_disable_password() { return pio_out("SECURITY DISABLE PASSWORD", 0xF6); }
Command security_freeze_lock() { return non_data("SECURITY FREEZE LOCK", 0xF5); }

Command sanitize(SanitizeAction action, std::uint32_t overwrite_pattern, unsigned overwrite_passes) {
  Command c;
  c.command = 0xB4;
  c.extended = true;
  c.device = 0x40;
  switch (action) {
    case SanitizeAction::crypto_scramble:  // ACS-3 7.36.2: FEATURE 0011h, LBA key "Cryp"
      c.name = "SANITIZE CRYPTO SCRAMBLE EXT";
      c.feature = 0x0011;
      c.lba = 0x43727970;
      break;
    case SanitizeAction::block_erase:  // 7.36.3: FEATURE 0012h, key "BkEr"
      c.name = "SANITIZE BLOCK ERASE EXT";
      c.feature = 0x0012;
      c.lba = 0x426B4572;
      break;
    case SanitizeAction::overwrite:  // 7.36.4: FEATURE 0014h, "OW" in LBA 47:32, pattern in 31:0,
      // COUNT 3:0 the pass count (0 means 16)
      c.name = "SANITIZE OVERWRITE EXT";
      c.feature = 0x0014;
      c.lba = static_cast<std::uint64_t>(0x4F57) << 32 | overwrite_pattern;
      c.count = static_cast<std::uint16_t>(std::clamp(overwrite_passes, 1u, 16u) & 0x0F);
      break;
  }
  return c;
}

Command sanitize_status(bool clear_failure) {
  Command c;
  c.name = "SANITIZE STATUS EXT";
  c.command = 0xB4;
  c.extended = true;
  c.feature = 0x0000;
  c.count = clear_failure ? 0x0001 : 0x0000;
  c.repeatable = !clear_failure;
  return c;
}

SanitizeStatus parse_sanitize_status(const Registers& r) {
  SanitizeStatus s;
  s.flags_known = r.count_upper_known;
  if (s.flags_known) {
    s.completed_without_error = (r.count & 0x8000) != 0;
    s.in_progress = (r.count & 0x4000) != 0;
    s.frozen = (r.count & 0x2000) != 0;
    s.antifreeze = (r.count & 0x1000) != 0;
  }
  s.progress = static_cast<double>(r.lba & 0xFFFF) / 65536.0;
  s.failed = r.err();
  if (s.failed) s.failure_reason = static_cast<std::uint8_t>(r.lba & 0xFF);
  return s;
}

const char* sanitize_failure_reason(std::uint8_t reason) {
  switch (reason) {
    case 0: return "reason unknown";
    case 1: return "the sanitize operation was unsuccessful";
    case 2: return "unsupported sanitize device command";
    case kSanitizeReasonFrozen: return "the device is in the Sanitize Frozen state";
    case 4: return "SANITIZE FREEZE LOCK was refused after SANITIZE ANTIFREEZE LOCK";
    default: return "reserved reason code";
  }
}

Command read_native_max(const Identify& id) {
  Command c;
  c.device = 0x40;
  c.repeatable = true;
  if (id.amax_supported) {  // ACS-3 7.4.2 GET NATIVE MAX ADDRESS EXT
    c.name = "GET NATIVE MAX ADDRESS EXT";
    c.command = 0x78;
    c.feature = 0x0000;
    c.extended = true;
  } else if (id.lba48) {  // ACS-3 7.20 READ NATIVE MAX ADDRESS EXT
    c.name = "READ NATIVE MAX ADDRESS EXT";
    c.command = 0x27;
    c.extended = true;
  } else {  // ATA8-ACS READ NATIVE MAX ADDRESS
    c.name = "READ NATIVE MAX ADDRESS";
    c.command = 0xF8;
  }
  return c;
}

std::optional<std::uint64_t> native_max_lba(const Command& sent, const Registers& r) {
  if (!sent.extended) return r.lba & 0x0FFFFFFFull;
  if (!r.extended || !r.lba_upper_known) return std::nullopt;
  return r.lba & 0xFFFFFFFFFFFFull;
}

Command set_max_address(const Identify& id, std::uint64_t max_lba) {
  Command c;
  c.device = 0x40;
  c.lba = max_lba;
  if (id.amax_supported) {
    // ACS-3 7.4.3 SET ACCESSIBLE MAX ADDRESS EXT: no volatile form; the drive keeps the new
    // maximum across power cycles until another SET ACCESSIBLE MAX ADDRESS.
    c.name = "SET ACCESSIBLE MAX ADDRESS EXT";
    c.command = 0x78;
    c.feature = 0x0001;
    c.extended = true;
    return c;
  }
  c.count = 0;  // ACS-3 7.40 / ATA8-ACS 7.52: COUNT bit 0 (VV) clear: reverts at the next power-on or reset
  if (id.lba48) {
    c.name = "SET MAX ADDRESS EXT";
    c.command = 0x37;
    c.extended = true;
  } else {
    c.name = "SET MAX ADDRESS";
    c.command = 0xF9;
  }
  return c;
}

bool set_max_is_permanent(const Identify& id) { return id.amax_supported; }

Command dco_identify() {
  Command c;
  c.name = "DEVICE CONFIGURATION IDENTIFY";
  c.command = 0xB1;
  c.feature = 0xC2;
  c.protocol = Protocol::pio_in;
  c.data_blocks = 1;
  c.device = 0;
  c.repeatable = true;
  return c;
}

std::optional<std::uint64_t> dco_max_lba(std::span<const std::uint8_t> block) {
  if (block.size() != 512) return std::nullopt;
  auto word = [&](unsigned w) { return static_cast<std::uint64_t>(block[2 * w] | block[2 * w + 1] << 8); };
  if (word(0) != 0x0002 && word(0) != 0x0001) return std::nullopt;  // DCO revision
  return word(3) | word(4) << 16 | word(5) << 32 | word(6) << 48;
}

std::chrono::seconds erase_unit_timeout(const Identify& id, bool enhanced, std::uint64_t capacity_bytes) {
  const EraseTime t = enhanced ? id.security.enhanced_erase : id.security.normal_erase;
  const std::int64_t by_estimate = t.minutes == 0 ? 0 : (2 * static_cast<std::int64_t>(t.minutes) + 60) * 60;
  const std::int64_t by_capacity = static_cast<std::int64_t>(capacity_bytes / 30'000'000) + 30 * 60;
  if (t.minutes == 0 && capacity_bytes == 0) return std::chrono::hours(12);
  return std::chrono::seconds(std::max(by_estimate, by_capacity));
}

std::string hex_bytes(std::span<const std::uint8_t> bytes) {
  std::string s;
  for (std::size_t i = 0; i < bytes.size(); ++i) s += fmt::format("{}{:02x}", i == 0 ? "" : " ", bytes[i]);
  return s;
}

}  // namespace wipeseal::ata
