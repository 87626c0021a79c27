#include "wipe/pattern.h"

#include <cstring>
#include <optional>
#include <stdexcept>

#include <fmt/format.h>
#include <openssl/evp.h>

#include "wipe/aes_ctr_wide.h"
#include "wipe/random_source.h"

namespace wipeseal {

std::array<std::uint8_t, 16> ctr_counter_at(const std::array<std::uint8_t, 16>& iv, std::uint64_t block) {
  std::array<std::uint8_t, 16> counter = iv;
  unsigned carry = 0;
  for (int i = 15; i >= 0; --i) {
    const unsigned add = i >= 8 ? static_cast<unsigned>((block >> (8 * (15 - i))) & 0xFFu) : 0u;
    const unsigned sum = counter[static_cast<std::size_t>(i)] + add + carry;
    counter[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(sum & 0xFFu);
    carry = sum >> 8;
  }
  return counter;
}

Pattern Pattern::fixed_byte(std::uint8_t value) { return repeating({value}); }

Pattern Pattern::repeating(std::vector<std::uint8_t> cycle) {
  if (cycle.empty() || cycle.size() > 3) throw std::invalid_argument("pattern cycle must be 1 to 3 bytes");
  Pattern p;
  p.kind_ = Kind::repeating;
  p.cycle_ = std::move(cycle);
  return p;
}

Pattern Pattern::aes256_ctr(const AesCtrKey& key) {
  Pattern p;
  p.kind_ = Kind::aes256_ctr;
  p.cycle_.clear();
  p.aes_ = key;
  return p;
}

Pattern Pattern::random_aes256_ctr(RandomSource& random) {
  AesCtrKey key;
  random.fill(std::as_writable_bytes(std::span(key.key)));
  random.fill(std::as_writable_bytes(std::span(key.iv)));
  return aes256_ctr(key);
}

std::string Pattern::kind_name() const {
  if (kind_ == Kind::aes256_ctr) return "aes-256-ctr";
  if (cycle_.size() == 1) {
    if (cycle_[0] == 0x00) return "zeros";
    if (cycle_[0] == 0xFF) return "ones";
    return "byte";
  }
  return "repeating";
}

std::string Pattern::describe() const {
  if (kind_ == Kind::aes256_ctr) return "AES-256-CTR keystream";
  std::string out;
  for (std::uint8_t b : cycle_) out += fmt::format("{}0x{:02X}", out.empty() ? "" : " ", b);
  return out;
}

// OpenSSL's AES-CTR increments the whole 128-bit counter big-endian, with carry across all 16
// bytes (crypto/modes/ctr128.c), which is the counter arithmetic DESIGN.md specifies.
struct PatternGenerator::Aes {
  EVP_CIPHER* cipher = nullptr;
  EVP_CIPHER_CTX* ctx = nullptr;
  std::optional<WideAes256Ctr> wide;
  ~Aes() {
    EVP_CIPHER_CTX_free(ctx);
    EVP_CIPHER_free(cipher);
  }
};

namespace {
// Encrypting zeros yields the keystream; a small source stays in cache while we stream.
constexpr std::size_t kZeroSourceBytes = 64 * 1024;
alignas(64) const std::uint8_t kZeros[kZeroSourceBytes] = {};
}  // namespace

PatternGenerator::PatternGenerator(const Pattern& pattern, KeystreamEngine engine) : pattern_(pattern) {
  if (pattern_.kind() != Pattern::Kind::aes256_ctr) return;
  aes_ = std::make_unique<Aes>();
  if (engine == KeystreamEngine::fastest && WideAes256Ctr::supported()) {
    aes_->wide.emplace(pattern_.aes().key);
    return;
  }
  aes_->cipher = EVP_CIPHER_fetch(nullptr, "AES-256-CTR", nullptr);
  aes_->ctx = EVP_CIPHER_CTX_new();
  if (aes_->cipher == nullptr || aes_->ctx == nullptr ||
      EVP_EncryptInit_ex2(aes_->ctx, aes_->cipher, pattern_.aes().key.data(), pattern_.aes().iv.data(),
                          nullptr) != 1) {
    throw std::runtime_error("OpenSSL cannot provide AES-256-CTR");
  }
}

PatternGenerator::~PatternGenerator() = default;

void PatternGenerator::fill(std::uint64_t offset, std::span<std::byte> out) {
  if (out.empty()) return;
  if (pattern_.kind() == Pattern::Kind::repeating) {
    const auto& cycle = pattern_.cycle();
    if (cycle.size() == 1) {
      std::memset(out.data(), cycle[0], out.size());
      return;
    }
    const std::size_t period = cycle.size();
    std::size_t phase = static_cast<std::size_t>(offset % period);
    // Write one period by hand, then double the filled prefix with memcpy.
    const std::size_t seed = std::min(out.size(), period);
    for (std::size_t i = 0; i < seed; ++i) out[i] = static_cast<std::byte>(cycle[(phase + i) % period]);
    std::size_t filled = seed;
    while (filled < out.size()) {
      const std::size_t n = std::min(filled - filled % period, out.size() - filled);
      std::memcpy(out.data() + filled, out.data(), n);
      filled += n;
    }
    return;
  }
  if (aes_->wide) {
    fill_wide(offset, out);
  } else {
    fill_openssl(offset, out);
  }
}

bool PatternGenerator::matches(std::uint64_t offset, std::span<const std::byte> data) {
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(data.data());
  if (aes_ && aes_->wide && offset % 16 == 0 && data.size() % 16 == 0) {
    return aes_->wide->matches(ctr_counter_at(pattern_.aes().iv, offset / 16), bytes, data.size() / 16);
  }
  constexpr std::size_t kPiece = 64 * 1024;
  if (scratch_.empty()) scratch_.resize(kPiece);
  for (std::size_t at = 0; at < data.size(); at += kPiece) {
    const std::size_t n = std::min(kPiece, data.size() - at);
    fill(offset + at, {scratch_.data(), n});
    if (std::memcmp(scratch_.data(), data.data() + at, n) != 0) return false;
  }
  return true;
}

// Whole blocks straight into `out`; a partial block at either end through a 16-byte scratch.
void PatternGenerator::fill_wide(std::uint64_t offset, std::span<std::byte> out) {
  const auto& iv = pattern_.aes().iv;
  std::uint64_t block = offset / 16;
  const auto skip = static_cast<std::size_t>(offset % 16);
  auto* dst = reinterpret_cast<std::uint8_t*>(out.data());
  std::size_t left = out.size();
  std::uint8_t scratch[16];
  if (skip != 0) {
    aes_->wide->keystream(ctr_counter_at(iv, block), scratch, 1);
    const std::size_t n = std::min(left, 16 - skip);
    std::memcpy(dst, scratch + skip, n);
    dst += n;
    left -= n;
    ++block;
  }
  const std::size_t whole = left / 16;
  if (whole > 0) {
    aes_->wide->keystream(ctr_counter_at(iv, block), dst, whole);
    dst += 16 * whole;
    left -= 16 * whole;
    block += whole;
  }
  if (left > 0) {
    aes_->wide->keystream(ctr_counter_at(iv, block), scratch, 1);
    std::memcpy(dst, scratch, left);
  }
}

void PatternGenerator::fill_openssl(std::uint64_t offset, std::span<std::byte> out) {
  const std::uint64_t block = offset / 16;
  const auto skip = static_cast<int>(offset % 16);
  const auto counter = ctr_counter_at(pattern_.aes().iv, block);
  int outl = 0;
  if (EVP_EncryptInit_ex2(aes_->ctx, nullptr, nullptr, counter.data(), nullptr) != 1) {
    throw std::runtime_error("OpenSSL AES-256-CTR re-initialisation failed");
  }
  if (skip != 0) {
    std::uint8_t discard[16];
    EVP_EncryptUpdate(aes_->ctx, discard, &outl, kZeros, skip);
  }
  auto* dst = reinterpret_cast<unsigned char*>(out.data());
  std::size_t left = out.size();
  while (left > 0) {
    const std::size_t n = std::min(left, kZeroSourceBytes);
    if (EVP_EncryptUpdate(aes_->ctx, dst, &outl, kZeros, static_cast<int>(n)) != 1) {
      throw std::runtime_error("OpenSSL AES-256-CTR keystream generation failed");
    }
    dst += n;
    left -= n;
  }
}

}  // namespace wipeseal

