#pragma once
// A caching CPU allocator for LibTorch in training processes. A training step
// allocates and frees the same large tensors (logits, activations, their
// gradients) every step; glibc serves blocks over its mmap threshold (at most
// 32 MiB) with fresh mmap()s, so every step page-faults them in again (about
// 478,000 faults a step for a GPT-2 124M-shaped step in eager Python).
// Freed blocks of 1 MiB or more are kept by size and handed out again.
// LibTorch-free header.
#include <cstdint>

namespace wb {

struct CpuAllocatorStats {
    uint64_t hits = 0;          // large allocations served from the cache
    uint64_t misses = 0;        // large allocations from the system
    uint64_t cachedBytes = 0;   // free blocks held now
};

// Makes it LibTorch's CPU allocator for the rest of the process (tensors that
// exist already keep their own deleter). At most `maxCachedBytes` of free
// blocks are kept (0: half the physical memory). Later calls do nothing.
void installCachingCpuAllocator(uint64_t maxCachedBytes = 0);
bool cachingCpuAllocatorInstalled();
CpuAllocatorStats cachingCpuAllocatorStats();

} // namespace wb
