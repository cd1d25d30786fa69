#include "core/train/lr_schedule.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace wb {

double learningRateAt(const TrainConfig& c, int64_t step, int64_t totalSteps)
{
    const double peak = c.learningRate;
    if (step < c.warmupSteps) return peak * double(step + 1) / double(c.warmupSteps);
    if (c.schedule == LrSchedule::Constant) return peak;
    const double floor = peak * c.minLrRatio;
    const int64_t decaySteps = std::max<int64_t>(1, totalSteps - c.warmupSteps - 1);
    const double progress = std::clamp(double(step - c.warmupSteps) / double(decaySteps), 0.0, 1.0);
    if (c.schedule == LrSchedule::Linear) return peak - (peak - floor) * progress;
    return floor + (peak - floor) * 0.5 * (1.0 + std::cos(std::numbers::pi * progress));
}

} // namespace wb
