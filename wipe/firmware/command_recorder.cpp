#include "wipe/firmware/command_recorder.h"

#include <cstring>
#include <type_traits>

#include <fmt/format.h>

#include "wipe/clock.h"
#include "wipe/firmware/scsi.h"

namespace wipeseal {
namespace {

CommandRecord command(std::string name, std::string opcode, std::string carrier) {
  CommandRecord rec;
  rec.name = std::move(name);
  rec.opcode = std::move(opcode);
  rec.carrier = std::move(carrier);
  return rec;
}

}  // namespace

template <class Send, class Describe>
auto CommandRecorder::record(CommandRecord rec, Send&& send, Describe&& describe) {
  using Clock = std::chrono::steady_clock;
  rec.started_at = now_timestamp();
  const auto t0 = Clock::now();
  auto result = send();
  rec.duration_ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
  if (result) {
    if constexpr (std::is_void_v<typename decltype(result)::value_type>) {
      describe(rec);
    } else {
      describe(rec, *result);
    }
  } else {
    // The kernel's errno is part of the answer (MMC_IOC_CMD's only word on a sanitize).
    const Error& e = result.error();
    rec.ok = false;
    rec.status = e.sys_errno == 0
                     ? e.message
                     : fmt::format("{}: {} (errno {})", e.message, std::strerror(e.sys_errno), e.sys_errno);
  }
  out_.push_back(std::move(rec));
  return result;
}

Result<ata::Registers> CommandRecorder::ata(AtaTransport& t, const ata::Command& c, std::span<std::uint8_t> data) {
  CommandRecord rec = command(c.name, fmt::format("{:#04x}", c.command), "");
  rec.detail = fmt::format("feature={:#06x} count={:#06x} lba={:#014x}{}", c.feature, c.count, c.lba,
                           c.extended ? " (48-bit)" : "");
  auto r = record(std::move(rec), [&] { return t.execute(c, data); },
                  [&c](CommandRecord& out, const ata::Registers& regs) {
                    out.ok = regs.ok();
                    out.status = fmt::format("status={:#04x} error={:#04x}", regs.status, regs.error);
                    if (regs.source == ata::RegisterSource::none) return;
                    out.status += fmt::format(" count={:#06x} lba={:#014x}", regs.count, regs.lba);
                    if (c.extended && (!regs.count_upper_known || !regs.lba_upper_known)) {
                      out.status += fmt::format(" ({}{}{} not returned: fixed-format sense)",
                                                regs.count_upper_known ? "" : "COUNT 15:8",
                                                !regs.count_upper_known && !regs.lba_upper_known ? ", " : "",
                                                regs.lba_upper_known ? "" : "LBA 47:24");
                    }
                  });
  out_.back().carrier = t.carrier();  // the transport knows the carrier only once it has sent
  return r;
}

Result<nvme::Completion> CommandRecorder::nvme(NvmeTransport& t, const nvme::AdminCommand& c,
                                               std::span<std::uint8_t> data) {
  CommandRecord rec = command(c.name, fmt::format("{:#04x}", c.opcode), "NVME_IOCTL_ADMIN_CMD");
  rec.detail = fmt::format("nsid={:#x} cdw10={:#010x}", c.nsid, c.cdw10);
  if (c.cdw11 != 0) rec.detail += fmt::format(" cdw11={:#010x}", c.cdw11);
  return record(std::move(rec), [&] { return t.admin(c, data); },
                [](CommandRecord& out, const nvme::Completion& cpl) {
                  out.ok = cpl.ok();
                  out.status = cpl.describe();
                });
}

Result<ScsiResult> CommandRecorder::scsi(ScsiTransport& t, std::string name, std::span<const std::uint8_t> cdb,
                                         std::span<std::uint8_t> data, bool data_in, std::chrono::seconds timeout) {
  CommandRecord rec = command(std::move(name), fmt::format("{:#04x}", cdb[0]), "SG_IO");
  rec.detail = "cdb=" + ata::hex_bytes(cdb);
  return record(std::move(rec), [&] { return t.execute(cdb, data, data_in, timeout); },
                [](CommandRecord& out, const ScsiResult& r) {
                  out.ok = r.good();
                  const auto sense = scsi::parse_sense(r.sense);
                  out.status = r.good() ? "GOOD"
                                        : fmt::format("status={:#04x}{}", r.status, sense ? ", " + sense->describe() : "");
                });
}

Result<MmcAnswer> CommandRecorder::mmc(MmcTransport& t, const mmc::Command& c, std::span<std::uint8_t> data) {
  CommandRecord rec = command(c.name, fmt::format("CMD{}", c.opcode), "MMC_IOC_CMD");
  rec.detail = fmt::format("arg={:#010x}", c.arg);
  return record(std::move(rec), [&] { return t.command(c, data); },
                [](CommandRecord& out, const MmcAnswer& a) {
                  if (!a.r1) {
                    out.ok = true;
                    out.status = "ioctl succeeded; the kernel ran the command itself and returns no card status (R1)";
                    return;
                  }
                  const std::string errors = mmc::r1_errors(*a.r1);
                  out.ok = errors.empty();
                  out.status = fmt::format("R1={:#010x}{}", *a.r1, errors.empty() ? "" : " (" + errors + ")");
                });
}

Status CommandRecorder::secure_discard(MmcTransport& t, std::uint64_t length) {
  CommandRecord rec = command("BLKSECDISCARD (eMMC secure erase/trim)", "ioctl", "BLKSECDISCARD");
  rec.detail = fmt::format("range=0..{}", length);
  return record(std::move(rec), [&] { return t.secure_discard(0, length); },
                [](CommandRecord& out) {
                  out.ok = true;
                  out.status = "ok";
                });
}

Status CommandRecorder::descriptor_sense(AtaTransport& t) {
  CommandRecord rec = command("MODE SELECT(10): Control mode page, D_SENSE=1", "0x55", "SG_IO");
  rec.detail = "after MODE SENSE(10) of the page; asks the SCSI/ATA translation for descriptor-format sense, "
               "which carries 48-bit registers whole (SPC-5 7.5.8)";
  return record(std::move(rec), [&] { return t.request_descriptor_sense(); },
                [](CommandRecord& out) {
                  out.ok = true;
                  out.status = "GOOD";
                });
}

}  // namespace wipeseal
