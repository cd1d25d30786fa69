#include "core/weights/safetensors.h"

#include "core/data/record.h"
#include "core/weights/file_write.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <set>

namespace wb {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::string tensorPrefix(const std::string& file, const std::string& tensor)
{
    return file + ": tensor '" + tensor + "': ";
}

int64_t shapeDim(const json& d, const std::string& where)
{
    if (d.is_number_unsigned()) {
        if (d.get<uint64_t>() > uint64_t(std::numeric_limits<int64_t>::max()))
            throw Error(where + "shape dim " + d.dump() + " is absurdly large");
        return int64_t(d.get<uint64_t>());
    }
    if (d.is_number_integer())
        throw Error(where + "shape dim " + d.dump() + " is negative");
    throw Error(where + "shape dim " + d.dump() + " is not an integer");
}

struct Placed {
    uint64_t begin;
    uint64_t end;
    TensorView view;
};

Placed parseTensorEntry(const std::string& file, const std::string& key, const json& v,
                        const uint8_t* data, uint64_t dataSize)
{
    const std::string where = tensorPrefix(file, key);
    if (!v.is_object())
        throw Error(where + "entry is not a JSON object");
    Placed p;
    p.view.name = key;

    auto dt = v.find("dtype");
    if (dt == v.end())
        throw Error(where + "missing \"dtype\"");
    if (!dt->is_string())
        throw Error(where + "\"dtype\" is not a string");
    auto type = dtypeFromName(dt->get_ref<const std::string&>());
    if (!type || *type == DType::Q8_0)
        throw Error(where + "unknown dtype " + dt->dump());
    p.view.dtype = *type;

    auto sh = v.find("shape");
    if (sh == v.end())
        throw Error(where + "missing \"shape\"");
    if (!sh->is_array())
        throw Error(where + "\"shape\" is not an array");
    for (const auto& d : *sh)
        p.view.shape.push_back(shapeDim(d, where));
    const auto bytes = tensorBytes(p.view.dtype, p.view.shape);
    if (!bytes)
        throw Error(where + "shape " + shapeString(p.view.shape) + " is absurd (element count overflows)");

    auto off = v.find("data_offsets");
    if (off == v.end())
        throw Error(where + "missing \"data_offsets\"");
    if (!off->is_array() || off->size() != 2 || !(*off)[0].is_number_unsigned() || !(*off)[1].is_number_unsigned())
        throw Error(where + "\"data_offsets\" is not an array of two non-negative integers: " + off->dump());
    p.begin = (*off)[0].get<uint64_t>();
    p.end = (*off)[1].get<uint64_t>();
    if (p.end < p.begin)
        throw Error(where + "data_offsets end " + std::to_string(p.end) + " is before begin " + std::to_string(p.begin));
    if (p.end > dataSize)
        throw Error(where + "data_offsets [" + std::to_string(p.begin) + ", " + std::to_string(p.end) +
                    "] lie outside the data section of " + std::to_string(dataSize) + " bytes");
    if (p.end - p.begin != *bytes)
        throw Error(where + "data_offsets cover " + std::to_string(p.end - p.begin) + " bytes but " +
                    std::string(dtypeName(p.view.dtype)) + " " + shapeString(p.view.shape) + " needs " +
                    std::to_string(*bytes));
    p.view.data = data + p.begin;
    p.view.nbytes = size_t(*bytes);
    return p;
}

void parseMetadata(const std::string& file, const json& v, std::map<std::string, std::string>& out)
{
    if (!v.is_object())
        throw Error(file + ": \"__metadata__\" is not an object of strings");
    for (const auto& [k, val] : v.items()) {
        if (!val.is_string())
            throw Error(file + ": \"__metadata__\" field '" + k + "' is not a string");
        out[k] = val.get<std::string>();
    }
}

} // namespace

SafetensorsFile SafetensorsFile::parse(std::span<const uint8_t> bytes, std::string nameForErrors)
{
    SafetensorsFile f;
    f.name_ = std::move(nameForErrors);
    const std::string& file = f.name_;
    if (bytes.size() < 8)
        throw Error(file + ": file is " + std::to_string(bytes.size()) +
                    " bytes, shorter than the 8-byte header length");
    uint64_t n;
    std::memcpy(&n, bytes.data(), 8);
    if (n > kMaxHeaderBytes)
        throw Error(file + ": header length " + std::to_string(n) + " exceeds the limit of " +
                    std::to_string(kMaxHeaderBytes) + " bytes");
    if (n > bytes.size() - 8)
        throw Error(file + ": header length " + std::to_string(n) + " is larger than the " +
                    std::to_string(bytes.size() - 8) + " bytes after it");

    // Duplicate keys are invalid per the spec; nlohmann would keep the last one.
    std::string duplicate;
    std::set<std::string> keys;
    json::parser_callback_t cb = [&](int depth, json::parse_event_t ev, json& parsed) {
        if (ev == json::parse_event_t::key && depth == 1 && !keys.insert(parsed.get<std::string>()).second &&
            duplicate.empty())
            duplicate = parsed.get<std::string>();
        return true;
    };
    const char* hdr = reinterpret_cast<const char*>(bytes.data() + 8);
    json j = json::parse(hdr, hdr + n, cb, /*allow_exceptions=*/false);
    if (j.is_discarded())
        throw Error(file + ": header is not valid JSON");
    if (!j.is_object())
        throw Error(file + ": header is not a JSON object");
    if (!duplicate.empty())
        throw Error(tensorPrefix(file, duplicate) + "appears twice in the header");

    const uint8_t* data = bytes.data() + 8 + n;
    const uint64_t dataSize = bytes.size() - 8 - n;
    std::vector<Placed> placed;
    for (const auto& [key, val] : j.items()) {
        if (key == "__metadata__")
            parseMetadata(file, val, f.metadata_);
        else
            placed.push_back(parseTensorEntry(file, key, val, data, dataSize));
    }

    // The data section must be covered exactly: no overlap, no hole.
    std::sort(placed.begin(), placed.end(),
              [](const Placed& a, const Placed& b) { return std::tie(a.begin, a.end) < std::tie(b.begin, b.end); });
    uint64_t pos = 0;
    for (size_t i = 0; i < placed.size(); ++i) {
        const Placed& p = placed[i];
        if (p.begin < pos)
            throw Error(tensorPrefix(file, p.view.name) + "data_offsets [" + std::to_string(p.begin) + ", " +
                        std::to_string(p.end) + "] overlap tensor '" + placed[i - 1].view.name + "'");
        if (p.begin > pos)
            throw Error(tensorPrefix(file, p.view.name) + "data_offsets begin " + std::to_string(p.begin) +
                        " leaves a hole in the data section after byte " + std::to_string(pos));
        pos = p.end;
    }
    if (pos != dataSize)
        throw Error(file + ": data section has " + std::to_string(dataSize - pos) +
                    " bytes after the last tensor" +
                    (placed.empty() ? std::string() : " '" + placed.back().view.name + "'") +
                    " that no tensor covers");

    f.tensors_.reserve(placed.size());
    for (auto& p : placed) {
        f.index_.emplace(p.view.name, f.tensors_.size());
        f.tensors_.push_back(std::move(p.view));
    }
    return f;
}

SafetensorsFile SafetensorsFile::open(const std::string& path)
{
    auto mapped = std::make_shared<const MappedFile>(path);
    SafetensorsFile f = parse(mapped->bytes(), path);
    f.file_ = std::move(mapped);
    return f;
}

const TensorView* SafetensorsFile::find(std::string_view tensorName) const
{
    auto it = index_.find(tensorName);
    return it == index_.end() ? nullptr : &tensors_[it->second];
}

const TensorView& SafetensorsFile::at(std::string_view tensorName) const
{
    if (const TensorView* t = find(tensorName))
        return *t;
    throw Error(name_ + ": no tensor '" + std::string(tensorName) + "'");
}

void writeSafetensors(const std::string& path, const std::vector<TensorView>& tensors,
                      const std::map<std::string, std::string>& metadata)
{
    json h = json::object();
    if (!metadata.empty())
        h["__metadata__"] = metadata;
    uint64_t off = 0;
    for (const auto& t : tensors) {
        const std::string where = tensorPrefix(path, t.name);
        if (t.name == "__metadata__" || h.contains(t.name))
            throw Error(where + "duplicate or reserved tensor name");
        if (t.dtype == DType::Q8_0)
            throw Error(where + "Q8_0 cannot be stored in safetensors");
        const auto bytes = tensorBytes(t.dtype, t.shape);
        if (!bytes || *bytes != t.nbytes || (t.nbytes > 0 && !t.data))
            throw Error(where + std::to_string(t.nbytes) + " bytes do not match " + std::string(dtypeName(t.dtype)) +
                        " " + shapeString(t.shape));
        h[t.name] = {{"dtype", dtypeName(t.dtype)}, {"shape", t.shape}, {"data_offsets", {off, off + t.nbytes}}};
        off += t.nbytes;
    }
    std::string header;
    try {
        header = h.dump();
    } catch (const json::exception& e) {
        throw Error(path + ": cannot write header: " + e.what());
    }
    header.append((8 - header.size() % 8) % 8, ' ');

    AtomicFileWriter out(path);
    const uint64_t n = header.size();
    out.write(&n, 8);
    out.write(header.data(), header.size());
    for (const auto& t : tensors)
        out.write(t.data, t.nbytes);
    out.commit();
}

// ---- sharded checkpoints ----

namespace {
constexpr const char* kIndexName = "model.safetensors.index.json";

json readJsonFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw Error(path + ": cannot open");
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    json j = json::parse(text, nullptr, false);
    if (j.is_discarded())
        throw Error(path + ": not valid JSON");
    return j;
}
} // namespace

ShardedCheckpoint ShardedCheckpoint::open(const std::string& path)
{
    ShardedCheckpoint c;
    fs::path p(path);
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
        if (fs::exists(p / kIndexName, ec))
            p /= kIndexName;
        else if (fs::exists(p / "model.safetensors", ec))
            p /= "model.safetensors";
        else
            throw Error(path + ": neither " + std::string(kIndexName) + " nor model.safetensors found");
    }
    if (p.extension() == ".safetensors") {
        c.shards_.push_back(SafetensorsFile::open(p.string()));
        c.tensors_ = c.shards_[0].tensors();
    } else {
        const std::string indexPath = p.string();
        const json j = readJsonFile(indexPath);
        auto wm = j.is_object() ? j.find("weight_map") : j.end();
        if (!j.is_object() || wm == j.end() || !wm->is_object())
            throw Error(indexPath + ": missing \"weight_map\" object");
        std::map<std::string, std::vector<std::string>> byShard;
        for (const auto& [tensor, file] : wm->items()) {
            if (!file.is_string())
                throw Error(indexPath + ": weight_map entry for tensor '" + tensor + "' is not a string");
            const std::string shard = file.get<std::string>();
            if (shard.empty() || shard.find('/') != std::string::npos || shard == "..")
                throw Error(indexPath + ": tensor '" + tensor + "': shard name '" + shard + "' is not a file name");
            byShard[shard].push_back(tensor);
        }
        for (const auto& [shard, names] : byShard) {
            const std::string shardPath = (p.parent_path() / shard).string();
            if (!fs::exists(shardPath, ec))
                throw Error(indexPath + ": shard file '" + shardPath + "' (holding tensor '" + names.front() +
                            "') does not exist");
            c.shards_.push_back(SafetensorsFile::open(shardPath));
            for (const auto& name : names) {
                const TensorView* t = c.shards_.back().find(name);
                if (!t)
                    throw Error(indexPath + ": tensor '" + name + "' is listed in the index but missing from shard " +
                                shardPath);
                c.tensors_.push_back(*t);
            }
        }
    }
    std::sort(c.tensors_.begin(), c.tensors_.end(),
              [](const TensorView& a, const TensorView& b) { return a.name < b.name; });
    return c;
}

const TensorView* ShardedCheckpoint::find(std::string_view tensorName) const
{
    auto it = std::lower_bound(tensors_.begin(), tensors_.end(), tensorName,
                               [](const TensorView& t, std::string_view n) { return t.name < n; });
    return it != tensors_.end() && it->name == tensorName ? &*it : nullptr;
}

const TensorView& ShardedCheckpoint::at(std::string_view tensorName) const
{
    if (const TensorView* t = find(tensorName))
        return *t;
    throw Error("sharded checkpoint: no tensor '" + std::string(tensorName) + "'");
}

std::string writeShardedSafetensors(const std::string& dir, const std::vector<TensorView>& tensors,
                                    uint64_t maxShardBytes, const std::map<std::string, std::string>& metadata)
{
    std::vector<std::vector<TensorView>> groups;
    uint64_t groupBytes = 0, total = 0;
    for (const auto& t : tensors) {
        if (groups.empty() || (groupBytes + t.nbytes > maxShardBytes && !groups.back().empty())) {
            groups.emplace_back();
            groupBytes = 0;
        }
        groups.back().push_back(t);
        groupBytes += t.nbytes;
        total += t.nbytes;
    }
    json weightMap = json::object();
    const size_t n = groups.size();
    for (size_t i = 0; i < n; ++i) {
        char name[64];
        std::snprintf(name, sizeof name, "model-%05zu-of-%05zu.safetensors", i + 1, n);
        writeSafetensors((fs::path(dir) / name).string(), groups[i], metadata);
        for (const auto& t : groups[i])
            weightMap[t.name] = name;
    }
    const json index = {{"metadata", {{"total_size", total}}}, {"weight_map", weightMap}};
    const std::string indexPath = (fs::path(dir) / kIndexName).string();
    const std::string text = index.dump(2) + "\n";
    AtomicFileWriter out(indexPath);
    out.write(text.data(), text.size());
    out.commit();
    return indexPath;
}

} // namespace wb
