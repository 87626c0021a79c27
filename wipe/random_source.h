// Where randomness comes from. Production draws from OpenSSL's CSPRNG (seeded by the kernel);
// tests substitute a deterministic source so plans are reproducible.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>

namespace wipeseal {

class RandomSource {
 public:
  virtual ~RandomSource() = default;
  // Fills `out` with random bytes. Aborts the process if the CSPRNG cannot deliver: erasing
  // with a predictable key would be silently wrong, so there is no error path to ignore.
  virtual void fill(std::span<std::byte> out) = 0;
};

// The process-wide cryptographically secure source (OpenSSL RAND_bytes). Thread-safe.
RandomSource& secure_random();

// A deterministic, NON-secure source for tests: the same seed gives the same bytes.
std::unique_ptr<RandomSource> make_deterministic_random(std::uint64_t seed);

}  // namespace wipeseal
