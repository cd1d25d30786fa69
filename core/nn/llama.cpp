// Llama family (HF LlamaForCausalLM; Qwen2 and Mistral share the layout):
// RMSNorm, rotary positions (rotate_half convention), SwiGLU MLP, grouped-query
// attention, optional Q/K/V biases (Qwen2), lm_head tied only when the config
// says so.
#include "core/data/record.h"
#include "core/nn/attention.h"
#include "core/nn/families.h"
#include "core/nn/fast_decode.h"
#include "core/nn/weights_to_torch.h"

#include <torch/torch.h>

#include <cmath>
#include <numbers>

namespace wb {
namespace {

struct LlamaBlock {
    at::Tensor inputNorm;            // [C]
    at::Tensor qWeight, qBias;       // [H*D, C], [H*D] (bias undefined without attention_bias)
    at::Tensor kWeight, kBias;       // [KV*D, C], [KV*D]
    at::Tensor vWeight, vBias;       // [KV*D, C], [KV*D]
    at::Tensor oWeight;              // [C, H*D]
    at::Tensor postNorm;             // [C]
    at::Tensor gateWeight, upWeight; // [I, C]
    at::Tensor downWeight;           // [C, I]
};

// HF's inverse frequencies 1 / theta^(2i/D), with linear or llama3 scaling.
at::Tensor inverseFrequencies(const ModelConfig& c, int64_t D)
{
    at::Tensor invFreq = 1.0 / torch::pow(c.ropeTheta, torch::arange(0, D, 2, torch::kFloat64) / double(D));
    const RopeScaling& s = c.ropeScaling;
    if (s.type == RopeScalingType::Linear) {
        invFreq = invFreq / s.factor;
    } else if (s.type == RopeScalingType::Llama3) {
        const double oldContext = s.originalMaxPositionEmbeddings;
        const double lowFreqWavelen = oldContext / s.lowFreqFactor;
        const double highFreqWavelen = oldContext / s.highFreqFactor;
        at::Tensor wavelen = 2.0 * std::numbers::pi / invFreq;
        at::Tensor scaled = torch::where(wavelen > lowFreqWavelen, invFreq / s.factor, invFreq);
        at::Tensor smooth = (oldContext / wavelen - s.lowFreqFactor) / (s.highFreqFactor - s.lowFreqFactor);
        at::Tensor smoothed = (1.0 - smooth) * scaled / s.factor + smooth * scaled;
        at::Tensor medium = (wavelen >= highFreqWavelen).logical_and(wavelen <= lowFreqWavelen);
        invFreq = torch::where(medium, smoothed, scaled);
    }
    return invFreq.to(torch::kFloat32);   // [D/2]
}

at::Tensor rotateHalf(const at::Tensor& x)
{
    const int64_t half = x.size(-1) / 2;
    return torch::cat({-x.narrow(-1, half, half), x.narrow(-1, 0, half)}, -1);
}

class Llama final : public CausalLM {
public:
    Llama(ModelConfig config, ShardedCheckpoint ckpt, const std::string& nameForErrors, const LoadOptions& options)
        : config_(std::move(config)), ckpt_(std::move(ckpt)), dtype_(options.dtype)
    {
        if (config_.activation != "silu")
            throw Error(nameForErrors + "/config.json: field \"hidden_act\": \"" + config_.activation +
                        "\" is not supported (silu)");
        WeightLoader w(ckpt_, nameForErrors, [](const std::string& n) {
            return n.ends_with(".rotary_emb.inv_freq");   // a buffer some old checkpoints carry
        });
        w.setWeightType(dtype_ == ComputeDType::BF16);
        if (options.progress) w.setProgress(options.progress);
        const int64_t C = config_.hiddenSize, I = config_.intermediateSize, V = config_.vocabSize;
        const int64_t H = config_.numHeads, KV = config_.numKvHeads, D = headDim();
        embed_ = w.takeWeight("model.embed_tokens.weight", {V, C});
        for (int l = 0; l < config_.numLayers; ++l) {
            const std::string b = "model.layers." + std::to_string(l) + ".";
            LlamaBlock k;
            k.inputNorm = w.take(b + "input_layernorm.weight", {C});
            k.qWeight = w.takeWeight(b + "self_attn.q_proj.weight", {H * D, C});
            k.kWeight = w.takeWeight(b + "self_attn.k_proj.weight", {KV * D, C});
            k.vWeight = w.takeWeight(b + "self_attn.v_proj.weight", {KV * D, C});
            if (config_.attentionBias) {
                k.qBias = w.take(b + "self_attn.q_proj.bias", {H * D});
                k.kBias = w.take(b + "self_attn.k_proj.bias", {KV * D});
                k.vBias = w.take(b + "self_attn.v_proj.bias", {KV * D});
            }
            k.oWeight = w.takeWeight(b + "self_attn.o_proj.weight", {C, H * D});
            k.postNorm = w.take(b + "post_attention_layernorm.weight", {C});
            k.gateWeight = w.takeWeight(b + "mlp.gate_proj.weight", {I, C});
            k.upWeight = w.takeWeight(b + "mlp.up_proj.weight", {I, C});
            k.downWeight = w.takeWeight(b + "mlp.down_proj.weight", {C, I});
            blocks_.push_back(std::move(k));
        }
        finalNorm_ = w.take("model.norm.weight", {C});
        if (!config_.tieWordEmbeddings)
            lmHead_ = w.takeWeight("lm_head.weight", {V, C});
        else if (w.has("lm_head.weight"))
            w.take("lm_head.weight", {V, C});   // a saved copy of the tied embedding
        if (config_.tieWordEmbeddings) lmHead_ = embed_;
        w.finish();
        invFreq_ = inverseFrequencies(config_, D);
        fastWeights_ = fastWeights();
    }

    const ModelConfig& config() const override { return config_; }

    ComputeDType dtype() const override { return dtype_; }
    uint64_t parameterCount() const override { return countParameters(false); }
    uint64_t weightBytes() const override { return countParameters(true); }

    std::vector<float> logits(const std::vector<int>& ids) override
    {
        checkTokenIds(ids, config_.vocabSize);
        if (int(ids.size()) > config_.maxPositionEmbeddings)
            throw Error("logits: " + std::to_string(ids.size()) + " tokens exceed max_position_embeddings " +
                        std::to_string(config_.maxPositionEmbeddings));
        auto cache = newCache(int(ids.size()));
        return step(ids, *cache, true);
    }

    std::unique_ptr<KvCache> newCache(int capacity) override
    {
        checkCacheCapacity(capacity, config_);
        return std::make_unique<TorchKvCache>(config_.numLayers, config_.numKvHeads, capacity, headDim(), this);
    }

    std::vector<float> hiddenStates(const std::vector<int>& ids) override
    {
        checkTokenIds(ids, config_.vocabSize);
        if (int(ids.size()) > config_.maxPositionEmbeddings)
            throw Error("hiddenStates: " + std::to_string(ids.size()) + " tokens exceed max_position_embeddings " +
                        std::to_string(config_.maxPositionEmbeddings));
        torch::NoGradGuard noGrad;
        auto cache = newCache(int(ids.size()));
        return toVector(rmsNorm(runBlocks(ids, static_cast<TorchKvCache&>(*cache)), finalNorm_));   // [T, C]
    }

    std::vector<float> step(const std::vector<int>& ids, KvCache& kvCache, bool allLogits) override
    {
        TorchKvCache& cache = checkedCache(kvCache, this, ids, config_);
        if (ids.size() == 1 && !allLogits && fastdecode::decodePath() != fastdecode::DecodePath::Torch)
            return fast_.step(fastWeights_, ids[0], cache);   // batch-1 decode without LibTorch ops
        torch::NoGradGuard noGrad;
        at::Tensor x = runBlocks(ids, cache);                               // [T, C]
        if (!allLogits) x = x.narrow(0, int64_t(ids.size()) - 1, 1);
        x = rmsNorm(x, finalNorm_);
        return toVector(linearMixed(x, lmHead_));                           // [T or 1, V]
    }

private:
    // Embeddings and every block for `ids` at positions cache.length() ...;
    // appends their keys and values. The hidden states before the final norm, [T, C].
    at::Tensor runBlocks(const std::vector<int>& ids, TorchKvCache& cache)
    {
        const int64_t T = int64_t(ids.size()), H = config_.numHeads, KV = config_.numKvHeads, D = headDim();
        const int64_t start = cache.length();
        at::Tensor positions = torch::arange(start, start + T, torch::kFloat32);
        at::Tensor freqs = torch::outer(positions, invFreq_);             // [T, D/2]
        at::Tensor angles = torch::cat({freqs, freqs}, -1);               // [T, D]
        at::Tensor cos = angles.cos(), sin = angles.sin();                // [T, D]

        at::Tensor idsT = torch::tensor(std::vector<int64_t>(ids.begin(), ids.end()), torch::kInt64);
        at::Tensor x = embeddingRows(embed_, idsT);                        // [T, C]
        for (size_t l = 0; l < blocks_.size(); ++l) {
            const LlamaBlock& k = blocks_[l];
            at::Tensor h = rmsNorm(x, k.inputNorm);
            at::Tensor q = linearMixed(h, k.qWeight, k.qBias).view({T, H, D}).transpose(0, 1);    // [H, T, D]
            at::Tensor kk = linearMixed(h, k.kWeight, k.kBias).view({T, KV, D}).transpose(0, 1);  // [KV, T, D]
            at::Tensor v = linearMixed(h, k.vWeight, k.vBias).view({T, KV, D}).transpose(0, 1);   // [KV, T, D]
            q = q * cos + rotateHalf(q) * sin;
            kk = kk * cos + rotateHalf(kk) * sin;
            auto [keys, values] = cache.append(int(l), kk, v);             // [KV, start+T, D]
            at::Tensor attn = causalAttention(q, keys, values, config_.slidingWindow).transpose(0, 1).reshape({T, H * D});
            x = x + linearMixed(attn, k.oWeight);
            h = rmsNorm(x, k.postNorm);
            at::Tensor gated = torch::silu(linearMixed(h, k.gateWeight)) * linearMixed(h, k.upWeight); // [T, I]
            x = x + linearMixed(gated, k.downWeight);
        }
        cache.commit(int(T));
        return x;
    }

    // Pointers into the tensors above for the batch-1 fast path.
    fastdecode::LlamaWeights fastWeights() const
    {
        using fastdecode::floatsOf;
        using fastdecode::matrixOf;
        fastdecode::LlamaWeights f;
        f.hidden = config_.hiddenSize;
        f.heads = config_.numHeads;
        f.kvHeads = config_.numKvHeads;
        f.headDim = headDim();
        f.eps = float(config_.normEps);
        f.window = config_.slidingWindow;
        f.embed = matrixOf(embed_, "model.embed_tokens.weight");
        for (const LlamaBlock& k : blocks_)
            f.layers.push_back({floatsOf(k.inputNorm, "input_layernorm.weight"), matrixOf(k.qWeight, "q_proj.weight"),
                                matrixOf(k.kWeight, "k_proj.weight"), matrixOf(k.vWeight, "v_proj.weight"),
                                floatsOf(k.qBias, "q_proj.bias"), floatsOf(k.kBias, "k_proj.bias"),
                                floatsOf(k.vBias, "v_proj.bias"), matrixOf(k.oWeight, "o_proj.weight"),
                                floatsOf(k.postNorm, "post_attention_layernorm.weight"),
                                matrixOf(k.gateWeight, "gate_proj.weight"), matrixOf(k.upWeight, "up_proj.weight"),
                                matrixOf(k.downWeight, "down_proj.weight")});
        f.finalNorm = floatsOf(finalNorm_, "model.norm.weight");
        f.lmHead = matrixOf(lmHead_, "lm_head.weight");
        f.invFreq = floatsOf(invFreq_, "inv_freq");
        return f;
    }

    int64_t headDim() const { return config_.headDim > 0 ? config_.headDim : config_.hiddenSize / config_.numHeads; }

    at::Tensor rmsNorm(const at::Tensor& x, const at::Tensor& weight) const
    {
        at::Tensor meanSquare = x.pow(2).mean(-1, true);                  // [T, 1]
        return x * torch::rsqrt(meanSquare + config_.normEps) * weight;
    }

    uint64_t countParameters(bool bytes) const
    {
        std::vector<at::Tensor> all = {embed_, finalNorm_};
        if (!config_.tieWordEmbeddings) all.push_back(lmHead_);
        for (const LlamaBlock& k : blocks_)
            for (const at::Tensor& t : {k.inputNorm, k.qWeight, k.qBias, k.kWeight, k.kBias, k.vWeight, k.vBias,
                                        k.oWeight, k.postNorm, k.gateWeight, k.upWeight, k.downWeight})
                if (t.defined()) all.push_back(t);
        uint64_t n = 0;
        for (const at::Tensor& t : all) n += uint64_t(t.numel()) * (bytes ? t.element_size() : 1);
        return n;
    }

    ModelConfig config_;
    ShardedCheckpoint ckpt_;   // owns the mapping the weights alias when their dtype matches
    ComputeDType dtype_;
    at::Tensor embed_;         // [V, C]
    std::vector<LlamaBlock> blocks_;
    at::Tensor finalNorm_;     // [C]
    at::Tensor lmHead_;        // [V, C]
    at::Tensor invFreq_;       // [D/2]
    fastdecode::LlamaWeights fastWeights_;   // views of the tensors above
    fastdecode::FastDecoder fast_;
};

} // namespace

std::unique_ptr<CausalLM> makeLlama(ModelConfig config, ShardedCheckpoint ckpt, const std::string& nameForErrors,
                                    const LoadOptions& options)
{
    return std::make_unique<Llama>(std::move(config), std::move(ckpt), nameForErrors, options);
}

} // namespace wb
