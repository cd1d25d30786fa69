// BERT encoder (HF BertModel) for embedding models: word + position + token
// type embeddings, embedding LayerNorm, post-LayerNorm blocks (self-attention
// over every unmasked position, GELU MLP), then mean or [CLS] pooling and L2
// normalisation. Weights are nn.Linear: [out, in].
#include "core/data/record.h"
#include "core/nn/text_encoder.h"
#include "core/nn/weights_to_torch.h"
#include "core/text/wordpiece.h"

#include <torch/torch.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <numeric>

namespace wb {
namespace {

namespace fs = std::filesystem;

// Padded sub-batches stay under this many positions (B * T), which bounds the
// attention scores [B, H, T, T] to H * 4096 * T floats (100 MB for bert-base
// at T = 512) ...
constexpr int64_t kMaxBatchPositions = 4096;
// ... and this many sequences when they are short.
constexpr int64_t kMaxBatchSequences = 128;

struct BertLayer {
    at::Tensor queryWeight, queryBias;           // [C, C], [C]
    at::Tensor keyWeight, keyBias;               // [C, C], [C]
    at::Tensor valueWeight, valueBias;           // [C, C], [C]
    at::Tensor attnOutWeight, attnOutBias;       // [C, C], [C]
    at::Tensor attnNormWeight, attnNormBias;     // [C]
    at::Tensor interWeight, interBias;           // [I, C], [I]
    at::Tensor outWeight, outBias;               // [C, I], [C]
    at::Tensor outNormWeight, outNormBias;       // [C]
};

nlohmann::json readConfigJson(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(path + ": cannot be opened");
    try {
        return nlohmann::json::parse(in);
    } catch (const nlohmann::json::exception& e) {
        throw Error(path + ": not valid JSON (" + e.what() + ")");
    }
}

// Fields of a BERT config.json that ModelConfig does not carry but that change
// the computation: a decoder (causal self-attention, cross-attention) or
// relative position embeddings would give silently wrong vectors here.
void checkEncoderFields(const std::string& configPath)
{
    const nlohmann::json j = readConfigJson(configPath);
    for (const char* field : {"is_decoder", "add_cross_attention"})
        if (j.contains(field) && j[field].is_boolean() && j[field].get<bool>())
            throw Error(configPath + ": field \"" + field + "\": true makes a causal decoder, not a text encoder");
    if (j.contains("position_embedding_type") && j["position_embedding_type"] != "absolute")
        throw Error(configPath + ": field \"position_embedding_type\": " + j["position_embedding_type"].dump() +
                    " is not supported (absolute)");
}

// tokenizer.json if present, else vocab.txt with tokenizer_config.json's
// options; nullptr when the folder has neither.
std::unique_ptr<WordPiece> loadTokenizer(const fs::path& dir)
{
    std::unique_ptr<WordPiece> tok;
    std::string name;
    if (fs::exists(dir / "tokenizer.json")) {
        name = (dir / "tokenizer.json").string();
        tok = WordPiece::loadTokenizerJson(name);
    } else if (fs::exists(dir / "vocab.txt")) {
        WordPieceOptions options;
        const fs::path tcPath = dir / "tokenizer_config.json";
        if (fs::exists(tcPath)) {
            const nlohmann::json tc = readConfigJson(tcPath.string());
            if (tc.contains("do_lower_case") && tc["do_lower_case"].is_boolean())
                options.lowerCase = tc["do_lower_case"].get<bool>();
            if (tc.contains("strip_accents") && tc["strip_accents"].is_boolean())
                options.stripAccents = tc["strip_accents"].get<bool>();
            if (tc.contains("tokenize_chinese_chars") && tc["tokenize_chinese_chars"].is_boolean())
                options.splitChineseChars = tc["tokenize_chinese_chars"].get<bool>();
        }
        name = (dir / "vocab.txt").string();
        tok = WordPiece::loadVocabTxt(name, options);
    } else {
        return nullptr;
    }
    if (tok->clsId() < 0 || tok->sepId() < 0)
        throw Error(name + ": the vocabulary lacks [CLS] or [SEP], which every BERT input starts and ends with");
    return tok;
}

class Bert final : public TextEncoder {
public:
    Bert(ModelConfig config, ShardedCheckpoint ckpt, const std::string& dir, Pooling pooling)
        : config_(std::move(config)), ckpt_(std::move(ckpt)), pooling_(pooling)
    {
        const std::string configName = dir + "/config.json";
        if (config_.activation != "gelu" && config_.activation != "gelu_new" &&
            config_.activation != "gelu_pytorch_tanh")
            throw Error(configName + ": field \"hidden_act\": \"" + config_.activation +
                        "\" is not supported (gelu, gelu_new, gelu_pytorch_tanh)");
        if (config_.typeVocabSize < 1)
            throw Error(configName + ": field \"type_vocab_size\" must be at least 1");
        tanhGelu_ = config_.activation != "gelu";

        // BertModel saves without a prefix; BertForMaskedLM / BertForPreTraining
        // and friends put the encoder under "bert." next to their heads.
        const std::string p = ckpt_.find("bert.embeddings.word_embeddings.weight") ? "bert." : "";
        WeightLoader w(ckpt_, dir, [p](const std::string& n) {
            return n.starts_with(p + "pooler.") || n.starts_with("cls.") ||
                   n == p + "embeddings.position_ids";   // an int64 buffer older checkpoints carry
        });
        const int64_t C = config_.hiddenSize, I = config_.intermediateSize;
        auto take = [&](const std::string& name, std::vector<int64_t> shape) {
            at::Tensor t = w.take(p + name, shape);
            parameters_ += uint64_t(t.numel());
            return t;
        };
        wordEmbeddings_ = take("embeddings.word_embeddings.weight", {config_.vocabSize, C});
        positionEmbeddings_ = take("embeddings.position_embeddings.weight", {config_.maxPositionEmbeddings, C});
        tokenTypeEmbeddings_ = take("embeddings.token_type_embeddings.weight", {config_.typeVocabSize, C});
        embedNormWeight_ = take("embeddings.LayerNorm.weight", {C});
        embedNormBias_ = take("embeddings.LayerNorm.bias", {C});
        for (int l = 0; l < config_.numLayers; ++l) {
            const std::string b = "encoder.layer." + std::to_string(l) + ".";
            BertLayer k;
            k.queryWeight = take(b + "attention.self.query.weight", {C, C});
            k.queryBias = take(b + "attention.self.query.bias", {C});
            k.keyWeight = take(b + "attention.self.key.weight", {C, C});
            k.keyBias = take(b + "attention.self.key.bias", {C});
            k.valueWeight = take(b + "attention.self.value.weight", {C, C});
            k.valueBias = take(b + "attention.self.value.bias", {C});
            k.attnOutWeight = take(b + "attention.output.dense.weight", {C, C});
            k.attnOutBias = take(b + "attention.output.dense.bias", {C});
            k.attnNormWeight = take(b + "attention.output.LayerNorm.weight", {C});
            k.attnNormBias = take(b + "attention.output.LayerNorm.bias", {C});
            k.interWeight = take(b + "intermediate.dense.weight", {I, C});
            k.interBias = take(b + "intermediate.dense.bias", {I});
            k.outWeight = take(b + "output.dense.weight", {C, I});
            k.outBias = take(b + "output.dense.bias", {C});
            k.outNormWeight = take(b + "output.LayerNorm.weight", {C});
            k.outNormBias = take(b + "output.LayerNorm.bias", {C});
            layers_.push_back(std::move(k));
        }
        w.finish();

        tokenizer_ = loadTokenizer(fs::path(dir));
        if (tokenizer_ && tokenizer_->vocabSize() > config_.vocabSize)
            throw Error(tokenizer_->name() + ": " + std::to_string(tokenizer_->vocabSize()) +
                        " tokens, more than config.json's vocab_size " + std::to_string(config_.vocabSize));
        noTokenizerMessage_ = dir + ": no tokenizer (tokenizer.json or vocab.txt) to turn texts into token ids";
    }

    std::vector<float> embedIds(const std::vector<std::vector<int>>& batch) override
    {
        checkBatch(batch);
        const int64_t C = config_.hiddenSize;
        std::vector<float> result(batch.size() * size_t(C));
        // Longest first, so each sub-batch pads to its first sequence and
        // sequences of similar length share one.
        std::vector<size_t> order(batch.size());
        std::iota(order.begin(), order.end(), size_t(0));
        std::stable_sort(order.begin(), order.end(),
                         [&](size_t a, size_t b) { return batch[a].size() > batch[b].size(); });
        torch::NoGradGuard noGrad;
        for (size_t start = 0; start < order.size();) {
            const int64_t T = int64_t(batch[order[start]].size());
            const int64_t B = std::clamp<int64_t>(kMaxBatchPositions / T, 1,
                                                  std::min<int64_t>(kMaxBatchSequences, int64_t(order.size() - start)));
            at::Tensor ids = torch::zeros({B, T}, torch::kInt64);       // [B, T], 0-padded
            at::Tensor mask = torch::zeros({B, T}, torch::kBool);       // [B, T], true on real tokens
            auto idsA = ids.accessor<int64_t, 2>();
            auto maskA = mask.accessor<bool, 2>();
            for (int64_t b = 0; b < B; ++b) {
                const std::vector<int>& seq = batch[order[start + size_t(b)]];
                for (size_t t = 0; t < seq.size(); ++t) {
                    idsA[b][int64_t(t)] = seq[t];
                    maskA[b][int64_t(t)] = true;
                }
            }
            const at::Tensor vectors = embedPadded(ids, mask).contiguous();   // [B, C]
            const float* v = vectors.data_ptr<float>();
            for (int64_t b = 0; b < B; ++b)
                std::copy(v + b * C, v + (b + 1) * C, result.begin() + int64_t(order[start + size_t(b)]) * C);
            start += size_t(B);
        }
        return result;
    }

    std::vector<float> embedTexts(const std::vector<std::string>& texts) override
    {
        std::vector<std::vector<int>> batch;
        batch.reserve(texts.size());
        for (const std::string& text : texts) batch.push_back(tokenize(text));
        return embedIds(batch);
    }

    std::vector<int> tokenize(std::string_view text) const override
    {
        if (!tokenizer_) throw Error(noTokenizerMessage_);
        std::vector<int> pieces = tokenizer_->encode(text);
        // Like HF's truncation: keep the first pieces, leave room for [CLS] and [SEP].
        const size_t room = size_t(std::max(config_.maxPositionEmbeddings - 2, 0));
        if (pieces.size() > room) pieces.resize(room);
        std::vector<int> ids;
        ids.reserve(pieces.size() + 2);
        ids.push_back(tokenizer_->clsId());
        ids.insert(ids.end(), pieces.begin(), pieces.end());
        ids.push_back(tokenizer_->sepId());
        return ids;
    }

    bool hasTokenizer() const override { return tokenizer_ != nullptr; }
    int dim() const override { return config_.hiddenSize; }
    Pooling pooling() const override { return pooling_; }
    const ModelConfig& config() const override { return config_; }
    uint64_t parameterCount() const override { return parameters_; }

private:
    void checkBatch(const std::vector<std::vector<int>>& batch) const
    {
        for (size_t s = 0; s < batch.size(); ++s) {
            const std::vector<int>& seq = batch[s];
            const std::string where = "embedIds: sequence " + std::to_string(s);
            if (seq.empty()) throw Error(where + " has no token ids");
            if (int64_t(seq.size()) > config_.maxPositionEmbeddings)
                throw Error(where + " has " + std::to_string(seq.size()) + " tokens, more than max_position_embeddings " +
                            std::to_string(config_.maxPositionEmbeddings));
            for (size_t t = 0; t < seq.size(); ++t)
                if (seq[t] < 0 || seq[t] >= config_.vocabSize)
                    throw Error(where + ": token id " + std::to_string(seq[t]) + " at position " + std::to_string(t) +
                                " is outside the vocabulary [0, " + std::to_string(config_.vocabSize) + ")");
        }
    }

    // ids [B, T] int64, mask [B, T] bool -> normalised vectors [B, C].
    at::Tensor embedPadded(const at::Tensor& ids, const at::Tensor& mask) const
    {
        const int64_t B = ids.size(0), T = ids.size(1), C = config_.hiddenSize, H = config_.numHeads, D = C / H;
        const double eps = config_.normEps;
        at::Tensor x = wordEmbeddings_.index_select(0, ids.reshape({-1})).view({B, T, C})
                     + positionEmbeddings_.narrow(0, 0, T)        // [T, C], positions 0..T-1 in every row
                     + tokenTypeEmbeddings_[0];                   // [C], token type 0
        x = torch::layer_norm(x, {C}, embedNormWeight_, embedNormBias_, eps);   // [B, T, C]
        // Keys that are padding get -inf before the softmax, so they get no
        // weight and a row's result does not depend on how far it was padded.
        const at::Tensor paddingKeys = mask.logical_not().view({B, 1, 1, T});  // [B, 1, 1, T]
        const double scale = 1.0 / std::sqrt(double(D));
        auto heads = [&](const at::Tensor& t) { return t.view({B, T, H, D}).transpose(1, 2); };   // [B, H, T, D]
        for (const BertLayer& k : layers_) {
            const at::Tensor q = heads(torch::linear(x, k.queryWeight, k.queryBias));
            const at::Tensor kk = heads(torch::linear(x, k.keyWeight, k.keyBias));
            const at::Tensor v = heads(torch::linear(x, k.valueWeight, k.valueBias));
            at::Tensor scores = torch::matmul(q, kk.transpose(-1, -2)) * scale;     // [B, H, T, T]
            scores.masked_fill_(paddingKeys, -std::numeric_limits<float>::infinity());
            const at::Tensor probs = torch::softmax(scores, -1);                    // [B, H, T, T]
            const at::Tensor context = torch::matmul(probs, v).transpose(1, 2).reshape({B, T, C});
            const at::Tensor attnOut = torch::linear(context, k.attnOutWeight, k.attnOutBias);
            x = torch::layer_norm(attnOut + x, {C}, k.attnNormWeight, k.attnNormBias, eps);   // [B, T, C]
            at::Tensor inner = torch::linear(x, k.interWeight, k.interBias);               // [B, T, I]
            inner = tanhGelu_ ? torch::gelu(inner, "tanh") : torch::gelu(inner);
            const at::Tensor mlpOut = torch::linear(inner, k.outWeight, k.outBias);
            x = torch::layer_norm(mlpOut + x, {C}, k.outNormWeight, k.outNormBias, eps);   // [B, T, C]
        }
        at::Tensor pooled;   // [B, C]
        if (pooling_ == Pooling::Cls) {
            pooled = x.select(1, 0);
        } else {
            const at::Tensor weights = mask.to(torch::kFloat32).unsqueeze(-1);   // [B, T, 1]
            pooled = (x * weights).sum(1) / weights.sum(1).clamp_min(1e-9);
        }
        return pooled / pooled.norm(2, {1}, true).clamp_min(1e-12);
    }

    ModelConfig config_;
    ShardedCheckpoint ckpt_;   // owns the mapping the F32 weights alias
    Pooling pooling_;
    bool tanhGelu_ = false;    // gelu_new / gelu_pytorch_tanh; exact erf GELU for "gelu"
    uint64_t parameters_ = 0;
    at::Tensor wordEmbeddings_;        // [V, C]
    at::Tensor positionEmbeddings_;    // [P, C]
    at::Tensor tokenTypeEmbeddings_;   // [TV, C]
    at::Tensor embedNormWeight_, embedNormBias_;   // [C]
    std::vector<BertLayer> layers_;
    std::unique_ptr<WordPiece> tokenizer_;   // null when the folder has none
    std::string noTokenizerMessage_;
};

} // namespace

std::unique_ptr<TextEncoder> TextEncoder::load(const std::string& modelDir, Pooling pooling)
{
    const std::string configPath = (fs::path(modelDir) / "config.json").string();
    ModelConfig config = loadConfig(configPath);
    if (config.family != ModelFamily::Bert)
        throw Error(configPath + ": field \"model_type\": \"" + std::string(toString(config.family)) +
                    "\" is a causal language model, not a text encoder (supported: bert)");
    checkEncoderFields(configPath);
    ShardedCheckpoint ckpt = ShardedCheckpoint::open(modelDir);
    return std::make_unique<Bert>(std::move(config), std::move(ckpt), modelDir, pooling);
}

} // namespace wb
