// Sends firmware commands through the transports and keeps a record of each (what was sent, what
// the device answered, how long it took) for the job record. One recorder for all command sets:
// they differ only in how a command and its answer are described.
#pragma once

#include <chrono>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "wipe/error.h"
#include "wipe/firmware/transport.h"
#include "wipe/job_record.h"

namespace wipeseal {

class CommandRecorder {
 public:
  explicit CommandRecorder(std::vector<CommandRecord>& out) : out_(out) {}

  Result<ata::Registers> ata(AtaTransport& t, const ata::Command& c, std::span<std::uint8_t> data = {});
  Result<nvme::Completion> nvme(NvmeTransport& t, const nvme::AdminCommand& c, std::span<std::uint8_t> data = {});
  Result<ScsiResult> scsi(ScsiTransport& t, std::string name, std::span<const std::uint8_t> cdb,
                          std::span<std::uint8_t> data, bool data_in, std::chrono::seconds timeout);
  Result<MmcAnswer> mmc(MmcTransport& t, const mmc::Command& c, std::span<std::uint8_t> data = {});
  Status secure_discard(MmcTransport& t, std::uint64_t length);
  // AtaTransport::request_descriptor_sense(), recorded as the MODE SENSE/MODE SELECT it sends.
  Status descriptor_sense(AtaTransport& t);

 private:
  // Times `send`, lets `describe` fill in the answer, and keeps the record.
  template <class Send, class Describe>
  auto record(CommandRecord rec, Send&& send, Describe&& describe);

  std::vector<CommandRecord>& out_;
};

}  // namespace wipeseal
