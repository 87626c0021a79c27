#include <linux/fs.h>
#include <linux/mmc/ioctl.h>
#include <linux/nvme_ioctl.h>
#include <scsi/sg.h>
#include <sys/ioctl.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>

#include "wipe/firmware/scsi.h"
#include "wipe/firmware/transport.h"

namespace wipeseal {

namespace {

struct SgOutcome {
  int sys_errno = 0;
  std::uint8_t status = 0;
  std::uint16_t host_status = 0;
  std::uint16_t driver_status = 0;
  std::vector<std::uint8_t> sense;
};

SgOutcome sg_io(int fd, std::span<const std::uint8_t> cdb, std::span<std::uint8_t> data, int direction,
                std::chrono::seconds timeout) {
  SgOutcome out;
  std::uint8_t sense[64]{};
  sg_io_hdr_t h{};
  h.interface_id = 'S';
  h.cmd_len = static_cast<unsigned char>(cdb.size());
  h.cmdp = const_cast<unsigned char*>(cdb.data());
  h.mx_sb_len = sizeof sense;
  h.sbp = sense;
  h.dxfer_direction = data.empty() ? SG_DXFER_NONE : direction;
  h.dxfer_len = static_cast<unsigned>(data.size());
  h.dxferp = data.empty() ? nullptr : data.data();
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(timeout).count();
  h.timeout = static_cast<unsigned>(std::min<long long>(ms, 0x7FFFFFFF));
  if (::ioctl(fd, SG_IO, &h) != 0) {
    out.sys_errno = errno;
    return out;
  }
  out.status = h.status;
  out.host_status = h.host_status;
  out.driver_status = h.driver_status;
  out.sense.assign(sense, sense + h.sb_len_wr);
  return out;
}

class SgAtaTransport final : public AtaTransport {
 public:
  SgAtaTransport(int fd, std::string path) : fd_(fd), path_(std::move(path)) {}

  Result<ata::Registers> execute(const ata::Command& c, std::span<std::uint8_t> data) override {
    const int dir = c.protocol == ata::Protocol::pio_in ? SG_DXFER_FROM_DEV : SG_DXFER_TO_DEV;
    if (!use12_) {
      const auto cdb = ata::encode_pass_through_16(c);
      SgOutcome r = sg_io(fd_, cdb, data, dir, c.timeout);
      if (r.sys_errno != 0) return std::unexpected(errno_error(r.sys_errno, "SG_IO (ATA PASS-THROUGH(16)) failed", path_));
      const auto sense = scsi::parse_sense(r.sense);
      if (sense && (sense->invalid_opcode() || sense->invalid_field()) && !c.extended) {
        use12_ = true;  // SAT-4 12.2.2: some bridges only know the 12-byte form
      } else {
        return registers(r, c);
      }
    }
    const auto cdb = ata::encode_pass_through_12(c);
    if (!cdb) {
      return std::unexpected(make_error(ErrorCode::unsupported,
                                        fmt::format("{} needs ATA PASS-THROUGH(16), which this adapter does not "
                                                    "translate",
                                                    c.name),
                                        path_));
    }
    SgOutcome r = sg_io(fd_, *cdb, data, dir, c.timeout);
    if (r.sys_errno != 0) return std::unexpected(errno_error(r.sys_errno, "SG_IO (ATA PASS-THROUGH(12)) failed", path_));
    return registers(r, c);
  }

  std::string carrier() const override { return use12_ ? "ATA PASS-THROUGH(12)" : "ATA PASS-THROUGH(16)"; }

 private:
  Result<ata::Registers> registers(const SgOutcome& r, const ata::Command& c) const {
    if (r.host_status != 0) {
      return std::unexpected(make_error(ErrorCode::io,
                                        fmt::format("{}: the host adapter reported status {:#x}", c.name, r.host_status),
                                        path_));
    }
    if (auto regs = ata::decode_sense(r.sense)) return *regs;
    if (r.status == 0) {  // GOOD without sense: a data command that completed normally
      ata::Registers ok;
      ok.status = 0x50;  // DRDY | DSC
      return ok;
    }
    const auto sense = scsi::parse_sense(r.sense);
    return std::unexpected(make_error(
        ErrorCode::unsupported,
        fmt::format("{} was not passed to the drive ({}); the adapter or USB bridge may not support ATA pass-through",
                    c.name, sense ? sense->describe() : fmt::format("SCSI status {:#x}", r.status)),
        path_));
  }

  int fd_;
  std::string path_;
  bool use12_ = false;
};

class SgScsiTransport final : public ScsiTransport {
 public:
  SgScsiTransport(int fd, std::string path) : fd_(fd), path_(std::move(path)) {}
  Result<ScsiResult> execute(std::span<const std::uint8_t> cdb, std::span<std::uint8_t> data, bool data_in,
                             std::chrono::seconds timeout) override {
    SgOutcome r = sg_io(fd_, cdb, data, data_in ? SG_DXFER_FROM_DEV : SG_DXFER_TO_DEV, timeout);
    if (r.sys_errno != 0) return std::unexpected(errno_error(r.sys_errno, "SG_IO failed", path_));
    if (r.host_status != 0) {
      return std::unexpected(make_error(ErrorCode::io, fmt::format("the host adapter reported status {:#x}", r.host_status),
                                        path_));
    }
    return ScsiResult{r.status, std::move(r.sense)};
  }

 private:
  int fd_;
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
  Result<std::uint32_t> command(const mmc::Command& c, std::span<std::uint8_t> data) override {
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
    return cmd.response[0];
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
      a.ata = std::make_unique<SgAtaTransport>(fd, device.path);
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
