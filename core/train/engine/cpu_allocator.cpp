#include "core/train/engine/cpu_allocator.h"

#include <c10/core/Allocator.h>
#include <c10/core/CPUAllocator.h>
#include <c10/core/impl/alloc_cpu.h>

#include <mutex>
#include <unordered_map>
#include <vector>

#include <unistd.h>

namespace wb {
namespace {

constexpr size_t kMinCached = size_t(1) << 20;    // smaller blocks: glibc's heap reuses them without faults
constexpr size_t kGranule = size_t(64) << 10;     // sizes rounded up to 64 KiB, so near sizes share blocks

class CachingCpuAllocator final : public c10::Allocator {
public:
    explicit CachingCpuAllocator(uint64_t limit) : limit_(limit) {}

    c10::DataPtr allocate(size_t n) const override
    {
        void* p = const_cast<CachingCpuAllocator*>(this)->take(n);
        return {p, p, &release, c10::Device(c10::DeviceType::CPU)};
    }

    // The context is the data pointer itself, so raw_allocate() works too.
    c10::DeleterFnPtr raw_deleter() const override { return &release; }

    CpuAllocatorStats stats()
    {
        std::lock_guard<std::mutex> lock(mutex_);
        return stats_;
    }

private:
    void* take(size_t n)
    {
        if (n < kMinCached) return c10::alloc_cpu(n);
        const size_t size = (n + kGranule - 1) / kGranule * kGranule;
        {
            std::lock_guard<std::mutex> lock(mutex_);
            auto it = free_.find(size);
            if (it != free_.end() && !it->second.empty()) {
                void* p = it->second.back();
                it->second.pop_back();
                stats_.cachedBytes -= size;
                ++stats_.hits;
                live_[p] = size;
                return p;
            }
            ++stats_.misses;
        }
        void* p = c10::alloc_cpu(size);
        std::lock_guard<std::mutex> lock(mutex_);
        live_[p] = size;
        return p;
    }

    void give(void* p)
    {
        if (!p) return;
        {
            std::lock_guard<std::mutex> lock(mutex_);
            auto it = live_.find(p);
            if (it != live_.end()) {
                const size_t size = it->second;
                live_.erase(it);
                if (stats_.cachedBytes + size <= limit_) {
                    free_[size].push_back(p);
                    stats_.cachedBytes += size;
                    return;
                }
            }
        }
        c10::free_cpu(p);
    }

    static void release(void* p);

    uint64_t limit_;
    std::mutex mutex_;
    std::unordered_map<void*, size_t> live_;               // large blocks in use -> size
    std::unordered_map<size_t, std::vector<void*>> free_;  // size -> free blocks
    CpuAllocatorStats stats_;
};

// LibTorch's allocator registry is process-wide and takes ownership of the
// allocator; its deleters are plain function pointers, so they reach it here.
CachingCpuAllocator* g_allocator = nullptr;
std::once_flag g_installed;

void CachingCpuAllocator::release(void* p)
{
    g_allocator->give(p);
}

} // namespace

void installCachingCpuAllocator(uint64_t maxCachedBytes)
{
    std::call_once(g_installed, [&] {
        if (maxCachedBytes == 0)
            maxCachedBytes = uint64_t(::sysconf(_SC_PHYS_PAGES)) * uint64_t(::sysconf(_SC_PAGESIZE)) / 2;
        g_allocator = new CachingCpuAllocator(maxCachedBytes);
        c10::SetCPUAllocator(g_allocator, /*priority*/ 1);
    });
}

bool cachingCpuAllocatorInstalled()
{
    return g_allocator != nullptr;
}

CpuAllocatorStats cachingCpuAllocatorStats()
{
    return g_allocator ? g_allocator->stats() : CpuAllocatorStats{};
}

} // namespace wb
