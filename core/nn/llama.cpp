// Llama family (HF LlamaForCausalLM; Qwen2 and Mistral share the layout):
// RMSNorm, rotary positions (rotate_half convention), SwiGLU MLP, grouped-query
// attention, optional Q/K/V biases (Qwen2), lm_head tied only when the config
// says so.
#include "core/data/record.h"
#include "core/nn/attention.h"
#include "core/nn/families.h"
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

at::Tensor linear(const at::Tensor& x, const at::Tensor& weight, const at::Tensor& bias)
{
    return torch::linear(x, weight, bias.defined() ? c10::optional<at::Tensor>(bias) : c10::nullopt);
}

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
    Llama(ModelConfig config, ShardedCheckpoint ckpt, const std::string& nameForErrors)
        : config_(std::move(config)), ckpt_(std::move(ckpt))
    {
        if (config_.activation != "silu")
            throw Error(nameForErrors + "/config.json: field \"hidden_act\": \"" + config_.activation +
                        "\" is not supported (silu)");
        WeightLoader w(ckpt_, nameForErrors, [](const std::string& n) {
            return n.ends_with(".rotary_emb.inv_freq");   // a buffer some old checkpoints carry
        });
        const int64_t C = config_.hiddenSize, I = config_.intermediateSize, V = config_.vocabSize;
        const int64_t H = config_.numHeads, KV = config_.numKvHeads, D = headDim();
        embed_ = w.take("model.embed_tokens.weight", {V, C});
        for (int l = 0; l < config_.numLayers; ++l) {
            const std::string b = "model.layers." + std::to_string(l) + ".";
            LlamaBlock k;
            k.inputNorm = w.take(b + "input_layernorm.weight", {C});
            k.qWeight = w.take(b + "self_attn.q_proj.weight", {H * D, C});
            k.kWeight = w.take(b + "self_attn.k_proj.weight", {KV * D, C});
            k.vWeight = w.take(b + "self_attn.v_proj.weight", {KV * D, C});
            if (config_.attentionBias) {
                k.qBias = w.take(b + "self_attn.q_proj.bias", {H * D});
                k.kBias = w.take(b + "self_attn.k_proj.bias", {KV * D});
                k.vBias = w.take(b + "self_attn.v_proj.bias", {KV * D});
            }
            k.oWeight = w.take(b + "self_attn.o_proj.weight", {C, H * D});
            k.postNorm = w.take(b + "post_attention_layernorm.weight", {C});
            k.gateWeight = w.take(b + "mlp.gate_proj.weight", {I, C});
            k.upWeight = w.take(b + "mlp.up_proj.weight", {I, C});
            k.downWeight = w.take(b + "mlp.down_proj.weight", {C, I});
            blocks_.push_back(std::move(k));
        }
        finalNorm_ = w.take("model.norm.weight", {C});
        if (!config_.tieWordEmbeddings)
            lmHead_ = w.take("lm_head.weight", {V, C});
        else if (w.has("lm_head.weight"))
            w.take("lm_head.weight", {V, C});   // a saved copy of the tied embedding
        if (config_.tieWordEmbeddings) lmHead_ = embed_;
        w.finish();
        invFreq_ = inverseFrequencies(config_, D);
    }

    const ModelConfig& config() const override { return config_; }

    std::vector<float> logits(const std::vector<int>& ids) override
    {
        checkTokenIds(ids, config_.vocabSize);
        torch::NoGradGuard noGrad;
        const int64_t T = int64_t(ids.size()), H = config_.numHeads, KV = config_.numKvHeads, D = headDim();
        at::Tensor positions = torch::arange(T, torch::kFloat32);
        at::Tensor freqs = torch::outer(positions, invFreq_);             // [T, D/2]
        at::Tensor angles = torch::cat({freqs, freqs}, -1);               // [T, D]
        at::Tensor cos = angles.cos(), sin = angles.sin();                // [T, D]

        at::Tensor idsT = torch::tensor(std::vector<int64_t>(ids.begin(), ids.end()), torch::kInt64);
        at::Tensor x = embed_.index_select(0, idsT);                       // [T, C]
        for (const LlamaBlock& k : blocks_) {
            at::Tensor h = rmsNorm(x, k.inputNorm);
            at::Tensor q = linear(h, k.qWeight, k.qBias).view({T, H, D}).transpose(0, 1);    // [H, T, D]
            at::Tensor kk = linear(h, k.kWeight, k.kBias).view({T, KV, D}).transpose(0, 1);  // [KV, T, D]
            at::Tensor v = linear(h, k.vWeight, k.vBias).view({T, KV, D}).transpose(0, 1);   // [KV, T, D]
            q = q * cos + rotateHalf(q) * sin;
            kk = kk * cos + rotateHalf(kk) * sin;
            if (KV != H) {   // each K/V head serves H/KV consecutive query heads
                kk = kk.repeat_interleave(H / KV, 0);                      // [H, T, D]
                v = v.repeat_interleave(H / KV, 0);
            }
            at::Tensor attn = causalAttention(q, kk, v, config_.slidingWindow).transpose(0, 1).reshape({T, H * D});
            x = x + torch::linear(attn, k.oWeight);
            h = rmsNorm(x, k.postNorm);
            at::Tensor gated = torch::silu(torch::linear(h, k.gateWeight)) * torch::linear(h, k.upWeight); // [T, I]
            x = x + torch::linear(gated, k.downWeight);
        }
        x = rmsNorm(x, finalNorm_);
        at::Tensor out = torch::linear(x, lmHead_).contiguous();          // [T, V]
        const float* p = out.data_ptr<float>();
        return std::vector<float>(p, p + out.numel());
    }

private:
    int64_t headDim() const { return config_.headDim > 0 ? config_.headDim : config_.hiddenSize / config_.numHeads; }

    at::Tensor rmsNorm(const at::Tensor& x, const at::Tensor& weight) const
    {
        at::Tensor meanSquare = x.pow(2).mean(-1, true);                  // [T, 1]
        return x * torch::rsqrt(meanSquare + config_.normEps) * weight;
    }

    ModelConfig config_;
    ShardedCheckpoint ckpt_;   // owns the mapping the F32 weights alias
    at::Tensor embed_;         // [V, C]
    std::vector<LlamaBlock> blocks_;
    at::Tensor finalNorm_;     // [C]
    at::Tensor lmHead_;        // [V, C]
    at::Tensor invFreq_;       // [D/2]
};

} // namespace

std::unique_ptr<CausalLM> makeLlama(ModelConfig config, ShardedCheckpoint ckpt, const std::string& nameForErrors)
{
    return std::make_unique<Llama>(std::move(config), std::move(ckpt), nameForErrors);
}

} // namespace wb
