#pragma once
// CPU threads used by LibTorch's intra-op parallelism (LibTorch starts with 1).

namespace wb {

// Sets LibTorch intra-op threads to n, or to the hardware concurrency when n <= 0.
void configureComputeThreads(int n = 0);

// LibTorch's current intra-op thread count (at::get_num_threads()).
int computeThreads();

} // namespace wb
