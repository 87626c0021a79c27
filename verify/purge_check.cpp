#include "verify/purge_check.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <mutex>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <openssl/evp.h>

#include "wipe/clock.h"
#include "wipe/content_probe.h"
#include "wipe/random_source.h"

namespace wipeseal::verify {
namespace {

BlockHash sha256(std::span<const std::byte> data) {
  BlockHash h{};
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), h.data(), &len, EVP_sha256(), nullptr);
  return h;
}

std::size_t index_of(const std::vector<ByteRange>& blocks, std::uint64_t offset) {
  const auto it = std::lower_bound(blocks.begin(), blocks.end(), offset,
                                   [](const ByteRange& b, std::uint64_t o) { return b.offset < o; });
  return static_cast<std::size_t>(it - blocks.begin());
}

}  // namespace

BlockClass classify_block(std::span<const std::byte> data) {
  if (data.empty()) return BlockClass::other;
  std::array<std::uint64_t, 256> counts{};
  for (std::byte b : data) ++counts[static_cast<std::uint8_t>(b)];
  if (counts[0x00] == data.size()) return BlockClass::zero;
  if (counts[0xFF] == data.size()) return BlockClass::ones;
  if (data.size() < 4096) return BlockClass::other;
  // Chi-square of the byte histogram against uniform, 255 degrees of freedom: mean 255,
  // standard deviation sqrt(510) ~ 22.6. Random data stays below mean + 6 sigma.
  const double expected = static_cast<double>(data.size()) / 256.0;
  double chi2 = 0;
  for (std::uint64_t c : counts) chi2 += (static_cast<double>(c) - expected) * (static_cast<double>(c) - expected) / expected;
  return chi2 < 255.0 + 6.0 * std::sqrt(510.0) ? BlockClass::random : BlockClass::other;
}

Result<PurgeFingerprint> take_fingerprint(BlockDevice& device, const DeviceInfo& info, const ReadBackOptions& options,
                                          RandomSource& random, const std::atomic<bool>& cancel) {
  PurgeFingerprint fp;
  random.fill(std::as_writable_bytes(std::span(fp.seed)));
  ReadBackOptions sampled = options;
  sampled.coverage = std::min(options.coverage, 0.5);  // hashes of every block would not fit in memory
  DeviceInfo geometry = info;
  geometry.size_bytes = device.size_bytes();
  fp.plan = plan_for(geometry, device.logical_block_size(), sampled, fp.seed);
  // One hash per sample-unit-sized piece of the plan.
  for (const ByteRange& r : fp.plan.ranges) {
    for (std::uint64_t off = r.offset; off < r.end();) {
      const std::uint64_t end = std::min(r.end(), (off / fp.plan.unit_bytes + 1) * fp.plan.unit_bytes);
      fp.blocks.push_back({off, end - off});
      off = end;
    }
  }
  fp.hashes.resize(fp.blocks.size());
  fp.informative.resize(fp.blocks.size());
  std::mutex mu;
  auto make_visitor = [&]() -> PieceVisitor {
    return [&](std::uint64_t offset, std::span<std::byte> data) {
      const BlockHash h = sha256(data);
      const BlockClass cls = classify_block(data);
      std::lock_guard lock(mu);
      const std::size_t i = index_of(fp.blocks, offset);
      fp.hashes[i] = h;
      fp.informative[i] = cls != BlockClass::zero && cls != BlockClass::ones;
    };
  };
  PlanReadResult read = read_ranges(device, fp.plan.ranges, fp.plan.unit_bytes, options.sampled_readers, make_visitor, {}, cancel);
  if (read.cancelled) return std::unexpected(make_error(ErrorCode::cancelled, "stopped by the operator"));
  if (read.fatal) return std::unexpected(*read.fatal);
  fp.unreadable = read.read_errors;
  return fp;
}

Result<VerificationRecord> check_purge(BlockDevice& device, const std::string& device_path,
                                       const PurgeFingerprint& before, const ReadBackOptions& options,
                                       const ReadProgress& progress, const std::atomic<bool>& cancel) {
  const auto started = std::chrono::steady_clock::now();
  VerificationRecord v;
  v.started_at = now_timestamp();
  v.mode = VerificationMode::fingerprint;
  v.seed = to_hex(before.seed.data(), before.seed.size());
  v.sample_unit = before.plan.unit_bytes;
  v.coverage_requested = before.plan.requested_coverage;
  v.strata = before.plan.strata;
  v.samples_per_stratum = before.plan.samples_per_stratum;
  v.samples = before.plan.sampled_units;
  for (const MustRead& m : before.plan.must_read) v.extra_regions.push_back(m.reason);
  v.expected = "every sampled block differs from its content before the purge";
  v.escape_probability = options.escape_threshold;

  std::mutex mu;
  std::vector<ByteRange> unchanged;
  auto make_visitor = [&]() -> PieceVisitor {
    return [&](std::uint64_t offset, std::span<std::byte> data) {
      const BlockHash h = sha256(data);
      const BlockClass cls = classify_block(data);
      std::lock_guard lock(mu);
      const std::size_t i = index_of(before.blocks, offset);
      if (i < before.hashes.size() && before.blocks[i].offset == offset && before.hashes[i] == h) {
        if (before.informative[i] != 0) {
          unchanged.push_back({offset, data.size()});
        } else {
          ++v.blocks_uniform_unchanged;
        }
      }
      switch (cls) {
        case BlockClass::zero: ++v.blocks_zero; break;
        case BlockClass::ones: ++v.blocks_ones; break;
        case BlockClass::random: ++v.blocks_random; break;
        case BlockClass::other: ++v.blocks_other; break;
      }
    };
  };
  PlanReadResult read =
      read_ranges(device, before.plan.ranges, before.plan.unit_bytes, options.sampled_readers, make_visitor, progress, cancel);
  if (read.cancelled) return std::unexpected(make_error(ErrorCode::cancelled, "verification stopped by the operator"));

  (void)device.flush();  // only to drop cached pages before libblkid looks; nothing was written
  const ContentSummary content = probe_content(device_path);
  v.signatures_remaining = content.signatures;
  const std::vector<ByteRange> same = merge_ranges(unchanged);
  v.unchanged_blocks = unchanged.size();
  for (const ByteRange& r : same) v.mismatch_bytes += r.length;
  v.mismatch_ranges = same.size();
  v.mismatches.assign(same.begin(), same.begin() + static_cast<std::ptrdiff_t>(std::min<std::size_t>(same.size(), 100)));
  v.read_errors = read.read_errors;
  v.bytes_read = read.bytes_read;
  v.coverage = static_cast<double>(read.bytes_read) / static_cast<double>(std::max<std::uint64_t>(before.plan.device_size, 1));
  v.largest_undetected_region = largest_undetected_region(before.plan, options.escape_threshold);

  if (read.fatal) {
    v.outcome = VerificationOutcome::failed;
    v.failure = fmt::format("the device could not be read back: {}", read.fatal->describe());
  } else if (v.unchanged_blocks > 0) {
    v.outcome = VerificationOutcome::failed;
    v.failure = fmt::format("{} sampled block(s) still hold exactly what they held before the purge, the first at byte {}",
                            v.unchanged_blocks, same.front().offset);
  } else if (!content.probed) {
    v.outcome = VerificationOutcome::failed;
    v.failure = fmt::format("libblkid could not examine the device: {}", content.probe_error);
  } else if (!content.signatures.empty()) {
    v.outcome = VerificationOutcome::failed;
    v.failure = fmt::format("a {} signature ({}) is still on the device at byte {}", content.signatures[0].kind,
                            content.signatures[0].type, content.signatures[0].magic_offset);
  } else if (!read.read_errors.empty() || !before.unreadable.empty()) {
    v.outcome = VerificationOutcome::failed;
    v.failure = "some sampled blocks could not be read, before or after the purge";
  } else {
    v.outcome = VerificationOutcome::passed;
  }
  v.statement = fmt::format(
      "Read back {} ({:.2f} % of the device) at the {} blocks hashed before the purge (seed {}): {} unchanged; "
      "after: {} all-zero, {} all-0xFF, {} random-looking, {} other ({} held only 0x00 or 0xFF before and show "
      "nothing). libblkid found {} signature(s). An unchanged "
      "contiguous region larger than {} would have been found with probability at least 1 - {:g}.",
      describe_bytes(v.bytes_read), v.coverage * 100, before.blocks.size(), v.seed, v.unchanged_blocks, v.blocks_zero,
      v.blocks_ones, v.blocks_random, v.blocks_other, v.blocks_uniform_unchanged, content.signatures.size(),
      describe_bytes(v.largest_undetected_region), options.escape_threshold);
  v.finished_at = now_timestamp();
  v.duration_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return v;
}

namespace {

using json = nlohmann::json;

json ranges_to_json(const std::vector<ByteRange>& ranges) {
  json a = json::array();
  for (const ByteRange& r : ranges) a.push_back({r.offset, r.length});
  return a;
}

std::vector<ByteRange> ranges_from_json(const json& a) {
  std::vector<ByteRange> out;
  out.reserve(a.size());
  for (const json& r : a) out.push_back({r.at(0).get<std::uint64_t>(), r.at(1).get<std::uint64_t>()});
  return out;
}

constexpr int kFingerprintVersion = 1;

}  // namespace

std::string fingerprint_to_text(const PurgeFingerprint& fp) {
  const SamplingPlan& p = fp.plan;
  json must = json::array();
  for (const MustRead& m : p.must_read) must.push_back({m.range.offset, m.range.length, m.reason});
  std::string hashes;
  hashes.reserve(fp.hashes.size() * 64);
  for (const BlockHash& h : fp.hashes) hashes += to_hex(h.data(), h.size());
  std::string informative;
  informative.reserve(fp.informative.size());
  for (char i : fp.informative) informative += i != 0 ? '1' : '0';
  const json doc = {{"version", kFingerprintVersion},
                    {"seed", to_hex(fp.seed.data(), fp.seed.size())},
                    {"plan",
                     {{"device_size", p.device_size},
                      {"unit_bytes", p.unit_bytes},
                      {"requested_coverage", p.requested_coverage},
                      {"units", p.units},
                      {"strata", p.strata},
                      {"samples_per_stratum", p.samples_per_stratum},
                      {"sampled_units", p.sampled_units},
                      {"full", p.full},
                      {"must_read", must},
                      {"ranges", ranges_to_json(p.ranges)},
                      {"bytes", p.bytes},
                      {"coverage", p.coverage}}},
                    {"blocks", ranges_to_json(fp.blocks)},
                    {"hashes", hashes},
                    {"informative", informative},
                    {"unreadable", ranges_to_json(fp.unreadable)}};
  return doc.dump();
}

Result<PurgeFingerprint> fingerprint_from_text(const std::string& text) {
  auto bad = [](const std::string& why) {
    return std::unexpected(make_error(ErrorCode::corrupt, "the sample taken before the purge is unreadable: " + why));
  };
  try {
    const json doc = json::parse(text);
    if (doc.at("version").get<int>() != kFingerprintVersion) return bad("written by an incompatible wipeseal version");
    PurgeFingerprint fp;
    if (!from_hex(doc.at("seed").get<std::string>(), fp.seed.data(), fp.seed.size())) return bad("bad seed");
    const json& p = doc.at("plan");
    SamplingPlan& plan = fp.plan;
    plan.device_size = p.at("device_size").get<std::uint64_t>();
    plan.unit_bytes = p.at("unit_bytes").get<std::uint64_t>();
    plan.requested_coverage = p.at("requested_coverage").get<double>();
    plan.units = p.at("units").get<std::uint64_t>();
    plan.strata = p.at("strata").get<std::uint64_t>();
    plan.samples_per_stratum = p.at("samples_per_stratum").get<std::uint64_t>();
    plan.sampled_units = p.at("sampled_units").get<std::uint64_t>();
    plan.full = p.at("full").get<bool>();
    for (const json& m : p.at("must_read")) {
      plan.must_read.push_back({{m.at(0).get<std::uint64_t>(), m.at(1).get<std::uint64_t>()}, m.at(2).get<std::string>()});
    }
    plan.ranges = ranges_from_json(p.at("ranges"));
    plan.bytes = p.at("bytes").get<std::uint64_t>();
    plan.coverage = p.at("coverage").get<double>();
    fp.blocks = ranges_from_json(doc.at("blocks"));
    fp.unreadable = ranges_from_json(doc.at("unreadable"));
    const std::string hashes = doc.at("hashes").get<std::string>();
    const std::string informative = doc.at("informative").get<std::string>();
    if (plan.unit_bytes == 0 || hashes.size() != fp.blocks.size() * 64 || informative.size() != fp.blocks.size()) {
      return bad("the block list, hashes and flags do not agree");
    }
    for (std::size_t i = 0; i < fp.blocks.size(); ++i) {
      if (i > 0 && fp.blocks[i].offset < fp.blocks[i - 1].end()) return bad("blocks out of order");
      BlockHash h{};
      if (!from_hex(hashes.substr(64 * i, 64), h.data(), h.size())) return bad("bad hash");
      fp.hashes.push_back(h);
      if (informative[i] != '0' && informative[i] != '1') return bad("bad flag");
      fp.informative.push_back(informative[i] == '1' ? 1 : 0);
    }
    return fp;
  } catch (const json::exception& e) {
    return bad(e.what());
  }
}

namespace {
class FingerprintVerifier final : public PurgeVerifier {
 public:
  explicit FingerprintVerifier(ReadBackOptions options) : options_(options) {}
  Status before(BlockDevice& device, const DeviceInfo& info, const std::atomic<bool>& cancel) override {
    auto fp = take_fingerprint(device, info, options_, secure_random(), cancel);
    if (!fp) return std::unexpected(fp.error());
    fingerprint_ = std::move(*fp);
    return {};
  }
  Result<VerificationRecord> after(BlockDevice& device, const JobRecord& record,
                                   const std::function<void(std::uint64_t, std::uint64_t)>& progress,
                                   const std::atomic<bool>& cancel) override {
    if (!fingerprint_) return std::unexpected(make_error(ErrorCode::internal, "no fingerprint was taken before the purge"));
    return check_purge(device, record.device.path, *fingerprint_, options_, progress, cancel);
  }
  std::string saved() const override { return fingerprint_ ? fingerprint_to_text(*fingerprint_) : std::string(); }
  Status restore(const std::string& text) override {
    auto fp = fingerprint_from_text(text);
    if (!fp) return std::unexpected(fp.error());
    fingerprint_ = std::move(*fp);
    return {};
  }

 private:
  ReadBackOptions options_;
  std::optional<PurgeFingerprint> fingerprint_;
};
}  // namespace

PurgeVerifierFactory purge_verifier(const ReadBackOptions& options) {
  return [options] { return std::make_unique<FingerprintVerifier>(options); };
}

}  // namespace wipeseal::verify
