// The narrow interfaces firmware commands go through, one per command set, and their Linux
// implementations (SG_IO for ATA pass-through and SCSI, NVME_IOCTL_ADMIN_CMD, MMC_IOC_CMD and
// BLKSECDISCARD). Tests put simulated drives behind the same interfaces; simulated ATA drives sit
// one level lower, behind SG_IO itself (SgIo), so the real pass-through decoding runs in tests.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "wipe/device_info.h"
#include "wipe/error.h"
#include "wipe/firmware/ata.h"
#include "wipe/firmware/mmc.h"
#include "wipe/firmware/nvme.h"

namespace wipeseal {

class AtaTransport {
 public:
  virtual ~AtaTransport() = default;
  // Sends `command`; `data` is read into (PIO in) or written from (PIO out), 512 bytes per block.
  // Returns the output registers, with ERR set if the device aborted the command; an Error only
  // when no answer of the drive came back (no such device, the bridge refused pass-through, or
  // answered for itself without the drive's registers).
  virtual Result<ata::Registers> execute(const ata::Command& command, std::span<std::uint8_t> data) = 0;
  // "ATA PASS-THROUGH(16)" or "(12)": what carried the last command.
  virtual std::string carrier() const = 0;
  // Asks the SCSI/ATA translation for descriptor-format sense data from now on (SPC-5 7.5.8,
  // Control mode page, D_SENSE), so that a 48-bit command's registers come back whole. A
  // setting of the translation layer (Linux: of libata's view of this disk), not of the drive;
  // it lasts until the disk is attached again. Fails if the layer does not allow it.
  virtual Status request_descriptor_sense() = 0;
};

// One SCSI command as SG_IO (sg_io_hdr_t) delivers it and the kernel answers it.
enum class SgDirection { none, from_device, to_device };
struct SgAnswer {
  int sys_errno = 0;  // the ioctl itself failed
  std::uint8_t status = 0;  // SAM status: 00h GOOD, 02h CHECK CONDITION
  std::uint16_t host_status = 0;
  std::uint16_t driver_status = 0;
  std::vector<std::uint8_t> sense;
};
class SgIo {
 public:
  virtual ~SgIo() = default;
  virtual SgAnswer send(std::span<const std::uint8_t> cdb, std::span<std::uint8_t> data, SgDirection direction,
                        std::chrono::seconds timeout) = 0;
};

// ATA commands in SAT ATA PASS-THROUGH CDBs over `io` (SAT-4 12.2.2): PASS-THROUGH(16), falling
// back to (12) for bridges that know only that one, as far as that is safe; results decoded from
// either sense format (ata::decode_sense). `path` names the device in errors.
std::unique_ptr<AtaTransport> make_sat_ata_transport(std::unique_ptr<SgIo> io, std::string path);

class NvmeTransport {
 public:
  virtual ~NvmeTransport() = default;
  virtual Result<nvme::Completion> admin(const nvme::AdminCommand& command, std::span<std::uint8_t> data) = 0;
  // The namespace this block device is (NVME_IOCTL_ID), or nothing if it cannot be read: then no
  // command that names or affects a namespace may be sent.
  virtual std::optional<std::uint32_t> namespace_id() const = 0;
};

struct ScsiResult {
  std::uint8_t status = 0;  // SAM status: 00h GOOD, 02h CHECK CONDITION
  std::vector<std::uint8_t> sense;
  bool good() const { return status == 0; }
};

class ScsiTransport {
 public:
  virtual ~ScsiTransport() = default;
  // `data_in`: true if `data` is read from the device, false if written to it.
  virtual Result<ScsiResult> execute(std::span<const std::uint8_t> cdb, std::span<std::uint8_t> data, bool data_in,
                                     std::chrono::seconds timeout) = 0;
};

// What an eMMC command came back with.
struct MmcAnswer {
  // Response word 0 (R1 card status) as the card sent it; nothing when the kernel ran the
  // command itself and did not pass the card's response back. Linux does that for SANITIZE_START:
  // __mmc_blk_ioctl_cmd() calls mmc_sanitize() and returns before copying cmd.resp, so only its
  // error code (the ioctl's result) says how the sanitize went.
  std::optional<std::uint32_t> r1;
};

class MmcTransport {
 public:
  virtual ~MmcTransport() = default;
  // An Error when the ioctl failed (its errno kept), else what the card answered.
  virtual Result<MmcAnswer> command(const mmc::Command& command, std::span<std::uint8_t> data) = 0;
  // BLKSECDISCARD over [offset, offset+length): the kernel picks secure erase or secure trim.
  virtual Status secure_discard(std::uint64_t offset, std::uint64_t length) = 0;
};

// Whatever command sets a device answers to; at most one is used for a purge.
struct FirmwareAccess {
  std::unique_ptr<AtaTransport> ata;
  std::unique_ptr<NvmeTransport> nvme;
  std::unique_ptr<ScsiTransport> scsi;
  std::unique_ptr<MmcTransport> mmc;
  // Other namespaces of the same NVMe controller ("nvme0n2"): a Sanitize, or a Format that the
  // controller applies to all namespaces, would erase them too.
  std::vector<std::string> other_namespaces;
  bool other_namespaces_known = true;  // false if they could not be listed
  bool any() const { return ata || nvme || scsi || mmc; }
};

// Linux transports over an open file descriptor of the disk's block device (the descriptor the
// engine opened with O_EXCL; it must stay open as long as the transport). SATA and USB disks get
// ATA pass-through (USB bridges that do not translate it fail cleanly at IDENTIFY) and SCSI; NVMe
// namespaces get admin commands; eMMC gets MMC commands. Loop devices and image files get none.
FirmwareAccess linux_firmware_access(const DeviceInfo& device, int fd);

}  // namespace wipeseal
