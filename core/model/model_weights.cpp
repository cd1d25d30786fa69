#include "core/model/model_weights.h"

#include "core/data/record.h"
#include "core/weights/dtype_convert.h"

#include <algorithm>
#include <cctype>
#include <cstring>

namespace wb {

TensorView OwnedTensor::view() const
{
    return {name, dtype, shape, bytes.data(), bytes.size()};
}

OwnedTensor OwnedTensor::fromFloats(std::string name, std::vector<int64_t> shape, std::span<const float> values,
                                    DType dtype)
{
    const auto n = numel(shape);
    if (!n || uint64_t(*n) != values.size())
        throw Error("tensor '" + name + "': " + std::to_string(values.size()) + " values do not fill shape " +
                    shapeString(shape));
    OwnedTensor t{std::move(name), dtype, std::move(shape), {}};
    switch (dtype) {
    case DType::F32:
        t.bytes.resize(values.size() * 4);
        if (!values.empty()) std::memcpy(t.bytes.data(), values.data(), t.bytes.size());
        break;
    case DType::F16:
    case DType::BF16: {
        t.bytes.resize(values.size() * 2);
        for (size_t i = 0; i < values.size(); ++i) {
            const uint16_t h = dtype == DType::F16 ? floatToHalf(values[i]) : floatToBf16(values[i]);
            std::memcpy(t.bytes.data() + 2 * i, &h, 2);
        }
        break;
    }
    default:
        throw Error("tensor '" + t.name + "': cannot store floats as " + std::string(dtypeName(dtype)) +
                    " (F32, F16, BF16)");
    }
    return t;
}

OwnedTensor OwnedTensor::copyOf(const TensorView& v)
{
    OwnedTensor t{v.name, v.dtype, v.shape, {}};
    if (v.nbytes > 0) t.bytes.assign(v.data, v.data + v.nbytes);
    return t;
}

std::vector<TensorView> ModelWeights::views() const
{
    std::vector<TensorView> out;
    out.reserve(tensors.size());
    for (const auto& t : tensors) out.push_back(t.view());
    return out;
}

DType exportDTypeFromString(std::string_view s)
{
    std::string lower(s);
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    if (lower == "f32" || lower == "float32") return DType::F32;
    if (lower == "f16" || lower == "float16") return DType::F16;
    if (lower == "bf16" || lower == "bfloat16") return DType::BF16;
    if (lower == "q8_0") return DType::Q8_0;
    throw Error("unknown dtype \"" + std::string(s) + "\" (f32, f16, bf16, q8_0)");
}

std::string exportDTypeName(DType t)
{
    switch (t) {
    case DType::F32: return "f32";
    case DType::F16: return "f16";
    case DType::BF16: return "bf16";
    case DType::Q8_0: return "q8_0";
    default: return std::string(dtypeName(t));
    }
}

} // namespace wb
