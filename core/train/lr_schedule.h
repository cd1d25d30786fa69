#pragma once
// Learning rate per optimizer step: linear warmup, then cosine or linear decay
// to learningRate * minLrRatio (or constant). A pure function of the step, so
// a resumed run continues on the same curve. Qt-free and LibTorch-free.
#include "core/train/train_config.h"

#include <cstdint>

namespace wb {

// `step` counts from 0 (the first optimizer step); totalSteps >= 1.
double learningRateAt(const TrainConfig& c, int64_t step, int64_t totalSteps);

} // namespace wb
