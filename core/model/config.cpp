// HF config.json <-> ModelConfig. Defaults follow the transformers
// configuration classes of each model_type; the size fields that a wrong
// default would silently change (hidden size, layers, heads, vocabulary) are
// required.
#include "core/model/config.h"

#include "core/data/record.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

namespace wb {
namespace {

using nlohmann::json;

class Reader {
public:
    Reader(const json& j, const std::string& name) : j_(j), name_(name) {}

    [[noreturn]] void fail(const std::string& field, const std::string& what) const
    {
        throw Error(name_ + ": field \"" + field + "\": " + what);
    }

    bool has(const char* key) const { return j_.contains(key) && !j_.at(key).is_null(); }

    int requiredInt(const char* key) const
    {
        if (!has(key)) fail(key, "missing required field");
        return intAt(j_.at(key), key);
    }

    int optInt(const char* key, int def) const { return has(key) ? intAt(j_.at(key), key) : def; }

    std::optional<int> maybeInt(const char* key) const
    {
        if (!has(key)) return std::nullopt;
        return intAt(j_.at(key), key);
    }

    double optDouble(const char* key, double def) const { return has(key) ? doubleAt(j_.at(key), key) : def; }

    bool optBool(const char* key, bool def) const
    {
        if (!has(key)) return def;
        if (!j_.at(key).is_boolean()) fail(key, "expected true or false, got " + j_.at(key).dump());
        return j_.at(key).get<bool>();
    }

    std::string optString(const char* key, const std::string& def) const
    {
        if (!has(key)) return def;
        if (!j_.at(key).is_string()) fail(key, "expected a string, got " + j_.at(key).dump());
        return j_.at(key).get<std::string>();
    }

    int intAt(const json& v, const std::string& field) const
    {
        if (!v.is_number_integer()) fail(field, "expected an integer, got " + v.dump());
        const auto x = v.get<int64_t>();
        if (x < INT32_MIN || x > INT32_MAX) fail(field, "integer out of range: " + v.dump());
        return static_cast<int>(x);
    }

    double doubleAt(const json& v, const std::string& field) const
    {
        if (!v.is_number()) fail(field, "expected a number, got " + v.dump());
        return v.get<double>();
    }

    const json& raw() const { return j_; }

private:
    const json& j_;
    const std::string& name_;
};

RopeScaling parseRopeScaling(const Reader& r, const std::string& name)
{
    RopeScaling s;
    if (!r.has("rope_scaling")) return s;
    const json& j = r.raw().at("rope_scaling");
    if (!j.is_object()) r.fail("rope_scaling", "expected an object or null, got " + j.dump());
    Reader sr(j, name);
    std::string type = sr.optString("rope_type", "");
    if (type.empty()) type = sr.optString("type", "");
    if (type.empty()) r.fail("rope_scaling.rope_type", "missing required field");
    if (type == "default") return s;
    if (type == "linear") {
        s.type = RopeScalingType::Linear;
    } else if (type == "llama3") {
        s.type = RopeScalingType::Llama3;
    } else {
        r.fail("rope_scaling.rope_type", "unknown or unsupported type \"" + type + "\" (supported: default, linear, llama3)");
    }
    if (!sr.has("factor")) r.fail("rope_scaling.factor", "missing required field");
    s.factor = sr.doubleAt(j.at("factor"), "rope_scaling.factor");
    if (s.factor <= 0) r.fail("rope_scaling.factor", "must be positive");
    if (s.type == RopeScalingType::Llama3) {
        for (const char* k : {"low_freq_factor", "high_freq_factor", "original_max_position_embeddings"})
            if (!sr.has(k)) r.fail(std::string("rope_scaling.") + k, "missing required field");
        s.lowFreqFactor = sr.doubleAt(j.at("low_freq_factor"), "rope_scaling.low_freq_factor");
        s.highFreqFactor = sr.doubleAt(j.at("high_freq_factor"), "rope_scaling.high_freq_factor");
        s.originalMaxPositionEmbeddings =
            sr.intAt(j.at("original_max_position_embeddings"), "rope_scaling.original_max_position_embeddings");
        if (s.originalMaxPositionEmbeddings <= 0)
            r.fail("rope_scaling.original_max_position_embeddings", "must be positive");
        if (s.lowFreqFactor <= 0 || s.highFreqFactor <= s.lowFreqFactor)
            r.fail("rope_scaling.high_freq_factor", "must be greater than low_freq_factor > 0");
    }
    return s;
}

std::vector<int> parseEos(const Reader& r, const char* key)
{
    if (!r.has(key)) return {};
    const json& v = r.raw().at(key);
    if (v.is_array()) {
        std::vector<int> ids;
        for (size_t i = 0; i < v.size(); ++i) ids.push_back(r.intAt(v[i], std::string(key) + "[" + std::to_string(i) + "]"));
        return ids;
    }
    return {r.intAt(v, key)};
}

void parseGpt2(const Reader& r, ModelConfig& c)
{
    c.hiddenSize = r.requiredInt("n_embd");
    c.numLayers = r.requiredInt("n_layer");
    c.numHeads = r.requiredInt("n_head");
    c.numKvHeads = c.numHeads;
    c.vocabSize = r.requiredInt("vocab_size");
    c.maxPositionEmbeddings = r.optInt("n_positions", 1024);
    c.intermediateSize = r.optInt("n_inner", 4 * c.hiddenSize);
    c.normEps = r.optDouble("layer_norm_epsilon", 1e-5);
    c.activation = r.optString("activation_function", "gelu_new");
    c.tieWordEmbeddings = r.optBool("tie_word_embeddings", true);
    c.attentionBias = true;
    // transformers' default 50256 only makes sense for GPT-2's own vocabulary.
    const bool gpt2Vocab = c.vocabSize > 50256;
    c.bosTokenId = r.maybeInt("bos_token_id");
    if (!r.has("bos_token_id") && gpt2Vocab) c.bosTokenId = 50256;
    c.eosTokenIds = parseEos(r, "eos_token_id");
    if (!r.has("eos_token_id") && gpt2Vocab) c.eosTokenIds = {50256};
    c.padTokenId = r.maybeInt("pad_token_id");
}

void parseBert(const Reader& r, ModelConfig& c)
{
    c.hiddenSize = r.requiredInt("hidden_size");
    c.numLayers = r.requiredInt("num_hidden_layers");
    c.numHeads = r.requiredInt("num_attention_heads");
    c.numKvHeads = c.numHeads;
    c.intermediateSize = r.requiredInt("intermediate_size");
    c.vocabSize = r.requiredInt("vocab_size");
    c.maxPositionEmbeddings = r.optInt("max_position_embeddings", 512);
    c.typeVocabSize = r.optInt("type_vocab_size", 2);
    c.normEps = r.optDouble("layer_norm_eps", 1e-12);
    c.activation = r.optString("hidden_act", "gelu");
    c.tieWordEmbeddings = r.optBool("tie_word_embeddings", true);
    c.attentionBias = true;
    c.bosTokenId = r.maybeInt("bos_token_id");
    c.eosTokenIds = parseEos(r, "eos_token_id");
    c.padTokenId = r.maybeInt("pad_token_id").value_or(0);
}

// Llama, Qwen2 and Mistral share field names; defaults differ.
void parseLlamaLike(const Reader& r, ModelConfig& c)
{
    c.hiddenSize = r.requiredInt("hidden_size");
    c.numLayers = r.requiredInt("num_hidden_layers");
    c.numHeads = r.requiredInt("num_attention_heads");
    c.intermediateSize = r.requiredInt("intermediate_size");
    c.vocabSize = r.requiredInt("vocab_size");
    c.numKvHeads = r.optInt("num_key_value_heads", c.numHeads);
    c.activation = r.optString("hidden_act", "silu");
    c.normEps = r.optDouble("rms_norm_eps", 1e-6);
    c.ropeTheta = r.optDouble("rope_theta", 10000.0);
    c.tieWordEmbeddings = r.optBool("tie_word_embeddings", false);
    c.bosTokenId = r.maybeInt("bos_token_id");
    c.eosTokenIds = parseEos(r, "eos_token_id");
    c.padTokenId = r.maybeInt("pad_token_id");
    switch (c.family) {
    case ModelFamily::Llama:
        c.maxPositionEmbeddings = r.optInt("max_position_embeddings", 2048);
        c.attentionBias = r.optBool("attention_bias", false);
        if (!r.has("bos_token_id")) c.bosTokenId = 1;
        if (!r.has("eos_token_id")) c.eosTokenIds = {2};
        break;
    case ModelFamily::Qwen2:
        c.maxPositionEmbeddings = r.optInt("max_position_embeddings", 32768);
        c.attentionBias = true;   // Qwen2 always has Q/K/V biases
        if (r.optBool("use_sliding_window", false)) c.slidingWindow = r.optInt("sliding_window", 4096);
        break;
    case ModelFamily::Mistral:
        c.maxPositionEmbeddings = r.optInt("max_position_embeddings", 4096 * 32);
        c.attentionBias = false;
        if (!r.raw().contains("sliding_window")) c.slidingWindow = 4096;
        else c.slidingWindow = r.maybeInt("sliding_window");   // null: no window
        if (!r.has("bos_token_id")) c.bosTokenId = 1;
        if (!r.has("eos_token_id")) c.eosTokenIds = {2};
        break;
    default:
        break;
    }
    // Qwen2 derives head_dim; Llama and Mistral may set it explicitly.
    const bool explicitHeadDim = c.family != ModelFamily::Qwen2 && r.has("head_dim");
    c.headDim = explicitHeadDim ? r.optInt("head_dim", 0) : 0;
    c.ropeScaling = parseRopeScaling(r, "");
}

void positive(const std::string& name, const char* field, int v)
{
    if (v <= 0) throw Error(name + ": field \"" + field + "\": must be positive, got " + std::to_string(v));
}

// JSON field names per family, for error messages.
struct FieldNames {
    const char* hidden;
    const char* layers;
    const char* heads;
    const char* inner;
    const char* positions;
};

FieldNames fieldNames(ModelFamily f)
{
    if (f == ModelFamily::Gpt2) return {"n_embd", "n_layer", "n_head", "n_inner", "n_positions"};
    return {"hidden_size", "num_hidden_layers", "num_attention_heads", "intermediate_size", "max_position_embeddings"};
}

} // namespace

std::string_view toString(ModelFamily f)
{
    switch (f) {
    case ModelFamily::Gpt2: return "gpt2";
    case ModelFamily::Llama: return "llama";
    case ModelFamily::Qwen2: return "qwen2";
    case ModelFamily::Mistral: return "mistral";
    case ModelFamily::Bert: return "bert";
    }
    return "?";
}

ModelFamily modelFamilyFromString(std::string_view s)
{
    for (ModelFamily f : {ModelFamily::Gpt2, ModelFamily::Llama, ModelFamily::Qwen2, ModelFamily::Mistral, ModelFamily::Bert})
        if (toString(f) == s) return f;
    throw Error("unknown model_type \"" + std::string(s) + "\" (supported: gpt2, llama, qwen2, mistral, bert)");
}

std::string_view toString(RopeScalingType t)
{
    switch (t) {
    case RopeScalingType::None: return "none";
    case RopeScalingType::Linear: return "linear";
    case RopeScalingType::Llama3: return "llama3";
    }
    return "?";
}

void validateConfig(const ModelConfig& c, const std::string& name)
{
    const FieldNames n = fieldNames(c.family);
    positive(name, n.hidden, c.hiddenSize);
    positive(name, n.layers, c.numLayers);
    positive(name, n.heads, c.numHeads);
    positive(name, "num_key_value_heads", c.numKvHeads);
    positive(name, "head_dim", c.headDim);
    positive(name, n.inner, c.intermediateSize);
    positive(name, "vocab_size", c.vocabSize);
    positive(name, n.positions, c.maxPositionEmbeddings);
    if (c.slidingWindow) positive(name, "sliding_window", *c.slidingWindow);
    if (c.headDim * c.numHeads != c.hiddenSize && c.headDim == c.hiddenSize / c.numHeads)
        throw Error(name + ": field \"" + n.hidden + "\": " + std::to_string(c.hiddenSize)
                    + " is not divisible by " + n.heads + " " + std::to_string(c.numHeads));
    if (c.numHeads % c.numKvHeads != 0)
        throw Error(name + ": field \"num_key_value_heads\": " + n.heads + " " + std::to_string(c.numHeads)
                    + " is not divisible by num_key_value_heads " + std::to_string(c.numKvHeads));
    if (!(c.normEps > 0)) throw Error(name + ": field \"" + std::string(c.family == ModelFamily::Gpt2 ? "layer_norm_epsilon"
                                                         : c.family == ModelFamily::Bert ? "layer_norm_eps" : "rms_norm_eps")
                                      + "\": must be positive");
    if (!(c.ropeTheta > 0)) throw Error(name + ": field \"rope_theta\": must be positive");
    if (c.bosTokenId && (*c.bosTokenId < 0 || *c.bosTokenId >= c.vocabSize))
        throw Error(name + ": field \"bos_token_id\": " + std::to_string(*c.bosTokenId) + " outside the vocabulary");
    for (int id : c.eosTokenIds)
        if (id < 0 || id >= c.vocabSize)
            throw Error(name + ": field \"eos_token_id\": " + std::to_string(id) + " outside the vocabulary");
}

ModelConfig parseConfig(std::string_view text, const std::string& name)
{
    json j;
    try {
        j = json::parse(text);
    } catch (const json::parse_error& e) {
        throw Error(name + ": " + e.what());
    }
    if (!j.is_object()) throw Error(name + ": expected a JSON object");
    const Reader r(j, name);
    if (!r.has("model_type")) r.fail("model_type", "missing required field");
    const std::string type = r.optString("model_type", "");
    ModelConfig c;
    try {
        c.family = modelFamilyFromString(type);
    } catch (const Error& e) {
        r.fail("model_type", e.what());
    }
    switch (c.family) {
    case ModelFamily::Gpt2: parseGpt2(r, c); break;
    case ModelFamily::Bert: parseBert(r, c); break;
    default:
        try {
            parseLlamaLike(r, c);
        } catch (const Error& e) {
            // parseRopeScaling reports with an empty name; give it the file's.
            const std::string msg = e.what();
            throw Error(msg.starts_with(": ") ? name + msg : msg);
        }
        break;
    }
    if (c.headDim == 0) {
        positive(name, fieldNames(c.family).heads, c.numHeads);
        if (c.hiddenSize % c.numHeads != 0)
            throw Error(name + ": field \"" + fieldNames(c.family).hidden + "\": " + std::to_string(c.hiddenSize)
                        + " is not divisible by " + fieldNames(c.family).heads + " " + std::to_string(c.numHeads));
        c.headDim = c.hiddenSize / c.numHeads;
    }
    validateConfig(c, name);
    return c;
}

ModelConfig loadConfig(const std::string& path)
{
    std::ifstream f(path, std::ios::binary);
    if (!f) throw Error(path + ": cannot open file");
    std::ostringstream ss;
    ss << f.rdbuf();
    return parseConfig(ss.str(), path);
}

std::string toJson(const ModelConfig& c)
{
    json j = json::object();
    j["model_type"] = std::string(toString(c.family));
    auto eos = [&]() -> json {
        if (c.eosTokenIds.empty()) return nullptr;
        if (c.eosTokenIds.size() == 1) return c.eosTokenIds[0];
        return c.eosTokenIds;
    };
    auto opt = [](const std::optional<int>& v) -> json { return v ? json(*v) : json(nullptr); };
    switch (c.family) {
    case ModelFamily::Gpt2:
        j["architectures"] = {"GPT2LMHeadModel"};
        j["n_embd"] = c.hiddenSize;
        j["n_layer"] = c.numLayers;
        j["n_head"] = c.numHeads;
        j["n_inner"] = c.intermediateSize;
        j["n_positions"] = c.maxPositionEmbeddings;
        j["n_ctx"] = c.maxPositionEmbeddings;
        j["vocab_size"] = c.vocabSize;
        j["layer_norm_epsilon"] = c.normEps;
        j["activation_function"] = c.activation;
        break;
    case ModelFamily::Bert:
        j["architectures"] = {"BertForMaskedLM"};
        j["hidden_size"] = c.hiddenSize;
        j["num_hidden_layers"] = c.numLayers;
        j["num_attention_heads"] = c.numHeads;
        j["intermediate_size"] = c.intermediateSize;
        j["vocab_size"] = c.vocabSize;
        j["max_position_embeddings"] = c.maxPositionEmbeddings;
        j["type_vocab_size"] = c.typeVocabSize;
        j["layer_norm_eps"] = c.normEps;
        j["hidden_act"] = c.activation;
        break;
    default: {
        static const char* arch[] = {"", "LlamaForCausalLM", "Qwen2ForCausalLM", "MistralForCausalLM", ""};
        j["architectures"] = {arch[static_cast<int>(c.family)]};
        j["hidden_size"] = c.hiddenSize;
        j["num_hidden_layers"] = c.numLayers;
        j["num_attention_heads"] = c.numHeads;
        j["num_key_value_heads"] = c.numKvHeads;
        if (c.family != ModelFamily::Qwen2) j["head_dim"] = c.headDim;
        j["intermediate_size"] = c.intermediateSize;
        j["vocab_size"] = c.vocabSize;
        j["max_position_embeddings"] = c.maxPositionEmbeddings;
        j["rms_norm_eps"] = c.normEps;
        j["rope_theta"] = c.ropeTheta;
        j["hidden_act"] = c.activation;
        if (c.family == ModelFamily::Llama) j["attention_bias"] = c.attentionBias;
        if (c.family == ModelFamily::Mistral) j["sliding_window"] = opt(c.slidingWindow);
        if (c.family == ModelFamily::Qwen2) {
            j["use_sliding_window"] = c.slidingWindow.has_value();
            j["sliding_window"] = c.slidingWindow.value_or(4096);
        }
        if (c.ropeScaling.type == RopeScalingType::None) {
            j["rope_scaling"] = nullptr;
        } else {
            json s = {{"rope_type", std::string(toString(c.ropeScaling.type))}, {"factor", c.ropeScaling.factor}};
            if (c.ropeScaling.type == RopeScalingType::Llama3) {
                s["low_freq_factor"] = c.ropeScaling.lowFreqFactor;
                s["high_freq_factor"] = c.ropeScaling.highFreqFactor;
                s["original_max_position_embeddings"] = c.ropeScaling.originalMaxPositionEmbeddings;
            }
            j["rope_scaling"] = s;
        }
        break;
    }
    }
    j["tie_word_embeddings"] = c.tieWordEmbeddings;
    j["bos_token_id"] = opt(c.bosTokenId);
    j["eos_token_id"] = eos();
    j["pad_token_id"] = opt(c.padTokenId);
    return j.dump(2) + "\n";
}

ModelConfig presetConfig(ModelFamily family, std::string_view preset)
{
    struct Shape {
        int hidden, layers, heads, kvHeads, positions, vocab;
    };
    Shape s;
    if (preset == "tiny") s = {64, 2, 4, 2, 256, 4096};
    else if (preset == "small") s = {512, 8, 8, 4, 1024, 32000};
    else if (preset == "gpt2-124m") s = {768, 12, 12, 12, 1024, 50257};
    else throw Error("unknown model preset \"" + std::string(preset) + "\" (available: tiny, small, gpt2-124m)");

    ModelConfig c;
    c.family = family;
    c.hiddenSize = s.hidden;
    c.numLayers = s.layers;
    c.numHeads = s.heads;
    c.headDim = s.hidden / s.heads;
    c.maxPositionEmbeddings = s.positions;
    c.vocabSize = s.vocab;
    switch (family) {
    case ModelFamily::Gpt2:
    case ModelFamily::Bert:
        c.numKvHeads = s.heads;
        c.intermediateSize = 4 * s.hidden;
        c.normEps = family == ModelFamily::Gpt2 ? 1e-5 : 1e-12;
        c.activation = family == ModelFamily::Gpt2 ? "gelu_new" : "gelu";
        c.tieWordEmbeddings = true;
        c.attentionBias = true;
        if (family == ModelFamily::Bert) {
            c.typeVocabSize = 2;
            c.padTokenId = 0;
        } else {
            c.bosTokenId = s.vocab - 1;
            c.eosTokenIds = {s.vocab - 1};
        }
        break;
    default:
        c.numKvHeads = s.kvHeads;
        // SwiGLU: about 8/3 * hidden, rounded up to a multiple of 64.
        c.intermediateSize = (s.hidden * 8 / 3 + 63) / 64 * 64;
        c.normEps = 1e-6;
        c.ropeTheta = 10000.0;
        c.activation = "silu";
        c.tieWordEmbeddings = s.hidden < 768;   // small models save most by tying
        c.attentionBias = family == ModelFamily::Qwen2;
        c.bosTokenId = 1;
        c.eosTokenIds = {2};
        if (family == ModelFamily::Mistral) c.slidingWindow = s.positions;
        break;
    }
    validateConfig(c, "preset " + std::string(preset));
    return c;
}

} // namespace wb
