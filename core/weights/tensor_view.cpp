#include "core/weights/tensor_view.h"

#include <array>
#include <limits>

namespace wb {

namespace {
struct DTypeInfo {
    DType type;
    std::string_view name;
    size_t blockValues;
    size_t blockBytes;
};
constexpr std::array<DTypeInfo, 11> kInfo{{
    {DType::F32, "F32", 1, 4},   {DType::F16, "F16", 1, 2},  {DType::BF16, "BF16", 1, 2},
    {DType::F64, "F64", 1, 8},   {DType::I64, "I64", 1, 8},  {DType::I32, "I32", 1, 4},
    {DType::I16, "I16", 1, 2},   {DType::I8, "I8", 1, 1},    {DType::U8, "U8", 1, 1},
    {DType::BOOL, "BOOL", 1, 1}, {DType::Q8_0, "Q8_0", 32, 34},
}};

const DTypeInfo& info(DType t)
{
    for (const auto& i : kInfo)
        if (i.type == t)
            return i;
    return kInfo[0];
}
} // namespace

std::string_view dtypeName(DType t) { return info(t).name; }

std::optional<DType> dtypeFromName(std::string_view name)
{
    for (const auto& i : kInfo)
        if (i.name == name)
            return i.type;
    return std::nullopt;
}

size_t dtypeBlockValues(DType t) { return info(t).blockValues; }
size_t dtypeBlockBytes(DType t) { return info(t).blockBytes; }
size_t dtypeSize(DType t) { return info(t).blockValues == 1 ? info(t).blockBytes : 0; }

std::optional<int64_t> numel(const std::vector<int64_t>& shape)
{
    int64_t n = 1;
    for (int64_t d : shape) {
        if (d < 0)
            return std::nullopt;
        if (d != 0 && n > std::numeric_limits<int64_t>::max() / d)
            return std::nullopt;
        n *= d;
    }
    return n;
}

std::optional<uint64_t> tensorBytes(DType t, const std::vector<int64_t>& shape)
{
    auto n = numel(shape);
    if (!n)
        return std::nullopt;
    const auto& i = info(t);
    if (i.blockValues > 1 && (shape.empty() || shape.back() % int64_t(i.blockValues) != 0))
        return std::nullopt;
    uint64_t blocks = uint64_t(*n) / i.blockValues;
    if (blocks > std::numeric_limits<uint64_t>::max() / i.blockBytes)
        return std::nullopt;
    return blocks * i.blockBytes;
}

std::string shapeString(const std::vector<int64_t>& shape)
{
    std::string s = "[";
    for (size_t i = 0; i < shape.size(); ++i) {
        if (i)
            s += ", ";
        s += std::to_string(shape[i]);
    }
    return s + "]";
}

} // namespace wb
