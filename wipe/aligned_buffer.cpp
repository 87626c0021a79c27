#include "wipe/aligned_buffer.h"

#include <sys/mman.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <new>
#include <utility>

namespace wipeseal {
namespace {

constexpr std::size_t kHugePage = std::size_t{2} << 20;  // x86-64 and arm64 (4 KiB granule) PMD size

std::size_t round_up(std::size_t value, std::size_t multiple) { return (value + multiple - 1) / multiple * multiple; }

}  // namespace

AlignedBuffer::AlignedBuffer(std::size_t size, std::size_t alignment) : size_(size) {
  if (size >= kHugePage) {
    // Map one huge page more than needed, then return the unaligned head and the tail, so the
    // buffer starts on a huge-page boundary; the kernel can then back it with huge pages.
    const std::size_t align = std::max(kHugePage, alignment);
    const std::size_t length = round_up(size, align);
    void* raw = mmap(nullptr, length + align, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (raw == MAP_FAILED) throw std::bad_alloc();
    const auto start = reinterpret_cast<std::uintptr_t>(raw);
    const std::uintptr_t aligned = round_up(start, align);
    if (aligned > start) munmap(raw, aligned - start);
    const std::size_t tail = start + length + align - (aligned + length);
    if (tail > 0) munmap(reinterpret_cast<void*>(aligned + length), tail);
    data_ = reinterpret_cast<std::byte*>(aligned);
    mapped_ = length;
    // Advice only: without transparent huge pages (disabled, or not built in) this fails and the
    // buffer keeps small pages, which is correct, just slower.
    (void)madvise(data_, mapped_, MADV_HUGEPAGE);
    return;
  }
  void* p = nullptr;
  if (posix_memalign(&p, alignment, size == 0 ? alignment : size) != 0) throw std::bad_alloc();
  data_ = static_cast<std::byte*>(p);
}

void AlignedBuffer::release() noexcept {
  if (mapped_ > 0) {
    munmap(data_, mapped_);
  } else {
    std::free(data_);
  }
  data_ = nullptr;
  size_ = 0;
  mapped_ = 0;
}

AlignedBuffer::~AlignedBuffer() { release(); }

AlignedBuffer::AlignedBuffer(AlignedBuffer&& other) noexcept
    : data_(std::exchange(other.data_, nullptr)),
      size_(std::exchange(other.size_, 0)),
      mapped_(std::exchange(other.mapped_, 0)) {}

AlignedBuffer& AlignedBuffer::operator=(AlignedBuffer&& other) noexcept {
  if (this != &other) {
    release();
    data_ = std::exchange(other.data_, nullptr);
    size_ = std::exchange(other.size_, 0);
    mapped_ = std::exchange(other.mapped_, 0);
  }
  return *this;
}

}  // namespace wipeseal
