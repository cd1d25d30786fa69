#include "core/model/model_export.h"

#include "core/data/record.h"
#include "core/model/init.h"
#include "core/model/model_weights.h"
#include "core/weights/dtype_convert.h"
#include "core/weights/file_write.h"
#include "core/weights/safetensors.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace wb {

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const char* torchDtypeName(DType t)
{
    switch (t) {
    case DType::F16: return "float16";
    case DType::BF16: return "bfloat16";
    default: return "float32";
    }
}

bool isFloatType(DType t)
{
    return t == DType::F32 || t == DType::F16 || t == DType::BF16 || t == DType::F64 || t == DType::Q8_0;
}

// Files of the other checkpoint layout, removed once the new one is written.
void removeStaleCheckpoint(const fs::path& dir, bool wroteSharded)
{
    std::error_code ec;
    if (wroteSharded) {
        fs::remove(dir / "model.safetensors", ec);
        return;
    }
    fs::remove(dir / "model.safetensors.index.json", ec);
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
        const std::string name = entry.path().filename().string();
        if (name.starts_with("model-") && name.ends_with(".safetensors") && name.find("-of-") != std::string::npos)
            fs::remove(entry.path(), ec);
    }
}

} // namespace

const std::vector<std::string>& tokenizerFileNames()
{
    static const std::vector<std::string> names{
        "tokenizer.json",  "tokenizer_config.json", "special_tokens_map.json", "tokenizer.model",
        "added_tokens.json", "vocab.json",          "merges.txt",              "encoder.json",
        "vocab.bpe",       "chat_template.jinja",
    };
    return names;
}

std::string hfConfigJson(const ModelConfig& config, DType dtype)
{
    json j = json::parse(toJson(config));
    j["torch_dtype"] = torchDtypeName(dtype);
    return j.dump(2) + "\n";
}

std::string generationConfigJson(const ModelConfig& c)
{
    json j = json::object();
    j["_from_model_config"] = true;
    if (c.bosTokenId) j["bos_token_id"] = *c.bosTokenId;
    if (c.eosTokenIds.size() == 1) j["eos_token_id"] = c.eosTokenIds[0];
    else if (!c.eosTokenIds.empty()) j["eos_token_id"] = c.eosTokenIds;
    if (c.padTokenId) j["pad_token_id"] = *c.padTokenId;
    return j.dump(2) + "\n";
}

void writeTextFileAtomic(const std::string& path, const std::string& text)
{
    AtomicFileWriter w(path);
    w.write(text.data(), text.size());
    w.commit();
}

std::vector<std::string> copyTokenizerFiles(const std::string& fromDir, const std::string& toDir)
{
    std::vector<std::string> written;
    for (const std::string& name : tokenizerFileNames()) {
        const fs::path src = fs::path(fromDir) / name;
        if (!fs::is_regular_file(src)) continue;
        const fs::path dst = fs::path(toDir) / name;
        std::error_code ec;
        if (fs::exists(dst, ec) && fs::equivalent(src, dst, ec)) continue;   // exporting into the source folder
        std::ifstream in(src, std::ios::binary);
        if (!in) throw Error(src.string() + ": cannot open file");
        std::ostringstream s;
        s << in.rdbuf();
        writeTextFileAtomic(dst.string(), s.str());
        written.push_back(dst.string());
    }
    return written;
}

std::vector<std::string> writeHfModel(const std::string& dir, const ModelConfig& config,
                                      const std::vector<TensorView>& tensors, const HfExportOptions& options)
{
    if (options.dtype != DType::F32 && options.dtype != DType::F16 && options.dtype != DType::BF16)
        throw Error(dir + ": safetensors export dtype " + exportDTypeName(options.dtype) +
                    " is not supported (f32, f16, bf16)");
    validateConfig(config, dir + "/config.json");
    if (config.family != ModelFamily::Bert) checkWeights(config, tensors, dir);

    std::error_code ec;
    fs::create_directories(dir, ec);
    if (!fs::is_directory(dir)) throw Error(dir + ": cannot create folder" + (ec ? ": " + ec.message() : ""));

    // Tensors already in the output type are written straight from their
    // views (zero copy from a mapped source); the others are converted.
    std::vector<OwnedTensor> converted;
    converted.reserve(tensors.size());
    std::vector<TensorView> out;
    out.reserve(tensors.size());
    uint64_t total = 0;
    for (const TensorView& t : tensors) {
        if (t.dtype == options.dtype || !isFloatType(t.dtype)) {
            out.push_back(t);
        } else {
            const std::vector<float> values = toFloat32(t);
            converted.push_back(OwnedTensor::fromFloats(t.name, t.shape, values, options.dtype));
            out.push_back(converted.back().view());
        }
        total += out.back().nbytes;
    }

    std::vector<std::string> written;
    const std::map<std::string, std::string> metadata{{"format", "pt"}};   // transformers requires it
    const bool sharded = total > options.maxShardBytes;
    if (sharded) {
        const std::string index = writeShardedSafetensors(dir, out, options.maxShardBytes, metadata);
        const ShardedCheckpoint check = ShardedCheckpoint::open(index);
        for (const auto& shard : check.shards()) written.push_back(shard.name());
        written.push_back(index);
    } else {
        const std::string path = (fs::path(dir) / "model.safetensors").string();
        writeSafetensors(path, out, metadata);
        written.push_back(path);
    }
    removeStaleCheckpoint(dir, sharded);

    const std::string configPath = (fs::path(dir) / "config.json").string();
    writeTextFileAtomic(configPath, hfConfigJson(config, options.dtype));
    written.push_back(configPath);
    const std::string genPath = (fs::path(dir) / "generation_config.json").string();
    writeTextFileAtomic(genPath, generationConfigJson(config));
    written.push_back(genPath);

    if (!options.tokenizerSourceDir.empty()) {
        for (auto& p : copyTokenizerFiles(options.tokenizerSourceDir, dir)) written.push_back(std::move(p));
    } else if (!options.tokenizerJson.empty()) {
        const std::string path = (fs::path(dir) / "tokenizer.json").string();
        writeTextFileAtomic(path, options.tokenizerJson);
        written.push_back(path);
    }
    return written;
}

} // namespace wb
