#include "wipe/job.h"

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <thread>

#include <fmt/format.h>

#include "wipe/clock.h"
#include "wipe/device_identity.h"
#include "wipe/device_job.h"
#include "wipe/discovery.h"
#include "wipe/erase_plan.h"
#include "wipe/hex.h"
#include "wipe/journal.h"
#include "wipe/purge_plan.h"
#include "wipe/random_source.h"
#include "wipe/system_state.h"

namespace wipeseal {

using nlohmann::json;
namespace fs = std::filesystem;

namespace {

std::string hostname() {
  char buf[256] = {};
  if (::gethostname(buf, sizeof buf - 1) != 0) return {};
  return buf;
}

json tuning_json(const EngineTuning& t) {
  return {{"chunk_bytes", t.chunk_bytes}, {"requests_in_flight", t.requests_in_flight}};
}

// Every device's job in its own thread; each stops on its own flag.
std::vector<DeviceJobResult> run_all(std::vector<std::unique_ptr<DeviceJob>> jobs, ProgressSink& progress,
                                     const std::vector<const std::atomic<bool>*>& cancel) {
  std::vector<DeviceJobResult> results(jobs.size());
  {
    std::vector<std::jthread> threads;
    for (std::size_t i = 0; i < jobs.size(); ++i) {
      threads.emplace_back([&, i] { results[i] = jobs[i]->run(progress, *cancel[i]); });
    }
  }
  return results;
}

Status check_flags(std::size_t devices, const std::vector<const std::atomic<bool>*>& cancel) {
  if (cancel.size() != devices || std::find(cancel.begin(), cancel.end(), nullptr) != cancel.end()) {
    return std::unexpected(make_error(ErrorCode::internal, "one stop flag per device is needed"));
  }
  return {};
}

}  // namespace

FirmwareOpener default_firmware_opener() {
  return [](const DeviceInfo& info, BlockDevice& device) { return linux_firmware_access(info, device.native_handle()); };
}

DeviceOpener default_device_opener() {
  return [](const DeviceInfo& info) { return open_block_device(info.path, OpenOptions{}); };
}

Result<MethodChoice> choose_method(const DeviceInfo& device, const JobOptions& options) {
  // Read-only and shared: planning must work on a disk in use too (it only asks the drive questions).
  auto dev = open_block_device(device.path, OpenOptions{false, false, true});
  if (!dev) return std::unexpected(dev.error());
  FirmwareAccess access = options.firmware(device, **dev);
  MethodChoice choice;
  choice.capabilities = probe_capabilities(device, access);
  choice.recommendation = recommend_method(device, choice.capabilities);
  return choice;
}

std::string make_uuid(RandomSource& random) {
  std::array<std::uint8_t, 16> b{};
  random.fill(std::as_writable_bytes(std::span(b)));
  b[6] = static_cast<std::uint8_t>((b[6] & 0x0F) | 0x40);  // RFC 9562 version 4
  b[8] = static_cast<std::uint8_t>((b[8] & 0x3F) | 0x80);  // RFC 9562 variant
  const std::string h = to_hex(b.data(), b.size());
  return fmt::format("{}-{}-{}-{}-{}", h.substr(0, 8), h.substr(8, 4), h.substr(12, 4), h.substr(16, 4), h.substr(20));
}

Result<std::vector<DeviceJobResult>> run_erase_job(const std::vector<DeviceInfo>& devices, const JobOptions& options,
                                                   ProgressSink& progress, const std::atomic<bool>& cancel) {
  return run_erase_job(devices, options, progress, std::vector<const std::atomic<bool>*>(devices.size(), &cancel));
}

Result<std::vector<DeviceJobResult>> run_erase_job(const std::vector<DeviceInfo>& devices, const JobOptions& options,
                                                   ProgressSink& progress,
                                                   const std::vector<const std::atomic<bool>*>& cancel) {
  RandomSource& random = options.random != nullptr ? *options.random : secure_random();
  if (devices.empty()) return std::unexpected(make_error(ErrorCode::invalid_input, "no device to erase was given"));
  if (auto s = check_flags(devices.size(), cancel); !s) return std::unexpected(s.error());
  // Fail on a bad method before touching anything.
  const bool firmware_requested = options.method == kAutoMethod || is_firmware_method(options.method);
  if (!firmware_requested) {
    if (auto probe = make_erase_plan(options.method, random); !probe) {
      Error e = probe.error();
      e.message += ", auto, or a firmware method (see `wipeseal methods`)";
      return std::unexpected(e);
    }
  }

  const SystemState system = read_system_state(SystemPaths{});
  for (const DeviceInfo& info : devices) {
    if (auto safe = recheck_safety(info, system); !safe) return std::unexpected(safe.error());
  }

  const std::string job_id = make_uuid(random);
  const std::string started = now_timestamp();
  std::vector<std::unique_ptr<DeviceJob>> jobs;
  std::vector<std::string> created_journals;
  auto undo = [&](Error e) -> Result<std::vector<DeviceJobResult>> {
    jobs.clear();  // closes devices and journals
    for (const auto& j : created_journals) {
      std::error_code ec;
      fs::remove(j, ec);
    }
    return std::unexpected(std::move(e));
  };

  for (const DeviceInfo& info : devices) {
    auto dev = open_checked(info, options.open_device);
    if (!dev) return undo(dev.error());
    // Auto and firmware methods: ask the drive what it can do (harmless commands only).
    auto decided = plan_new_job(info, **dev, options);
    if (!decided) return undo(decided.error());

    JobRecord record;
    std::optional<ErasePlan> plan;
    if (!decided->purge) {
      auto p = make_erase_plan(decided->overwrite_method, random);
      if (!p) return undo(p.error());
      plan = std::move(*p);
    }
    record.id = make_uuid(random);
    record.job_id = job_id;
    record.tool_version = tool_version();
    record.hostname = hostname();
    record.device = info;
    record.method = plan ? plan->method : *find_firmware_method(decided->purge->methods.front());
    record.firmware = decided->firmware;
    record.started_at = started;
    if (const auto c = clock_correction()) record.clock = ClockRecord{c->offset.count(), c->made_at};
    record.environment = options.environment;
    record.outcome = Outcome::aborted;  // until finished
    record.io = {(*dev)->direct_io(), options.tuning.chunk_bytes, options.tuning.requests_in_flight, -1};
    for (std::size_t i = 0; plan && i < plan->passes.size(); ++i) {
      PassRecord p;
      p.index = static_cast<unsigned>(i + 1);
      p.pattern = plan->passes[i].pattern;
      p.purpose = plan->passes[i].purpose;
      p.bytes_total = (*dev)->size_bytes();
      record.passes.push_back(std::move(p));
    }

    // The plan, with its keys, is durable before the first write, so a resumed job writes the
    // same pattern and the record can always name it.
    const std::string path = (fs::path(journal_dir(options.state_dir)) / (record.id + ".jsonl")).string();
    auto journal = Journal::create(path, {{"type", "begin"},
                                          {"version", kJournalVersion},
                                          {"at", started},
                                          {"records_dir", options.records_dir},
                                          {"tuning", tuning_json(options.tuning)},
                                          {"options", options.journal_options},
                                          {"record", record_to_json(record)}});
    if (!journal) return undo(journal.error());
    created_journals.push_back(path);
    jobs.push_back(std::make_unique<DeviceJob>(std::move(record), options.records_dir, std::move(*journal),
                                               std::move(*dev), options, 1, 0, std::move(decided->purge)));
  }
  return run_all(std::move(jobs), progress, cancel);
}

Result<std::vector<DeviceJobResult>> resume_erase_jobs(const std::vector<std::pair<UnfinishedJob, DeviceInfo>>& targets,
                                                       const JobOptions& options, ProgressSink& progress,
                                                       const std::atomic<bool>& cancel) {
  return resume_erase_jobs(targets, options, progress, std::vector<const std::atomic<bool>*>(targets.size(), &cancel));
}

Result<std::vector<DeviceJobResult>> resume_erase_jobs(const std::vector<std::pair<UnfinishedJob, DeviceInfo>>& targets,
                                                       const JobOptions& options, ProgressSink& progress,
                                                       const std::vector<const std::atomic<bool>*>& cancel) {
  if (auto s = check_flags(targets.size(), cancel); !s) return std::unexpected(s.error());
  // Open every journal and device first: if one cannot be, no journal says "resumed".
  struct Ready {
    Replay replay;
    Journal journal;
    std::unique_ptr<BlockDevice> device;
    DeviceInfo info;
  };
  std::vector<Ready> ready;
  const SystemState system = read_system_state(SystemPaths{});
  for (const auto& [job, info] : targets) {
    if (auto safe = recheck_safety(info, system); !safe) return std::unexpected(safe.error());
    auto replay = replay_journal(job.journal_path);
    if (!replay) return std::unexpected(replay.error());
    if (replay->finished) {
      return std::unexpected(make_error(ErrorCode::invalid_input, "this job already finished", job.journal_path));
    }
    if (replay->summary.paperwork_only) {
      return std::unexpected(make_error(ErrorCode::invalid_input,
                                        "this job only has its record or certificate left to write; it needs no device",
                                        job.journal_path));
    }
    auto journal = Journal::open_existing(job.journal_path, replay->valid_bytes);
    if (!journal) return std::unexpected(journal.error());
    auto dev = open_checked(info, options.open_device);
    if (!dev) return std::unexpected(dev.error());
    ready.push_back({std::move(*replay), std::move(*journal), std::move(*dev), info});
  }

  std::vector<std::unique_ptr<DeviceJob>> jobs;
  for (Ready& r : ready) {
    JobRecord record = std::move(r.replay.record);
    const UnfinishedJob& s = r.replay.summary;
    // The device may now have another name (/dev/sdc instead of /dev/sdb); the record keeps the
    // identity from the start of the job and the current path.
    record.device.path = r.info.path;
    record.device.name = r.info.name;
    Interruption interruption{s.stopped_by_operator ? InterruptionCause::operator_stopped : InterruptionCause::process_ended,
                              s.last_checkpoint_at, now_timestamp(), std::min(s.pass, s.pass_count), s.offset};
    if (auto a = r.journal.append({{"type", "resumed"},
                                   {"at", interruption.resumed_at},
                                   {"cause", interruption_cause_name(interruption.cause)},
                                   {"last_checkpoint_at", interruption.last_checkpoint_at},
                                   {"pass", interruption.pass},
                                   {"offset", interruption.resumed_from_offset},
                                   {"device_path", r.info.path}},
                                  true);
        !a) {
      return std::unexpected(a.error());
    }
    record.interruptions.push_back(interruption);
    const std::string records_dir = !options.records_dir.empty() ? options.records_dir : s.records_dir;
    std::unique_ptr<PurgePlan> purge;
    if (record.passes.empty() && record.firmware) {
      purge = plan_resumed_purge(r.replay, r.info, *r.device, options, record);
    }
    jobs.push_back(std::make_unique<DeviceJob>(std::move(record), records_dir, std::move(r.journal), std::move(r.device),
                                               options, s.pass, s.offset, std::move(purge)));
  }
  return run_all(std::move(jobs), progress, cancel);
}

Result<DeviceJobResult> finish_paperwork(const UnfinishedJob& job, const JobOptions& options, ProgressSink& progress) {
  auto replay = replay_journal(job.journal_path);
  if (!replay) return std::unexpected(replay.error());
  if (!replay->summary.paperwork_only) {
    return std::unexpected(
        make_error(ErrorCode::invalid_input, "this job still has work to do on its device", job.journal_path));
  }
  auto journal = Journal::open_existing(job.journal_path, replay->valid_bytes);
  if (!journal) return std::unexpected(journal.error());
  const std::string records_dir = !options.records_dir.empty() ? options.records_dir : replay->summary.records_dir;
  if (replay->record_unwritten) {
    return close_job(std::move(replay->record), records_dir, std::move(*journal), options, progress);
  }
  // The record was written before the interruption: it, not the journal's copy, is the job's result.
  auto record = read_record_file(replay->summary.record_path);
  if (!record) return std::unexpected(record.error());
  return close_job(std::move(*record), records_dir, std::move(*journal), options, progress, replay->summary.record_path);
}

}  // namespace wipeseal
