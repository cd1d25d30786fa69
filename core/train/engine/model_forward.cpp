// The training forward pass of both families over packed batches, with
// optional gradient checkpointing (a block is recomputed in backward) and
// bf16 autocast. Numerically the same formulas as core/nn/gpt2.cpp and
// core/nn/llama.cpp, so in fp32 the logits agree to rounding.
#include "core/train/engine/model_impl.h"

#include "core/data/record.h"
#include "core/train/engine/head_loss.h"

#include <ATen/autocast_mode.h>
#include <torch/torch.h>

#include <cmath>
#include <limits>

namespace wb {
namespace {

at::Tensor rotateHalf(const at::Tensor& x)
{
    const int64_t half = x.size(-1) / 2;
    return torch::cat({-x.narrow(-1, half, half), x.narrow(-1, 0, half)}, -1);
}

at::Tensor rmsNorm(const at::Tensor& x, const at::Tensor& weight, double eps)
{
    at::Tensor meanSquare = x.pow(2).mean(-1, true);   // [..., 1]
    return x * torch::rsqrt(meanSquare + eps) * weight;
}

// q: [B, H, L, D]; k, v: [B, KV, L, D]; blocked: [B, 1, 1, L, L]. Returns [B, H, L, D].
at::Tensor attention(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v, const at::Tensor& blocked)
{
    const int64_t B = q.size(0), H = q.size(1), L = q.size(2), D = q.size(3);
    const int64_t KV = k.size(1), G = H / KV;
    at::Tensor q5 = q.reshape({B, KV, G, L, D});                            // query head h uses kv head h / G
    at::Tensor k5 = k.unsqueeze(2);                                         // [B, KV, 1, L, D]
    at::Tensor v5 = v.unsqueeze(2);
    const double scale = 1.0 / std::sqrt(double(D));
    at::Tensor scores = torch::matmul(q5, k5.transpose(-1, -2)) * scale;    // [B, KV, G, L, L]
    scores = scores.masked_fill(blocked, -std::numeric_limits<float>::infinity());
    // Softmax in fp32 (scores are bf16 under autocast); every row keeps at
    // least its own position, so no row is all -inf.
    at::Tensor probs = torch::softmax(scores, -1, torch::kFloat32).to(v5.scalar_type());
    return torch::matmul(probs, v5).reshape({B, H, L, D});
}

// Recomputes a block in backward instead of keeping its activations (what
// torch.utils.checkpoint does): forward runs without recording, backward
// reruns it with the RNG state of the forward (same dropout masks) and takes
// the gradients of its input and parameters.

class RecomputeBlock : public torch::autograd::Function<RecomputeBlock> {
public:
    static at::Tensor forward(torch::autograd::AutogradContext* ctx, at::Tensor x, at::TensorList params, BlockRun* run)
    {
        const at::Generator& gen = at::detail::getDefaultCPUGenerator();
        {
            std::lock_guard<std::mutex> lock(const_cast<at::Generator&>(gen).mutex());
            ctx->saved_data["rng"] = gen.get_state();
        }
        ctx->saved_data["run"] = reinterpret_cast<int64_t>(run);
        ctx->saved_data["bf16"] = at::autocast::is_cpu_enabled();
        std::vector<at::Tensor> saved{x};
        saved.insert(saved.end(), params.begin(), params.end());
        ctx->save_for_backward(saved);
        return run->model->block(run->layer, x, *run->ctx);
    }

    static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx,
                                                   torch::autograd::variable_list gradOut)
    {
        const auto saved = ctx->get_saved_variables();
        const at::Tensor& x = saved[0];
        auto* run = reinterpret_cast<BlockRun*>(ctx->saved_data["run"].toInt());
        at::Generator& gen = const_cast<at::Generator&>(at::detail::getDefaultCPUGenerator());
        at::Tensor rngNow;
        {
            std::lock_guard<std::mutex> lock(gen.mutex());
            rngNow = gen.get_state();
            gen.set_state(ctx->saved_data["rng"].toTensor());
        }
        at::Tensor input, out;
        {
            torch::AutoGradMode enable(true);
            AutocastScope autocast(ctx->saved_data["bf16"].toBool());
            input = x.detach().requires_grad_(x.requires_grad());
            out = run->model->block(run->layer, input, *run->ctx);
        }
        {
            std::lock_guard<std::mutex> lock(gen.mutex());
            gen.set_state(rngNow);   // the recompute does not move the RNG
        }
        std::vector<at::Tensor> wrt;
        std::vector<size_t> where;   // index into the gradient list for each of wrt
        if (input.requires_grad()) {
            wrt.push_back(input);
            where.push_back(0);
        }
        for (size_t i = 1; i < saved.size(); ++i)
            if (saved[i].requires_grad()) {
                wrt.push_back(saved[i]);
                where.push_back(i);
            }
        torch::autograd::variable_list grads(saved.size() + 1);   // x, params..., run (not a tensor)
        if (wrt.empty()) return grads;
        const auto g = torch::autograd::grad({out}, wrt, {gradOut[0]}, false, false, true);
        for (size_t i = 0; i < wrt.size(); ++i) grads[where[i]] = g[i];
        return grads;
    }
};

} // namespace

at::Tensor Projection::operator()(const at::Tensor& x, bool training) const
{
    at::Tensor y;
    if (conv1d) {
        // HF Conv1D: x @ W + b with W [in, out], as addmm on rows like core/nn/gpt2.cpp.
        const int64_t in = weight.size(0), out = weight.size(1);
        std::vector<int64_t> shape(x.sizes().begin(), x.sizes().end());
        shape.back() = out;
        y = torch::addmm(bias, x.reshape({-1, in}), weight).view(shape);
    } else {
        y = torch::linear(x, weight, bias.defined() ? c10::optional<at::Tensor>(bias) : c10::nullopt);
    }
    if (loraA.defined()) {
        at::Tensor h = training && loraDropout > 0 ? torch::dropout(x, loraDropout, true) : x;
        y = y + torch::linear(torch::linear(h, loraA), loraB) * loraScale;
    }
    return y;
}

AutocastScope::AutocastScope(bool bf16) : prevEnabled_(at::autocast::is_cpu_enabled()), active_(bf16)
{
    if (!active_) return;
    at::autocast::set_cpu_enabled(true);
    at::autocast::set_autocast_cpu_dtype(at::kBFloat16);
    at::autocast::increment_nesting();
}

AutocastScope::~AutocastScope()
{
    if (!active_) return;
    // Casts of the weights are cached while autocast is on; drop them when the
    // outermost scope ends (the weights change at the next optimizer step).
    if (at::autocast::decrement_nesting() == 0) at::autocast::clear_cache();
    at::autocast::set_cpu_enabled(prevEnabled_);
}

BatchTensors toTensors(const Batch& b)
{
    auto make = [&](const std::vector<int>& v) {
        if (int64_t(v.size()) != b.rows * b.length) throw Error("batch: a field has the wrong length");
        return torch::from_blob(const_cast<int*>(v.data()), {b.rows, b.length}, torch::kInt32).to(torch::kInt64);
    };
    if (b.rows <= 0 || b.length <= 0) throw Error("batch: empty");
    return {make(b.ids), make(b.labels), make(b.positions), make(b.segments)};
}

BatchContext TrainableModel::Impl::context(const at::Tensor& positions, const at::Tensor& segments) const
{
    BatchContext ctx;
    ctx.B = positions.size(0);
    ctx.L = positions.size(1);
    const int64_t L = ctx.L;
    at::Tensor i = torch::arange(L).unsqueeze(1);                              // [L, 1]
    at::Tensor j = torch::arange(L).unsqueeze(0);                              // [1, L]
    at::Tensor blocked = (j > i).unsqueeze(0);                                 // [1, L, L] causal
    blocked = blocked.logical_or(segments.unsqueeze(2) != segments.unsqueeze(1));   // [B, L, L] other segments
    if (config.slidingWindow) blocked = blocked.logical_or((j <= i - *config.slidingWindow).unsqueeze(0));
    ctx.blocked = blocked.view({ctx.B, 1, 1, L, L});
    if (config.family != ModelFamily::Gpt2) {
        at::Tensor freqs = positions.to(torch::kFloat32).unsqueeze(-1) * invFreq;   // [B, L, D/2]
        at::Tensor angles = torch::cat({freqs, freqs}, -1).unsqueeze(1);          // [B, 1, L, D]
        ctx.cos = angles.cos();
        ctx.sin = angles.sin();
    }
    return ctx;
}

at::Tensor TrainableModel::Impl::block(size_t layer, const at::Tensor& x, const BatchContext& ctx) const
{
    const TrainBlock& k = blocks[layer];
    const ModelConfig& c = config;
    const int64_t B = ctx.B, L = ctx.L, H = c.numHeads, KV = c.numKvHeads;
    if (c.family == ModelFamily::Gpt2) {
        const int64_t C = c.hiddenSize, D = C / H;
        at::Tensor h = torch::layer_norm(x, {C}, k.ln1Weight, k.ln1Bias, c.normEps);
        at::Tensor qkv = k.attn(h, training);                                       // [B, L, 3C]
        auto parts = qkv.split(C, -1);
        at::Tensor q = parts[0].view({B, L, H, D}).transpose(1, 2);                 // [B, H, L, D]
        at::Tensor kk = parts[1].view({B, L, H, D}).transpose(1, 2);
        at::Tensor v = parts[2].view({B, L, H, D}).transpose(1, 2);
        at::Tensor a = attention(q, kk, v, ctx.blocked).transpose(1, 2).reshape({B, L, C});
        at::Tensor out = x + k.attnProj(a, training);
        h = torch::layer_norm(out, {C}, k.ln2Weight, k.ln2Bias, c.normEps);
        at::Tensor inner = k.fc(h, training);                                       // [B, L, I]
        inner = c.activation == "gelu" ? torch::gelu(inner) : torch::gelu(inner, "tanh");
        return out + k.fcProj(inner, training);
    }
    const int64_t D = c.headDim > 0 ? c.headDim : c.hiddenSize / H;
    at::Tensor h = rmsNorm(x, k.inputNorm, c.normEps);
    at::Tensor q = k.q(h, training).view({B, L, H, D}).transpose(1, 2);            // [B, H, L, D]
    at::Tensor kk = k.k(h, training).view({B, L, KV, D}).transpose(1, 2);          // [B, KV, L, D]
    at::Tensor v = k.v(h, training).view({B, L, KV, D}).transpose(1, 2);
    q = q * ctx.cos + rotateHalf(q) * ctx.sin;
    kk = kk * ctx.cos + rotateHalf(kk) * ctx.sin;
    at::Tensor a = attention(q, kk, v, ctx.blocked).transpose(1, 2).reshape({B, L, H * D});
    at::Tensor out = x + k.o(a, training);
    h = rmsNorm(out, k.postNorm, c.normEps);
    at::Tensor gated = torch::silu(k.gate(h, training)) * k.up(h, training);       // [B, L, I]
    return out + k.down(gated, training);
}

at::Tensor TrainableModel::Impl::hidden(const at::Tensor& ids, const at::Tensor& positions, const at::Tensor& segments)
{
    const int64_t V = config.vocabSize;
    if (ids.numel() > 0 && (ids.min().item<int64_t>() < 0 || ids.max().item<int64_t>() >= V))
        throw Error("trainable model: a token id is outside the vocabulary [0, " + std::to_string(V) + ")");
    if (positions.numel() > 0 && positions.max().item<int64_t>() >= config.maxPositionEmbeddings)
        throw Error("trainable model: a position exceeds max_position_embeddings " +
                    std::to_string(config.maxPositionEmbeddings));
    auto state = std::make_shared<ForwardState>();
    state->ctx = context(positions, segments);
    const BatchContext& ctx = state->ctx;
    at::Tensor x = torch::embedding(embed, ids);                                   // [B, L, C]
    if (config.family == ModelFamily::Gpt2) x = x + torch::embedding(wpe, positions);
    const bool recompute = checkpointing && torch::GradMode::is_enabled();
    state->runs.resize(blocks.size());
    for (size_t l = 0; l < blocks.size(); ++l) {
        if (!recompute) {
            x = block(l, x, ctx);
            continue;
        }
        const TrainBlock& k = blocks[l];
        std::vector<at::Tensor> params;
        for (const at::Tensor& t : {k.inputNorm, k.postNorm, k.ln1Weight, k.ln1Bias, k.ln2Weight, k.ln2Bias})
            if (t.defined()) params.push_back(t);
        for (const Projection* p : {&k.q, &k.k, &k.v, &k.o, &k.gate, &k.up, &k.down, &k.attn, &k.attnProj, &k.fc, &k.fcProj})
            for (const at::Tensor& t : {p->weight, p->bias, p->loraA, p->loraB})
                if (t.defined()) params.push_back(t);
        state->runs[l] = {this, l, &ctx};
        x = RecomputeBlock::apply(x, at::TensorList(params), &state->runs[l]);
    }
    // The recompute needs the runs and the context during backward.
    lastForward = recompute ? state : nullptr;
    if (config.family == ModelFamily::Gpt2) return torch::layer_norm(x, {config.hiddenSize}, finalNorm, finalNormBias, config.normEps);
    return rmsNorm(x, finalNorm, config.normEps);
}

at::Tensor TrainableModel::Impl::forward(const at::Tensor& ids, const at::Tensor& positions, const at::Tensor& segments)
{
    return torch::linear(hidden(ids, positions, segments), lmHead);                // [B, L, V]
}

at::Tensor TrainableModel::Impl::lossSum(const BatchTensors& t)
{
    const at::Tensor h = hidden(t.ids, t.positions, t.segments);                   // [B, L, C]
    return headLossSum(h.reshape({-1, h.size(-1)}), lmHead, t.labels.reshape({-1}));
}

std::vector<float> TrainableModel::logits(const std::vector<int>& ids)
{
    if (ids.empty()) throw Error("logits: the input has no token ids");
    Batch b;
    b.rows = 1;
    b.length = int64_t(ids.size());
    b.ids = ids;
    b.labels.assign(ids.size(), kIgnoreLabel);
    b.segments.assign(ids.size(), 0);
    for (size_t i = 0; i < ids.size(); ++i) b.positions.push_back(int(i));
    return batchLogits(b);
}

std::vector<float> TrainableModel::batchLogits(const Batch& batch)
{
    torch::NoGradGuard noGrad;
    const BatchTensors t = toTensors(batch);
    AutocastScope autocast(d->bf16);
    at::Tensor logits = d->forward(t.ids, t.positions, t.segments).to(torch::kFloat32).contiguous();
    return std::vector<float>(logits.data_ptr<float>(), logits.data_ptr<float>() + logits.numel());
}

double TrainableModel::loss(const Batch& batch)
{
    torch::NoGradGuard noGrad;
    const BatchTensors t = toTensors(batch);
    const int64_t n = batch.trainedTokens();
    if (n == 0) throw Error("loss: the batch has no labelled tokens");
    AutocastScope autocast(d->bf16);
    return d->lossSum(t).item<double>() / double(n);
}

} // namespace wb
