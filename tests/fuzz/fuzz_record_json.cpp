// libFuzzer target: job records (JSON from a file anyone can edit). A record that is accepted must
// survive being written and read again unchanged.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "wipe/job_record.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const nlohmann::json j = nlohmann::json::parse(data, data + size, nullptr, false);
  if (j.is_discarded()) return 0;
  auto r = wipeseal::record_from_json(j);
  if (!r) return 0;
  const nlohmann::json again = wipeseal::record_to_json(*r);
  auto back = wipeseal::record_from_json(again);
  if (!back || wipeseal::record_to_json(*back) != again) std::abort();  // a record must round-trip
  return 0;
}
