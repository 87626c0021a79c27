// Simulated drives for tests: this machine has no ATA, NVMe, SCSI or eMMC hardware with firmware
// erase, so these models stand behind the same transport interfaces as the real ioctls and follow
// the standards' state machines (clauses cited in the .cpp), and answer as Linux hands their
// answers back: an ATA drive behind a model of libata's SCSI/ATA translation (both sense
// formats), an eMMC behind the mmc block driver (which runs SANITIZE itself). Each keeps its user data in an image
// file, so the overwrite engine, the verifier and libblkid can read what a purge really left.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "wipe/block_device.h"
#include "wipe/firmware/transport.h"

namespace wipeseal::test {

// Shared by the models: the user data, in a regular file of `total_bytes`.
class SimulatedMedia {
 public:
  SimulatedMedia(std::string path, std::uint64_t total_bytes);
  const std::string& path() const { return path_; }
  std::uint64_t total_bytes() const { return total_; }
  void fill_zero(std::uint64_t from, std::uint64_t to);
  void fill_pattern(std::uint64_t from, std::uint64_t to, std::uint32_t pattern);
  void fill_random(std::uint64_t from, std::uint64_t to, std::uint64_t seed);

 private:
  std::string path_;
  std::uint64_t total_;
};

// How the SCSI/ATA translation in front of a simulated ATA drive answers ATA PASS-THROUGH: by
// default as Linux's libata does (drivers/ata/libata-scsi.c), optionally with the faults of
// some USB bridges.
enum class SenseFormat {
  // D_SENSE 0, libata's default: errors in fixed format, CK_COND successes in descriptor format
  // (ata_gen_passthru_sense() as it is again since 88042e41534b reverted 28ab9769117c).
  linux_default,
  // D_SENSE 0 on kernels that honoured it for CK_COND successes too (28ab9769117c, Linux 6.10
  // and the stable kernels it reached): fixed format everywhere, 48-bit registers cut short.
  fixed,
  // D_SENSE 1 (sdparm --set D_SENSE): descriptor format everywhere.
  descriptor,
};
const char* sense_format_name(SenseFormat f);

struct SatlProfile {
  SenseFormat sense = SenseFormat::linux_default;
  bool mode_select = true;             // accepts MODE SELECT of D_SENSE (libata: ata_mselect_control())
  bool pass_through_16 = true;         // false: a bridge that knows only ATA PASS-THROUGH(12)
  bool abort_as_invalid_field = false; // a bridge that answers a drive's abort with ILLEGAL REQUEST,
                                       // INVALID FIELD IN CDB and no registers
  bool drops_upper_lba = false;        // a bridge that returns LBA 23:0 of a 48-bit answer as if it
                                       // were all (no LBA UPPER NONZERO)
};

struct AtaProfile {
  std::string model = "WIPESEAL SIM SSD";
  std::string serial = "SIMATA0001";
  std::uint64_t sectors = 0;             // accessible sectors (0: the whole file)
  std::uint64_t native_sectors = 0;      // > sectors: a Host Protected Area
  bool amax = false;                     // Accessible Max Address feature (word 119 bit 8): a new
                                         // maximum survives power cycles (ACS-3 7.4.3)
  bool security = true;
  bool enhanced_erase = true;
  bool frozen = false;                   // the BIOS froze security at power-on
  bool erase_unit_aborts = false;        // the drive refuses SECURITY ERASE UNIT (aborts it)
  bool sanitize = false;
  bool sanitize_crypto = false, sanitize_block = false, sanitize_overwrite = false;
  bool sanitize_frozen = false;          // the BIOS sent SANITIZE FREEZE LOCK EXT at power-on
  unsigned sanitize_polls = 3;           // status polls before a sanitize completes
  bool sanitize_fails = false;           // the operation ends in failure half-way
  bool erase_interrupted = false;        // power is lost half-way through SECURITY ERASE UNIT (once):
                                         // nothing answers until power_cycle()
  SatlProfile satl;
};

class SimulatedAtaDrive {
 public:
  SimulatedAtaDrive(std::string image_path, AtaProfile profile);
  // The real SAT transport (make_sat_ata_transport) over the simulated translation layer, so the
  // pass-through encoding, the sense decoding of both formats and the 16/12 fallback all run.
  std::unique_ptr<AtaTransport> transport();
  // The disk as the host sees it (accessible sectors only; I/O fails while locked).
  std::unique_ptr<BlockDevice> block_device();
  // Power off and on (ACS-3 4.19.11): security enabled -> locked (SEC4); frozen cleared, unless
  // the BIOS freezes it again; the password attempt counter reset; a volatile maximum lost.
  void power_cycle();
  // The drive itself: one ATA command in register form.
  Result<ata::Registers> execute(const ata::Command& c, std::span<std::uint8_t> data);
  // The translation layer in front of it: one SCSI command as SG_IO would carry it.
  SgAnswer scsi_command(std::span<const std::uint8_t> cdb, std::span<std::uint8_t> data);
  std::array<std::uint8_t, 512> identify() const;

  bool security_enabled() const { return enabled_; }
  bool locked() const { return locked_; }
  bool descriptor_sense() const { return d_sense_; }
  std::uint64_t accessible_sectors() const { return accessible_; }
  const std::string& path() const { return media_.path(); }
  // Where the sectors above `sectors` (the Host Protected Area) are kept.
  std::string hpa_path() const { return media_.path() + ".hpa"; }
  std::vector<std::string> log;  // names of the ATA commands that reached the drive, in order
  std::vector<std::array<std::uint8_t, 32>> passwords_set;  // by SECURITY SET PASSWORD, in order

 private:
  ata::Registers ok() const;
  ata::Registers abort_cmd(std::uint8_t reason = 0) const;
  ata::Registers sanitize_command(const ata::Command& c);
  SgAnswer pass_through(std::span<const std::uint8_t> cdb, std::span<std::uint8_t> data);
  SgAnswer check_condition(std::uint8_t key, std::uint8_t asc, std::uint8_t ascq) const;
  SgAnswer mode_sense(std::span<const std::uint8_t> cdb, std::span<std::uint8_t> data) const;
  SgAnswer mode_select(std::span<const std::uint8_t> cdb, std::span<const std::uint8_t> data);
  SimulatedMedia media_;
  std::optional<SimulatedMedia> hpa_;
  AtaProfile p_;
  std::uint64_t accessible_ = 0, native_ = 0;
  std::uint64_t amax_accessible_ = 0;  // kept across power cycles on an AMAX drive
  bool enabled_ = false, locked_ = false, frozen_ = false, prepared_ = false, native_read_ = false;
  bool level_max_ = false;
  bool powered_off_ = false;
  bool sanitize_frozen_ = false;
  unsigned attempts_left_ = 5;
  std::array<std::uint8_t, 32> user_password_{};
  unsigned sanitize_polls_left_ = 0;
  int sanitize_op_ = 0;  // feature of the running operation
  bool sanitize_failed_ = false, sanitize_done_ = false;
  bool d_sense_ = false;  // the translation layer's D_SENSE
  mutable std::mutex mu_;
};

struct NvmeProfile {
  std::string model = "WIPESEAL SIM NVMe";
  std::string serial = "SIMNVME0001";
  std::uint32_t sanicap = 0;  // bit 0 crypto, 1 block, 2 overwrite
  std::uint8_t fna = 0;       // bit 2: crypto erase in Format NVM
  bool format = true;         // OACS bit 1
  bool sanitize_log = true;   // LID 81h implemented (QEMU 7.2 has none)
  unsigned sanitize_polls = 3;
  bool sanitize_fails = false;
  bool format_fails = false;  // Format NVM ends with an internal error
  bool reject_sanitize = false;  // SANICAP claims Sanitize but the controller refuses it (Invalid Field)
  // The namespace's metadata (LBA format 0): bytes per block, at the end of each block (FLBAS bit
  // 4), protection information type (DPS 2:0) and whether it is first in the metadata (DPS bit 3).
  std::uint16_t metadata_bytes = 0;
  bool extended_lba = false;
  unsigned pi_type = 0;
  bool pi_first = false;
  // Host side: whether NVME_IOCTL_ID answers (it can fail on an unusual kernel or driver).
  bool namespace_id_readable = true;
};

class SimulatedNvmeController {
 public:
  SimulatedNvmeController(std::string image_path, NvmeProfile profile);
  std::unique_ptr<NvmeTransport> transport();
  std::unique_ptr<BlockDevice> block_device();
  Result<nvme::Completion> admin(const nvme::AdminCommand& c, std::span<std::uint8_t> data);
  const std::string& path() const { return media_.path(); }
  const NvmeProfile& profile() const { return p_; }
  // The namespace's metadata settings now: a Format NVM applies the ones it is sent.
  nvme::MetadataSettings metadata_settings() const;
  std::vector<std::string> log;

 private:
  SimulatedMedia media_;
  NvmeProfile p_;
  unsigned polls_left_ = 0;
  std::uint16_t sstat_ = 0;
  std::uint32_t scdw10_ = 0;
  bool in_progress_ = false, failure_mode_ = false;
  nvme::MetadataSettings metadata_;
  mutable std::mutex mu_;
};

struct ScsiProfile {
  bool overwrite = false, block = false, crypto = false;
  unsigned polls = 3;
};

class SimulatedScsiDisk {
 public:
  SimulatedScsiDisk(std::string image_path, ScsiProfile profile);
  std::unique_ptr<ScsiTransport> transport();
  Result<ScsiResult> execute(std::span<const std::uint8_t> cdb, std::span<std::uint8_t> data);
  const std::string& path() const { return media_.path(); }

 private:
  SimulatedMedia media_;
  ScsiProfile p_;
  unsigned polls_left_ = 0;
  bool running_ = false;
  std::uint8_t action_ = 0;
  std::mutex mu_;
};

struct MmcProfile {
  std::uint8_t revision = 8;
  std::uint8_t sec_feature_support = 0x55;  // SECURE_ER_EN, SEC_GB_CL_EN, SEC_SANITIZE (+ bit 2)
  bool secure_discard = true;
  int sanitize_errno = 0;  // the card fails the sanitize: mmc_sanitize() returns this error
};

class SimulatedEmmc {
 public:
  SimulatedEmmc(std::string image_path, MmcProfile profile);
  std::unique_ptr<MmcTransport> transport();
  // As the card behind Linux's mmc block driver answers MMC_IOC_CMD: SANITIZE_START is run by
  // the kernel (mmc_sanitize()), which returns only an error code, never the card's R1.
  Result<MmcAnswer> command(const mmc::Command& c, std::span<std::uint8_t> data);
  Status secure_discard(std::uint64_t offset, std::uint64_t length);
  const std::string& path() const { return media_.path(); }

 private:
  SimulatedMedia media_;
  MmcProfile p_;
};

}  // namespace wipeseal::test
