// llmwb model info|new|convert: inspect weight files and HF model folders,
// build a randomly initialised model, convert between safetensors, GGUF and
// llama2.c. No LibTorch here: llmwb keeps starting in milliseconds.
#include "cli/command.h"
#include "cli/common.h"

#include "core/data/record.h"
#include "core/model/config.h"
#include "core/model/init.h"
#include "core/model/model_export.h"
#include "core/model/model_weights.h"
#include "core/text/gpt2_bpe.h"
#include "core/text/hf_tokenizer.h"
#include "core/weights/gguf.h"
#include "core/weights/gguf_model.h"
#include "core/weights/gguf_tokenizer.h"
#include "core/weights/llama2c.h"
#include "core/weights/llama2c_import.h"
#include "core/weights/safetensors.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <climits>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
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

// The tokenizer.ggml.* metadata: model, pre-tokenizer, vocabulary, merges,
// special ids; an inconsistent vocabulary is reported, not fatal for info.
json ggufTokenizerInfo(const GgufFile& g)
{
    std::optional<GgufVocab> v;
    try {
        v = vocabFromGguf(g);
    } catch (const Error& e) {
        return {{"type", "gguf"}, {"supported", false}, {"error", e.what()}};
    }
    if (!v) return nullptr;
    json t{{"type", "gguf-" + v->model},
           {"model", v->model},
           {"vocab_size", v->tokens.size()},
           {"supported", v->model == "gpt2" || v->model == "llama"}};
    if (!v->pre.empty()) t["pre"] = v->pre;
    if (!v->merges.empty()) t["merges"] = v->merges.size();
    if (!v->scores.empty()) t["scores"] = true;
    int control = 0, unused = 0;
    for (int32_t type : v->types) {
        control += type == int32_t(GgufTokenType::Control);
        unused += type == int32_t(GgufTokenType::Unused);
    }
    t["control_tokens"] = control;
    t["unused_tokens"] = unused;
    auto id = [&](const char* key, const std::optional<int>& x) {
        if (x) t[key] = {{"id", *x}, {"token", v->tokens[size_t(*x)]}};
    };
    id("bos", v->bos);
    id("eos", v->eos);
    id("unk", v->unk);
    id("pad", v->pad);
    return t;
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
        for (const auto& [key, value] : g.metadata())
            info.config[key] = ggufValueJson(value);
        if (const GgufValue* arch = g.find("general.architecture"))
            info.family = arch->asString();
        info.tokenizer = ggufTokenizerInfo(g);
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
        std::string extra;
        if (info.tokenizer.contains("pre")) extra += ", pre " + info.tokenizer["pre"].get<std::string>();
        if (info.tokenizer.contains("merges")) extra += ", " + info.tokenizer["merges"].dump() + " merges";
        for (const char* k : {"bos", "eos"})
            if (info.tokenizer.contains(k))
                extra += std::string(", ") + k + " " + info.tokenizer[k]["id"].dump() + " " + info.tokenizer[k]["token"].dump();
        std::printf("tokenizer:   %s, vocab %s%s\n", info.tokenizer.value("type", std::string("unknown")).c_str(),
                    info.tokenizer.contains("vocab_size") ? info.tokenizer["vocab_size"].dump().c_str() : "?",
                    extra.c_str());
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

// ---- model new / convert ----

// A folder that already holds a model is never overwritten without --force.
void refuseExisting(const std::string& out, bool force, bool outputIsFile)
{
    std::error_code ec;
    if (force || !fs::exists(out, ec)) return;
    if (outputIsFile) {
        if (fs::is_directory(out)) throw Error(out + ": is a folder; the GGUF output is a file path");
        throw Error(out + ": already exists (use --force to overwrite it)");
    }
    if (!fs::is_directory(out)) throw Error(out + ": exists and is not a folder");
    for (const char* name : {"config.json", "model.safetensors", "model.safetensors.index.json"})
        if (fs::exists(fs::path(out) / name))
            throw Error(out + ": already holds a model (" + name + "); use --force to overwrite it");
}

ModelFamily familyArg(const ParsedArgs& a)
{
    if (!a.has("family")) throw UsageError("--family is required (llama, gpt2, qwen2, mistral)");
    ModelFamily f;
    try {
        f = modelFamilyFromString(a.value("family"));
    } catch (const Error& e) {
        throw UsageError(std::string("option '--family': ") + e.what());
    }
    if (f == ModelFamily::Bert) throw UsageError("option '--family': bert is not a causal language model (llama, gpt2, qwen2, mistral)");
    return f;
}

DType dtypeArg(const ParsedArgs& a, const std::vector<DType>& allowed, DType def)
{
    if (!a.has("dtype")) return def;
    DType t;
    try {
        t = exportDTypeFromString(a.value("dtype"));
    } catch (const Error& e) {
        throw UsageError(std::string("option '--dtype': ") + e.what());
    }
    if (std::find(allowed.begin(), allowed.end(), t) == allowed.end()) {
        std::string names;
        for (DType x : allowed) names += (names.empty() ? "" : ", ") + exportDTypeName(x);
        throw UsageError("option '--dtype': " + exportDTypeName(t) + " is not possible here (" + names + ")");
    }
    return t;
}

// bos/eos of a tokenizer given to `model new`: its tokenizer_config.json, else
// the usual names of the start and end tokens.
void specialIdsFromVocab(const GgufVocab& v, ModelConfig& c)
{
    auto find = [&](std::initializer_list<const char*> names) -> std::optional<int> {
        for (const char* n : names)
            for (size_t i = 0; i < v.tokens.size(); ++i)
                if (v.tokens[i] == n && v.types[i] != int32_t(GgufTokenType::Unused)) return int(i);
        return std::nullopt;
    };
    c.bosTokenId = v.bos ? v.bos : find({"<s>", "<|begin_of_text|>", "<|endoftext|>"});
    const auto eos = v.eos ? v.eos : find({"</s>", "<|end_of_text|>", "<|endoftext|>", "<|im_end|>"});
    c.eosTokenIds = eos ? std::vector<int>{*eos} : std::vector<int>{};
    c.padTokenId = v.pad;
}

int64_t parameterCount(const std::vector<TensorView>& tensors)
{
    int64_t n = 0;
    for (const auto& t : tensors) n += numel(t.shape).value_or(0);
    return n;
}

int modelNew(const ParsedArgs& a)
{
    const std::string out = a.positional[0];
    const ModelFamily family = familyArg(a);
    const std::string preset = a.value("preset", "tiny");
    const DType dtype = dtypeArg(a, {DType::F32, DType::BF16}, DType::F32);
    const uint64_t seed = uint64_t(a.has("seed") ? toInt("seed", a.value("seed"), 0, INT64_MAX) : 0);
    ModelConfig c;
    try {
        c = presetConfig(family, preset);
    } catch (const Error& e) {
        throw UsageError(std::string("option '--preset': ") + e.what());
    }

    std::optional<GgufVocab> vocab;
    std::string tokenizerPath;
    if (a.has("tokenizer")) {
        tokenizerPath = a.value("tokenizer");
        ModelConfig probe = c;
        probe.vocabSize = 0;   // the tokenizer's own size
        probe.bosTokenId.reset();
        probe.eosTokenIds.clear();
        probe.padTokenId.reset();
        if (fs::is_directory(tokenizerPath)) {
            vocab = vocabFromFolder(tokenizerPath, probe);
            if (!vocab)
                throw Error(tokenizerPath + ": no tokenizer.model, tokenizer.json, vocab.json + merges.txt or "
                            "encoder.json + vocab.bpe in this folder");
        } else {
            vocab = vocabFromFile(tokenizerPath, probe);
        }
        c.vocabSize = int(vocab->tokens.size());
        specialIdsFromVocab(*vocab, c);
    }
    if (a.has("vocab-size")) {
        const int v = int(toInt("vocab-size", a.value("vocab-size"), 1, 1 << 24));
        if (vocab && v < int(vocab->tokens.size()))
            throw UsageError("option '--vocab-size': " + std::to_string(v) + " is smaller than the tokenizer's " +
                             std::to_string(vocab->tokens.size()) + " tokens");
        if (!vocab && family == ModelFamily::Gpt2) {   // GPT-2's end-of-text is the last id
            c.bosTokenId = v - 1;
            c.eosTokenIds = {v - 1};
        }
        c.vocabSize = v;
    }
    auto inVocab = [&](const std::optional<int>& id) { return id && *id < c.vocabSize; };
    if (!inVocab(c.bosTokenId)) c.bosTokenId.reset();
    if (!c.eosTokenIds.empty() && !inVocab(c.eosTokenIds[0])) c.eosTokenIds.clear();
    if (!inVocab(c.padTokenId)) c.padTokenId.reset();
    validateConfig(c, "model new");

    refuseExisting(out, a.has("force"), false);
    const std::vector<OwnedTensor> weights = initWeights(c, seed, dtype);
    std::vector<TensorView> views;
    for (const auto& t : weights) views.push_back(t.view());
    HfExportOptions options;
    options.dtype = dtype;
    if (vocab) {
        if (fs::is_directory(tokenizerPath)) options.tokenizerSourceDir = tokenizerPath;
        else if (fs::path(tokenizerPath).extension() == ".json") options.tokenizerJson = readText(tokenizerPath);
    }
    std::vector<std::string> files = writeHfModel(out, c, views, options);
    if (vocab && !fs::is_directory(tokenizerPath) && fs::path(tokenizerPath).extension() == ".model") {
        const std::string dst = (fs::path(out) / "tokenizer.model").string();
        writeTextFileAtomic(dst, readText(tokenizerPath));
        files.push_back(dst);
    }

    const int64_t params = parameterCount(views);
    if (a.has("json")) {
        printJson({{"path", out},
                   {"family", std::string(toString(family))},
                   {"preset", preset},
                   {"dtype", exportDTypeName(dtype)},
                   {"seed", seed},
                   {"parameters", params},
                   {"vocab_size", c.vocabSize},
                   {"tokenizer", vocab ? json(vocab->source) : json(nullptr)},
                   {"files", files}});
        return kExitOk;
    }
    std::printf("created %s model (preset %s, %s, seed %llu): %s parameters, vocab %d\n",
                std::string(toString(family)).c_str(), preset.c_str(), exportDTypeName(dtype).c_str(),
                static_cast<unsigned long long>(seed), withSeparators(params).c_str(), c.vocabSize);
    for (const auto& f : files) std::printf("  %s\n", f.c_str());
    if (!vocab) std::printf("note: no tokenizer given (--tokenizer): the folder has no tokenizer files\n");
    return kExitOk;
}

// What `model convert` reads: an HF folder (zero copy), a GGUF file or a
// llama2.c checkpoint (imported to f32 in memory).
struct ConvertSource {
    std::string kind;                  // "hf", "gguf", "llama2c"
    ModelConfig config;
    std::vector<TensorView> tensors;
    std::optional<GgufVocab> vocab;    // from a GGUF file
    std::string tokenizerDir;          // tokenizer files to carry over ("" for none)
    std::string name;
    std::shared_ptr<const void> owner; // keeps the mapping or the imported tensors alive
};

ConvertSource openSource(const std::string& in)
{
    ConvertSource s;
    std::error_code ec;
    if (!fs::exists(in, ec)) throw Error(in + ": no such file or folder");
    const fs::path p = fs::path(in).lexically_normal();
    s.name = (p.has_filename() ? p.filename() : p.parent_path().filename()).string();
    if (fs::is_directory(in)) {
        s.kind = "hf";
        s.config = loadConfig((fs::path(in) / "config.json").string());
        auto ckpt = std::make_shared<ShardedCheckpoint>(ShardedCheckpoint::open(in));
        s.tensors = ckpt->tensors();
        s.owner = ckpt;
        s.tokenizerDir = in;
        return s;
    }
    if (hasMagic(in, "GGUF")) {
        s.kind = "gguf";
        const GgufFile g = GgufFile::open(in);
        auto w = std::make_shared<ModelWeights>(importGguf(g));
        s.config = w->config;
        s.tensors = w->views();
        s.owner = w;
        s.vocab = vocabFromGguf(g);
        if (const GgufValue* n = g.find("general.name"); n && n->type == GgufType::String) s.name = n->asString();
        else s.name = p.stem().string();
        return s;
    }
    if (p.extension() == ".bin") {
        s.kind = "llama2c";
        auto w = std::make_shared<ModelWeights>(importLlama2c(Llama2cCheckpoint::open(in)));
        s.config = w->config;
        s.tensors = w->views();
        s.owner = w;
        s.tokenizerDir = p.has_parent_path() ? p.parent_path().string() : ".";
        s.name = p.stem().string();
        return s;
    }
    throw Error(in + ": not a model folder (config.json + safetensors), a .gguf file or a llama2.c .bin checkpoint");
}

// Keep a 16-bit source 16-bit; everything else becomes f32.
DType sourceDType(const std::vector<TensorView>& tensors)
{
    std::map<DType, uint64_t> bytes;
    for (const auto& t : tensors) bytes[t.dtype] += t.nbytes;
    DType best = DType::F32;
    uint64_t most = 0;
    for (const auto& [t, n] : bytes)
        if (n > most) {
            most = n;
            best = t;
        }
    return best == DType::F16 || best == DType::BF16 ? best : DType::F32;
}

int modelConvert(const ParsedArgs& a)
{
    const std::string in = a.positional[0], out = a.positional[1];
    if (!a.has("to")) throw UsageError("--to is required (safetensors, gguf)");
    const std::string to = a.value("to");
    if (to != "safetensors" && to != "gguf")
        throw UsageError("option '--to': '" + to + "' is not a format (safetensors, gguf)");
    const bool gguf = to == "gguf";
    // Validate the options before reading a possibly large input.
    DType dtype = gguf ? dtypeArg(a, {DType::F32, DType::F16, DType::Q8_0}, DType::F16)
                       : dtypeArg(a, {DType::F32, DType::F16, DType::BF16}, DType::F32);
    refuseExisting(out, a.has("force"), gguf);

    const ConvertSource src = openSource(in);
    if (!gguf && !a.has("dtype")) dtype = sourceDType(src.tensors);
    std::vector<std::string> files;
    std::string tokenizer;    // what was carried over, for the report
    std::vector<std::string> warnings;
    if (gguf) {
        std::optional<GgufVocab> vocab = src.vocab;
        if (!vocab && !src.tokenizerDir.empty()) vocab = vocabFromFolder(src.tokenizerDir, src.config);
        if (vocab) tokenizer = vocab->source;
        else warnings.push_back("no tokenizer found next to " + in + ": the GGUF has no vocabulary, which llama.cpp needs");
        GgufExportOptions o;
        o.dtype = dtype;
        o.name = src.name;
        exportGguf(out, src.config, src.tensors, vocab, o);
        files.push_back(out);
    } else {
        HfExportOptions o;
        o.dtype = dtype;
        if (src.vocab) {
            if (src.vocab->model == "gpt2") {
                o.tokenizerJson = vocabToTokenizerJson(*src.vocab);
                tokenizer = "tokenizer.json rebuilt from " + src.vocab->source;
            } else {
                warnings.push_back("the GGUF vocabulary is SentencePiece (\"" + src.vocab->model +
                                   "\"): no tokenizer files are written; copy the original tokenizer.model");
            }
        } else if (!src.tokenizerDir.empty()) {
            o.tokenizerSourceDir = src.tokenizerDir;
        }
        files = writeHfModel(out, src.config, src.tensors, o);
        if (!o.tokenizerSourceDir.empty())
            for (const std::string& f : files)
                if (std::find(tokenizerFileNames().begin(), tokenizerFileNames().end(),
                              fs::path(f).filename().string()) != tokenizerFileNames().end())
                    tokenizer += (tokenizer.empty() ? "" : ", ") + fs::path(f).filename().string();
    }

    const int64_t params = parameterCount(src.tensors);
    if (a.has("json")) {
        printJson({{"input", in},
                   {"input_format", src.kind},
                   {"output", out},
                   {"format", to},
                   {"dtype", exportDTypeName(dtype)},
                   {"family", std::string(toString(src.config.family))},
                   {"parameters", params},
                   {"tokenizer", tokenizer.empty() ? json(nullptr) : json(tokenizer)},
                   {"warnings", warnings},
                   {"files", files}});
    } else {
        std::printf("converted %s (%s, %s) to %s %s: %s parameters\n", in.c_str(), src.kind.c_str(),
                    std::string(toString(src.config.family)).c_str(), to.c_str(), exportDTypeName(dtype).c_str(),
                    withSeparators(params).c_str());
        for (const auto& f : files) std::printf("  %s\n", f.c_str());
        std::printf("tokenizer: %s\n", tokenizer.empty() ? "none" : tokenizer.c_str());
    }
    for (const auto& w : warnings) std::fprintf(stderr, "llmwb: warning: %s\n", w.c_str());
    return kExitOk;
}

} // namespace

CommandGroup modelCommands()
{
    CommandGroup g{"model", "Inspect, create and convert models (safetensors, GGUF, llama2.c).", {}};
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
    g.commands.push_back(Command{
        "new",
        "create a randomly initialised model folder from a preset",
        "usage: llmwb model new --family llama|gpt2|qwen2|mistral [--preset tiny|small|gpt2-124m]\n"
        "                       [--vocab-size N] [--tokenizer PATH] [--seed N] [--dtype f32|bf16]\n"
        "                       [--force] [--json] OUT_DIR\n"
        "\n"
        "Writes a Hugging Face model folder (config.json, generation_config.json,\n"
        "model.safetensors) with weights drawn from normal(0, 0.02) (norms 1, biases 0)\n"
        "by a generator that gives the same bytes for the same seed on every machine.\n"
        "\n"
        "options:\n"
        "  --family NAME      model family (required)\n"
        "  --preset NAME      tiny (default; a few MB), small, gpt2-124m\n"
        "  --tokenizer PATH   a tokenizer.json, a SentencePiece .model, or a folder with\n"
        "                     tokenizer files; copied into OUT_DIR, and the vocabulary\n"
        "                     size and bos/eos ids are taken from it\n"
        "  --vocab-size N     vocabulary size (default: the tokenizer's, else the preset's)\n"
        "  --seed N           random seed (default 0)\n"
        "  --dtype T          f32 (default) or bf16\n"
        "  --force            write into a folder that already holds a model\n"
        "  --json             print the result as JSON\n",
        {{"family", true}, {"preset", true}, {"vocab-size", true}, {"tokenizer", true}, {"seed", true},
         {"dtype", true}, {"force", false}, {"json", false}},
        1,
        1,
        modelNew});
    g.commands.push_back(Command{
        "convert",
        "convert a model between safetensors folders, GGUF and llama2.c",
        "usage: llmwb model convert IN OUT --to safetensors|gguf [--dtype f32|f16|bf16|q8_0]\n"
        "                           [--force] [--json]\n"
        "\n"
        "IN is a Hugging Face model folder, a .gguf file (written by llmwb or llama.cpp's\n"
        "converter: gpt2, llama, qwen2) or a llama2.c .bin checkpoint.\n"
        "\n"
        "--to safetensors writes the folder OUT (config.json, generation_config.json,\n"
        "  model.safetensors or shards above 5 GB, tokenizer files). dtype f32, f16 or\n"
        "  bf16; default: the input's 16-bit type, else f32. A GGUF byte-level BPE\n"
        "  vocabulary becomes a tokenizer.json.\n"
        "--to gguf writes the file OUT as llama.cpp's convert_hf_to_gguf.py does (tensor\n"
        "  names, Llama q/k rows in GGML's RoPE order, tokenizer metadata from the\n"
        "  tokenizer files next to IN). dtype f32, f16 (default) or q8_0; norms, biases\n"
        "  and position embeddings stay f32. q8_0 needs rows that are multiples of 32.\n"
        "\n"
        "llama2.c checkpoints store q/k in the interleaved RoPE layout; they are\n"
        "reordered to the Hugging Face layout on import.\n"
        "\n"
        "options:\n"
        "  --to FORMAT   safetensors or gguf (required)\n"
        "  --dtype T     output type (see above)\n"
        "  --force       overwrite an existing OUT\n"
        "  --json        print the result as JSON\n",
        {{"to", true}, {"dtype", true}, {"force", false}, {"json", false}},
        2,
        2,
        modelConvert});
    return g;
}

} // namespace wb::cli
