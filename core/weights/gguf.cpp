#include "core/weights/gguf.h"

#include "core/data/record.h"
#include "core/weights/dtype_convert.h"
#include "core/weights/file_write.h"

#include <algorithm>
#include <cstring>
#include <limits>
#include <set>

namespace wb {

namespace {

constexpr uint32_t kMaxDims = 4;     // GGML_MAX_DIMS
constexpr int kMaxArrayNesting = 2;  // arrays of arrays are legal but unused in practice

struct GgmlTypeId {
    DType type;
    uint32_t id;
};
constexpr GgmlTypeId kGgmlTypes[] = {
    {DType::F32, 0},  {DType::F16, 1},  {DType::Q8_0, 8},  {DType::I8, 24},  {DType::I16, 25},
    {DType::I32, 26}, {DType::I64, 27}, {DType::F64, 28},  {DType::BF16, 30},
};

std::string typeName(GgufType t)
{
    static const char* names[] = {"uint8", "int8",  "uint16", "int16",  "uint32", "int32", "float32",
                                  "bool",  "string", "array", "uint64", "int64",  "float64"};
    const auto i = uint32_t(t);
    return i < std::size(names) ? names[i] : "type " + std::to_string(i);
}

size_t fixedSize(GgufType t)
{
    switch (t) {
    case GgufType::Uint8: case GgufType::Int8: case GgufType::Bool: return 1;
    case GgufType::Uint16: case GgufType::Int16: return 2;
    case GgufType::Uint32: case GgufType::Int32: case GgufType::Float32: return 4;
    case GgufType::Uint64: case GgufType::Int64: case GgufType::Float64: return 8;
    case GgufType::String: return 8;  // minimum: the length
    case GgufType::Array: return 12;  // minimum: element type + count
    }
    return 0;
}

uint64_t alignUp(uint64_t x, uint64_t a) { return (x + a - 1) / a * a; }

class ByteReader {
public:
    ByteReader(std::span<const uint8_t> b, const std::string& file) : b_(b), file_(file) {}
    size_t pos() const { return pos_; }
    size_t remaining() const { return b_.size() - pos_; }
    void need(uint64_t n, const std::string& what) const
    {
        if (n > remaining())
            throw Error(file_ + ": truncated at byte " + std::to_string(pos_) + " reading " + what + " (" +
                        std::to_string(n) + " bytes needed, " + std::to_string(remaining()) + " left)");
    }
    template <typename T>
    T read(const std::string& what)
    {
        need(sizeof(T), what);
        T v;
        std::memcpy(&v, b_.data() + pos_, sizeof(T));
        pos_ += sizeof(T);
        return v;
    }
    std::string str(const std::string& what)
    {
        const uint64_t n = read<uint64_t>(what + " length");
        need(n, what);
        std::string s(reinterpret_cast<const char*>(b_.data() + pos_), size_t(n));
        pos_ += size_t(n);
        return s;
    }

private:
    std::span<const uint8_t> b_;
    const std::string& file_;
    size_t pos_ = 0;
};

GgufValue readValue(ByteReader& r, GgufType t, const std::string& where, int depth)
{
    switch (t) {
    case GgufType::Uint8: return {t, uint64_t(r.read<uint8_t>(where))};
    case GgufType::Uint16: return {t, uint64_t(r.read<uint16_t>(where))};
    case GgufType::Uint32: return {t, uint64_t(r.read<uint32_t>(where))};
    case GgufType::Uint64: return {t, r.read<uint64_t>(where)};
    case GgufType::Int8: return {t, int64_t(r.read<int8_t>(where))};
    case GgufType::Int16: return {t, int64_t(r.read<int16_t>(where))};
    case GgufType::Int32: return {t, int64_t(r.read<int32_t>(where))};
    case GgufType::Int64: return {t, r.read<int64_t>(where)};
    case GgufType::Float32: return {t, double(r.read<float>(where))};
    case GgufType::Float64: return {t, r.read<double>(where)};
    case GgufType::Bool: {
        const uint8_t b = r.read<uint8_t>(where);
        if (b > 1)
            throw Error(where + ": bool byte is " + std::to_string(b));
        return {t, b == 1};
    }
    case GgufType::String: return {t, r.str(where)};
    case GgufType::Array: {
        if (depth >= kMaxArrayNesting)
            throw Error(where + ": arrays nested too deeply");
        GgufArray a;
        const uint32_t et = r.read<uint32_t>(where + " array type");
        if (fixedSize(GgufType(et)) == 0)
            throw Error(where + ": unknown array element type " + std::to_string(et));
        a.elemType = GgufType(et);
        const uint64_t n = r.read<uint64_t>(where + " array length");
        if (n > r.remaining() / fixedSize(a.elemType))
            throw Error(where + ": array length " + std::to_string(n) + " exceeds the bytes left in the file");
        a.items.reserve(size_t(n));
        for (uint64_t i = 0; i < n; ++i)
            a.items.push_back(readValue(r, a.elemType, where + "[" + std::to_string(i) + "]", depth + 1));
        return {t, std::move(a)};
    }
    }
    throw Error(where + ": unknown value type " + std::to_string(uint32_t(t)));
}

void writeValue(AtomicFileWriter& w, const GgufValue& v, const std::string& where, bool withType)
{
    auto fail = [&] { return Error(where + ": value does not hold a " + typeName(v.type)); };
    if (withType) {
        const uint32_t t = uint32_t(v.type);
        w.write(&t, 4);
    }
    auto put = [&](auto x) { w.write(&x, sizeof x); };
    const auto* u = std::get_if<uint64_t>(&v.v);
    const auto* s = std::get_if<int64_t>(&v.v);
    const auto* d = std::get_if<double>(&v.v);
    switch (v.type) {
    case GgufType::Uint8: if (!u) throw fail(); put(uint8_t(*u)); break;
    case GgufType::Uint16: if (!u) throw fail(); put(uint16_t(*u)); break;
    case GgufType::Uint32: if (!u) throw fail(); put(uint32_t(*u)); break;
    case GgufType::Uint64: if (!u) throw fail(); put(*u); break;
    case GgufType::Int8: if (!s) throw fail(); put(int8_t(*s)); break;
    case GgufType::Int16: if (!s) throw fail(); put(int16_t(*s)); break;
    case GgufType::Int32: if (!s) throw fail(); put(int32_t(*s)); break;
    case GgufType::Int64: if (!s) throw fail(); put(*s); break;
    case GgufType::Float32: if (!d) throw fail(); put(float(*d)); break;
    case GgufType::Float64: if (!d) throw fail(); put(*d); break;
    case GgufType::Bool: {
        const auto* b = std::get_if<bool>(&v.v);
        if (!b) throw fail();
        put(uint8_t(*b ? 1 : 0));
        break;
    }
    case GgufType::String: {
        const auto* str = std::get_if<std::string>(&v.v);
        if (!str) throw fail();
        put(uint64_t(str->size()));
        w.write(str->data(), str->size());
        break;
    }
    case GgufType::Array: {
        const auto* a = std::get_if<GgufArray>(&v.v);
        if (!a) throw fail();
        put(uint32_t(a->elemType));
        put(uint64_t(a->items.size()));
        for (size_t i = 0; i < a->items.size(); ++i) {
            if (a->items[i].type != a->elemType)
                throw Error(where + "[" + std::to_string(i) + "]: element is " + typeName(a->items[i].type) +
                            " in an array of " + typeName(a->elemType));
            writeValue(w, a->items[i], where + "[" + std::to_string(i) + "]", false);
        }
        break;
    }
    default: throw Error(where + ": unknown value type " + std::to_string(uint32_t(v.type)));
    }
}

uint64_t alignmentFrom(const GgufValue& v, const std::string& where)
{
    const auto* u = std::get_if<uint64_t>(&v.v);
    if (v.type != GgufType::Uint32 || !u || *u == 0 || (*u & (*u - 1)) != 0)
        throw Error(where + ": general.alignment must be a uint32 power of two");
    return *u;
}

} // namespace

// ---- values ----

GgufValue GgufValue::array(GgufType elemType, std::vector<GgufValue> items)
{
    return {GgufType::Array, GgufArray{elemType, std::move(items)}};
}

GgufValue GgufValue::strings(const std::vector<std::string>& s)
{
    std::vector<GgufValue> items;
    items.reserve(s.size());
    for (const auto& x : s)
        items.push_back(str(x));
    return array(GgufType::String, std::move(items));
}

GgufValue GgufValue::floats(const std::vector<float>& f)
{
    std::vector<GgufValue> items;
    for (float x : f)
        items.push_back(f32(x));
    return array(GgufType::Float32, std::move(items));
}

GgufValue GgufValue::ints(const std::vector<int32_t>& i)
{
    std::vector<GgufValue> items;
    for (int32_t x : i)
        items.push_back(i32(x));
    return array(GgufType::Int32, std::move(items));
}

int64_t GgufValue::asInt() const
{
    if (const auto* s = std::get_if<int64_t>(&v))
        return *s;
    if (const auto* u = std::get_if<uint64_t>(&v); u && *u <= uint64_t(std::numeric_limits<int64_t>::max()))
        return int64_t(*u);
    throw Error("GGUF value of type " + typeName(type) + " is not an int64-range integer");
}

double GgufValue::asFloat() const
{
    if (const auto* d = std::get_if<double>(&v))
        return *d;
    if (const auto* s = std::get_if<int64_t>(&v))
        return double(*s);
    if (const auto* u = std::get_if<uint64_t>(&v))
        return double(*u);
    throw Error("GGUF value of type " + typeName(type) + " is not a number");
}

bool GgufValue::asBool() const
{
    if (const auto* b = std::get_if<bool>(&v))
        return *b;
    throw Error("GGUF value of type " + typeName(type) + " is not a bool");
}

const std::string& GgufValue::asString() const
{
    if (const auto* s = std::get_if<std::string>(&v))
        return *s;
    throw Error("GGUF value of type " + typeName(type) + " is not a string");
}

const GgufArray& GgufValue::asArray() const
{
    if (const auto* a = std::get_if<GgufArray>(&v))
        return *a;
    throw Error("GGUF value of type " + typeName(type) + " is not an array");
}

std::vector<std::string> GgufValue::asStrings() const
{
    const GgufArray& a = asArray();
    std::vector<std::string> out;
    out.reserve(a.items.size());
    for (const auto& x : a.items)
        out.push_back(x.asString());
    return out;
}

uint32_t ggmlTypeId(DType t)
{
    for (const auto& g : kGgmlTypes)
        if (g.type == t)
            return g.id;
    throw Error("GGUF cannot store dtype " + std::string(dtypeName(t)));
}

std::optional<DType> dtypeFromGgml(uint32_t id)
{
    for (const auto& g : kGgmlTypes)
        if (g.id == id)
            return g.type;
    return std::nullopt;
}

// ---- reader ----

GgufFile GgufFile::parse(std::span<const uint8_t> bytes, std::string nameForErrors)
{
    GgufFile f;
    f.name_ = std::move(nameForErrors);
    const std::string& file = f.name_;
    ByteReader r(bytes, file);
    if (bytes.size() < 4 || std::memcmp(bytes.data(), "GGUF", 4) != 0)
        throw Error(file + ": bad magic: not a GGUF file");
    r.read<uint32_t>("magic");
    f.version_ = r.read<uint32_t>("version");
    if (f.version_ != 2 && f.version_ != 3)
        throw Error(file + ": unsupported GGUF version " + std::to_string(f.version_) + " (2 and 3 are read)");
    const uint64_t nTensors = r.read<uint64_t>("tensor count");
    const uint64_t nKvs = r.read<uint64_t>("metadata count");
    if (nKvs > r.remaining() / 13)
        throw Error(file + ": truncated or corrupt: metadata count " + std::to_string(nKvs) + " exceeds what the file can hold");
    if (nTensors > r.remaining() / 32)
        throw Error(file + ": truncated or corrupt: tensor count " + std::to_string(nTensors) + " exceeds what the file can hold");

    std::set<std::string, std::less<>> keys;
    for (uint64_t i = 0; i < nKvs; ++i) {
        std::string key = r.str(file + ": metadata key " + std::to_string(i));
        const std::string where = file + ": metadata '" + key + "'";
        if (!keys.insert(key).second)
            throw Error(where + " appears twice");
        const uint32_t t = r.read<uint32_t>(where + " type");
        if (fixedSize(GgufType(t)) == 0)
            throw Error(where + ": unknown value type " + std::to_string(t));
        GgufValue v = readValue(r, GgufType(t), where, 0);
        if (key == "general.alignment")
            f.alignment_ = alignmentFrom(v, where);
        f.kvs_.emplace_back(std::move(key), std::move(v));
    }

    struct Info {
        uint64_t offset;
        size_t index;
    };
    std::vector<Info> infos;
    std::set<std::string, std::less<>> names;
    for (uint64_t i = 0; i < nTensors; ++i) {
        TensorView t;
        t.name = r.str(file + ": tensor " + std::to_string(i) + " name");
        const std::string where = file + ": tensor '" + t.name + "'";
        if (!names.insert(t.name).second)
            throw Error(where + " appears twice");
        const uint32_t nDims = r.read<uint32_t>(where + " n_dims");
        if (nDims == 0 || nDims > kMaxDims)
            throw Error(where + ": n_dims " + std::to_string(nDims) + " is not in 1..4");
        t.shape.resize(nDims);
        for (uint32_t d = 0; d < nDims; ++d) {
            const uint64_t ne = r.read<uint64_t>(where + " dims");
            if (ne > uint64_t(std::numeric_limits<int64_t>::max()))
                throw Error(where + ": dim " + std::to_string(ne) + " is absurd");
            t.shape[nDims - 1 - d] = int64_t(ne); // GGML order is innermost first
        }
        const uint32_t type = r.read<uint32_t>(where + " type");
        const auto dt = dtypeFromGgml(type);
        if (!dt)
            throw Error(where + ": unsupported ggml type " + std::to_string(type));
        t.dtype = *dt;
        const auto nb = tensorBytes(t.dtype, t.shape);
        if (!nb)
            throw Error(where + ": shape " + shapeString(t.shape) + " is absurd for " +
                        std::string(dtypeName(t.dtype)) + " (overflow or row not a whole number of blocks)");
        t.nbytes = size_t(*nb);
        const uint64_t offset = r.read<uint64_t>(where + " offset");
        if (offset % f.alignment_ != 0)
            throw Error(where + ": offset " + std::to_string(offset) + " is not a multiple of the alignment " +
                        std::to_string(f.alignment_));
        infos.push_back({offset, f.tensors_.size()});
        f.tensors_.push_back(std::move(t));
    }

    const uint64_t dataStart = alignUp(r.pos(), f.alignment_);
    if (!f.tensors_.empty() && dataStart > bytes.size())
        throw Error(file + ": truncated: data section would start at byte " + std::to_string(dataStart) +
                    " of " + std::to_string(bytes.size()));
    const uint64_t dataSize = dataStart <= bytes.size() ? bytes.size() - dataStart : 0;
    std::sort(infos.begin(), infos.end(), [](const Info& a, const Info& b) { return a.offset < b.offset; });
    uint64_t end = 0;
    const TensorView* prev = nullptr;
    for (const Info& i : infos) {
        TensorView& t = f.tensors_[i.index];
        const std::string where = file + ": tensor '" + t.name + "'";
        if (i.offset > dataSize || t.nbytes > dataSize - i.offset)
            throw Error(where + ": offset " + std::to_string(i.offset) + " + " + std::to_string(t.nbytes) +
                        " bytes is out of range of the " + std::to_string(dataSize) + "-byte data section");
        if (prev && i.offset < end)
            throw Error(where + ": data overlaps tensor '" + prev->name + "'");
        t.data = bytes.data() + dataStart + i.offset;
        end = i.offset + t.nbytes;
        prev = &t;
    }
    return f;
}

GgufFile GgufFile::open(const std::string& path)
{
    auto mapped = std::make_shared<const MappedFile>(path);
    GgufFile f = parse(mapped->bytes(), path);
    f.file_ = std::move(mapped);
    return f;
}

const GgufValue* GgufFile::find(std::string_view key) const
{
    for (const auto& [k, v] : kvs_)
        if (k == key)
            return &v;
    return nullptr;
}

const GgufValue& GgufFile::at(std::string_view key) const
{
    if (const GgufValue* v = find(key))
        return *v;
    throw Error(name_ + ": no metadata key '" + std::string(key) + "'");
}

const TensorView* GgufFile::findTensor(std::string_view name) const
{
    for (const auto& t : tensors_)
        if (t.name == name)
            return &t;
    return nullptr;
}

const TensorView& GgufFile::tensor(std::string_view name) const
{
    if (const TensorView* t = findTensor(name))
        return *t;
    throw Error(name_ + ": no tensor '" + std::string(name) + "'");
}

// ---- writer ----

namespace {

std::vector<uint8_t> encodeTensor(const GgufTensorOut& t, const std::string& where)
{
    const TensorView& s = t.source;
    const auto srcBytes = tensorBytes(s.dtype, s.shape);
    if (!srcBytes || *srcBytes != s.nbytes || (s.nbytes > 0 && !s.data))
        throw Error(where + ": " + std::to_string(s.nbytes) + " bytes do not match " + std::string(dtypeName(s.dtype)) +
                    " " + shapeString(s.shape));
    if (s.dtype == t.type)
        return {s.data, s.data + s.nbytes};
    if (s.dtype != DType::F32)
        throw Error(where + ": cannot convert " + std::string(dtypeName(s.dtype)) + " to " +
                    std::string(dtypeName(t.type)) + " (only F32 sources are converted)");
    std::vector<float> x(s.nbytes / 4);
    std::memcpy(x.data(), s.data, s.nbytes);
    if (t.type == DType::F16) {
        std::vector<uint8_t> out(x.size() * 2);
        for (size_t i = 0; i < x.size(); ++i) {
            const uint16_t h = floatToHalf(x[i]);
            std::memcpy(out.data() + 2 * i, &h, 2);
        }
        return out;
    }
    if (t.type == DType::Q8_0)
        return quantizeQ8_0(x);
    throw Error(where + ": target type " + std::string(dtypeName(t.type)) + " is not supported (F32, F16, Q8_0)");
}

} // namespace

void writeGguf(const std::string& path, const std::vector<GgufKV>& kvs, const std::vector<GgufTensorOut>& tensors)
{
    uint64_t alignment = 32;
    std::set<std::string, std::less<>> keys;
    for (const auto& [k, v] : kvs) {
        if (!keys.insert(k).second)
            throw Error(path + ": metadata '" + k + "' appears twice");
        if (k == "general.alignment")
            alignment = alignmentFrom(v, path + ": metadata '" + k + "'");
    }
    std::set<std::string, std::less<>> names;
    std::vector<uint64_t> offsets;
    uint64_t off = 0;
    for (const auto& t : tensors) {
        const std::string where = path + ": tensor '" + t.source.name + "'";
        if (!names.insert(t.source.name).second)
            throw Error(where + " appears twice");
        if (t.source.shape.empty() || t.source.shape.size() > kMaxDims)
            throw Error(where + ": " + std::to_string(t.source.shape.size()) + " dims, GGUF takes 1..4");
        ggmlTypeId(t.type);
        const auto nb = tensorBytes(t.type, t.source.shape);
        if (!nb)
            throw Error(where + ": shape " + shapeString(t.source.shape) + " cannot be stored as " +
                        std::string(dtypeName(t.type)) + " (Q8_0 needs a last dim that is a multiple of 32)");
        off = alignUp(off, alignment);
        offsets.push_back(off);
        off += *nb;
    }

    AtomicFileWriter w(path);
    auto put = [&](auto x) { w.write(&x, sizeof x); };
    auto putStr = [&](const std::string& s) {
        put(uint64_t(s.size()));
        w.write(s.data(), s.size());
    };
    w.write("GGUF", 4);
    put(uint32_t(3));
    put(uint64_t(tensors.size()));
    put(uint64_t(kvs.size()));
    for (const auto& [k, v] : kvs) {
        putStr(k);
        writeValue(w, v, path + ": metadata '" + k + "'", true);
    }
    for (size_t i = 0; i < tensors.size(); ++i) {
        const auto& t = tensors[i];
        putStr(t.source.name);
        put(uint32_t(t.source.shape.size()));
        for (auto it = t.source.shape.rbegin(); it != t.source.shape.rend(); ++it)
            put(uint64_t(*it));
        put(ggmlTypeId(t.type));
        put(offsets[i]);
    }
    w.pad(size_t(alignUp(w.written(), alignment) - w.written()), 0);
    const uint64_t dataStart = w.written();
    for (size_t i = 0; i < tensors.size(); ++i) {
        w.pad(size_t(dataStart + offsets[i] - w.written()), 0);
        const auto bytes = encodeTensor(tensors[i], path + ": tensor '" + tensors[i].source.name + "'");
        w.write(bytes.data(), bytes.size());
    }
    w.pad(size_t(alignUp(w.written(), alignment) - w.written()), 0);
    w.commit();
}

} // namespace wb
