#include "core/nn/causal_lm.h"

#include "core/data/record.h"
#include "core/nn/attention.h"
#include "core/nn/families.h"
#include "core/util/cpu_features.h"

#include <torch/torch.h>
#include <torch/version.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>

namespace wb {

std::string_view toString(ComputeDType t)
{
    return t == ComputeDType::BF16 ? "bf16" : "f32";
}

ComputeDType computeDTypeFromString(std::string_view s)
{
    if (s == "f32" || s == "fp32" || s == "float32") return ComputeDType::F32;
    if (s == "bf16" || s == "bfloat16") return ComputeDType::BF16;
    throw Error("dtype \"" + std::string(s) + "\" is not supported (f32, bf16)");
}

KvCache::~KvCache() = default;
CausalLM::~CausalLM() = default;

std::vector<float> CausalLM::hiddenStates(const std::vector<int>&)
{
    throw Error("hiddenStates: not supported by the " + std::string(toString(config().family)) + " family");
}

std::unique_ptr<CausalLM> CausalLM::load(const std::string& modelDir, const LoadOptions& options)
{
    const std::string configPath = (std::filesystem::path(modelDir) / "config.json").string();
    ModelConfig config = loadConfig(configPath);
    ShardedCheckpoint ckpt = ShardedCheckpoint::open(modelDir);
    switch (config.family) {
    case ModelFamily::Gpt2: return makeGpt2(std::move(config), std::move(ckpt), modelDir, options);
    case ModelFamily::Llama:
    case ModelFamily::Qwen2:
    case ModelFamily::Mistral: return makeLlama(std::move(config), std::move(ckpt), modelDir, options);
    case ModelFamily::Bert: break;
    }
    throw Error(configPath + ": field \"model_type\": " + std::string(toString(config.family)) +
                " is not a causal language model");
}

at::Tensor causalAttention(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v, std::optional<int> window)
{
    const int64_t H = q.size(0), Tq = q.size(1), D = q.size(2);
    const int64_t KV = k.size(0), Tk = k.size(1), G = H / KV;
    const int64_t offset = Tk - Tq;
    // Blocked pairs: keys after the query's position, or outside its window.
    at::Tensor i = torch::arange(offset, Tk).unsqueeze(1);             // [Tq, 1] absolute positions
    at::Tensor j = torch::arange(Tk).unsqueeze(0);                     // [1, Tk]
    at::Tensor blocked = j > i;                                        // [Tq, Tk]
    if (window) blocked = blocked.logical_or(j <= i - *window);
    at::Tensor q4 = q.view({KV, G, Tq, D});                            // [KV, G, Tq, D]
    at::Tensor k4 = k.unsqueeze(1);                                    // [KV, 1, Tk, D]
    at::Tensor v4 = v.unsqueeze(1);                                    // [KV, 1, Tk, D]
#if TORCH_VERSION_MAJOR >= 2
    // SDPA takes a mask of allowed positions and broadcasts K/V over G.
    at::Tensor out = at::scaled_dot_product_attention(q4, k4.expand({KV, G, Tk, D}), v4.expand({KV, G, Tk, D}),
                                                      blocked.logical_not());
#else
    const double scale = 1.0 / std::sqrt(double(D));
    at::Tensor scores = torch::matmul(q4, k4.transpose(-1, -2)) * scale; // [KV, G, Tq, Tk]
    if (Tq > 1 || window) scores = scores.masked_fill(blocked, -std::numeric_limits<float>::infinity());
    at::Tensor probs = torch::softmax(scores, -1);
    at::Tensor out = torch::matmul(probs, v4);                          // [KV, G, Tq, D]
#endif
    return out.reshape({H, Tq, D});
}

void checkTokenIds(const std::vector<int>& ids, int vocab)
{
    if (ids.empty()) throw Error("logits: the input has no token ids");
    for (size_t n = 0; n < ids.size(); ++n)
        if (ids[n] < 0 || ids[n] >= vocab)
            throw Error("logits: token id " + std::to_string(ids[n]) + " at position " + std::to_string(n) +
                        " is outside the vocabulary [0, " + std::to_string(vocab) + ")");
}

TorchKvCache::TorchKvCache(int layers, int64_t kvHeads, int capacity, int64_t headDim, const void* owner)
    : capacity_(capacity), owner_(owner)
{
    for (int l = 0; l < layers; ++l) {
        k_.push_back(torch::zeros({kvHeads, capacity, headDim}, torch::kFloat32));
        v_.push_back(torch::zeros({kvHeads, capacity, headDim}, torch::kFloat32));
    }
}

void TorchKvCache::truncate(int n)
{
    if (n < 0 || n > length_)
        throw Error("KV cache: cannot truncate " + std::to_string(length_) + " tokens to " + std::to_string(n));
    length_ = n;
}

uint64_t TorchKvCache::bytes() const
{
    uint64_t total = 0;
    for (const at::Tensor& t : k_) total += uint64_t(t.numel()) * 4 * 2;
    return total;
}

void TorchKvCache::checkAppend(const void* owner, int n) const
{
    if (owner != owner_) throw Error("KV cache: made by a different model");
    if (length_ + n > capacity_)
        throw Error("KV cache: " + std::to_string(length_) + " + " + std::to_string(n) + " tokens exceed its capacity " +
                    std::to_string(capacity_));
}

std::pair<at::Tensor, at::Tensor> TorchKvCache::append(int layer, const at::Tensor& k, const at::Tensor& v)
{
    const int64_t n = k.size(1);
    k_[layer].narrow(1, length_, n).copy_(k);
    v_[layer].narrow(1, length_, n).copy_(v);
    return {k_[layer].narrow(1, 0, length_ + n), v_[layer].narrow(1, 0, length_ + n)};
}

TorchKvCache& checkedCache(KvCache& cache, const void* owner, const std::vector<int>& ids, const ModelConfig& c)
{
    checkTokenIds(ids, c.vocabSize);
    auto* torchCache = dynamic_cast<TorchKvCache*>(&cache);
    if (!torchCache) throw Error("KV cache: not made by this model");
    torchCache->checkAppend(owner, int(ids.size()));
    return *torchCache;
}

void checkCacheCapacity(int capacity, const ModelConfig& c)
{
    if (capacity <= 0 || capacity > c.maxPositionEmbeddings)
        throw Error("KV cache: capacity " + std::to_string(capacity) + " is outside [1, max_position_embeddings " +
                    std::to_string(c.maxPositionEmbeddings) + "]");
}

namespace {

// x [T, in] (already bf16-rounded, fp32) @ W^T for bf16 W [out, in] in fp32
// arithmetic: W is widened 8M elements (32 MB) at a time, so a large
// lm_head does not need a full fp32 copy. [T, out]
at::Tensor bf16WeightsFp32Math(const at::Tensor& x, const at::Tensor& weight)
{
    const int64_t rows = weight.size(0), block = std::max<int64_t>(1, (int64_t(8) << 20) / weight.size(1));
    if (rows <= block) return torch::linear(x, weight.to(torch::kFloat32));
    std::vector<at::Tensor> parts;
    for (int64_t r = 0; r < rows; r += block)
        parts.push_back(torch::linear(x, weight.narrow(0, r, std::min(block, rows - r)).to(torch::kFloat32)));
    return torch::cat(parts, 1);
}

} // namespace

at::Tensor linearMixed(const at::Tensor& x, const at::Tensor& weight, const at::Tensor& bias)
{
    if (weight.scalar_type() == torch::kFloat32)
        return torch::linear(x, weight, bias.defined() ? c10::optional<at::Tensor>(bias) : c10::nullopt);
    at::Tensor y = cpuHasNativeBf16()
                       ? torch::linear(x.to(weight.scalar_type()), weight).to(torch::kFloat32)
                       : bf16WeightsFp32Math(x.to(weight.scalar_type()).to(torch::kFloat32), weight);
    return bias.defined() ? y + bias : y;
}

at::Tensor embeddingRows(const at::Tensor& table, const at::Tensor& ids)
{
    return table.index_select(0, ids).to(torch::kFloat32);
}

std::vector<float> toVector(const at::Tensor& t)
{
    at::Tensor c = t.to(torch::kFloat32).contiguous();
    const float* p = c.data_ptr<float>();
    return std::vector<float>(p, p + c.numel());
}

} // namespace wb
