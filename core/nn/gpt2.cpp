// GPT-2 (HF GPT2LMHeadModel): learned positions, pre-LayerNorm blocks, GELU
// MLP, tied lm_head. Attention and MLP weights are HF Conv1D: [in, out].
#include "core/data/record.h"
#include "core/nn/attention.h"
#include "core/nn/families.h"
#include "core/nn/weights_to_torch.h"

#include <torch/torch.h>

#include <cmath>

namespace wb {
namespace {

struct Gpt2Block {
    at::Tensor ln1Weight, ln1Bias;       // [C]
    at::Tensor attnWeight, attnBias;     // [C, 3C], [3C]  (q | k | v)
    at::Tensor attnProjWeight, attnProjBias; // [C, C], [C]
    at::Tensor ln2Weight, ln2Bias;       // [C]
    at::Tensor fcWeight, fcBias;         // [C, I], [I]
    at::Tensor fcProjWeight, fcProjBias; // [I, C], [C]
};

class Gpt2 final : public CausalLM {
public:
    Gpt2(ModelConfig config, ShardedCheckpoint ckpt, const std::string& nameForErrors)
        : config_(std::move(config)), ckpt_(std::move(ckpt))
    {
        if (config_.activation != "gelu_new" && config_.activation != "gelu" &&
            config_.activation != "gelu_pytorch_tanh")
            throw Error(nameForErrors + "/config.json: field \"activation_function\": \"" + config_.activation +
                        "\" is not supported (gelu_new, gelu_pytorch_tanh, gelu)");
        // Checkpoints saved from GPT2LMHeadModel prefix "transformer."; the
        // original OpenAI conversions do not.
        const std::string p = ckpt_.find("transformer.wte.weight") ? "transformer." : "";
        WeightLoader w(ckpt_, nameForErrors, [](const std::string& n) {
            // Causal-mask buffers that old checkpoints carry.
            return n.ends_with(".attn.bias") || n.ends_with(".attn.masked_bias");
        });
        const int64_t C = config_.hiddenSize, I = config_.intermediateSize, V = config_.vocabSize;
        wte_ = w.take(p + "wte.weight", {V, C});
        wpe_ = w.take(p + "wpe.weight", {config_.maxPositionEmbeddings, C});
        for (int l = 0; l < config_.numLayers; ++l) {
            const std::string b = p + "h." + std::to_string(l) + ".";
            Gpt2Block k;
            k.ln1Weight = w.take(b + "ln_1.weight", {C});
            k.ln1Bias = w.take(b + "ln_1.bias", {C});
            k.attnWeight = w.take(b + "attn.c_attn.weight", {C, 3 * C});
            k.attnBias = w.take(b + "attn.c_attn.bias", {3 * C});
            k.attnProjWeight = w.take(b + "attn.c_proj.weight", {C, C});
            k.attnProjBias = w.take(b + "attn.c_proj.bias", {C});
            k.ln2Weight = w.take(b + "ln_2.weight", {C});
            k.ln2Bias = w.take(b + "ln_2.bias", {C});
            k.fcWeight = w.take(b + "mlp.c_fc.weight", {C, I});
            k.fcBias = w.take(b + "mlp.c_fc.bias", {I});
            k.fcProjWeight = w.take(b + "mlp.c_proj.weight", {I, C});
            k.fcProjBias = w.take(b + "mlp.c_proj.bias", {C});
            blocks_.push_back(std::move(k));
        }
        lnfWeight_ = w.take(p + "ln_f.weight", {C});
        lnfBias_ = w.take(p + "ln_f.bias", {C});
        lmHead_ = wte_;
        if (w.has("lm_head.weight")) {
            at::Tensor head = w.take("lm_head.weight", {V, C});
            if (!config_.tieWordEmbeddings) lmHead_ = head;
        } else if (!config_.tieWordEmbeddings) {
            w.take("lm_head.weight", {V, C}); // throws: missing
        }
        w.finish();
    }

    const ModelConfig& config() const override { return config_; }

    std::vector<float> logits(const std::vector<int>& ids) override
    {
        checkTokenIds(ids, config_.vocabSize);
        if (int(ids.size()) > config_.maxPositionEmbeddings)
            throw Error("logits: " + std::to_string(ids.size()) + " tokens exceed n_positions " +
                        std::to_string(config_.maxPositionEmbeddings));
        torch::NoGradGuard noGrad;
        const int64_t T = int64_t(ids.size()), C = config_.hiddenSize, H = config_.numHeads, D = C / H;
        at::Tensor idsT = torch::tensor(std::vector<int64_t>(ids.begin(), ids.end()), torch::kInt64);
        at::Tensor x = wte_.index_select(0, idsT) + wpe_.narrow(0, 0, T);   // [T, C]
        for (const Gpt2Block& k : blocks_) {
            at::Tensor h = torch::layer_norm(x, {C}, k.ln1Weight, k.ln1Bias, config_.normEps);
            at::Tensor qkv = torch::addmm(k.attnBias, h, k.attnWeight);      // [T, 3C]
            auto parts = qkv.split(C, -1);
            at::Tensor q = parts[0].view({T, H, D}).transpose(0, 1);         // [H, T, D]
            at::Tensor kk = parts[1].view({T, H, D}).transpose(0, 1);
            at::Tensor v = parts[2].view({T, H, D}).transpose(0, 1);
            at::Tensor attn = causalAttention(q, kk, v).transpose(0, 1).reshape({T, C});
            x = x + torch::addmm(k.attnProjBias, attn, k.attnProjWeight);
            h = torch::layer_norm(x, {C}, k.ln2Weight, k.ln2Bias, config_.normEps);
            at::Tensor inner = torch::addmm(k.fcBias, h, k.fcWeight);        // [T, I]
            inner = config_.activation == "gelu" ? torch::gelu(inner) : torch::gelu(inner, "tanh");
            x = x + torch::addmm(k.fcProjBias, inner, k.fcProjWeight);
        }
        x = torch::layer_norm(x, {C}, lnfWeight_, lnfBias_, config_.normEps);
        at::Tensor out = torch::matmul(x, lmHead_.t()).contiguous();        // [T, V]
        const float* p = out.data_ptr<float>();
        return std::vector<float>(p, p + out.numel());
    }

private:
    ModelConfig config_;
    ShardedCheckpoint ckpt_;   // owns the mapping the F32 weights alias
    at::Tensor wte_;           // [V, C]
    at::Tensor wpe_;           // [P, C]
    std::vector<Gpt2Block> blocks_;
    at::Tensor lnfWeight_, lnfBias_; // [C]
    at::Tensor lmHead_;        // [V, C]
};

} // namespace

std::unique_ptr<CausalLM> makeGpt2(ModelConfig config, ShardedCheckpoint ckpt, const std::string& nameForErrors)
{
    return std::make_unique<Gpt2>(std::move(config), std::move(ckpt), nameForErrors);
}

} // namespace wb
