#include "core/nn/causal_lm.h"

#include "core/data/record.h"
#include "core/nn/attention.h"
#include "core/nn/families.h"

#include <torch/torch.h>

#include <cmath>
#include <filesystem>
#include <limits>

namespace wb {

CausalLM::~CausalLM() = default;

std::unique_ptr<CausalLM> CausalLM::load(const std::string& modelDir)
{
    const std::string configPath = (std::filesystem::path(modelDir) / "config.json").string();
    ModelConfig config = loadConfig(configPath);
    ShardedCheckpoint ckpt = ShardedCheckpoint::open(modelDir);
    switch (config.family) {
    case ModelFamily::Gpt2: return makeGpt2(std::move(config), std::move(ckpt), modelDir);
    case ModelFamily::Llama:
    case ModelFamily::Qwen2:
    case ModelFamily::Mistral: return makeLlama(std::move(config), std::move(ckpt), modelDir);
    case ModelFamily::Bert: break;
    }
    throw Error(configPath + ": field \"model_type\": " + std::string(toString(config.family)) +
                " is not a causal language model");
}

at::Tensor causalAttention(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v, std::optional<int> window)
{
    const int64_t T = q.size(1);
    const double scale = 1.0 / std::sqrt(double(q.size(2)));
    at::Tensor scores = torch::matmul(q, k.transpose(1, 2)) * scale;   // [H, T, T]
    at::Tensor i = torch::arange(T).unsqueeze(1);                       // [T, 1]
    at::Tensor j = torch::arange(T).unsqueeze(0);                       // [1, T]
    at::Tensor blocked = j > i;                                         // [T, T]
    if (window) blocked = blocked.logical_or(j <= i - *window);
    scores = scores.masked_fill(blocked, -std::numeric_limits<float>::infinity());
    at::Tensor probs = torch::softmax(scores, -1);                      // [H, T, T]
    return torch::matmul(probs, v);                                     // [H, T, D]
}

void checkTokenIds(const std::vector<int>& ids, int vocab)
{
    if (ids.empty()) throw Error("logits: the input has no token ids");
    for (size_t n = 0; n < ids.size(); ++n)
        if (ids[n] < 0 || ids[n] >= vocab)
            throw Error("logits: token id " + std::to_string(ids[n]) + " at position " + std::to_string(n) +
                        " is outside the vocabulary [0, " + std::to_string(vocab) + ")");
}

} // namespace wb
