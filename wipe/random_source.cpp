#include "wipe/random_source.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <random>

#include <openssl/rand.h>

namespace wipeseal {
namespace {

class OpenSslRandom final : public RandomSource {
 public:
  void fill(std::span<std::byte> out) override {
    if (out.empty()) return;
    if (RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(out.size())) != 1) {
      std::fputs("wipeseal: the system random generator failed; refusing to continue\n", stderr);
      std::abort();
    }
  }
};

class DeterministicRandom final : public RandomSource {
 public:
  explicit DeterministicRandom(std::uint64_t seed) : engine_(seed) {}
  void fill(std::span<std::byte> out) override {
    for (std::byte& b : out) b = static_cast<std::byte>(engine_() & 0xFFu);
  }

 private:
  std::mt19937_64 engine_;
};

}  // namespace

RandomSource& secure_random() {
  static OpenSslRandom source;
  return source;
}

std::unique_ptr<RandomSource> make_deterministic_random(std::uint64_t seed) {
  return std::make_unique<DeterministicRandom>(seed);
}

}  // namespace wipeseal
