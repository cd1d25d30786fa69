#pragma once
// How long the idle threads of LibTorch's two CPU thread pools wait busily.
//
// LibTorch runs element-wise work on libgomp's OpenMP threads and fp32
// matmuls on OpenBLAS's own threads, one of each per core. By default an idle
// OpenMP thread spins for about 300,000 iterations and an idle OpenBLAS thread
// calls sched_yield in a loop for about 2^28 cycles. Where the two pools share
// the cores, every hand-over between a matmul and the next element-wise op
// leaves the other pool burning the CPU the work needs: a training step of a
// 6-layer 384-wide GPT on 2 cores spent about 35% of its time spinning or in
// sched_yield (560 tokens/s, 1,100-1,250 with the settings below).
//
// Both libraries read these variables once, when they are loaded, so they
// must be set before LibTorch is: llmwb sets them before it loads its compute
// module; executables that link LibTorch restart themselves with them.
#include <string>
#include <vector>

namespace wb {

struct EnvSetting {
    std::string name;
    std::string value;
    std::string setInstead = {};   // a variable that, when the user sets it, stands for this one
};

// What the workbench sets: GOMP_SPINCOUNT=1000 (its setInstead is
// OMP_WAIT_POLICY) and OPENBLAS_THREAD_TIMEOUT=4 (2^4 cycles, OpenBLAS's minimum).
std::vector<EnvSetting> computeThreadEnvironment();

// Sets the variables of computeThreadEnvironment() that are not set yet, nor
// stood in for by their setInstead (a user's own value is kept).
// Returns how many it set.
int applyComputeThreadEnvironment();

// "GOMP_SPINCOUNT=1000 OPENBLAS_THREAD_TIMEOUT=4": the variables of
// computeThreadEnvironment() as this process has them ("unset" for a missing
// one), each preceded by its setInstead when that is set. For logs.
std::string describeComputeThreadEnvironment();

// For executables that load LibTorch when they start: applies the
// environment and, when that set anything, replaces the process with a fresh
// run of the same executable and arguments (execv of /proc/self/exe), so the
// libraries read it when they load. Returns when nothing was set, or when the
// restart failed (then the program runs on with the libraries' defaults).
void restartWithComputeThreadEnvironment(char** argv);

} // namespace wb
