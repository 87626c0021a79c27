// ATA commands as wipeseal sends them: taskfiles, their SCSI/ATA Translation (SAT) pass-through
// CDBs, the result registers decoded from sense data, and IDENTIFY DEVICE. Everything here is a
// pure function of bytes, tested byte for byte; the ioctl lives in transport_linux.cpp.
//
// References: ACS-3 (T13/2161-D) for commands and IDENTIFY words; SAT-4 (T10/BSR INCITS 491)
// 12.2.2 ATA PASS-THROUGH(16)/(12), 12.2.2.6 the ATA Status Return sense descriptor and 12.2.2.7
// fixed-format sense; hdparm 9.65 sgio.c sg16() is the reference implementation these encoders
// were checked against, and Linux's libata (drivers/ata/libata-scsi.c ata_gen_passthru_sense()
// and ata_scsi_set_passthru_sense_fields()) the producer of the sense data they decode.
#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "wipe/error.h"

namespace wipeseal::ata {

// SAT-4 Table 167 PROTOCOL field values used here.
enum class Protocol : std::uint8_t { non_data = 3, pio_in = 4, pio_out = 5 };

// One ATA command in register form (ACS-3 "Inputs" of each command).
struct Command {
  std::string name;             // "SECURITY ERASE UNIT", for records and messages
  std::uint8_t command = 0;
  std::uint16_t feature = 0;
  std::uint16_t count = 0;
  std::uint64_t lba = 0;        // 48 bits for EXT commands, 28 for the others
  std::uint8_t device = 0x40;   // bit 6: LBA addressing
  bool extended = false;        // a 48-bit (EXT) command
  Protocol protocol = Protocol::non_data;
  std::uint16_t data_blocks = 0;  // 512-byte blocks moved by a PIO command
  std::chrono::seconds timeout{30};
  // Sending it twice changes nothing (IDENTIFY, READ NATIVE MAX, SANITIZE STATUS EXT without
  // Clear). Only such a command is ever sent again after an answer that leaves unclear whether
  // the drive received it; a destructive one (SECURITY ERASE UNIT, SANITIZE) never is.
  bool repeatable = false;
};

// Where the output registers came from.
enum class RegisterSource : std::uint8_t {
  none,        // GOOD status without sense data: the command completed without error
  descriptor,  // descriptor-format sense, ATA Status Return descriptor (SAT-4 12.2.2.6)
  fixed,       // fixed-format sense, INFORMATION and COMMAND-SPECIFIC INFORMATION (SAT-4 12.2.2.7)
};

// The registers the device returns (ACS-3 "Normal/Error Outputs").
struct Registers {
  std::uint8_t status = 0;
  std::uint8_t error = 0;
  std::uint16_t count = 0;
  std::uint64_t lba = 0;  // 28-bit results include LBA 27:24 from DEVICE bits 3:0
  std::uint8_t device = 0;
  RegisterSource source = RegisterSource::none;
  bool extended = false;  // the 48-bit registers were returned (EXTEND)
  // For a 48-bit command: whether COUNT 15:8 and LBA 47:24 are known. Fixed-format sense carries
  // only their low bytes and flags saying whether the rest is zero (SAT-5 Table 213: COUNT UPPER
  // NONZERO, LBA UPPER NONZERO); when it is not, the value is unknown, never guessed.
  bool count_upper_known = true;
  bool lba_upper_known = true;

  bool err() const { return (status & 0x01) != 0; }        // ERROR bit
  bool device_fault() const { return (status & 0x20) != 0; }
  bool ok() const { return !err() && !device_fault(); }
  bool aborted() const { return err() && (error & 0x04) != 0; }  // ABRT: unsupported or not allowed now
};

// SAT-4 12.2.2.1: ATA PASS-THROUGH(16), operation code 85h. CK_COND is set for non-data commands
// so the device's output registers come back in the sense data.
std::array<std::uint8_t, 16> encode_pass_through_16(const Command& c);
// SAT-4 12.2.2.2: ATA PASS-THROUGH(12), operation code A1h; only 28-bit commands fit.
std::optional<std::array<std::uint8_t, 12>> encode_pass_through_12(const Command& c);

// The result registers from SCSI sense data, in either format Linux's libata produces:
//  - descriptor format (72h/73h) with the ATA Status Return descriptor (09h, SAT-4 12.2.2.6);
//  - fixed format (70h/71h, SAT-4 12.2.2.7) when it carries ATA registers: ASC/ASCQ 00h/1Dh "ATA
//    PASS-THROUGH INFORMATION AVAILABLE", or an error with the VALID bit set, which is how
//    ata_scsi_set_passthru_sense_fields() marks the INFORMATION field it filled (a drive's abort
//    arrives as ABORTED COMMAND, 00h/00h, from ata_to_sense_error()).
// nullopt when the sense data carries no ATA registers (the adapter answered for itself).
std::optional<Registers> decode_sense(std::span<const std::uint8_t> sense);

// What an ATA PASS-THROUGH command came to, from the SCSI status and sense data it returned.
struct PassThroughAnswer {
  std::optional<Registers> registers;  // the drive's answer, if any came back
  // The adapter rejected the CDB itself (ILLEGAL REQUEST, INVALID COMMAND OPERATION CODE or
  // INVALID FIELD IN CDB, without ATA registers): some bridges only know the 12-byte form.
  bool cdb_rejected = false;
  std::string sense_text;  // the sense key and ASC/ASCQ in words, when there were no registers
};
PassThroughAnswer interpret_pass_through(std::uint8_t scsi_status, std::span<const std::uint8_t> sense);

// --- IDENTIFY DEVICE (ECh), ACS-3 7.12.7 --------------------------------------------------------

struct EraseTime {
  unsigned minutes = 0;   // 0 = not reported
  bool more_than = false; // the field is saturated: "more than `minutes`"
};

// IDENTIFY words that are 0000h or FFFFh are "not reported" (as openSeaChest's
// is_ATA_Identify_Word_Valid() treats them): a drive answering FFFFh does not support everything.
struct SecurityState {  // word 128 (ACS-3 Table 45) and words 89, 90, 92
  bool reported = false;  // word 128 holds a value (not 0000h/FFFFh)
  bool supported = false;
  bool enabled = false;
  bool locked = false;
  bool frozen = false;
  bool count_expired = false;
  bool enhanced_erase_supported = false;
  bool level_maximum = false;   // false: high
  EraseTime normal_erase;
  EraseTime enhanced_erase;
  std::uint16_t master_password_revision = 0;
};

struct SanitizeSupport {  // word 59 (ACS-3 7.12.7.29)
  bool reported = false;  // word 59 holds a value (not 0000h/FFFFh)
  bool supported = false;
  bool crypto_scramble = false;
  bool overwrite = false;
  bool block_erase = false;
  bool antifreeze = false;
};

struct Identify {
  std::string model;
  std::string serial;
  std::string firmware;
  bool lba48 = false;
  std::uint64_t sectors = 0;              // user-addressable sectors (words 100-103, else 60-61)
  std::uint32_t logical_sector_size = 512;
  bool non_rotating = false;              // word 217 = 1
  SecurityState security;
  SanitizeSupport sanitize;
  bool hpa_supported = false;             // word 82 bit 10
  bool hpa_enabled = false;               // word 85 bit 10
  bool dco_supported = false;             // word 83 bit 11
  bool amax_supported = false;            // word 119 bit 8 (ACCESSIBLE MAX ADDRESS CONFIGURATION)
  bool checksum_present = false;          // word 255 low byte A5h
  bool checksum_valid = false;
};

// Parses the 512 bytes IDENTIFY DEVICE returns. Fails if the block is not an ATA device's (word 0
// bit 15 set) or its integrity word is present and wrong.
Result<Identify> parse_identify(std::span<const std::uint8_t> block);

// --- Commands ----------------------------------------------------------------------------------

Command identify_device();

// Security feature set (ACS-3 7.44-7.50). The 512-byte data block of SET PASSWORD, UNLOCK,
// ERASE UNIT and DISABLE PASSWORD: word 0 control bits, words 1-16 the 32-byte password.
enum class PasswordKind { user, master };
std::array<std::uint8_t, 512> password_block(PasswordKind kind, std::span<const std::uint8_t, 32> password,
                                             bool enhanced = false, bool level_maximum = false);
Command security_set_password();
Command security_unlock();
Command security_erase_prepare();
Command security_erase_unit(std::chrono::seconds timeout);
Command security_disable_password();
Command security_freeze_lock();

// SANITIZE DEVICE feature set (ACS-3 7.36): B4h with a sub-command in FEATURE and a key in LBA.
enum class SanitizeAction { crypto_scramble, block_erase, overwrite };
Command sanitize(SanitizeAction action, std::uint32_t overwrite_pattern = 0, unsigned overwrite_passes = 1);
// SANITIZE STATUS EXT (0000h); `clear_failure` sets COUNT bit 0 ("Clear Sanitize Operation Failed").
Command sanitize_status(bool clear_failure = false);

struct SanitizeStatus {  // ACS-3 Table 122 (COUNT) and the LBA progress field
  // COUNT 15:8 came back: the four flags below are known. Fixed-format sense does not carry it.
  bool flags_known = true;
  bool completed_without_error = false;  // COUNT bit 15
  bool in_progress = false;              // bit 14
  bool frozen = false;                   // bit 13
  bool antifreeze = false;               // bit 12
  double progress = 0;                   // LBA 15:0 / 65536
  std::uint8_t failure_reason = 0;       // LBA 7:0 when ERR is set (see sanitize_failure_reason)
  bool failed = false;
};
SanitizeStatus parse_sanitize_status(const Registers& r);
// The sanitize error reason (ACS-3 7.36, the Error Outputs of the sanitize commands and of
// SANITIZE STATUS EXT in failure mode: LBA 7:0): 0 reason unknown, 1 sanitize operation
// unsuccessful, 2 unsupported sanitize device command, 3 device in Sanitize Frozen state,
// 4 SANITIZE FREEZE LOCK refused because of SANITIZE ANTIFREEZE LOCK.
inline constexpr std::uint8_t kSanitizeReasonFrozen = 3;
const char* sanitize_failure_reason(std::uint8_t reason);

// Host Protected Area (ACS-3 7.20 READ NATIVE MAX ADDRESS EXT, 7.40 SET MAX ADDRESS EXT; ACS-3
// 7.4 ACCESSIBLE MAX ADDRESS CONFIGURATION for drives that set word 119 bit 8).
Command read_native_max(const Identify& id);
// The native max LBA from the registers `read_native_max` returned; nullopt if a 48-bit answer
// came back without its upper bytes.
std::optional<std::uint64_t> native_max_lba(const Command& sent, const Registers& r);
// Makes sectors up to `max_lba` accessible: SET MAX ADDRESS (EXT) with COUNT bit 0 (VV) clear, so
// the drive goes back to its old maximum at the next power cycle; or, on a drive with the
// Accessible Max Address feature, SET ACCESSIBLE MAX ADDRESS EXT, which is not volatile: the
// drive keeps the new maximum for good (ACS-3 7.4.3).
Command set_max_address(const Identify& id, std::uint64_t max_lba);
// Whether `set_max_address` changes the drive for good.
bool set_max_is_permanent(const Identify& id);

// DEVICE CONFIGURATION OVERLAY IDENTIFY (B1h/C2h, ACS-2 7.9.3; obsolete in ACS-3) and the
// maximum LBA it reports (words 3-6).
Command dco_identify();
std::optional<std::uint64_t> dco_max_lba(std::span<const std::uint8_t> block);

// How long to allow SECURITY ERASE UNIT: twice the drive's own estimate plus an hour, or the
// time to write `capacity_bytes` at 30 MB/s plus 30 minutes, whichever is longer (as hdparm).
std::chrono::seconds erase_unit_timeout(const Identify& id, bool enhanced, std::uint64_t capacity_bytes);

// "80h 00 03 ..." style hex for records.
std::string hex_bytes(std::span<const std::uint8_t> bytes);

}  // namespace wipeseal::ata
