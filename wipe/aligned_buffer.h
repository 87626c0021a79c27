// A buffer whose address and size are multiples of an alignment, as O_DIRECT requires.
// Move-only; owns its memory.
//
// Buffers of 2 MiB or more are mapped on a 2 MiB boundary and marked for transparent huge pages:
// every O_DIRECT request pins its buffer's pages in the kernel, and pinning one 2 MiB page costs
// far less than pinning 512 small ones (bench/benchmark.sh: about 0.15 s of CPU per 4 GiB read,
// and on a RAM-backed device that CPU is the same the kernel needs to copy the data). Where the
// kernel gives no huge page, the buffer simply has small pages.
#pragma once

#include <cstddef>
#include <span>

namespace wipeseal {

class AlignedBuffer {
 public:
  AlignedBuffer() = default;
  // Allocates `size` bytes aligned to `alignment` (a power of two). Throws std::bad_alloc.
  AlignedBuffer(std::size_t size, std::size_t alignment);
  ~AlignedBuffer();
  AlignedBuffer(AlignedBuffer&& other) noexcept;
  AlignedBuffer& operator=(AlignedBuffer&& other) noexcept;
  AlignedBuffer(const AlignedBuffer&) = delete;
  AlignedBuffer& operator=(const AlignedBuffer&) = delete;

  std::byte* data() { return data_; }
  const std::byte* data() const { return data_; }
  std::size_t size() const { return size_; }
  std::span<std::byte> span() { return {data_, size_}; }
  std::span<const std::byte> span() const { return {data_, size_}; }

 private:
  void release() noexcept;

  std::byte* data_ = nullptr;
  std::size_t size_ = 0;
  std::size_t mapped_ = 0;  // length of the mapping data_ starts, or 0 when data_ came from malloc
};

}  // namespace wipeseal
