#include <linux/fs.h>
#include <linux/mmc/ioctl.h>
#include <linux/nvme_ioctl.h>
#include <scsi/sg.h>
#include <sys/ioctl.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>

#include "wipe/firmware/scsi.h"
#include "wipe/firmware/transport.h"

namespace wipeseal {

namespace {

int sg_direction(SgDirection d) {
  switch (d) {
    case SgDirection::from_device: return SG_DXFER_FROM_DEV;
    case SgDirection::to_device: return SG_DXFER_TO_DEV;
    case SgDirection::none: break;
  }
  return SG_DXFER_NONE;
}

class LinuxSgIo final : public SgIo {
 public:
  explicit LinuxSgIo(int fd) : fd_(fd) {}
  SgAnswer send(std::span<const std::uint8_t> cdb, std::span<std::uint8_t> data, SgDirection direction,
                std::chrono::seconds timeout) override {
    SgAnswer out;
    std::uint8_t sense[64]{};
    sg_io_hdr_t h{};
    h.interface_id = 'S';
    h.cmd_len = static_cast<unsigned char>(cdb.size());
    h.cmdp = const_cast<unsigned char*>(cdb.data());
    h.mx_sb_len = sizeof sense;
    h.sbp = sense;
    h.dxfer_direction = data.empty() ? SG_DXFER_NONE : sg_direction(direction);
    h.dxfer_len = static_cast<unsigned>(data.size());
    h.dxferp = data.empty() ? nullptr : data.data();
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(timeout).count();
    h.timeout = static_cast<unsigned>(std::min<long long>(ms, 0x7FFFFFFF));
    if (::ioctl(fd_, SG_IO, &h) != 0) {
      out.sys_errno = errno;
      return out;
    }
    out.status = h.status;
    out.host_status = h.host_status;
    out.driver_status = h.driver_status;
    out.sense.assign(sense, sense + h.sb_len_wr);
    return out;
  }

 private:
  int fd_;
};

SgDirection ata_direction(const ata::Command& c) {
  switch (c.protocol) {
    case ata::Protocol::pio_in: return SgDirection::from_device;
    case ata::Protocol::pio_out: return SgDirection::to_device;
    case ata::Protocol::non_data: break;
  }
  return SgDirection::none;
}

// SAT-4 12.2.2: ATA commands in ATA PASS-THROUGH CDBs, whatever carries SG_IO (libata, a SAS
// HBA's translation, a USB bridge).
class SatAtaTransport final : public AtaTransport {
 public:
  SatAtaTransport(std::unique_ptr<SgIo> io, std::string path) : io_(std::move(io)), path_(std::move(path)) {}

  Result<ata::Registers> execute(const ata::Command& c, std::span<std::uint8_t> data) override {
    if (!use12_) {
      const auto cdb = ata::encode_pass_through_16(c);
      const SgAnswer r = io_->send(cdb, data, ata_direction(c), c.timeout);
      if (r.sys_errno != 0) return std::unexpected(errno_error(r.sys_errno, "SG_IO (ATA PASS-THROUGH(16)) failed", path_));
      const ata::PassThroughAnswer a = ata::interpret_pass_through(r.status, r.sense);
      if (!a.cdb_rejected || r.host_status != 0) return registers(r, a, c);
      // SAT-4 12.2.2: some bridges know only the 12-byte form. The answer does not say whether
      // the drive saw the command, so only a command that is harmless twice is sent again.
      if (!c.repeatable) {
        return std::unexpected(make_error(
            ErrorCode::unsupported,
            fmt::format("{}: the adapter answered ATA PASS-THROUGH(16) with {}, without the drive's registers; "
                        "wipeseal does not send it again in the 12-byte form, because the drive may have received it",
                        c.name, a.sense_text),
            path_));
      }
      if (c.extended) return needs_16(c);
      use12_ = true;
    }
    const auto cdb = ata::encode_pass_through_12(c);
    if (!cdb) return needs_16(c);
    const SgAnswer r = io_->send(*cdb, data, ata_direction(c), c.timeout);
    if (r.sys_errno != 0) return std::unexpected(errno_error(r.sys_errno, "SG_IO (ATA PASS-THROUGH(12)) failed", path_));
    return registers(r, ata::interpret_pass_through(r.status, r.sense), c);
  }

  std::string carrier() const override { return use12_ ? "ATA PASS-THROUGH(12)" : "ATA PASS-THROUGH(16)"; }

  Status request_descriptor_sense() override {
    // SPC-5 6.14 MODE SENSE(10), DBD set, current values of the Control mode page (0Ah).
    std::array<std::uint8_t, 8 + 12> current{};
    const auto length = static_cast<std::uint8_t>(current.size());
    const std::array<std::uint8_t, 10> sense10 = {0x5A, 0x08, 0x0A, 0, 0, 0, 0, 0, length, 0};
    const SgAnswer got = io_->send(sense10, current, SgDirection::from_device, std::chrono::seconds(30));
    if (auto s = scsi_good(got, "MODE SENSE(10) of the Control mode page"); !s) return s;
    const std::size_t block_descriptors = static_cast<std::size_t>(current[6] << 8 | current[7]);
    if (block_descriptors != 0 || (current[8] & 0x3F) != 0x0A || current[9] != 0x0A) {
      return std::unexpected(make_error(ErrorCode::unsupported,
                                        "the adapter's Control mode page is not in the expected form", path_));
    }
    if ((current[10] & 0x04) != 0) return {};  // D_SENSE already set
    // SPC-5 6.12 MODE SELECT(10), PF set: the same page with D_SENSE (byte 2 bit 2) set. The mode
    // data length and the page's PS bit are reserved in a MODE SELECT and go back as zero; libata
    // (ata_mselect_control()) accepts a change of D_SENSE only.
    std::array<std::uint8_t, 8 + 12> page{};
    std::copy(current.begin() + 8, current.end(), page.begin() + 8);
    page[8] &= 0x3F;
    page[10] |= 0x04;
    const std::array<std::uint8_t, 10> select10 = {0x55, 0x10, 0, 0, 0, 0, 0, 0, length, 0};
    return scsi_good(io_->send(select10, page, SgDirection::to_device, std::chrono::seconds(30)),
                     "MODE SELECT(10) of D_SENSE");
  }

 private:
  Result<ata::Registers> registers(const SgAnswer& r, const ata::PassThroughAnswer& a, const ata::Command& c) const {
    if (r.host_status != 0) {
      return std::unexpected(make_error(ErrorCode::io,
                                        fmt::format("{}: the host adapter reported status {:#x}", c.name, r.host_status),
                                        path_));
    }
    if (a.registers) return *a.registers;
    if (a.cdb_rejected) {
      return std::unexpected(make_error(
          ErrorCode::unsupported,
          fmt::format("{} was not passed to the drive ({}); the adapter or USB bridge may not support ATA pass-through",
                      c.name, a.sense_text),
          path_));
    }
    // An answer without the drive's registers: whether the drive refused the command cannot be
    // told from it (Linux before 6.11 wrote them at the wrong offsets of fixed-format sense,
    // fixed by 38dab832c3f4; some bridges drop them).
    return std::unexpected(make_error(
        ErrorCode::io,
        fmt::format("{} ended with {} but without the drive's registers, so whether the drive refused it is unknown",
                    c.name, a.sense_text),
        path_));
  }

  Result<ata::Registers> needs_16(const ata::Command& c) const {
    return std::unexpected(make_error(
        ErrorCode::unsupported,
        fmt::format("{} needs ATA PASS-THROUGH(16), which this adapter does not translate", c.name), path_));
  }

  Status scsi_good(const SgAnswer& r, const char* what) const {
    if (r.sys_errno != 0) {
      return std::unexpected(errno_error(r.sys_errno, fmt::format("SG_IO ({}) failed", what), path_));
    }
    if (r.status == 0 && r.host_status == 0) return {};
    const auto sense = scsi::parse_sense(r.sense);
    return std::unexpected(make_error(
        ErrorCode::unsupported,
        fmt::format("the adapter refused {} ({})", what,
                    sense ? sense->describe()
                          : fmt::format("status {:#x}, host status {:#x}", r.status, r.host_status)),
        path_));
  }

  std::unique_ptr<SgIo> io_;
  std::string path_;
  bool use12_ = false;
};

class SgScsiTransport final : public ScsiTransport {
 public:
  SgScsiTransport(int fd, std::string path) : io_(fd), path_(std::move(path)) {}
  Result<ScsiResult> execute(std::span<const std::uint8_t> cdb, std::span<std::uint8_t> data, bool data_in,
                             std::chrono::seconds timeout) override {
    SgAnswer r = io_.send(cdb, data, data_in ? SgDirection::from_device : SgDirection::to_device, timeout);
    if (r.sys_errno != 0) return std::unexpected(errno_error(r.sys_errno, "SG_IO failed", path_));
    if (r.host_status != 0) {
      return std::unexpected(make_error(ErrorCode::io, fmt::format("the host adapter reported status {:#x}", r.host_status),
                                        path_));
    }
    return ScsiResult{r.status, std::move(r.sense)};
  }

 private:
  LinuxSgIo io_;
  std::string path_;
};

class IoctlNvmeTransport final : public NvmeTransport {
 public:
  IoctlNvmeTransport(int fd, std::string path) : fd_(fd), path_(std::move(path)) {
    const int id = ::ioctl(fd_, NVME_IOCTL_ID);
    if (id > 0) nsid_ = static_cast<std::uint32_t>(id);
  }
  Result<nvme::Completion> admin(const nvme::AdminCommand& c, std::span<std::uint8_t> data) override {
    nvme_admin_cmd cmd{};
    cmd.opcode = c.opcode;
    cmd.nsid = c.nsid;
    cmd.cdw10 = c.cdw10;
    cmd.cdw11 = c.cdw11;
    cmd.cdw12 = c.cdw12;
    cmd.cdw13 = c.cdw13;
    cmd.cdw14 = c.cdw14;
    cmd.cdw15 = c.cdw15;
    cmd.addr = reinterpret_cast<std::uintptr_t>(data.data());
    cmd.data_len = static_cast<std::uint32_t>(data.size());
    cmd.timeout_ms = c.timeout_ms;
    const int rc = ::ioctl(fd_, NVME_IOCTL_ADMIN_CMD, &cmd);
    if (rc < 0) return std::unexpected(errno_error(errno, fmt::format("{}: NVME_IOCTL_ADMIN_CMD failed", c.name), path_));
    return nvme::Completion{static_cast<std::uint16_t>(rc), cmd.result};
  }
  std::optional<std::uint32_t> namespace_id() const override { return nsid_; }

 private:
  int fd_;
  std::string path_;
  std::optional<std::uint32_t> nsid_;
};

class IoctlMmcTransport final : public MmcTransport {
 public:
  IoctlMmcTransport(int fd, std::string path) : fd_(fd), path_(std::move(path)) {}
  Result<MmcAnswer> command(const mmc::Command& c, std::span<std::uint8_t> data) override {
    mmc_ioc_cmd cmd{};
    cmd.opcode = c.opcode;
    cmd.arg = c.arg;
    cmd.flags = c.flags;
    cmd.write_flag = c.write ? 1 : 0;
    cmd.blksz = c.block_size;
    cmd.blocks = c.blocks;
    cmd.cmd_timeout_ms = c.cmd_timeout_ms;
    cmd.data_ptr = reinterpret_cast<std::uintptr_t>(data.data());  // mmc_ioc_cmd_set_data() without its C casts
    if (::ioctl(fd_, MMC_IOC_CMD, &cmd) != 0) {
      return std::unexpected(errno_error(errno, fmt::format("{}: MMC_IOC_CMD failed", c.name), path_));
    }
    // __mmc_blk_ioctl_cmd() runs a SWITCH to SANITIZE_START itself (mmc_sanitize()) and returns
    // before copying the card's response: response[] is what was passed in, not the card's R1.
    if (mmc::is_sanitize_start(c)) return MmcAnswer{};
    return MmcAnswer{cmd.response[0]};
  }
  Status secure_discard(std::uint64_t offset, std::uint64_t length) override {
    std::uint64_t range[2] = {offset, length};
    if (::ioctl(fd_, BLKSECDISCARD, range) != 0) return std::unexpected(errno_error(errno, "BLKSECDISCARD failed", path_));
    return {};
  }

 private:
  int fd_;
  std::string path_;
};

}  // namespace

std::unique_ptr<AtaTransport> make_sat_ata_transport(std::unique_ptr<SgIo> io, std::string path) {
  return std::make_unique<SatAtaTransport>(std::move(io), std::move(path));
}

FirmwareAccess linux_firmware_access(const DeviceInfo& device, int fd) {
  FirmwareAccess a;
  if (fd < 0) return a;
  switch (device.transport) {
    case Transport::nvme: {
      a.nvme = std::make_unique<IoctlNvmeTransport>(fd, device.path);
      // /sys/block/nvme0n1/device is the controller; its nvme*n* entries are all its namespaces.
      std::error_code ec;
      const std::filesystem::path ctrl = std::filesystem::path("/sys/block") / device.name / "device";
      // A controller whose namespaces cannot be listed is treated as having others (fail closed).
      for (std::filesystem::directory_iterator it(ctrl, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string n = it->path().filename().string();
        if (n != device.name && n.rfind("nvme", 0) == 0 && n.find('n', 4) != std::string::npos &&
            n.find('p') == std::string::npos) {
          a.other_namespaces.push_back(n);
        }
      }
      if (ec) a.other_namespaces_known = false;
      break;
    }
    case Transport::sata:
    case Transport::usb:
      a.ata = make_sat_ata_transport(std::make_unique<LinuxSgIo>(fd), device.path);
      a.scsi = std::make_unique<SgScsiTransport>(fd, device.path);
      break;
    case Transport::sas:
    case Transport::scsi:
      a.scsi = std::make_unique<SgScsiTransport>(fd, device.path);
      break;
    case Transport::mmc: {
      // Only eMMC has EXT_CSD and SANITIZE; an SD card's CMD8 means something else entirely
      // (SEND_IF_COND), so SD cards get no MMC commands at all.
      std::string type;
      std::ifstream in("/sys/block/" + device.name + "/device/type");
      std::getline(in, type);
      if (type == "MMC") a.mmc = std::make_unique<IoctlMmcTransport>(fd, device.path);
      break;
    }
    default:
      break;
  }
  return a;
}

}  // namespace wipeseal
