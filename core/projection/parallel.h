#pragma once
// Small helpers shared by the projections: a thread count, a deterministic
// chunked parallel loop and a counter-based random number generator.
// Determinism: work is cut into chunks whose size never depends on the thread
// count, and every random number is a pure function of (seed, counters), so a
// result is bit for bit the same with 1 or 16 threads.
#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace wb::proj {

inline int resolveThreads(int requested)
{
    if (requested > 0)
        return requested;
    return std::max(1, int(std::thread::hardware_concurrency()));
}

// Calls fn(chunk, begin, end) for every chunk [begin, end) of `chunkSize`
// items in [0, count), on up to `threads` threads. Chunks are claimed from an
// atomic counter; each chunk's output must go to its own place. The first
// exception thrown by fn is rethrown here after all threads stopped.
inline void parallelChunks(int64_t count, int64_t chunkSize, int threads,
                           const std::function<void(int64_t, int64_t, int64_t)>& fn)
{
    if (count <= 0)
        return;
    chunkSize = std::max<int64_t>(1, chunkSize);
    const int64_t chunks = (count + chunkSize - 1) / chunkSize;
    const int workers = int(std::min<int64_t>(std::max(1, threads), chunks));
    std::atomic<int64_t> next{0};
    std::exception_ptr error;
    std::mutex errorMutex;
    auto work = [&] {
        try {
            for (int64_t c = next++; c < chunks; c = next++)
                fn(c, c * chunkSize, std::min(count, (c + 1) * chunkSize));
        } catch (...) {
            std::lock_guard lock(errorMutex);
            if (!error)
                error = std::current_exception();
            next = chunks;
        }
    };
    if (workers == 1) {
        work();
    } else {
        std::vector<std::thread> pool;
        for (int t = 1; t < workers; ++t)
            pool.emplace_back(work);
        work();
        for (auto& t : pool)
            t.join();
    }
    if (error)
        std::rethrow_exception(error);
}

// SplitMix64: a counter-based mix, so a random number can be derived from
// (seed, epoch, edge...) without shared state between threads.
inline uint64_t mix64(uint64_t x)
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

inline uint64_t hashCombine(uint64_t a, uint64_t b) { return mix64(a ^ (mix64(b) + 0x632be59bd9b4e019ULL)); }

// Sequential generator for places that run on one thread.
class Rng {
public:
    explicit Rng(uint64_t seed) : state_(mix64(seed)) {}
    uint64_t next() { return mix64(state_ += 0x9e3779b97f4a7c15ULL); }
    double uniform() { return double(next() >> 11) * 0x1.0p-53; }   // [0, 1)
    double gaussian()
    {
        // Box-Muller; std::normal_distribution differs between libraries.
        double u1 = uniform();
        while (u1 <= 0)
            u1 = uniform();
        const double u2 = uniform();
        return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
    }

private:
    uint64_t state_;
};

} // namespace wb::proj
