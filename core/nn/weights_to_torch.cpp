#include "core/nn/weights_to_torch.h"

#include "core/data/record.h"

#include <torch/torch.h>

#include <bit>
#include <cstring>

#if defined(__linux__)
#include <sys/mman.h>
#include <unistd.h>
#endif

namespace wb {

static_assert(std::endian::native == std::endian::little, "safetensors data is little-endian");

namespace {

c10::ScalarType scalarType(const TensorView& v)
{
    switch (v.dtype) {
    case DType::F32: return torch::kFloat32;
    case DType::F16: return torch::kFloat16;
    case DType::BF16: return torch::kBFloat16;
    case DType::F64: return torch::kFloat64;
    case DType::I64: return torch::kInt64;
    case DType::I32: return torch::kInt32;
    case DType::I16: return torch::kInt16;
    case DType::I8: return torch::kInt8;
    case DType::U8: return torch::kUInt8;
    case DType::BOOL: return torch::kBool;
    case DType::Q8_0: break;
    }
    throw Error("tensor \"" + v.name + "\": dtype " + std::string(dtypeName(v.dtype)) +
                " cannot be turned into a LibTorch tensor (dequantize it first)");
}

bool isFloat(DType t) { return t == DType::F32 || t == DType::F16 || t == DType::BF16 || t == DType::F64; }

// After a tensor was converted, the model keeps the converted copy; the file
// pages it was read from would stay in this process's RSS until the checkpoint
// is closed (loading a bf16 checkpoint as F32 peaked at 3x the file instead of
// 2x). The views of a ShardedCheckpoint point into read-only MAP_PRIVATE file
// mappings, so dropping the pages is safe: a later read of these bytes (another
// tensor aliasing them) faults them back in from the file. Only whole pages
// inside the tensor's bytes are dropped; its neighbours' are left alone.
void releaseFilePages(const TensorView& v)
{
#if defined(__linux__)
    const uintptr_t page = uintptr_t(::sysconf(_SC_PAGESIZE));
    const uintptr_t first = reinterpret_cast<uintptr_t>(v.data);
    const uintptr_t begin = (first + page - 1) / page * page;
    const uintptr_t end = (first + v.nbytes) / page * page;
    if (end > begin) ::madvise(reinterpret_cast<void*>(begin), end - begin, MADV_DONTNEED);
#else
    (void)v;
#endif
}

} // namespace

at::Tensor toTorch(const TensorView& view, bool copy)
{
    const c10::ScalarType st = scalarType(view);
    const auto bytes = tensorBytes(view.dtype, view.shape);
    if (!bytes || *bytes != view.nbytes)
        throw Error("tensor \"" + view.name + "\": " + std::to_string(view.nbytes) + " bytes do not match dtype " +
                    std::string(dtypeName(view.dtype)) + " and shape " + shapeString(view.shape));
    const auto options = torch::TensorOptions().dtype(st);
    if (view.nbytes == 0) return torch::empty(view.shape, options);
    // from_blob never writes; the const_cast only satisfies its signature.
    void* data = const_cast<uint8_t*>(view.data);
    const bool aligned = reinterpret_cast<uintptr_t>(view.data) % dtypeSize(view.dtype) == 0;
    if (aligned && !copy) return torch::from_blob(data, view.shape, options);
    if (aligned) return torch::from_blob(data, view.shape, options).clone();
    // Unaligned: copy the bytes into a fresh (aligned) tensor.
    at::Tensor out = torch::empty(view.shape, options);
    std::memcpy(out.data_ptr(), view.data, view.nbytes);
    return out;
}

WeightLoader::WeightLoader(const ShardedCheckpoint& ckpt, std::string nameForErrors,
                           std::function<bool(const std::string&)> ignorable)
    : ckpt_(ckpt), name_(std::move(nameForErrors)), ignorable_(std::move(ignorable))
{
}

bool WeightLoader::has(const std::string& name) const { return ckpt_.find(name) != nullptr; }

const TensorView& WeightLoader::check(const std::string& name, const std::vector<int64_t>& shape)
{
    const TensorView* v = ckpt_.find(name);
    if (!v)
        throw Error(name_ + ": missing tensor \"" + name + "\" (expected shape " + shapeString(shape) + ")");
    if (v->shape != shape)
        throw Error(name_ + ": tensor \"" + name + "\" has shape " + shapeString(v->shape) +
                    " but config.json implies " + shapeString(shape));
    if (!isFloat(v->dtype))
        throw Error(name_ + ": tensor \"" + name + "\" has dtype " + std::string(dtypeName(v->dtype)) +
                    ", expected a float type (F32, F16, BF16, F64)");
    taken_.insert(name);
    if (progress_) {
        if (bytesTotal_ == 0)
            for (const TensorView& t : ckpt_.tensors()) bytesTotal_ += t.nbytes;
        bytesTaken_ += v->nbytes;
        progress_(bytesTaken_, bytesTotal_);
    }
    return *v;
}

at::Tensor WeightLoader::take(const std::string& name, const std::vector<int64_t>& shape)
{
    const TensorView& v = check(name, shape);
    at::Tensor t = toTorch(v);
    if (v.dtype == DType::F32) return t;
    t = t.to(torch::kFloat32);
    releaseFilePages(v);
    return t;
}

at::Tensor WeightLoader::takeWeight(const std::string& name, const std::vector<int64_t>& shape)
{
    const TensorView& v = check(name, shape);
    const DType want = bf16_ ? DType::BF16 : DType::F32;
    at::Tensor t = toTorch(v);
    if (v.dtype == want) return t;   // aliases the mapping: zero copy
    t = t.to(bf16_ ? torch::kBFloat16 : torch::kFloat32);
    releaseFilePages(v);
    return t;
}

at::Tensor WeightLoader::takeWeightTransposed(const std::string& name, const std::vector<int64_t>& shape)
{
    const TensorView& v = check(name, shape);
    at::Tensor t = toTorch(v).t().to(bf16_ ? torch::kBFloat16 : torch::kFloat32).contiguous();
    releaseFilePages(v);
    return t;
}

void WeightLoader::finish() const
{
    for (const TensorView& v : ckpt_.tensors()) {
        if (taken_.count(v.name) || (ignorable_ && ignorable_(v.name))) continue;
        throw Error(name_ + ": unexpected tensor \"" + v.name + "\" with shape " + shapeString(v.shape) +
                    " (not a weight of this " + "model's config.json)");
    }
}

} // namespace wb
