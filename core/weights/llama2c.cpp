#include "core/weights/llama2c.h"

#include "core/data/record.h"

#include <cstring>

namespace wb {

namespace {

constexpr int kMaxDim = 1 << 16;
constexpr int kMaxLayers = 1 << 10;
constexpr int kMaxVocab = 1 << 22;
constexpr int kMaxSeqLen = 1 << 20;

// Sizes in floats; every factor is bounded above, so uint64 cannot overflow.
struct Layout {
    uint64_t embed, attnNorm, wq, wk, wv, wo, ffnNorm, w1, w2, w3, finalNorm, freqs, cls;
};

Layout layoutOf(const Llama2cConfig& c)
{
    const uint64_t d = uint64_t(c.dim), h = uint64_t(c.hiddenDim), L = uint64_t(c.nLayers);
    const uint64_t hs = uint64_t(c.headSize()), kv = uint64_t(c.nKvHeads) * hs, v = uint64_t(c.vocabSize);
    return {v * d,     L * d,     L * d * d, L * d * kv, L * d * kv,           L * d * d,
            L * d,     L * d * h, L * h * d, L * d * h,  d, uint64_t(c.seqLen) * hs, c.tiedEmbeddings ? 0 : v * d};
}

void checkHeader(const Llama2cConfig& c, const std::string& file)
{
    auto bad = [&](const std::string& field, int value, const std::string& why) {
        return Error(file + ": header field " + field + " = " + std::to_string(value) + " " + why);
    };
    if (c.dim <= 0 || c.dim > kMaxDim)
        throw bad("dim", c.dim, "is out of range 1.." + std::to_string(kMaxDim));
    if (c.hiddenDim <= 0 || c.hiddenDim > 4 * kMaxDim)
        throw bad("hidden_dim", c.hiddenDim, "is out of range 1.." + std::to_string(4 * kMaxDim));
    if (c.nLayers <= 0 || c.nLayers > kMaxLayers)
        throw bad("n_layers", c.nLayers, "is out of range 1.." + std::to_string(kMaxLayers));
    if (c.nHeads <= 0 || c.dim % c.nHeads != 0)
        throw bad("n_heads", c.nHeads, "does not divide dim " + std::to_string(c.dim));
    if (c.headSize() % 2 != 0)
        throw bad("n_heads", c.nHeads, "gives an odd head size " + std::to_string(c.headSize()));
    if (c.nKvHeads <= 0 || c.nKvHeads > c.nHeads || c.nHeads % c.nKvHeads != 0)
        throw bad("n_kv_heads", c.nKvHeads, "does not divide n_heads " + std::to_string(c.nHeads));
    if (c.vocabSize <= 0 || c.vocabSize > kMaxVocab)
        throw bad("vocab_size", c.vocabSize, "magnitude is out of range 1.." + std::to_string(kMaxVocab));
    if (c.seqLen <= 0 || c.seqLen > kMaxSeqLen)
        throw bad("seq_len", c.seqLen, "is out of range 1.." + std::to_string(kMaxSeqLen));
}

} // namespace

uint64_t Llama2cCheckpoint::expectedBytes(const Llama2cConfig& c)
{
    const Layout l = layoutOf(c);
    const uint64_t floats = l.embed + l.attnNorm + l.wq + l.wk + l.wv + l.wo + l.ffnNorm + l.w1 + l.w2 + l.w3 +
                            l.finalNorm + l.freqs + l.cls;
    return 28 + 4 * floats;
}

Llama2cCheckpoint Llama2cCheckpoint::parse(std::span<const uint8_t> bytes, std::string nameForErrors)
{
    Llama2cCheckpoint ck;
    ck.name_ = std::move(nameForErrors);
    const std::string& file = ck.name_;
    if (bytes.size() < 28)
        throw Error(file + ": truncated: " + std::to_string(bytes.size()) +
                    " bytes, shorter than the 28-byte llama2.c header");
    int32_t h[7];
    std::memcpy(h, bytes.data(), sizeof h);
    if (std::memcmp(bytes.data(), "ak42", 4) == 0)
        throw Error(file + ": llama2.c version-1+ export (magic \"ak42\"); only the legacy format is supported");
    Llama2cConfig& c = ck.config_;
    c = {h[0], h[1], h[2], h[3], h[4], h[5], h[6], true, true};
    if (c.vocabSize < 0 && c.vocabSize != INT32_MIN) {
        c.vocabSize = -c.vocabSize;
        c.tiedEmbeddings = false;
    }
    checkHeader(c, file);
    const uint64_t want = expectedBytes(c);
    if (bytes.size() != want)
        throw Error(file + ": " + (bytes.size() < want ? "truncated" : "has trailing data") + ": expected " +
                    std::to_string(want) + " bytes for this header, file has " + std::to_string(bytes.size()));

    const Layout l = layoutOf(c);
    const int64_t d = c.dim, hd = c.hiddenDim, kv = int64_t(c.nKvHeads) * c.headSize(), v = c.vocabSize;
    const uint8_t* p = bytes.data() + 28;
    auto take = [&](std::string name, std::vector<int64_t> shape) {
        const size_t n = size_t(*tensorBytes(DType::F32, shape));
        ck.tensors_.push_back({std::move(name), DType::F32, std::move(shape), p, n});
        p += n;
    };
    // Each run.c array holds all layers contiguously: layer i's slice of
    // array k starts at base_k + i * perLayer_k.
    struct PerLayer {
        const char* suffix;
        std::vector<int64_t> shape;
        uint64_t total;
    };
    const std::vector<PerLayer> arrays{
        {"input_layernorm.weight", {d}, l.attnNorm},        {"self_attn.q_proj.weight", {d, d}, l.wq},
        {"self_attn.k_proj.weight", {kv, d}, l.wk},         {"self_attn.v_proj.weight", {kv, d}, l.wv},
        {"self_attn.o_proj.weight", {d, d}, l.wo},          {"post_attention_layernorm.weight", {d}, l.ffnNorm},
        {"mlp.gate_proj.weight", {hd, d}, l.w1},            {"mlp.down_proj.weight", {d, hd}, l.w2},
        {"mlp.up_proj.weight", {hd, d}, l.w3},
    };
    take("model.embed_tokens.weight", {v, d});
    std::vector<std::vector<TensorView>> layers(size_t(c.nLayers));
    for (const auto& a : arrays) {
        const size_t per = size_t(a.total / uint64_t(c.nLayers)) * 4;
        for (int i = 0; i < c.nLayers; ++i)
            layers[size_t(i)].push_back({"model.layers." + std::to_string(i) + "." + a.suffix, DType::F32, a.shape,
                                         p + size_t(i) * per, per});
        p += a.total * 4;
    }
    for (auto& layer : layers)
        for (auto& t : layer)
            ck.tensors_.push_back(std::move(t));
    take("model.norm.weight", {d});
    p += l.freqs * 4; // freq_cis_real and freq_cis_imag: recomputed by the model
    if (!c.tiedEmbeddings)
        take("lm_head.weight", {v, d});
    return ck;
}

Llama2cCheckpoint Llama2cCheckpoint::open(const std::string& path)
{
    auto mapped = std::make_shared<const MappedFile>(path);
    Llama2cCheckpoint ck = parse(mapped->bytes(), path);
    ck.file_ = std::move(mapped);
    return ck;
}

const TensorView* Llama2cCheckpoint::find(std::string_view name) const
{
    for (const auto& t : tensors_)
        if (t.name == name)
            return &t;
    return nullptr;
}

const TensorView& Llama2cCheckpoint::at(std::string_view name) const
{
    if (const TensorView* t = find(name))
        return *t;
    throw Error(name_ + ": no tensor '" + std::string(name) + "'");
}

} // namespace wb
