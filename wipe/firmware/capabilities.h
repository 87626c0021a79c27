// What a drive reports about itself, read with harmless commands only (IDENTIFY, INQUIRY, Identify
// Controller/Namespace, EXT_CSD, READ NATIVE MAX ADDRESS, DCO IDENTIFY). Nothing here changes the
// drive; the recommendation (recommendation.h) is made from this alone. The one setting it may
// change is the SCSI/ATA translation's sense format (D_SENSE, AtaTransport::request_descriptor_sense),
// when a 48-bit answer came back cut short.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "wipe/device_info.h"
#include "wipe/firmware/ata.h"
#include "wipe/firmware/mmc.h"
#include "wipe/firmware/nvme.h"
#include "wipe/firmware/scsi.h"
#include "wipe/firmware/transport.h"
#include "wipe/job_record.h"

namespace wipeseal {

struct Capabilities {
  std::string command_set;   // "ata", "nvme", "scsi", "mmc"; empty if the drive answers none
  std::string identify_kind;
  std::string identify_sha256;
  std::optional<ata::Identify> ata;
  std::optional<nvme::ControllerInfo> nvme_controller;
  std::optional<nvme::NamespaceInfo> nvme_namespace;
  std::optional<std::uint32_t> nvme_namespace_id;  // unknown: no Format NVM or Sanitize is ever sent
  std::optional<scsi::InquiryData> scsi_inquiry;
  bool scsi_sanitize_overwrite = false, scsi_sanitize_block = false, scsi_sanitize_crypto = false;
  std::optional<mmc::ExtCsd> ext_csd;
  HiddenAreaRecord hidden_area;
  std::vector<std::string> other_namespaces;  // NVMe: namespaces a subsystem-wide purge would also erase
  bool other_namespaces_known = true;         // false: they could not be listed, so assume there are some
  std::string error;         // why nothing could be read (English), if so
  std::vector<CommandRecord> commands;  // the commands sent to find all this
  std::string summary() const;          // one line for records and `wipeseal plan`
};

Capabilities probe_capabilities(const DeviceInfo& device, FirmwareAccess& access);

}  // namespace wipeseal
