#include "core/weights/dtype_convert.h"

#include "core/data/record.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>

namespace wb {

static_assert(std::endian::native == std::endian::little, "weight readers assume a little-endian host");

uint16_t floatToHalf(float f)
{
    const uint32_t x = std::bit_cast<uint32_t>(f);
    const uint32_t sign = (x >> 16) & 0x8000u;
    const uint32_t ax = x & 0x7fffffffu;
    if (ax >= 0x7f800000u) // inf or nan (keep nan quiet)
        return uint16_t(sign | 0x7c00u | (ax > 0x7f800000u ? 0x200u : 0u));
    if (ax >= 0x477ff000u) // >= 65520 rounds to infinity
        return uint16_t(sign | 0x7c00u);
    if (ax < 0x38800000u) { // below 2^-14: half subnormal (or zero)
        // Scaling by 2^24 is exact; nearbyint rounds to nearest even.
        const float scaled = std::bit_cast<float>(ax) * 16777216.0f;
        return uint16_t(sign | uint32_t(std::nearbyint(scaled)));
    }
    const uint32_t exp = (ax >> 23) - 127 + 15;
    const uint32_t mant = ax & 0x7fffffu;
    uint32_t h = (exp << 10) | (mant >> 13);
    const uint32_t rem = mant & 0x1fffu;
    if (rem > 0x1000u || (rem == 0x1000u && (h & 1u)))
        ++h; // a carry into the exponent is the correct result
    return uint16_t(sign | h);
}

float halfToFloat(uint16_t h)
{
    const uint32_t sign = uint32_t(h & 0x8000u) << 16;
    const uint32_t e = (h >> 10) & 0x1fu;
    const uint32_t m = h & 0x3ffu;
    if (e == 0) {
        const float v = std::ldexp(float(m), -24);
        return sign ? -v : v;
    }
    const uint32_t bits = e == 31 ? (sign | 0x7f800000u | (m << 13)) : (sign | ((e - 15 + 127) << 23) | (m << 13));
    return std::bit_cast<float>(bits);
}

uint16_t floatToBf16(float f)
{
    const uint32_t x = std::bit_cast<uint32_t>(f);
    if ((x & 0x7fffffffu) > 0x7f800000u)
        return uint16_t((x >> 16) | 0x40u);
    return uint16_t((x + 0x7fffu + ((x >> 16) & 1u)) >> 16);
}

float bf16ToFloat(uint16_t b) { return std::bit_cast<float>(uint32_t(b) << 16); }

std::vector<uint8_t> quantizeQ8_0(std::span<const float> src)
{
    if (src.size() % 32 != 0)
        throw Error("Q8_0: " + std::to_string(src.size()) + " values is not a multiple of the block size 32");
    std::vector<uint8_t> out(src.size() / 32 * 34);
    for (size_t b = 0; b < src.size() / 32; ++b) {
        const float* x = src.data() + b * 32;
        float amax = 0;
        for (int i = 0; i < 32; ++i)
            amax = std::max(amax, std::fabs(x[i]));
        const float d = amax / 127.0f;
        const float id = d != 0 ? 1.0f / d : 0.0f;
        uint8_t* blk = out.data() + b * 34;
        const uint16_t dh = floatToHalf(d);
        std::memcpy(blk, &dh, 2);
        for (int i = 0; i < 32; ++i) {
            const int q = int(std::lround(x[i] * id));
            blk[2 + i] = uint8_t(int8_t(std::clamp(q, -127, 127)));
        }
    }
    return out;
}

std::vector<float> dequantizeQ8_0(std::span<const uint8_t> blocks)
{
    if (blocks.size() % 34 != 0)
        throw Error("Q8_0: " + std::to_string(blocks.size()) + " bytes is not a whole number of 34-byte blocks");
    std::vector<float> out(blocks.size() / 34 * 32);
    for (size_t b = 0; b < blocks.size() / 34; ++b) {
        const uint8_t* blk = blocks.data() + b * 34;
        uint16_t dh;
        std::memcpy(&dh, blk, 2);
        const float d = halfToFloat(dh);
        for (int i = 0; i < 32; ++i)
            out[b * 32 + i] = float(int8_t(blk[2 + i])) * d;
    }
    return out;
}

namespace {
template <typename T, typename F>
void convertEach(const TensorView& v, std::vector<float>& out, F f)
{
    for (size_t i = 0; i < out.size(); ++i) {
        T x;
        std::memcpy(&x, v.data + i * sizeof(T), sizeof(T));
        out[i] = f(x);
    }
}
} // namespace

std::vector<float> toFloat32(const TensorView& v)
{
    const auto bytes = tensorBytes(v.dtype, v.shape);
    if (!bytes || *bytes != v.nbytes)
        throw Error("tensor '" + v.name + "': " + std::to_string(v.nbytes) + " bytes do not match " +
                    std::string(dtypeName(v.dtype)) + " shape " + shapeString(v.shape));
    if (v.dtype == DType::Q8_0)
        return dequantizeQ8_0({v.data, v.nbytes});
    std::vector<float> out(size_t(*numel(v.shape)));
    auto same = [](auto x) { return float(x); };
    switch (v.dtype) {
    case DType::F32: convertEach<float>(v, out, same); break;
    case DType::F16: convertEach<uint16_t>(v, out, halfToFloat); break;
    case DType::BF16: convertEach<uint16_t>(v, out, bf16ToFloat); break;
    case DType::F64: convertEach<double>(v, out, same); break;
    case DType::I64: convertEach<int64_t>(v, out, same); break;
    case DType::I32: convertEach<int32_t>(v, out, same); break;
    case DType::I16: convertEach<int16_t>(v, out, same); break;
    case DType::I8: convertEach<int8_t>(v, out, same); break;
    case DType::U8: convertEach<uint8_t>(v, out, same); break;
    case DType::BOOL: convertEach<uint8_t>(v, out, [](uint8_t x) { return x ? 1.0f : 0.0f; }); break;
    case DType::Q8_0: break;
    }
    return out;
}

} // namespace wb
