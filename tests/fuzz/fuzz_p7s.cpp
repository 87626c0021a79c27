// libFuzzer target: a detached CMS signature (.p7s) as the verifier receives it.
#include <cstddef>
#include <cstdint>
#include <string>

#include "certificates/signing.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string p7s(reinterpret_cast<const char*>(data), size);
  (void)wipeseal::certificates::check_signature("{\"schema\":\"wipeseal.certificate/2\"}", p7s,
                                                "00000000-0000-4000-8000-000000000000", "", std::nullopt,
                                                "certificate");
  return 0;
}
