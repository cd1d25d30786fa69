// GPT-2 (HF GPT2LMHeadModel): learned positions, pre-LayerNorm blocks, GELU
// MLP, tied lm_head. Attention and MLP weights are HF Conv1D: [in, out].
#include "core/data/record.h"
#include "core/nn/attention.h"
#include "core/nn/families.h"
#include "core/nn/fast_decode.h"
#include "core/nn/weights_to_torch.h"

#include <torch/torch.h>

#include <cmath>

namespace wb {
namespace {

// Conv1D weights are [in, out] in fp32 and [out, in] in bf16 (shapes below: fp32).
struct Gpt2Block {
    at::Tensor ln1Weight, ln1Bias;       // [C]
    at::Tensor attnWeight, attnBias;     // [C, 3C], [3C]  (q | k | v)
    at::Tensor attnProjWeight, attnProjBias; // [C, C], [C]
    at::Tensor ln2Weight, ln2Bias;       // [C]
    at::Tensor fcWeight, fcBias;         // [C, I], [I]
    at::Tensor fcProjWeight, fcProjBias; // [I, C], [C]
};

// HF Conv1D: x @ W + b with W [in, out] in fp32, or bf16 W kept as [out, in]
// (see Gpt2's constructor), a linear layer; x and the result fp32.
at::Tensor conv1d(const at::Tensor& x, const at::Tensor& weight, const at::Tensor& bias)
{
    if (weight.scalar_type() == torch::kFloat32) return torch::addmm(bias, x, weight);
    return linearMixed(x, weight, bias);
}

class Gpt2 final : public CausalLM {
public:
    Gpt2(ModelConfig config, ShardedCheckpoint ckpt, const std::string& nameForErrors, const LoadOptions& options)
        : config_(std::move(config)), ckpt_(std::move(ckpt)), dtype_(options.dtype)
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
        w.setWeightType(dtype_ == ComputeDType::BF16);
        if (options.progress) w.setProgress(options.progress);
        const int64_t C = config_.hiddenSize, I = config_.intermediateSize, V = config_.vocabSize;
        wte_ = w.takeWeight(p + "wte.weight", {V, C});
        wpe_ = w.take(p + "wpe.weight", {config_.maxPositionEmbeddings, C});
        // bf16 Conv1D weights are held transposed, [out, in]: batch-1 decode
        // then streams each output's weights as one contiguous run (dotRows)
        // instead of short strided pieces of every row, which the hardware
        // prefetcher follows badly. fp32 keeps HF's [in, out], aliasing the file.
        const bool outFirst = dtype_ == ComputeDType::BF16;
        const auto conv1dWeight = [&](const std::string& name, int64_t in, int64_t out) {
            return outFirst ? w.takeWeightTransposed(name, {in, out}) : w.takeWeight(name, {in, out});
        };
        for (int l = 0; l < config_.numLayers; ++l) {
            const std::string b = p + "h." + std::to_string(l) + ".";
            Gpt2Block k;
            k.ln1Weight = w.take(b + "ln_1.weight", {C});
            k.ln1Bias = w.take(b + "ln_1.bias", {C});
            k.attnWeight = conv1dWeight(b + "attn.c_attn.weight", C, 3 * C);
            k.attnBias = w.take(b + "attn.c_attn.bias", {3 * C});
            k.attnProjWeight = conv1dWeight(b + "attn.c_proj.weight", C, C);
            k.attnProjBias = w.take(b + "attn.c_proj.bias", {C});
            k.ln2Weight = w.take(b + "ln_2.weight", {C});
            k.ln2Bias = w.take(b + "ln_2.bias", {C});
            k.fcWeight = conv1dWeight(b + "mlp.c_fc.weight", C, I);
            k.fcBias = w.take(b + "mlp.c_fc.bias", {I});
            k.fcProjWeight = conv1dWeight(b + "mlp.c_proj.weight", I, C);
            k.fcProjBias = w.take(b + "mlp.c_proj.bias", {C});
            blocks_.push_back(std::move(k));
        }
        lnfWeight_ = w.take(p + "ln_f.weight", {C});
        lnfBias_ = w.take(p + "ln_f.bias", {C});
        lmHead_ = wte_;
        if (w.has("lm_head.weight")) {
            at::Tensor head = w.takeWeight("lm_head.weight", {V, C});
            if (!config_.tieWordEmbeddings) lmHead_ = head;
        } else if (!config_.tieWordEmbeddings) {
            w.take("lm_head.weight", {V, C}); // throws: missing
        }
        w.finish();
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
            throw Error("logits: " + std::to_string(ids.size()) + " tokens exceed n_positions " +
                        std::to_string(config_.maxPositionEmbeddings));
        auto cache = newCache(int(ids.size()));
        return step(ids, *cache, true);
    }

    std::unique_ptr<KvCache> newCache(int capacity) override
    {
        checkCacheCapacity(capacity, config_);
        const int64_t D = config_.hiddenSize / config_.numHeads;
        return std::make_unique<TorchKvCache>(config_.numLayers, config_.numHeads, capacity, D, this);
    }

    std::vector<float> hiddenStates(const std::vector<int>& ids) override
    {
        checkTokenIds(ids, config_.vocabSize);
        if (int(ids.size()) > config_.maxPositionEmbeddings)
            throw Error("hiddenStates: " + std::to_string(ids.size()) + " tokens exceed n_positions " +
                        std::to_string(config_.maxPositionEmbeddings));
        torch::NoGradGuard noGrad;
        auto cache = newCache(int(ids.size()));
        at::Tensor x = runBlocks(ids, static_cast<TorchKvCache&>(*cache));     // [T, C]
        return toVector(torch::layer_norm(x, {config_.hiddenSize}, lnfWeight_, lnfBias_, config_.normEps));
    }

    std::vector<float> step(const std::vector<int>& ids, KvCache& kvCache, bool allLogits) override
    {
        TorchKvCache& cache = checkedCache(kvCache, this, ids, config_);
        if (ids.size() == 1 && !allLogits && fastdecode::decodePath() != fastdecode::DecodePath::Torch)
            return fast_.step(fastWeights_, ids[0], cache);   // batch-1 decode without LibTorch ops
        torch::NoGradGuard noGrad;
        const int64_t T = int64_t(ids.size()), C = config_.hiddenSize;
        at::Tensor x = runBlocks(ids, cache);                                  // [T, C]
        if (!allLogits) x = x.narrow(0, T - 1, 1);
        x = torch::layer_norm(x, {C}, lnfWeight_, lnfBias_, config_.normEps);
        return toVector(linearMixed(x, lmHead_));                              // [T or 1, V]
    }

private:
    // Embeddings and every block for `ids` at positions cache.length() ...;
    // appends their keys and values. The hidden states before ln_f, [T, C].
    at::Tensor runBlocks(const std::vector<int>& ids, TorchKvCache& cache)
    {
        const int64_t T = int64_t(ids.size()), C = config_.hiddenSize, H = config_.numHeads, D = C / H;
        const int64_t start = cache.length();
        at::Tensor idsT = torch::tensor(std::vector<int64_t>(ids.begin(), ids.end()), torch::kInt64);
        at::Tensor x = embeddingRows(wte_, idsT) + wpe_.narrow(0, start, T);   // [T, C]
        for (size_t l = 0; l < blocks_.size(); ++l) {
            const Gpt2Block& k = blocks_[l];
            at::Tensor h = torch::layer_norm(x, {C}, k.ln1Weight, k.ln1Bias, config_.normEps);
            at::Tensor qkv = conv1d(h, k.attnWeight, k.attnBias);               // [T, 3C]
            auto parts = qkv.split(C, -1);
            at::Tensor q = parts[0].view({T, H, D}).transpose(0, 1);            // [H, T, D]
            at::Tensor kk = parts[1].view({T, H, D}).transpose(0, 1);
            at::Tensor v = parts[2].view({T, H, D}).transpose(0, 1);
            auto [keys, values] = cache.append(int(l), kk, v);                  // [H, start+T, D]
            at::Tensor attn = causalAttention(q, keys, values).transpose(0, 1).reshape({T, C});
            x = x + conv1d(attn, k.attnProjWeight, k.attnProjBias);
            h = torch::layer_norm(x, {C}, k.ln2Weight, k.ln2Bias, config_.normEps);
            at::Tensor inner = conv1d(h, k.fcWeight, k.fcBias);                 // [T, I]
            inner = config_.activation == "gelu" ? torch::gelu(inner) : torch::gelu(inner, "tanh");
            x = x + conv1d(inner, k.fcProjWeight, k.fcProjBias);
        }
        cache.commit(int(T));
        return x;
    }

    // Pointers into the tensors above for the batch-1 fast path.
    fastdecode::Gpt2Weights fastWeights() const
    {
        using fastdecode::floatsOf;
        using fastdecode::matrixOf;
        fastdecode::Gpt2Weights f;
        f.hidden = config_.hiddenSize;
        f.heads = config_.numHeads;
        f.eps = float(config_.normEps);
        f.geluTanh = config_.activation != "gelu";
        f.conv1dOutFirst = dtype_ == ComputeDType::BF16;
        f.wte = matrixOf(wte_, "wte.weight");
        f.wpe = floatsOf(wpe_, "wpe.weight");
        for (const Gpt2Block& k : blocks_)
            f.layers.push_back({floatsOf(k.ln1Weight, "ln_1.weight"), floatsOf(k.ln1Bias, "ln_1.bias"),
                                matrixOf(k.attnWeight, "attn.c_attn.weight"), floatsOf(k.attnBias, "attn.c_attn.bias"),
                                matrixOf(k.attnProjWeight, "attn.c_proj.weight"),
                                floatsOf(k.attnProjBias, "attn.c_proj.bias"), floatsOf(k.ln2Weight, "ln_2.weight"),
                                floatsOf(k.ln2Bias, "ln_2.bias"), matrixOf(k.fcWeight, "mlp.c_fc.weight"),
                                floatsOf(k.fcBias, "mlp.c_fc.bias"), matrixOf(k.fcProjWeight, "mlp.c_proj.weight"),
                                floatsOf(k.fcProjBias, "mlp.c_proj.bias")});
        f.lnfWeight = floatsOf(lnfWeight_, "ln_f.weight");
        f.lnfBias = floatsOf(lnfBias_, "ln_f.bias");
        f.lmHead = matrixOf(lmHead_, "lm_head.weight");
        return f;
    }

    uint64_t countParameters(bool bytes) const
    {
        std::vector<at::Tensor> all = {wte_, wpe_, lnfWeight_, lnfBias_};
        if (!lmHead_.is_same(wte_)) all.push_back(lmHead_);
        for (const Gpt2Block& k : blocks_)
            for (const at::Tensor& t : {k.ln1Weight, k.ln1Bias, k.attnWeight, k.attnBias, k.attnProjWeight,
                                        k.attnProjBias, k.ln2Weight, k.ln2Bias, k.fcWeight, k.fcBias,
                                        k.fcProjWeight, k.fcProjBias})
                all.push_back(t);
        uint64_t n = 0;
        for (const at::Tensor& t : all) n += uint64_t(t.numel()) * (bytes ? t.element_size() : 1);
        return n;
    }

    ModelConfig config_;
    ShardedCheckpoint ckpt_;   // owns the mapping the weights alias when their dtype matches
    ComputeDType dtype_;
    at::Tensor wte_;           // [V, C]
    at::Tensor wpe_;           // [P, C]
    std::vector<Gpt2Block> blocks_;
    at::Tensor lnfWeight_, lnfBias_; // [C]
    at::Tensor lmHead_;        // [V, C]
    fastdecode::Gpt2Weights fastWeights_;   // views of the tensors above
    fastdecode::FastDecoder fast_;
};

} // namespace

std::unique_ptr<CausalLM> makeGpt2(ModelConfig config, ShardedCheckpoint ckpt, const std::string& nameForErrors,
                                   const LoadOptions& options)
{
    return std::make_unique<Gpt2>(std::move(config), std::move(ckpt), nameForErrors, options);
}

} // namespace wb
