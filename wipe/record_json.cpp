// The record's JSON form (docs/record-schema.md): codes become strings only here.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "wipe/job_record.h"

namespace wipeseal {

using nlohmann::json;

namespace {

template <class T>
T get_or(const json& j, const char* key, T fallback) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return fallback;
  return it->get<T>();
}

Transport transport_from_name(const std::string& name) {
  for (Transport t : {Transport::sata, Transport::sas, Transport::nvme, Transport::usb, Transport::mmc, Transport::virtio,
                      Transport::loop, Transport::scsi, Transport::image_file}) {
    if (name == transport_name(t)) return t;
  }
  return Transport::unknown;
}

Error corrupt(std::string what) { return make_error(ErrorCode::corrupt, std::move(what)); }

// Records written before outcome_reason existed: the usual reason for their outcome.
OutcomeReason default_reason(Outcome o) {
  switch (o) {
    case Outcome::erased: return OutcomeReason::all_passes_written;
    case Outcome::erased_with_exceptions: return OutcomeReason::unwritable_ranges;
    case Outcome::aborted: return OutcomeReason::stopped_during_overwrite;
    case Outcome::failed: return OutcomeReason::did_not_finish;
  }
  return OutcomeReason::did_not_finish;
}

}  // namespace

json content_to_json(const ContentSummary& c) {
  json sigs = json::array();
  for (const auto& s : c.signatures) {
    json sig = {{"kind", s.kind}, {"type", s.type}, {"label", s.label}, {"uuid", s.uuid}, {"usage", s.usage},
                {"container_offset", s.offset}, {"magic_offset", s.magic_offset}, {"partition", s.partition}};
    if (!s.label_hex.empty()) sig["label_hex"] = s.label_hex;
    sigs.push_back(std::move(sig));
  }
  json parts = json::array();
  for (const auto& p : c.partitions) {
    parts.push_back({{"number", p.number}, {"start_bytes", p.start_bytes}, {"size_bytes", p.size_bytes}, {"type", p.type}});
  }
  json j = {{"probed", c.probed}, {"partition_table", c.partition_table}, {"partitions", parts}, {"signatures", sigs}};
  if (!c.probe_error.empty()) j["probe_error"] = c.probe_error;
  return j;
}

ContentSummary content_from_json(const json& j) {
  ContentSummary c;
  c.probed = get_or(j, "probed", false);
  c.probe_error = get_or<std::string>(j, "probe_error", "");
  c.partition_table = get_or<std::string>(j, "partition_table", "");
  for (const auto& p : j.value("partitions", json::array())) {
    c.partitions.push_back({p.value("number", 0), p.value("start_bytes", std::uint64_t{0}),
                            p.value("size_bytes", std::uint64_t{0}), p.value("type", std::string())});
  }
  for (const auto& s : j.value("signatures", json::array())) {
    ContentSignature sig;
    sig.kind = s.value("kind", "");
    sig.type = s.value("type", "");
    sig.label = s.value("label", "");
    sig.label_hex = s.value("label_hex", "");
    sig.uuid = s.value("uuid", "");
    sig.usage = s.value("usage", "");
    sig.offset = s.value("container_offset", std::uint64_t{0});
    sig.magic_offset = s.value("magic_offset", std::uint64_t{0});
    sig.partition = s.value("partition", "");
    c.signatures.push_back(std::move(sig));
  }
  return c;
}

json device_to_json(const DeviceInfo& d) {
  json j = {{"path", d.path},
            {"name", d.name},
            {"vendor", d.vendor},
            {"model", d.model},
            {"serial", d.serial},
            {"firmware", d.firmware},
            {"wwn", d.wwn},
            {"transport", transport_name(d.transport)},
            {"rotational", d.rotational},
            {"removable", d.removable},
            {"size_bytes", d.size_bytes},
            {"logical_sector_size", d.logical_sector_size},
            {"physical_sector_size", d.physical_sector_size},
            {"content_before", content_to_json(d.content)}};
  if (!d.loop_backing_file.empty()) j["loop_backing_file"] = d.loop_backing_file;
  if (!d.raw_hex.empty()) j["raw_hex"] = d.raw_hex;
  return j;
}

DeviceInfo device_from_json(const json& j) {
  DeviceInfo d;
  d.path = j.value("path", "");
  d.name = j.value("name", "");
  d.vendor = j.value("vendor", "");
  d.model = j.value("model", "");
  d.serial = j.value("serial", "");
  d.firmware = j.value("firmware", "");
  d.wwn = j.value("wwn", "");
  d.transport = transport_from_name(j.value("transport", "unknown"));
  d.rotational = j.value("rotational", false);
  d.removable = j.value("removable", false);
  d.size_bytes = j.value("size_bytes", std::uint64_t{0});
  d.logical_sector_size = j.value("logical_sector_size", 512u);
  d.physical_sector_size = j.value("physical_sector_size", 512u);
  d.loop_backing_file = j.value("loop_backing_file", "");
  d.raw_hex = j.value("raw_hex", std::map<std::string, std::string>{});
  if (j.contains("content_before")) d.content = content_from_json(j["content_before"]);
  return d;
}

json pattern_to_json(const Pattern& p) {
  json j = {{"kind", p.kind_name()}};
  if (p.kind() == Pattern::Kind::aes256_ctr) {
    j["key"] = to_hex(p.aes().key.data(), p.aes().key.size());
    j["iv"] = to_hex(p.aes().iv.data(), p.aes().iv.size());
  } else {
    j["bytes"] = to_hex(p.cycle().data(), p.cycle().size());
  }
  return j;
}

Result<Pattern> pattern_from_json(const json& j) {
  const std::string kind = j.value("kind", "");
  if (kind == "aes-256-ctr") {
    AesCtrKey key;
    if (!from_hex(j.value("key", ""), key.key.data(), key.key.size()) ||
        !from_hex(j.value("iv", ""), key.iv.data(), key.iv.size())) {
      return std::unexpected(corrupt("AES-256-CTR pattern needs a 64-hex-digit key and a 32-hex-digit iv"));
    }
    return Pattern::aes256_ctr(key);
  }
  const std::string hex = j.value("bytes", "");
  if (hex.empty() || hex.size() % 2 != 0 || hex.size() > 6) return std::unexpected(corrupt("pattern bytes missing or malformed"));
  std::vector<std::uint8_t> cycle(hex.size() / 2);
  if (!from_hex(hex, cycle.data(), cycle.size())) return std::unexpected(corrupt("pattern bytes are not hex"));
  return Pattern::repeating(std::move(cycle));
}

json method_to_json(const MethodInfo& m) {
  return {{"name", m.name}, {"label", m.label}, {"category", category_name(m.category)}, {"legacy", m.legacy},
          {"reference", m.reference}};
}

MethodInfo method_from_json(const json& j) {
  MethodInfo m;
  m.name = j.value("name", "");
  m.label = j.value("label", "");
  m.category = j.value("category", "clear") == "purge" ? SanitizeCategory::purge : SanitizeCategory::clear;
  m.legacy = j.value("legacy", false);
  m.reference = j.value("reference", "");
  return m;
}

json pass_to_json(const PassRecord& p) {
  json errors = json::array();
  for (const auto& e : p.errors) {
    errors.push_back({{"offset", e.range.offset}, {"length", e.range.length}, {"errno", e.sys_errno},
                      {"message", e.message}, {"narrowed", e.narrowed}});
  }
  return {{"index", p.index},
          {"pattern", pattern_to_json(p.pattern)},
          {"purpose", p.purpose},
          {"bytes_total", p.bytes_total},
          {"bytes_written", p.bytes_written},
          {"started_at", p.started_at},
          {"finished_at", p.finished_at},
          {"completed", p.completed},
          {"flushed", p.flushed},
          {"retried_writes", p.retried_writes},
          {"errors", errors}};
}

Result<PassRecord> pass_from_json(const json& j) {
  PassRecord p;
  p.index = j.value("index", 0u);
  auto pattern = pattern_from_json(j.value("pattern", json::object()));
  if (!pattern) return std::unexpected(pattern.error());
  p.pattern = *pattern;
  p.purpose = j.value("purpose", "");
  p.bytes_total = j.value("bytes_total", std::uint64_t{0});
  p.bytes_written = j.value("bytes_written", std::uint64_t{0});
  p.started_at = j.value("started_at", "");
  p.finished_at = j.value("finished_at", "");
  p.completed = j.value("completed", false);
  p.flushed = j.value("flushed", false);
  p.retried_writes = j.value("retried_writes", std::uint64_t{0});
  for (const auto& e : j.value("errors", json::array())) {
    p.errors.push_back({{e.value("offset", std::uint64_t{0}), e.value("length", std::uint64_t{0})},
                        e.value("errno", 0), e.value("message", ""), e.value("narrowed", true)});
  }
  return p;
}

namespace {

json ranges_to_json(const std::vector<ByteRange>& ranges) {
  json out = json::array();
  for (const auto& r : ranges) out.push_back({{"offset", r.offset}, {"length", r.length}});
  return out;
}

std::vector<ByteRange> ranges_from_json(const json& j) {
  std::vector<ByteRange> out;
  for (const auto& r : j) out.push_back({r.at("offset").get<std::uint64_t>(), r.at("length").get<std::uint64_t>()});
  return out;
}

}  // namespace

json verification_to_json(const VerificationRecord& v) {
  json j = {{"mode", verification_mode_name(v.mode)},
            {"seed", v.seed},
            {"sample_unit", v.sample_unit},
            {"coverage_requested", v.coverage_requested},
            {"strata", v.strata},
            {"samples_per_stratum", v.samples_per_stratum},
            {"samples", v.samples},
            {"extra_regions", v.extra_regions},
            {"bytes_read", v.bytes_read},
            {"coverage", v.coverage},
            {"expected", v.expected},
            {"mismatch_bytes", v.mismatch_bytes},
            {"mismatch_ranges", v.mismatch_ranges},
            {"mismatches", ranges_to_json(v.mismatches)},
            {"mismatch_bytes_in_unwritable", v.mismatch_bytes_in_unwritable},
            {"read_errors", ranges_to_json(v.read_errors)},
            {"outcome", verification_outcome_name(v.outcome)},
            {"failure", v.failure},
            {"largest_undetected_region", v.largest_undetected_region},
            {"escape_probability", v.escape_probability},
            {"statement", v.statement},
            {"started_at", v.started_at},
            {"finished_at", v.finished_at},
            {"duration_seconds", v.duration_seconds}};
  if (v.mode == VerificationMode::fingerprint) {
    json sigs = content_to_json(ContentSummary{true, {}, {}, {}, v.signatures_remaining})["signatures"];
    j["fingerprint"] = {{"unchanged_blocks", v.unchanged_blocks},
                        {"blocks_zero", v.blocks_zero},
                        {"blocks_ones", v.blocks_ones},
                        {"blocks_random", v.blocks_random},
                        {"blocks_other", v.blocks_other},
                        {"blocks_uniform_unchanged", v.blocks_uniform_unchanged},
                        {"signatures_remaining", sigs}};
  }
  return j;
}

Result<VerificationRecord> verification_from_json(const json& j) {
  try {
    VerificationRecord v;
    const auto mode = verification_mode_from_name(j.at("mode").get<std::string>());
    if (!mode) return std::unexpected(corrupt("unknown verification mode"));
    v.mode = *mode;
    v.seed = j.value("seed", "");
    v.sample_unit = j.value("sample_unit", std::uint64_t{0});
    v.coverage_requested = j.value("coverage_requested", 0.0);
    v.strata = j.value("strata", std::uint64_t{0});
    v.samples_per_stratum = j.value("samples_per_stratum", std::uint64_t{0});
    v.samples = j.value("samples", std::uint64_t{0});
    v.extra_regions = j.value("extra_regions", std::vector<std::string>{});
    v.bytes_read = j.value("bytes_read", std::uint64_t{0});
    v.coverage = j.value("coverage", 0.0);
    v.expected = j.value("expected", "");
    v.mismatch_bytes = j.value("mismatch_bytes", std::uint64_t{0});
    v.mismatch_ranges = j.value("mismatch_ranges", std::uint64_t{0});
    v.mismatches = ranges_from_json(j.value("mismatches", json::array()));
    v.mismatch_bytes_in_unwritable = j.value("mismatch_bytes_in_unwritable", std::uint64_t{0});
    v.read_errors = ranges_from_json(j.value("read_errors", json::array()));
    const auto outcome = verification_outcome_from_name(j.at("outcome").get<std::string>());
    if (!outcome) return std::unexpected(corrupt("unknown verification outcome"));
    v.outcome = *outcome;
    v.failure = j.value("failure", "");
    v.largest_undetected_region = j.value("largest_undetected_region", std::uint64_t{0});
    v.escape_probability = j.value("escape_probability", 1e-6);
    v.statement = j.value("statement", "");
    v.started_at = j.value("started_at", "");
    v.finished_at = j.value("finished_at", "");
    v.duration_seconds = j.value("duration_seconds", 0.0);
    if (j.contains("fingerprint")) {
      const auto& f = j["fingerprint"];
      v.unchanged_blocks = f.value("unchanged_blocks", std::uint64_t{0});
      v.blocks_zero = f.value("blocks_zero", std::uint64_t{0});
      v.blocks_ones = f.value("blocks_ones", std::uint64_t{0});
      v.blocks_random = f.value("blocks_random", std::uint64_t{0});
      v.blocks_other = f.value("blocks_other", std::uint64_t{0});
      v.blocks_uniform_unchanged = f.value("blocks_uniform_unchanged", std::uint64_t{0});
      v.signatures_remaining = content_from_json({{"signatures", f.value("signatures_remaining", json::array())}}).signatures;
    }
    return v;
  } catch (const json::exception& e) {
    return std::unexpected(corrupt(fmt::format("malformed verification: {}", e.what())));
  }
}

json record_to_json(const JobRecord& r) {
  json passes = json::array();
  for (const auto& p : r.passes) passes.push_back(pass_to_json(p));
  json interruptions = json::array();
  for (const auto& i : r.interruptions) {
    interruptions.push_back({{"cause", interruption_cause_name(i.cause)}, {"last_checkpoint_at", i.last_checkpoint_at},
                             {"resumed_at", i.resumed_at}, {"pass", i.pass},
                             {"resumed_from_offset", i.resumed_from_offset}});
  }
  json j = {{"schema", r.schema},
            {"id", r.id},
            {"job_id", r.job_id},
            {"tool", {{"name", kToolName}, {"version", r.tool_version}}},
            {"host", {{"hostname", r.hostname}}},
            {"device", device_to_json(r.device)},
            {"method", method_to_json(r.method)},
            {"passes", passes},
            {"interruptions", interruptions},
            {"outcome", outcome_name(r.outcome)},
            {"outcome_reason", outcome_reason_name(r.outcome_reason)},
            {"outcome_detail", r.outcome_detail},
            {"started_at", r.started_at},
            {"finished_at", r.finished_at},
            {"io",
             {{"direct_io", r.io.direct_io},
              {"chunk_bytes", r.io.chunk_bytes},
              {"requests_in_flight", r.io.requests_in_flight},
              {"time_to_first_write_ms", r.io.time_to_first_write_ms}}}};
  if (r.failure) {
    j["failure"] = {{"code", r.failure->code}, {"message", r.failure->message}};
    if (r.failure->offset) j["failure"]["offset"] = *r.failure->offset;
  }
  if (r.content_after) j["device"]["content_after"] = content_to_json(*r.content_after);
  if (r.verification) j["verification"] = verification_to_json(*r.verification);
  if (r.firmware) j["firmware"] = firmware_to_json(*r.firmware);
  if (r.clock) j["clock"] = {{"offset_ms", r.clock->offset_ms}, {"corrected_at", r.clock->corrected_at}};
  if (!r.environment.empty()) j["environment"] = r.environment;
  return j;
}

json firmware_to_json(const FirmwareRecord& f) {
  json candidates = json::array();
  for (const auto& c : f.candidates) {
    candidates.push_back({{"method", c.method}, {"decision", candidate_decision_name(c.decision)}, {"reason", c.reason}});
  }
  json commands = json::array();
  for (const auto& c : f.commands) {
    commands.push_back({{"name", c.name},
                        {"opcode", c.opcode},
                        {"detail", c.detail},
                        {"carrier", c.carrier},
                        {"ok", c.ok},
                        {"status", c.status},
                        {"started_at", c.started_at},
                        {"duration_ms", c.duration_ms}});
  }
  const HiddenAreaRecord& h = f.hidden_area;
  json hidden = {{"checked", h.checked}};
  if (h.checked) {
    hidden.update({{"accessible_sectors", h.accessible_sectors},
                   {"native_sectors", h.native_sectors},
                   {"dco_sectors", h.dco_sectors},
                   {"hidden_sectors", h.hidden_sectors()},
                   {"restored", h.restored}});
  }
  hidden["note"] = h.note;
  return {{"requested", f.requested},
          {"command_set", f.command_set},
          {"identify_kind", f.identify_kind},
          {"identify_sha256", f.identify_sha256},
          {"capabilities", f.capabilities},
          {"candidates", candidates},
          {"method", f.method},
          {"completed", f.completed},
          {"commands", commands},
          {"device_report", f.device_report},
          {"hidden_area", hidden},
          {"resumed_after_interruption", f.resumed_after_interruption}};
}

FirmwareRecord firmware_from_json(const json& j) {
  FirmwareRecord f;
  f.requested = j.value("requested", "");
  f.command_set = j.value("command_set", "");
  f.identify_kind = j.value("identify_kind", "");
  f.identify_sha256 = j.value("identify_sha256", "");
  f.capabilities = j.value("capabilities", "");
  for (const auto& c : j.value("candidates", json::array())) {
    f.candidates.push_back({c.value("method", ""),
                            candidate_decision_from_name(c.value("decision", "")).value_or(CandidateDecision::failed),
                            c.value("reason", "")});
  }
  f.method = j.value("method", "");
  f.completed = j.value("completed", false);
  for (const auto& c : j.value("commands", json::array())) {
    f.commands.push_back({c.value("name", ""), c.value("opcode", ""), c.value("detail", ""), c.value("carrier", ""),
                          c.value("ok", false), c.value("status", ""), c.value("started_at", ""),
                          c.value("duration_ms", 0.0)});
  }
  f.device_report = j.value("device_report", "");
  const json h = j.value("hidden_area", json::object());
  f.hidden_area.checked = h.value("checked", false);
  f.hidden_area.accessible_sectors = h.value("accessible_sectors", std::uint64_t{0});
  f.hidden_area.native_sectors = h.value("native_sectors", std::uint64_t{0});
  f.hidden_area.dco_sectors = h.value("dco_sectors", std::uint64_t{0});
  f.hidden_area.restored = h.value("restored", false);
  f.hidden_area.note = h.value("note", "");
  f.resumed_after_interruption = j.value("resumed_after_interruption", false);
  return f;
}

bool numbers_fit(const json& j) {
  std::vector<const json*> pending{&j};
  while (!pending.empty()) {
    const json* v = pending.back();
    pending.pop_back();
    if (v->is_number_float()) {
      const double d = v->get<double>();
      // wipeseal writes fractions, seconds, milliseconds and -1 ("not measured") this way.
      if (!(d >= -1.0 && d < 2147483648.0)) return false;  // also NaN
    } else if (v->is_structured()) {
      for (const auto& child : *v) pending.push_back(&child);
    }
  }
  return true;
}

Result<JobRecord> record_from_json(const json& j) {
  if (!numbers_fit(j)) return std::unexpected(corrupt("a number in the record is out of range (a fraction where a count "
                                                      "or size belongs): the file was damaged or edited"));
  try {
    JobRecord r;
    r.schema = j.at("schema").get<std::string>();
    if (r.schema != kRecordSchema) {
      return std::unexpected(corrupt(fmt::format("unsupported record schema '{}' (this wipeseal reads {})", r.schema,
                                                 kRecordSchema)));
    }
    r.id = j.at("id").get<std::string>();
    r.job_id = j.value("job_id", "");
    r.tool_version = j.at("tool").value("version", "");
    r.hostname = j.value("host", json::object()).value("hostname", "");
    r.device = device_from_json(j.at("device"));
    if (j.at("device").contains("content_after")) r.content_after = content_from_json(j["device"]["content_after"]);
    r.method = method_from_json(j.at("method"));
    for (const auto& p : j.at("passes")) {
      auto pass = pass_from_json(p);
      if (!pass) return std::unexpected(pass.error());
      r.passes.push_back(std::move(*pass));
    }
    for (const auto& i : j.value("interruptions", json::array())) {
      const InterruptionCause cause = i.value("cause", "") == "operator_stopped" ? InterruptionCause::operator_stopped
                                                                                 : InterruptionCause::process_ended;
      r.interruptions.push_back({cause, i.value("last_checkpoint_at", ""), i.value("resumed_at", ""),
                                 i.value("pass", 0u), i.value("resumed_from_offset", std::uint64_t{0})});
    }
    auto outcome = outcome_from_name(j.at("outcome").get<std::string>());
    if (!outcome) return std::unexpected(corrupt("unknown outcome in record"));
    r.outcome = *outcome;
    r.outcome_reason = outcome_reason_from_name(j.value("outcome_reason", "")).value_or(default_reason(r.outcome));
    r.outcome_detail = j.value("outcome_detail", "");
    if (j.contains("failure")) {
      const auto& f = j["failure"];
      r.failure = FailureRecord{f.value("code", ""), f.value("message", ""), std::nullopt};
      if (f.contains("offset")) r.failure->offset = f["offset"].get<std::uint64_t>();
    }
    r.started_at = j.value("started_at", "");
    r.finished_at = j.value("finished_at", "");
    const auto io = j.value("io", json::object());
    r.io = {io.value("direct_io", true), io.value("chunk_bytes", std::uint64_t{0}), io.value("requests_in_flight", 0u),
            io.value("time_to_first_write_ms", -1.0)};
    if (j.contains("verification")) {
      auto v = verification_from_json(j["verification"]);
      if (!v) return std::unexpected(v.error());
      r.verification = std::move(*v);
    }
    if (j.contains("firmware")) r.firmware = firmware_from_json(j["firmware"]);
    if (j.contains("clock")) {
      r.clock = ClockRecord{j["clock"].value("offset_ms", std::int64_t{0}), j["clock"].value("corrected_at", "")};
    }
    r.environment = j.value("environment", "");
    return r;
  } catch (const json::exception& e) {
    return std::unexpected(corrupt(fmt::format("malformed record: {}", e.what())));
  }
}

}  // namespace wipeseal
