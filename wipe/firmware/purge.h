// Firmware purge (NIST SP 800-88 Purge / IEEE 2883): what a drive can do, which method wipeseal
// recommends for it, and running that method through the drive's own commands with a record of
// every command sent. The order of preference follows ../shared/reference/device-commands.md §9:
// NVMe Sanitize (crypto, block, overwrite) > Format NVM SES=2 > SES=1; ATA SANITIZE (crypto
// scramble, block erase, overwrite) > SECURITY ERASE UNIT enhanced > normal; SCSI SANITIZE;
// eMMC SANITIZE > secure erase. USB sticks and SD cards can only be Cleared (overwritten).
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "wipe/device_info.h"
#include "wipe/erase_plan.h"
#include "wipe/error.h"
#include "wipe/firmware/ata.h"
#include "wipe/firmware/mmc.h"
#include "wipe/firmware/nvme.h"
#include "wipe/firmware/scsi.h"
#include "wipe/firmware/transport.h"
#include "wipe/job_record.h"

namespace wipeseal {

class RandomSource;

inline constexpr std::string_view kAutoMethod = "auto";

// Every firmware method, best first within its command set.
const std::vector<MethodInfo>& firmware_methods();
bool is_firmware_method(std::string_view name);
const MethodInfo* find_firmware_method(std::string_view name);

// What the drive reported about itself, read with harmless commands only (IDENTIFY, INQUIRY,
// Identify Controller/Namespace, EXT_CSD, READ NATIVE MAX ADDRESS, DCO IDENTIFY).
struct Capabilities {
  std::string command_set;   // "ata", "nvme", "scsi", "mmc"; empty if the drive answers none
  std::string identify_kind;
  std::string identify_sha256;
  std::optional<ata::Identify> ata;
  std::optional<nvme::ControllerInfo> nvme_controller;
  std::optional<nvme::NamespaceInfo> nvme_namespace;
  std::optional<scsi::InquiryData> scsi_inquiry;
  bool scsi_sanitize_overwrite = false, scsi_sanitize_block = false, scsi_sanitize_crypto = false;
  std::optional<mmc::ExtCsd> ext_csd;
  HiddenAreaRecord hidden_area;
  std::vector<std::string> other_namespaces;  // NVMe: namespaces a subsystem-wide purge would also erase
  std::string error;         // why nothing could be read (English), if so
  std::vector<CommandRecord> commands;  // the commands sent to find all this
  std::string summary() const;          // one line for records and `wipeseal plan`
};

Capabilities probe_capabilities(const DeviceInfo& device, FirmwareAccess& access);

// Why a method was recommended, as a code the frontends translate, with its arguments.
enum class ReasonCode {
  firmware_purge,       // args: method label
  frozen,               // args: method label that frozen security blocks
  locked,               // security locked with a password wipeseal does not know
  removable_clear_only, // USB stick / SD card / eMMC without sanitize
  purge_blocked,        // args: method label, why wipeseal will not send it
  no_firmware_purge,    // args: what the drive reported
  not_a_drive,          // loop device, image file, virtual disk
  capabilities_unreadable,  // args: the error
};
const char* reason_code_name(ReasonCode c);

struct Recommendation {
  std::string method;                    // a firmware method, or an overwrite method ("clear"); empty: none possible
  SanitizeCategory category = SanitizeCategory::clear;
  ReasonCode reason_code = ReasonCode::no_firmware_purge;
  std::vector<std::string> reason_args;
  std::string reason;                    // English sentence
  std::vector<CandidateRecord> candidates;  // every firmware method considered, best first
  bool destroy_if_top_secret = false;    // only Clear is possible: Tuyệt mật media should be destroyed
  std::vector<std::string> warnings;     // English (hidden sectors, frozen remedy)
};

// Pure: the recommended method for `device` given what it reported.
Recommendation recommend_method(const DeviceInfo& device, const Capabilities& caps);

struct PurgeContext {
  std::function<void(double fraction)> progress;   // 0..1, from the drive's own progress report
  // Makes a fact durable before the next command is sent (the ATA temporary password, which
  // must survive a crash until the drive reports security disabled). Must not fail silently.
  std::function<Status(const nlohmann::json& entry)> persist;
  std::chrono::milliseconds poll_interval{std::chrono::seconds(2)};
  std::function<void(std::chrono::milliseconds)> sleep;  // default: std::this_thread::sleep_for
  RandomSource* random = nullptr;
  std::uint64_t capacity_bytes = 0;
  // The password of an interrupted ATA security erase, found in the journal.
  std::optional<std::array<std::uint8_t, 32>> ata_password;
  // The operator's stop. A drive that sanitizes in the background is left to finish on its own
  // (it cannot be called back, and it carries on even across a power cycle): polling ends and
  // the result says so. A command the drive runs to completion before answering (Format NVM,
  // SECURITY ERASE UNIT, eMMC SANITIZE) cannot be stopped; the stop takes effect after it.
  const std::atomic<bool>* cancel = nullptr;
};

struct PurgeResult {
  std::string method;  // the method that completed, empty if none
  bool completed = false;
  std::vector<CommandRecord> commands;
  std::vector<CandidateRecord> attempts;  // what happened to each method tried
  std::string device_report;
  std::optional<Error> error;  // why no method completed
  // Stopped by the operator: `interrupted_method` is still running in the drive, or empty when
  // the stop came between methods and nothing is running.
  bool interrupted = false;
  std::string interrupted_method;
};

// Runs the methods in `methods` in order until one completes. A method the drive rejects as
// unsupported, or one that fails, is recorded and the next is tried. Before a method's first
// command, `context.persist` receives {"type": "firmware_method", "method": ...}, so that after
// an interruption the job knows which operation the drive may still be running. A sanitize that
// is already running when its method starts (an earlier run of the job was stopped, or lost
// power) is followed to its end instead of being sent again.
PurgeResult run_firmware_purge(FirmwareAccess& access, const Capabilities& caps, const std::vector<std::string>& methods,
                               PurgeContext& context);

// Takes back security that an interrupted erase of ours left enabled (ACS-3 4.19.11: SEC4 ->
// SECURITY UNLOCK -> SEC5), so the drive can be read and the erase completed.
void unlock_interrupted_ata(AtaTransport& transport, std::span<const std::uint8_t, 32> password,
                            std::vector<CommandRecord>& commands);

// Volatile restore of an ATA Host Protected Area (native max becomes accessible until power-off).
Status restore_hidden_area(FirmwareAccess& access, Capabilities& caps, std::vector<CommandRecord>& commands);

}  // namespace wipeseal
