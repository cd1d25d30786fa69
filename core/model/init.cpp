#include "core/model/init.h"

#include "core/data/record.h"

#include <cmath>
#include <map>
#include <numbers>

namespace wb {

namespace {

using Kind = WeightSpec::Kind;

void gpt2Weights(const ModelConfig& c, std::vector<WeightSpec>& out)
{
    const int64_t C = c.hiddenSize, I = c.intermediateSize, V = c.vocabSize;
    out.push_back({"wte.weight", {V, C}, Kind::Embedding});
    out.push_back({"wpe.weight", {c.maxPositionEmbeddings, C}, Kind::Embedding});
    for (int l = 0; l < c.numLayers; ++l) {
        const std::string b = "h." + std::to_string(l) + ".";
        out.push_back({b + "ln_1.weight", {C}, Kind::Norm});
        out.push_back({b + "ln_1.bias", {C}, Kind::Bias});
        out.push_back({b + "attn.c_attn.weight", {C, 3 * C}, Kind::Matrix});   // Conv1D [in, out]
        out.push_back({b + "attn.c_attn.bias", {3 * C}, Kind::Bias});
        out.push_back({b + "attn.c_proj.weight", {C, C}, Kind::Matrix});
        out.push_back({b + "attn.c_proj.bias", {C}, Kind::Bias});
        out.push_back({b + "ln_2.weight", {C}, Kind::Norm});
        out.push_back({b + "ln_2.bias", {C}, Kind::Bias});
        out.push_back({b + "mlp.c_fc.weight", {C, I}, Kind::Matrix});
        out.push_back({b + "mlp.c_fc.bias", {I}, Kind::Bias});
        out.push_back({b + "mlp.c_proj.weight", {I, C}, Kind::Matrix});
        out.push_back({b + "mlp.c_proj.bias", {C}, Kind::Bias});
    }
    out.push_back({"ln_f.weight", {C}, Kind::Norm});
    out.push_back({"ln_f.bias", {C}, Kind::Bias});
    if (!c.tieWordEmbeddings) out.push_back({"lm_head.weight", {V, C}, Kind::Matrix});
}

void llamaWeights(const ModelConfig& c, std::vector<WeightSpec>& out)
{
    const int64_t C = c.hiddenSize, I = c.intermediateSize, V = c.vocabSize;
    const int64_t D = c.headDim > 0 ? c.headDim : C / c.numHeads;
    const int64_t Q = c.numHeads * D, KV = c.numKvHeads * D;
    out.push_back({"model.embed_tokens.weight", {V, C}, Kind::Embedding});
    for (int l = 0; l < c.numLayers; ++l) {
        const std::string b = "model.layers." + std::to_string(l) + ".";
        out.push_back({b + "input_layernorm.weight", {C}, Kind::Norm});
        out.push_back({b + "self_attn.q_proj.weight", {Q, C}, Kind::Matrix});
        out.push_back({b + "self_attn.k_proj.weight", {KV, C}, Kind::Matrix});
        out.push_back({b + "self_attn.v_proj.weight", {KV, C}, Kind::Matrix});
        if (c.attentionBias) {
            out.push_back({b + "self_attn.q_proj.bias", {Q}, Kind::Bias});
            out.push_back({b + "self_attn.k_proj.bias", {KV}, Kind::Bias});
            out.push_back({b + "self_attn.v_proj.bias", {KV}, Kind::Bias});
        }
        out.push_back({b + "self_attn.o_proj.weight", {C, Q}, Kind::Matrix});
        out.push_back({b + "post_attention_layernorm.weight", {C}, Kind::Norm});
        out.push_back({b + "mlp.gate_proj.weight", {I, C}, Kind::Matrix});
        out.push_back({b + "mlp.up_proj.weight", {I, C}, Kind::Matrix});
        out.push_back({b + "mlp.down_proj.weight", {C, I}, Kind::Matrix});
    }
    out.push_back({"model.norm.weight", {C}, Kind::Norm});
    if (!c.tieWordEmbeddings) out.push_back({"lm_head.weight", {V, C}, Kind::Matrix});
}

bool isFloat(DType t) { return t == DType::F32 || t == DType::F16 || t == DType::BF16 || t == DType::F64; }

// FNV-1a: a stable hash of the tensor name for its generator's seed.
uint64_t nameHash(const std::string& s)
{
    uint64_t h = 14695981039346656037ull;
    for (unsigned char ch : s) {
        h ^= ch;
        h *= 1099511628211ull;
    }
    return h;
}

} // namespace

std::vector<WeightSpec> expectedWeights(const ModelConfig& config)
{
    std::vector<WeightSpec> out;
    switch (config.family) {
    case ModelFamily::Gpt2: gpt2Weights(config, out); break;
    case ModelFamily::Llama:
    case ModelFamily::Qwen2:
    case ModelFamily::Mistral: llamaWeights(config, out); break;
    case ModelFamily::Bert:
        throw Error("model_type \"bert\": weights are listed for causal language models only "
                    "(gpt2, llama, qwen2, mistral)");
    }
    return out;
}

void checkWeights(const ModelConfig& config, const std::vector<TensorView>& tensors, const std::string& nameForErrors)
{
    const bool gpt2 = config.family == ModelFamily::Gpt2;
    std::map<std::string, const TensorView*> byName;
    for (const auto& t : tensors) {
        std::string name = t.name;
        if (gpt2 && name.starts_with("transformer.")) name = name.substr(12);
        if (!byName.emplace(name, &t).second)
            throw Error(nameForErrors + ": tensor '" + t.name + "' appears twice");
    }
    for (const WeightSpec& s : expectedWeights(config)) {
        auto it = byName.find(s.name);
        if (it == byName.end())
            throw Error(nameForErrors + ": missing tensor '" + s.name + "' (shape " + shapeString(s.shape) +
                        " for this " + std::string(toString(config.family)) + " config)");
        const TensorView& t = *it->second;
        if (t.shape != s.shape)
            throw Error(nameForErrors + ": tensor '" + t.name + "' has shape " + shapeString(t.shape) +
                        ", the config needs " + shapeString(s.shape));
        if (!isFloat(t.dtype) && t.dtype != DType::Q8_0)
            throw Error(nameForErrors + ": tensor '" + t.name + "' has dtype " + std::string(dtypeName(t.dtype)) +
                        ", not a float type");
        byName.erase(it);
    }
    for (const auto& [name, t] : byName) {
        const bool maskBuffer = gpt2 && (name.ends_with(".attn.bias") || name.ends_with(".attn.masked_bias"));
        const bool invFreq = !gpt2 && name.ends_with(".rotary_emb.inv_freq");
        const bool tiedHead = config.tieWordEmbeddings && name == "lm_head.weight" &&
                              t->shape == std::vector<int64_t>{config.vocabSize, config.hiddenSize};
        if (!maskBuffer && !invFreq && !tiedHead)
            throw Error(nameForErrors + ": unexpected tensor '" + t->name + "' for this " +
                        std::string(toString(config.family)) + " config");
    }
}

uint64_t SplitMix64::next()
{
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

double SplitMix64::uniform()
{
    // (k + 1) / 2^53 for k in [0, 2^53): never 0, so log() below is finite.
    return double((next() >> 11) + 1) * 0x1.0p-53;
}

double SplitMix64::normal()
{
    if (haveSpare_) {
        haveSpare_ = false;
        return spare_;
    }
    const double u1 = uniform(), u2 = uniform();
    const double r = std::sqrt(-2.0 * std::log(u1));
    const double theta = 2.0 * std::numbers::pi * u2;
    spare_ = r * std::sin(theta);
    haveSpare_ = true;
    return r * std::cos(theta);
}

std::vector<OwnedTensor> initWeights(const ModelConfig& config, uint64_t seed, DType dtype, double stddev)
{
    if (dtype != DType::F32 && dtype != DType::F16 && dtype != DType::BF16)
        throw Error("initWeights: dtype " + std::string(dtypeName(dtype)) + " is not supported (F32, F16, BF16)");
    validateConfig(config, "initWeights");
    std::vector<OwnedTensor> out;
    for (const WeightSpec& s : expectedWeights(config)) {
        std::vector<float> values(size_t(*numel(s.shape)));
        switch (s.kind) {
        case Kind::Norm: std::fill(values.begin(), values.end(), 1.0f); break;
        case Kind::Bias: break;   // zeros
        case Kind::Matrix:
        case Kind::Embedding: {
            SplitMix64 rng(seed ^ nameHash(s.name));
            for (float& v : values) v = float(stddev * rng.normal());
            break;
        }
        }
        out.push_back(OwnedTensor::fromFloats(s.name, s.shape, values, dtype));
    }
    return out;
}

} // namespace wb
