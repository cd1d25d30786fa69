#pragma once
// Scalar conversions between fp32 and the 16-bit float formats, GGML Q8_0
// block (de)quantisation, and whole-view conversion to fp32.
#include "core/weights/tensor_view.h"

#include <cstdint>
#include <span>
#include <vector>

namespace wb {

uint16_t floatToHalf(float f); // IEEE binary16, round to nearest even
float halfToFloat(uint16_t h);
uint16_t floatToBf16(float f); // round to nearest even
float bf16ToFloat(uint16_t b);

// Q8_0 as GGML's reference quantizer: per block of 32, d = max|x| / 127,
// q = round(x / d), stored as fp16 d then 32 int8. src.size() must be a
// multiple of 32 (throws wb::Error otherwise); returns size/32*34 bytes.
std::vector<uint8_t> quantizeQ8_0(std::span<const float> src);
std::vector<float> dequantizeQ8_0(std::span<const uint8_t> blocks);

// Every element of a F32/F16/BF16/F64/Q8_0/integer/BOOL view as float.
// Throws wb::Error naming the tensor when nbytes does not match its shape.
std::vector<float> toFloat32(const TensorView& v);

} // namespace wb
