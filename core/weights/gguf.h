#pragma once
// GGUF v3 (ggml's single-file format): "GGUF", version, tensor count, KV count,
// typed KV pairs, tensor infos (name, dims in GGML order = reversed row-major,
// ggml type, offset), padding to general.alignment (default 32), data.
// The reader validates every count, length, offset and alignment against the
// bytes, so it can be fuzzed; views are zero-copy.
#include "core/weights/mapped_file.h"
#include "core/weights/tensor_view.h"

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace wb {

enum class GgufType : uint32_t {
    Uint8 = 0, Int8 = 1, Uint16 = 2, Int16 = 3, Uint32 = 4, Int32 = 5, Float32 = 6, Bool = 7,
    String = 8, Array = 9, Uint64 = 10, Int64 = 11, Float64 = 12,
};

struct GgufValue;
struct GgufArray {
    GgufType elemType = GgufType::Uint8;
    std::vector<GgufValue> items;
};

// A typed metadata value. Integers are held widened (unsigned in uint64_t,
// signed in int64_t), floats as double; `type` keeps the on-disk width.
struct GgufValue {
    GgufType type = GgufType::Uint32;
    std::variant<uint64_t, int64_t, double, bool, std::string, GgufArray> v;

    static GgufValue u32(uint32_t x) { return {GgufType::Uint32, uint64_t(x)}; }
    static GgufValue u64(uint64_t x) { return {GgufType::Uint64, x}; }
    static GgufValue i32(int32_t x) { return {GgufType::Int32, int64_t(x)}; }
    static GgufValue i64(int64_t x) { return {GgufType::Int64, x}; }
    static GgufValue f32(float x) { return {GgufType::Float32, double(x)}; }
    static GgufValue f64(double x) { return {GgufType::Float64, x}; }
    static GgufValue boolean(bool x) { return {GgufType::Bool, x}; }
    static GgufValue str(std::string s) { return {GgufType::String, std::move(s)}; }
    static GgufValue array(GgufType elemType, std::vector<GgufValue> items);
    static GgufValue strings(const std::vector<std::string>& s);
    static GgufValue floats(const std::vector<float>& f);
    static GgufValue ints(const std::vector<int32_t>& i);

    // Typed accessors; throw wb::Error naming the expected type.
    int64_t asInt() const; // any integer type (uint64 above INT64_MAX throws)
    double asFloat() const; // float or integer types
    bool asBool() const;
    const std::string& asString() const;
    const GgufArray& asArray() const;
    std::vector<std::string> asStrings() const;
};

using GgufKV = std::pair<std::string, GgufValue>;

// ggml type ids for the tensor types supported here.
uint32_t ggmlTypeId(DType t); // throws wb::Error for types GGUF cannot store
std::optional<DType> dtypeFromGgml(uint32_t id);

class GgufFile {
public:
    static GgufFile parse(std::span<const uint8_t> bytes, std::string nameForErrors);
    static GgufFile open(const std::string& path);

    const std::string& name() const { return name_; }
    uint32_t version() const { return version_; }
    uint64_t alignment() const { return alignment_; }
    const std::vector<GgufKV>& metadata() const { return kvs_; } // file order
    const GgufValue* find(std::string_view key) const;
    const GgufValue& at(std::string_view key) const; // throws wb::Error
    // File order; shape is row-major (GGML dims reversed).
    const std::vector<TensorView>& tensors() const { return tensors_; }
    const TensorView* findTensor(std::string_view name) const;
    const TensorView& tensor(std::string_view name) const; // throws wb::Error

private:
    std::string name_;
    std::shared_ptr<const MappedFile> file_;
    uint32_t version_ = 0;
    uint64_t alignment_ = 32;
    std::vector<GgufKV> kvs_;
    std::vector<TensorView> tensors_;
};

struct GgufTensorOut {
    TensorView source; // F32 (F16/Q8_0 sources are written as they are)
    DType type;        // F32, F16 or Q8_0 (row length a multiple of 32)
};

// Writes GGUF v3 to path + ".tmp" then renames. The alignment is
// general.alignment when present in `kvs` (a power of two), else 32. Throws
// wb::Error naming the tensor or key at fault.
void writeGguf(const std::string& path, const std::vector<GgufKV>& kvs, const std::vector<GgufTensorOut>& tensors);

} // namespace wb
