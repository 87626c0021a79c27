#include "wipe/outcome.h"

#include <fmt/format.h>

#include "wipe/firmware/methods.h"

namespace wipeseal {
namespace {

std::uint64_t unwritable_bytes(const JobRecord& r, std::size_t* ranges) {
  std::uint64_t bytes = 0;
  for (const auto& p : r.passes) {
    for (const auto& e : p.errors) bytes += e.range.length;
    if (ranges != nullptr) *ranges += p.errors.size();
  }
  return bytes;
}

std::string label_of(const std::string& method) {
  const MethodInfo* m = find_firmware_method(method);
  return m != nullptr ? m->label : method;
}

bool verification_failed(const JobRecord& r) {
  return r.verification && r.verification->outcome == VerificationOutcome::failed;
}

OutcomeDecision decide_overwrite(const OutcomeFacts& f) {
  const JobRecord& r = f.record;
  if (f.fatal) {
    return {Outcome::failed, OutcomeReason::did_not_finish,
            fmt::format("The erasure did not finish: {}. Data may remain on the device.", f.fatal->describe())};
  }
  if (f.cancelled) {
    if (!r.passes.empty() && r.passes.back().completed) {
      return {Outcome::aborted, OutcomeReason::stopped_during_read_back,
              "Stopped by the operator while reading back; every pass was written but the erasure is not verified. "
              "Run 'wipeseal resume' to verify it."};
    }
    return {Outcome::aborted, OutcomeReason::stopped_during_overwrite,
            fmt::format("Stopped by the operator during pass {} at byte {}; the device is only partly erased. Run "
                        "'wipeseal resume' to finish.",
                        f.stop_pass, f.stop_offset)};
  }
  if (r.passes.empty()) {
    return {Outcome::failed, OutcomeReason::did_not_finish, "The erasure did not finish: no pass was planned."};
  }
  for (const PassRecord& p : r.passes) {
    if (!p.completed || !p.flushed) {
      return {Outcome::failed, OutcomeReason::did_not_finish,
              fmt::format("The erasure did not finish: pass {} was {}. Data may remain on the device.", p.index,
                          p.completed ? "not confirmed on the medium (flush failed)" : "not completed")};
    }
  }
  if (verification_failed(r)) {
    return {Outcome::failed, OutcomeReason::read_back_found_data,
            fmt::format("Every pass was written, but reading back found that {}. Data may remain on the device.",
                        r.verification->failure)};
  }
  std::size_t ranges = 0;
  if (const std::uint64_t bytes = unwritable_bytes(r, &ranges); ranges > 0) {
    return {Outcome::erased_with_exceptions, OutcomeReason::unwritable_ranges,
            fmt::format("All passes ran to the end, but the device refused {} range(s) totalling {} bytes; data there "
                        "may survive. Physical destruction of the device is recommended.",
                        ranges, bytes)};
  }
  if (r.firmware && r.firmware->hidden_area.checked && r.firmware->hidden_area.hidden_sectors() > 0) {
    const HiddenAreaRecord& h = r.firmware->hidden_area;
    return {Outcome::erased_with_exceptions, OutcomeReason::hidden_sectors_remain,
            fmt::format("Every accessible byte was overwritten, but {} sectors hidden above the accessible maximum "
                        "were not: {}. Data there may survive.",
                        h.hidden_sectors(), h.note)};
  }
  return {Outcome::erased, OutcomeReason::all_passes_written,
          fmt::format("All {} pass(es) were written over every byte of the device and flushed to the medium.",
                      r.passes.size())};
}

OutcomeDecision decide_purge(const OutcomeFacts& f) {
  const JobRecord& r = f.record;
  const FirmwareRecord& fw = *r.firmware;
  if (f.fatal) {
    if (!fw.completed) {
      return {Outcome::failed, OutcomeReason::purge_failed,
              fmt::format("The firmware purge did not complete: {}. Data may remain on the device.",
                          f.fatal->describe())};
    }
    return {Outcome::failed, OutcomeReason::did_not_finish,
            fmt::format("The drive reported the purge done, but the job could not finish: {}.", f.fatal->describe())};
  }
  if (f.cancelled) {
    if (!f.purge_running.empty()) {
      return {Outcome::aborted, OutcomeReason::stopped_during_purge,
              fmt::format("Stopped by the operator while the drive was performing {}. The drive finishes it on its "
                          "own, even after a power cycle; run `wipeseal resume` to follow it to the end and read it "
                          "back.",
                          label_of(f.purge_running))};
    }
    if (fw.completed) {
      return {Outcome::aborted, OutcomeReason::stopped_after_purge,
              fmt::format("The drive's firmware performed {} and reported success, but the operator stopped the "
                          "read-back that checks it; run `wipeseal resume` to read it back.",
                          label_of(fw.method))};
    }
    if (f.purge_began) {
      return {Outcome::aborted, OutcomeReason::stopped_between_purges,
              "Stopped by the operator between firmware purge methods; no purge completed and data may remain. Run "
              "`wipeseal resume` to go on."};
    }
    return {Outcome::aborted, OutcomeReason::stopped_before_purge,
            "Stopped by the operator before the firmware purge started; nothing was erased."};
  }
  if (!fw.completed) {
    return {Outcome::failed, OutcomeReason::purge_failed,
            "The firmware purge did not complete. Data may remain on the device."};
  }
  if (verification_failed(r) && f.purge_sample_lost) {
    return {Outcome::failed, OutcomeReason::purge_unverifiable,
            fmt::format("The drive reported the purge done, but it could not be checked: {}.", r.verification->failure)};
  }
  if (verification_failed(r)) {
    return {Outcome::failed, OutcomeReason::read_back_found_data,
            fmt::format("The drive reported the purge done, but reading back found that {}. Data may remain on the "
                        "device.",
                        r.verification->failure)};
  }
  return {Outcome::erased, OutcomeReason::firmware_purge_done,
          fmt::format("The drive's firmware performed {} and reported success{}.", r.method.label,
                      r.verification ? "; reading back a sample confirmed the data changed" : " (not read back)")};
}

}  // namespace

OutcomeDecision decide_outcome(const OutcomeFacts& facts) {
  const bool purge = facts.record.passes.empty() && facts.record.firmware.has_value();
  OutcomeDecision d = purge ? decide_purge(facts) : decide_overwrite(facts);
  if (facts.ata_password_outstanding) {
    d.detail += " The drive may still be locked with wipeseal's temporary password (kept in the job journal): run "
                "`wipeseal resume` to unlock it and complete the erase.";
  }
  return d;
}

}  // namespace wipeseal
