#include "core/nn/worker_pool.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define WB_POOL_X86 1
#else
#define WB_POOL_X86 0
#endif

namespace wb {

void spinPause(int spins)
{
#if WB_POOL_X86
    if (spins < 4096) {
        _mm_pause();
        return;
    }
#endif
    std::this_thread::yield();
}

} // namespace wb
