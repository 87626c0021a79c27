// libFuzzer target: certificate JSON, office details and RFC 8785 canonicalisation (files an
// inspector or a hostile register can hand over). Canonical JSON must be a fixed point.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "certificates/canonical_json.h"
#include "certificates/certificate.h"
#include "certificates/details.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace wipeseal::certificates;
  const nlohmann::json j = nlohmann::json::parse(data, data + size, nullptr, false);
  if (j.is_discarded()) return 0;
  (void)certificate_from_json(j);
  (void)details_from_json(j);
  (void)detail_problems(j);
  if (auto c = canonicalize(j)) {
    const nlohmann::json again = nlohmann::json::parse(*c, nullptr, false);
    auto twice = canonicalize(again);
    if (again.is_discarded() || !twice || *twice != *c) std::abort();  // canonical form is stable
  }
  return 0;
}
