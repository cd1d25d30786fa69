#include "core/runtime/threads.h"

#include <ATen/Parallel.h>

#include <thread>

namespace wb {

void configureComputeThreads(int n)
{
    if (n <= 0) n = static_cast<int>(std::thread::hardware_concurrency());
    at::set_num_threads(n > 0 ? n : 1);
}

int computeThreads()
{
    return at::get_num_threads();
}

} // namespace wb
