// llmwb model info: what a weight file or HF model folder holds.
#include "cli/command.h"
#include "cli/common.h"

#include "core/data/record.h"
#include "core/model/config.h"
#include "core/text/gpt2_bpe.h"
#include "core/text/hf_tokenizer.h"
#include "core/weights/gguf.h"
#include "core/weights/llama2c.h"
#include "core/weights/safetensors.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>

namespace wb::cli {

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

struct ModelInfo {
    std::string path;
    std::string format;          // "safetensors", "safetensors (sharded)", "gguf", "llama2c"
    int files = 1;
    std::string family;          // "" when unknown
    json config = json::object();
    std::string configSource;    // config.json path, "gguf metadata" or "llama2c header"
    std::string configWarning;   // set when config.json does not parse as a supported ModelConfig
    std::vector<TensorView> tensors;
    json tokenizer;              // null when none found
    std::shared_ptr<const void> owner;   // the reader whose mapping `tensors` point into
};

std::string readText(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw Error(path + ": cannot open file");
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// config.json: the raw fields, the family from model_type, and whether the
// config is one ModelConfig supports (a warning, not an error: info still helps).
void readConfigJson(const std::string& path, ModelInfo& info)
{
    const std::string text = readText(path);
    json j;
    try {
        j = json::parse(text);
    } catch (const json::parse_error& e) {
        throw Error(path + ": invalid JSON: " + e.what());
    }
    if (!j.is_object())
        throw Error(path + ": expected a JSON object");
    info.config = j;
    info.configSource = path;
    if (j.contains("model_type") && j["model_type"].is_string())
        info.family = j["model_type"].get<std::string>();
    try {
        parseConfig(text, path);
    } catch (const Error& e) {
        info.configWarning = e.what();
    }
}

json tokenizerJsonInfo(const std::string& path)
{
    try {
        auto tok = HfTokenizer::load(path);
        return {{"path", path},
                {"type", tok->isByteLevel() ? "hf-bpe-byte-level" : "hf-bpe-sentencepiece"},
                {"vocab_size", tok->vocabSize()},
                {"supported", true}};
    } catch (const Error& e) {
        // Not loadable by HfTokenizer (WordPiece, Unigram...): report what the file says.
        json out{{"path", path}, {"supported", false}, {"error", e.what()}};
        try {
            json j = json::parse(readText(path));
            const json& model = j.at("model");
            out["type"] = model.value("type", std::string("unknown"));
            if (model.contains("vocab") && (model["vocab"].is_object() || model["vocab"].is_array()))
                out["vocab_size"] = model["vocab"].size();
        } catch (const std::exception&) {
            out["type"] = "unknown";
        }
        return out;
    }
}

// A tokenizer next to the weights: tokenizer.json, or GPT-2's encoder.json + vocab.bpe.
json findTokenizer(const fs::path& dir)
{
    const fs::path tj = dir / "tokenizer.json";
    if (fs::is_regular_file(tj)) {
        json t = tokenizerJsonInfo(tj.string());
        const fs::path tc = dir / "tokenizer_config.json";
        if (fs::is_regular_file(tc)) {
            try {
                json c = json::parse(readText(tc.string()));
                if (c.contains("tokenizer_class") && c["tokenizer_class"].is_string())
                    t["tokenizer_class"] = c["tokenizer_class"];
                if (c.contains("chat_template"))
                    t["has_chat_template"] = true;
            } catch (const json::parse_error& e) {
                throw Error(tc.string() + ": invalid JSON: " + e.what());
            }
        }
        return t;
    }
    const fs::path enc = dir / "encoder.json", merges = dir / "vocab.bpe";
    if (fs::is_regular_file(enc) && fs::is_regular_file(merges)) {
        auto tok = Gpt2Bpe::load(enc.string(), merges.string());
        return {{"path", dir.string()}, {"type", "gpt2-bpe"}, {"vocab_size", tok->vocabSize()}, {"supported", true}};
    }
    return nullptr;
}

json ggufValueJson(const GgufValue& v)
{
    switch (v.type) {
    case GgufType::String: return v.asString();
    case GgufType::Bool: return v.asBool();
    case GgufType::Float32:
    case GgufType::Float64: return v.asFloat();
    case GgufType::Array: {
        const GgufArray& a = v.asArray();
        if (a.items.size() > 16)   // vocabularies and merges: too long to print
            return "[" + std::to_string(a.items.size()) + " items]";
        json out = json::array();
        for (const auto& item : a.items)
            out.push_back(ggufValueJson(item));
        return out;
    }
    case GgufType::Uint64:
    case GgufType::Uint32:
    case GgufType::Uint16:
    case GgufType::Uint8:
        return std::get<uint64_t>(v.v);
    default: return v.asInt();
    }
}

bool hasMagic(const std::string& path, const char* magic)
{
    std::ifstream in(path, std::ios::binary);
    char buf[4] = {};
    return in.read(buf, 4) && std::string(buf, 4) == magic;
}

ModelInfo inspect(const std::string& path)
{
    ModelInfo info;
    info.path = path;
    std::error_code ec;
    if (!fs::exists(path, ec))
        throw Error(path + ": no such file or directory");

    if (fs::is_directory(path)) {
        const fs::path dir(path);
        if (fs::is_regular_file(dir / "config.json"))
            readConfigJson((dir / "config.json").string(), info);
        if (!fs::is_regular_file(dir / "model.safetensors.index.json") && !fs::is_regular_file(dir / "model.safetensors"))
            throw Error(path + ": no model.safetensors or model.safetensors.index.json in this folder");
        auto ckpt = std::make_shared<ShardedCheckpoint>(ShardedCheckpoint::open(path));
        info.tensors = ckpt->tensors();
        info.files = static_cast<int>(ckpt->shards().size());
        info.owner = ckpt;
        info.format = fs::is_regular_file(dir / "model.safetensors.index.json") ? "safetensors (sharded)" : "safetensors";
        info.tokenizer = findTokenizer(dir);
        return info;
    }

    const fs::path file(path);
    const fs::path dir = file.has_parent_path() ? file.parent_path() : fs::path(".");
    const std::string ext = file.extension().string();

    if (hasMagic(path, "GGUF")) {
        auto gguf = std::make_shared<GgufFile>(GgufFile::open(path));
        info.owner = gguf;
        const GgufFile& g = *gguf;
        info.format = "gguf";
        info.tensors = g.tensors();
        info.configSource = "gguf metadata";
        json tok = json::object();
        for (const auto& [key, value] : g.metadata()) {
            info.config[key] = ggufValueJson(value);
            if (key == "tokenizer.ggml.model")
                tok["type"] = "gguf-" + value.asString();
            if (key == "tokenizer.ggml.tokens")
                tok["vocab_size"] = value.asArray().items.size();
        }
        if (const GgufValue* arch = g.find("general.architecture"))
            info.family = arch->asString();
        info.tokenizer = tok.empty() ? json(nullptr) : tok;
        return info;
    }
    if (ext == ".json") {   // a sharded index named directly
        auto ckpt = std::make_shared<ShardedCheckpoint>(ShardedCheckpoint::open(path));
        info.tensors = ckpt->tensors();
        info.files = static_cast<int>(ckpt->shards().size());
        info.owner = ckpt;
        info.format = "safetensors (sharded)";
    } else if (ext == ".bin") {
        auto l2c = std::make_shared<Llama2cCheckpoint>(Llama2cCheckpoint::open(path));
        info.owner = l2c;
        const Llama2cCheckpoint& c = *l2c;
        const Llama2cConfig& lc = c.config();
        info.format = "llama2c";
        info.family = "llama";
        info.tensors = c.tensors();
        info.configSource = "llama2c header";
        info.config = {{"dim", lc.dim},           {"hidden_dim", lc.hiddenDim},
                       {"n_layers", lc.nLayers},  {"n_heads", lc.nHeads},
                       {"n_kv_heads", lc.nKvHeads}, {"vocab_size", lc.vocabSize},
                       {"seq_len", lc.seqLen},    {"tied_embeddings", lc.tiedEmbeddings}};
        info.tokenizer = findTokenizer(dir);
        return info;
    } else {
        // Anything else is read as safetensors: its strict parser names what is wrong.
        auto st = std::make_shared<SafetensorsFile>(SafetensorsFile::open(path));
        info.tensors = st->tensors();
        info.owner = st;
        info.format = "safetensors";
    }
    if (fs::is_regular_file(dir / "config.json"))
        readConfigJson((dir / "config.json").string(), info);
    info.tokenizer = findTokenizer(dir);
    return info;
}

std::string withSeparators(int64_t n)
{
    std::string s = std::to_string(n), out;
    for (size_t i = 0; i < s.size(); ++i) {
        if (i > 0 && (s.size() - i) % 3 == 0)
            out += ',';
        out += s[i];
    }
    return out;
}

int modelInfo(const ParsedArgs& a)
{
    const ModelInfo info = inspect(a.positional[0]);
    int64_t params = 0;
    uint64_t bytes = 0;
    std::map<std::string, std::pair<int64_t, int64_t>> byDtype;   // name -> (tensors, params)
    json tensors = json::array();
    for (const auto& t : info.tensors) {
        const int64_t n = numel(t.shape).value_or(0);
        params += n;
        bytes += t.nbytes;
        auto& d = byDtype[std::string(dtypeName(t.dtype))];
        d.first += 1;
        d.second += n;
        tensors.push_back({{"name", t.name}, {"dtype", std::string(dtypeName(t.dtype))}, {"shape", t.shape}});
    }

    if (a.has("json")) {
        json dtypes = json::object();
        for (const auto& [name, d] : byDtype)
            dtypes[name] = {{"tensors", d.first}, {"parameters", d.second}};
        json out{{"path", info.path},
                 {"format", info.format},
                 {"files", info.files},
                 {"family", info.family.empty() ? json(nullptr) : json(info.family)},
                 {"parameters", params},
                 {"bytes", bytes},
                 {"dtypes", dtypes},
                 {"tensor_count", info.tensors.size()},
                 {"tensors", tensors},
                 {"config", info.config},
                 {"config_source", info.configSource.empty() ? json(nullptr) : json(info.configSource)},
                 {"tokenizer", info.tokenizer}};
        if (!info.configWarning.empty())
            out["config_warning"] = info.configWarning;
        printJson(out);
        return kExitOk;
    }

    std::printf("path:        %s\n", info.path.c_str());
    std::printf("format:      %s%s\n", info.format.c_str(),
                info.files > 1 ? (" (" + std::to_string(info.files) + " files)").c_str() : "");
    std::printf("family:      %s\n", info.family.empty() ? "unknown" : info.family.c_str());
    std::printf("parameters:  %s\n", withSeparators(params).c_str());
    std::printf("size:        %s in %zu tensors\n", humanBytes(static_cast<int64_t>(bytes)).c_str(), info.tensors.size());
    for (const auto& [name, d] : byDtype)
        std::printf("dtype:       %-5s %lld tensors, %s parameters\n", name.c_str(), static_cast<long long>(d.first),
                    withSeparators(d.second).c_str());
    if (info.tokenizer.is_null()) {
        std::printf("tokenizer:   none found\n");
    } else {
        std::printf("tokenizer:   %s, vocab %s\n", info.tokenizer.value("type", std::string("unknown")).c_str(),
                    info.tokenizer.contains("vocab_size") ? info.tokenizer["vocab_size"].dump().c_str() : "?");
    }
    if (!info.configSource.empty()) {
        std::printf("config (%s):\n", info.configSource.c_str());
        for (const auto& [key, value] : info.config.items())
            std::printf("  %s = %s\n", key.c_str(), value.dump(-1, ' ', false, json::error_handler_t::replace).c_str());
    }
    if (!info.configWarning.empty())
        std::printf("warning:     %s\n", info.configWarning.c_str());
    if (a.has("tensors")) {
        std::printf("tensors:\n");
        for (const auto& t : info.tensors)
            std::printf("  %s  %s  %s\n", t.name.c_str(), std::string(dtypeName(t.dtype)).c_str(), shapeString(t.shape).c_str());
    }
    return kExitOk;
}

} // namespace

CommandGroup modelCommands()
{
    CommandGroup g{"model", "Inspect model weights (safetensors, GGUF, llama2.c).", {}};
    g.commands.push_back(Command{
        "info",
        "show a model's family, parameters, dtypes, config and tokenizer",
        "usage: llmwb model info PATH [--json] [--tensors]\n"
        "\n"
        "PATH is a Hugging Face model folder (config.json plus model.safetensors or\n"
        "model.safetensors.index.json, optionally tokenizer.json), a .safetensors\n"
        "file, a sharded index .json, a .gguf file or a llama2.c .bin checkpoint.\n"
        "A config.json and tokenizer next to a single file are reported too.\n"
        "\n"
        "options:\n"
        "  --json      print everything, the tensor list included, as JSON\n"
        "  --tensors   list every tensor (name, dtype, shape) in the text output\n",
        {{"json", false}, {"tensors", false}},
        1,
        1,
        modelInfo});
    return g;
}

} // namespace wb::cli
