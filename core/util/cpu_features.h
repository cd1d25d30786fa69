#pragma once
// What the CPU can do, read once from /proc/cpuinfo.

namespace wb {

// Whether the CPU multiplies bf16 natively (AVX512-BF16 or AMX-BF16 in
// /proc/cpuinfo). Without it LibTorch's bf16 matmul is a plain loop, far
// slower than fp32 (4.9 vs 172 GFLOP/s on 2 AVX2 cores). The answer is
// computed on the first call and kept.
bool cpuHasNativeBf16();

} // namespace wb
