#include "certificates/register_check.h"

#include <filesystem>
#include <map>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "certificates/certificate.h"
#include "certificates/openssl_util.h"
#include "certificates/register_head.h"
#include "certificates/signing.h"
#include "wipe/file_io.h"
#include "wipe/hex.h"

namespace wipeseal::certificates {
namespace fs = std::filesystem;

namespace {

std::string who(const std::string& signer) { return signer.substr(0, 16); }

class Checker {
 public:
  Checker(const RegisterCheckOptions& options, RegisterReport& report) : options_(options), report_(report) {}

  void problem(std::string kind, const std::string& signer, std::uint64_t sequence, std::string message) {
    report_.problems.push_back({std::move(kind), signer, sequence, std::move(message)});
  }
  // A signature this computer's clock cannot judge (it is before the signer's certificate began)
  // is not a fault of the register: it is reported as such, and the register is not checked.
  bool clock_behind(const SignatureCheck& sig, const std::string& signer, std::uint64_t sequence) {
    if (sig.code != "signer_not_yet_valid") return false;
    problem("clock_behind", signer, sequence, sig.message);
    return true;
  }

  // Numbers without gaps, each row equal to its signed JSON, each naming its predecessor.
  void chain(const std::string& signer, const std::vector<const RegisterEntry*>& entries) {
    std::uint64_t expected = 1;
    const RegisterEntry* previous = nullptr;
    for (const RegisterEntry* e : entries) {
      if (e->sequence != expected) {
        problem("missing", signer, expected,
                e->sequence == expected + 1
                    ? fmt::format("signer {}: certificate number {} is missing (deleted from the register)", who(signer), expected)
                    : fmt::format("signer {}: certificates {} to {} are missing (deleted from the register)", who(signer),
                                  expected, e->sequence - 1));
        previous = nullptr;  // the chain cannot be checked across the gap
      }
      expected = e->sequence + 1;
      const auto rows = row_problems(*e);
      for (const RowProblem& p : rows) {
        problem(p.kind, signer, e->sequence, fmt::format("signer {}: certificate {}: {}", who(signer), e->sequence, p.message));
      }
      if (!rows.empty()) {
        previous = e;
        continue;
      }
      if (previous != nullptr && e->previous_sha256 != previous->sha256) {
        problem("reordered", signer, e->sequence,
                fmt::format("signer {}: certificate {} does not follow certificate {}: its previous-hash names another "
                            "certificate (entries reordered or replaced)",
                            who(signer), e->sequence, previous->sequence));
      } else if (e->sequence == 1 && !e->previous_sha256.empty()) {
        problem("reordered", signer, e->sequence, fmt::format("signer {}: certificate 1 names a predecessor", who(signer)));
      }
      if (!options_.ca_pem.empty()) signature(*e);
      previous = e;
    }
  }

  void signature(const RegisterEntry& e) {
    const auto when = ossl::parse_rfc3339(e.issued_at);
    const SignatureCheck sig = check_signature(e.json, e.p7s, e.id, options_.ca_pem, when);
    if (clock_behind(sig, e.signer, e.sequence)) return;
    if (!sig.ok()) {
      problem("bad_signature", e.signer, e.sequence,
              fmt::format("signer {}: certificate {}: {}", who(e.signer), e.sequence, sig.message));
    } else if (sig.signer.fingerprint_sha256 != e.signer) {
      problem("bad_signature", e.signer, e.sequence,
              fmt::format("signer {}: certificate {} was signed by another key ({})", who(e.signer), e.sequence,
                          who(sig.signer.fingerprint_sha256)));
    }
  }

  // The index of certified records agrees with the certificates.
  void index(const std::vector<RegisterEntry>& all, const std::vector<std::pair<std::string, std::string>>& rows) {
    std::map<std::string, std::string> held(rows.begin(), rows.end());
    std::set<std::string> listed;
    for (const RegisterEntry& e : all) {
      for (const std::string& r : e.record_ids) {
        listed.insert(r);
        const auto it = held.find(r);
        if (it == held.end() || it->second != e.id) {
          problem("index_altered", e.signer, e.sequence,
                  fmt::format("signer {}: certificate {} covers job record {}, which the register's index does not "
                              "attribute to it (the record could be certified a second time)",
                              who(e.signer), e.sequence, r));
        }
      }
    }
    for (const auto& [record, cert] : held) {
      if (!listed.contains(record)) {
        problem("index_altered", "", 0,
                fmt::format("the register's index attributes job record {} to certificate {}, which does not list it",
                            record, cert));
      }
    }
  }

  void heads(const std::map<std::string, std::vector<const RegisterEntry*>>& chains, const std::string& register_path) {
    auto stored = read_heads(register_path);
    if (!stored) {
      problem("head_invalid", "", 0, stored.error().describe());
      return;
    }
    report_.heads = stored->size();
    std::set<std::string> with_head;
    for (const StoredHead& h : *stored) {
      if (!h.problem.empty()) {
        problem("head_invalid", "", 0, fmt::format("the register head {} cannot be read: {}", h.path, h.problem));
        continue;
      }
      const std::string& signer = h.head.signer;
      with_head.insert(signer);
      if (!options_.ca_pem.empty()) {
        const SignatureCheck sig =
            check_signature(h.json, h.p7s, signer, options_.ca_pem, ossl::parse_rfc3339(h.head.written_at), "register-head");
        if (clock_behind(sig, signer, h.head.count)) continue;
        if (!sig.ok() || sig.signer.fingerprint_sha256 != signer) {
          problem("head_invalid", signer, h.head.count,
                  fmt::format("signer {}: the register head is not signed by that signer: {}", who(signer),
                              sig.ok() ? "another key signed it" : sig.message));
          continue;
        }
      }
      const auto it = chains.find(signer);
      const std::uint64_t last = it == chains.end() || it->second.empty() ? 0 : it->second.back()->sequence;
      if (h.head.count > last || it == chains.end()) {
        if (h.head.count == 0) continue;  // a head that counts nothing, for a signer with no entries
        problem("tail_missing", signer, last + 1,
                fmt::format("signer {}: the signed register head counts {} certificates, but the register ends at {}: "
                            "certificate(s) {} to {} were deleted",
                            who(signer), h.head.count, last, last + 1, h.head.count));
        continue;
      }
      for (const RegisterEntry* e : it->second) {
        if (e->sequence == h.head.count && (e->sha256 != h.head.last_sha256 || e->id != h.head.last_id)) {
          problem("head_mismatch", signer, e->sequence,
                  fmt::format("signer {}: certificate {} is not the one the signed register head names ({})", who(signer),
                              e->sequence, h.head.last_id));
        }
      }
    }
    for (const auto& [signer, entries] : chains) {
      if (!with_head.contains(signer)) {
        problem("head_missing", signer, 0,
                fmt::format("signer {}: there is no signed register head beside the register ({}), so deleted last "
                            "entries could go unnoticed",
                            who(signer), heads_dir(register_path)));
      }
    }
  }

  // Certificate files in a folder against the register.
  void folder(const std::map<std::string, std::vector<const RegisterEntry*>>& chains) {
    std::error_code ec;
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(options_.certificates_dir, ec)) {
      if (entry.path().extension() == ".json" && entry.is_regular_file(ec)) files.push_back(entry.path());
    }
    if (ec) {
      problem("file_invalid", "", 0, fmt::format("the folder {} cannot be read: {}", options_.certificates_dir, ec.message()));
      return;
    }
    std::sort(files.begin(), files.end());
    for (const fs::path& p : files) {
      auto text = read_file(p.string());
      if (!text) continue;
      const nlohmann::json doc = nlohmann::json::parse(*text, nullptr, false);
      if (!doc.is_object() || doc.value("schema", "") != kCertificateSchema) continue;  // job records and others
      ++report_.files_checked;
      const std::string signer = doc.contains("signer") && doc["signer"].is_object()
                                     ? doc["signer"].value("fingerprint_sha256", "") : "";
      const std::uint64_t sequence = doc.value("sequence", std::uint64_t{0});
      if (!options_.ca_pem.empty()) {
        auto sig = read_file(fs::path(p).replace_extension(".p7s").string());
        const SignatureCheck check = sig ? check_signature(*text, *sig, doc.value("id", ""), options_.ca_pem,
                                                           ossl::parse_rfc3339(doc.value("issued_at", "")))
                                         : SignatureCheck{"damaged_signature", "its signature file is missing", {}, {}, {}};
        if (clock_behind(check, signer, sequence)) continue;
        if (!check.ok() || check.signer.fingerprint_sha256 != signer) {
          problem("file_invalid", signer, sequence,
                  fmt::format("{}: not a valid certificate of its signer, so it says nothing about the register: {}",
                              p.string(), check.ok() ? "signed by another key" : check.message));
          continue;
        }
      }
      const auto it = chains.find(signer);
      const RegisterEntry* held = nullptr;
      std::uint64_t last = 0;
      if (it != chains.end()) {
        for (const RegisterEntry* e : it->second) {
          if (e->sequence == sequence) held = e;
          last = std::max(last, e->sequence);
        }
      }
      if (held == nullptr) {
        problem(sequence > last ? "tail_missing" : "not_registered", signer, sequence,
                fmt::format("signer {}: {} is certificate {}, which the register does not hold{}", who(signer), p.string(),
                            sequence, sequence > last ? fmt::format(" (it ends at {}): its tail was deleted", last) : ""));
      } else if (held->sha256 != sha256_hex(*text)) {
        problem("file_mismatch", signer, sequence,
                fmt::format("signer {}: {} differs from the register's certificate {} (one of them was replaced)",
                            who(signer), p.string(), sequence));
      }
    }
  }

 private:
  const RegisterCheckOptions& options_;
  RegisterReport& report_;
};

}  // namespace

Result<RegisterReport> check_register(const Register& reg, const RegisterCheckOptions& options) {
  auto all = reg.entries();
  if (!all) return std::unexpected(all.error());
  auto index = reg.record_index();
  if (!index) return std::unexpected(index.error());
  RegisterReport report;
  report.certificates = all->size();
  report.signatures_checked = !options.ca_pem.empty();
  Checker check(options, report);
  std::map<std::string, std::vector<const RegisterEntry*>> chains;
  for (const auto& e : *all) chains[e.signer].push_back(&e);
  for (const auto& [signer, chain] : chains) check.chain(signer, chain);
  check.index(*all, *index);
  check.heads(chains, reg.path());
  if (!options.certificates_dir.empty()) check.folder(chains);
  return report;
}

}  // namespace wipeseal::certificates
