#pragma once
// Input checks shared by the projections: wb::Error naming the row or field.
#include "core/data/record.h"

#include <cmath>
#include <cstdint>
#include <string>

namespace wb::proj {

inline void validatePoints(const float* points, int64_t n, int dim)
{
    if (n < 2)
        throw Error("projection: need at least 2 points, got " + std::to_string(n));
    if (dim < 1)
        throw Error("projection: dimension must be at least 1, got " + std::to_string(dim));
    if (!points)
        throw Error("projection: no point data");
    for (int64_t i = 0; i < n; ++i) {
        const float* row = points + i * dim;
        float acc = 0;
        for (int j = 0; j < dim; ++j)
            acc += row[j] * 0.f;   // NaN or inf anywhere makes this NaN
        if (acc != 0.f)
            for (int j = 0; j < dim; ++j)
                if (!std::isfinite(row[j]))
                    throw Error("projection: row " + std::to_string(i) + ", column " + std::to_string(j)
                                + " is not a finite number");
    }
}

} // namespace wb::proj
