#pragma once
// A small persistent thread pool for the batch-1 decode kernels (fast_decode)
// and anything else that splits one short job over the cores many times a
// second. Qt- and LibTorch-free.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace wb {

// Busy-wait hint: a CPU pause for the first spins, then a yield.
void spinPause(int spins);

// threads - 1 persistent workers plus the caller. A job is a range of units
// that every thread claims pieces of, large ones first (guided scheduling),
// until none are left; the job is done when every unit is done. A thread that
// is slow to wake (the machine is shared) finds less or nothing left, so it
// delays only the piece it already took, never the whole job. Pieces start on
// unit boundaries, so every value is computed the same way whoever computes it.
// Workers spin for a short while after each job (the next one follows within
// microseconds inside a token), then sleep on a condition variable.
class WorkerPool {
public:
    using RangeFn = std::function<void(int64_t, int64_t)>;

    explicit WorkerPool(int threads) : threads_(std::max(1, threads))
    {
        // Workers start from generation 0, not from whatever claim_ holds when
        // they first run: a pool destroyed before a worker got scheduled has
        // already moved claim_ on, and that worker must still see the change.
        for (int i = 1; i < threads_; ++i) workers_.emplace_back([this] { work(0); });
    }
    ~WorkerPool()
    {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            stop_.store(true);
            claim_.fetch_add(uint64_t(1) << kGenShift, std::memory_order_release);   // wake everyone
        }
        wake_.notify_all();
        for (std::thread& t : workers_) t.join();
    }
    int threads() const { return threads_; }

    // Calls fn(b, e) on pieces of [0, units), at least minClaim units each,
    // until all are done; rethrows the first exception.
    void run(int64_t units, int64_t minClaim, const RangeFn& fn)
    {
        if (units <= 0) return;
        if (workers_.empty() || units <= minClaim || units >= kMaxUnits) return fn(0, units);
        fn_ = &fn;
        minClaim_.store(std::max<int64_t>(1, minClaim), std::memory_order_relaxed);
        done_.store(0, std::memory_order_relaxed);
        error_ = nullptr;
        generation_ = (generation_ + 1) & kGenMask;
        bool sleeping;
        {
            std::lock_guard<std::mutex> lock(mutex_);
            claim_.store(generation_ << kGenShift | uint64_t(units) << kUnitBits, std::memory_order_release);
            sleeping = sleepers_ > 0;
        }
        if (sleeping) wake_.notify_all();
        while (claimAndRun(generation_)) {
        }
        for (int spins = 0; done_.load(std::memory_order_acquire) < units; ++spins) spinPause(spins);
        if (error_) std::rethrow_exception(error_);
    }

private:
    // claim_ = generation (24 bits) | units of the job (20) | next free unit (20).
    // Everything a claim decides on is in the one word, so a thread holding a
    // stale copy cannot claim in a job that has moved on (its CAS fails).
    static constexpr int kUnitBits = 20, kGenShift = 40;
    static constexpr int64_t kMaxUnits = int64_t(1) << kUnitBits;
    static constexpr uint64_t kUnitMask = uint64_t(kMaxUnits) - 1, kGenMask = (uint64_t(1) << 24) - 1;
    static constexpr std::chrono::microseconds kSpinBeforeSleep{1000};

    static uint64_t generationOf(uint64_t c) { return c >> kGenShift; }

    // Claims one piece of job `generation` and runs it; false when none is left.
    bool claimAndRun(uint64_t generation)
    {
        uint64_t c = claim_.load(std::memory_order_acquire);
        for (;;) {
            const int64_t units = int64_t((c >> kUnitBits) & kUnitMask), next = int64_t(c & kUnitMask);
            if (generationOf(c) != generation || next >= units) return false;
            const int64_t left = units - next;
            const int64_t size = std::min(left, std::max(minClaim_.load(std::memory_order_relaxed),
                                                         left / (2 * int64_t(threads_))));
            if (claim_.compare_exchange_weak(c, c + uint64_t(size), std::memory_order_acq_rel,
                                             std::memory_order_acquire)) {
                // fn_ stays this job's until its units are all done, this piece included.
                try {
                    (*fn_)(next, next + size);
                } catch (...) {
                    std::lock_guard<std::mutex> lock(mutex_);
                    if (!error_) error_ = std::current_exception();
                }
                done_.fetch_add(size, std::memory_order_release);
                return true;
            }
        }
    }

    void work(uint64_t seen)
    {
        for (;;) {
            const auto spinStart = std::chrono::steady_clock::now();
            uint64_t g;
            for (int spins = 0; (g = generationOf(claim_.load(std::memory_order_acquire))) == seen; ++spins) {
                if ((spins & 255) == 255 && std::chrono::steady_clock::now() - spinStart > kSpinBeforeSleep) {
                    std::unique_lock<std::mutex> lock(mutex_);
                    ++sleepers_;
                    wake_.wait(lock, [&] {
                        return stop_.load() || generationOf(claim_.load(std::memory_order_acquire)) != seen;
                    });
                    --sleepers_;
                    if (stop_.load()) return;
                } else {
                    spinPause(spins);
                }
            }
            seen = g;
            if (stop_.load()) return;
            while (claimAndRun(g)) {
            }
        }
    }

    const int threads_;
    std::vector<std::thread> workers_;
    std::atomic<uint64_t> claim_{0};
    std::atomic<int64_t> done_{0};
    std::atomic<int64_t> minClaim_{1};
    std::atomic<bool> stop_{false};
    const RangeFn* fn_ = nullptr;
    uint64_t generation_ = 0;    // the caller's last job
    std::exception_ptr error_;   // guarded by mutex_ while a job runs
    std::mutex mutex_;
    std::condition_variable wake_;
    int sleepers_ = 0;           // guarded by mutex_
};

} // namespace wb
