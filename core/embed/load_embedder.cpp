// loadEmbedder(): the Embedder implementations over a model folder. BERT-family
// encoders (core/nn/text_encoder.h) and mean-pooled hidden states of a decoder
// LM (core/nn/causal_lm.h); the in-app embedder is trained_embedder.cpp.
#include "core/retrieval/embedder.h"

#include "core/data/record.h"
#include "core/embed/text_features.h"
#include "core/embed/trained_embedder.h"
#include "core/model/config.h"
#include "core/nn/causal_lm.h"
#include "core/nn/text_encoder.h"
#include "core/text/tokenizer.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace wb {
namespace {

namespace fs = std::filesystem;

constexpr size_t kBertBatch = 32;      // texts between progress calls
constexpr size_t kDecoderBatch = 8;
constexpr int kDecoderMaxTokens = 512; // longer texts are cut (mean pooling of a window)

std::string readBytes(const fs::path& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// A hash of what decides the vectors: config.json's bytes and the size and
// modification time of every weight file (hashing gigabytes of weights at
// every load would cost seconds).
std::string folderFingerprint(const fs::path& dir)
{
    uint64_t h = embed::fnv1a64(readBytes(dir / "config.json"));
    std::vector<fs::path> weights;
    for (const fs::directory_entry& e : fs::directory_iterator(dir))
        if (e.is_regular_file() && (e.path().extension() == ".safetensors" || e.path().filename() == "model.safetensors.index.json"))
            weights.push_back(e.path());
    std::sort(weights.begin(), weights.end());
    for (const fs::path& w : weights) {
        const auto mtime = fs::last_write_time(w).time_since_epoch().count();
        h = embed::fnv1a64(w.filename().string() + ":" + std::to_string(fs::file_size(w)) + ":" + std::to_string(mtime), h);
    }
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
    return buf;
}

std::string folderName(const fs::path& dir)
{
    const fs::path clean = dir.lexically_normal();
    const std::string name = clean.filename().string();
    return name.empty() ? clean.parent_path().filename().string() : name;
}

void unitFallback(float* row, int dim)
{
    std::fill(row, row + dim, 0.0f);
    row[0] = 1.0f;
}

class BertEmbedder final : public Embedder {
public:
    BertEmbedder(const fs::path& dir, Pooling pooling)
        : encoder_(TextEncoder::load(dir.string(), pooling)),
          key_("bert:" + folderName(dir) + ":" + folderFingerprint(dir) + ":" + std::string(toString(pooling))),
          name_(folderName(dir) + " (" + std::string(toString(pooling)) + ")")
    {
        if (!encoder_->hasTokenizer())
            throw Error(dir.string() + ": no tokenizer (tokenizer.json or vocab.txt) for the text encoder");
    }

    std::string key() const override { return key_; }
    std::string displayName() const override { return name_; }
    int dim() const override { return encoder_->dim(); }

    std::vector<float> embed(const std::vector<std::string>& texts, const EmbedProgress& progress,
                             const std::atomic<bool>* cancel) override
    {
        std::vector<float> out;
        out.reserve(texts.size() * size_t(dim()));
        for (size_t start = 0; start < texts.size(); start += kBertBatch) {
            if (cancel && cancel->load()) break;
            const size_t end = std::min(texts.size(), start + kBertBatch);
            std::vector<std::vector<int>> ids;
            for (size_t i = start; i < end; ++i) ids.push_back(encoder_->tokenize(texts[i]));
            std::vector<float> rows;
            try {
                rows = encoder_->embedIds(ids);
            } catch (const Error& e) {
                throw Error("embedding texts " + std::to_string(start) + ".." + std::to_string(end - 1) + ": " + e.what());
            }
            out.insert(out.end(), rows.begin(), rows.end());
            if (progress) progress(int64_t(end), int64_t(texts.size()));
        }
        return out;
    }

private:
    std::unique_ptr<TextEncoder> encoder_;
    std::string key_;
    std::string name_;
};

// Mean of the final-normed last hidden states over the text's tokens, L2-normalised.
class DecoderEmbedder final : public Embedder {
public:
    explicit DecoderEmbedder(const fs::path& dir)
        : model_(CausalLM::load(dir.string())), tokenizer_(loadTokenizer(dir.string())),
          key_("decoder:" + folderName(dir) + ":" + folderFingerprint(dir) + ":mean"),
          name_(folderName(dir) + " (mean of hidden states)")
    {
    }

    std::string key() const override { return key_; }
    std::string displayName() const override { return name_; }
    int dim() const override { return model_->config().hiddenSize; }

    std::vector<float> embed(const std::vector<std::string>& texts, const EmbedProgress& progress,
                             const std::atomic<bool>* cancel) override
    {
        const int C = dim();
        const int maxTokens = std::min(kDecoderMaxTokens, model_->config().maxPositionEmbeddings);
        std::vector<float> out;
        out.reserve(texts.size() * size_t(C));
        for (size_t i = 0; i < texts.size(); ++i) {
            if (i % kDecoderBatch == 0 && cancel && cancel->load()) break;
            out.resize(out.size() + size_t(C));
            float* row = out.data() + out.size() - size_t(C);
            std::vector<int> ids;
            if (model_->config().bosTokenId) ids.push_back(*model_->config().bosTokenId);
            const std::vector<int> text = tokenizer_->encode(texts[i]);
            ids.insert(ids.end(), text.begin(), text.begin() + std::min(text.size(), size_t(maxTokens) - ids.size()));
            if (ids.empty()) {
                unitFallback(row, C);
            } else {
                std::vector<float> hidden;
                try {
                    hidden = model_->hiddenStates(ids);   // [T, C]
                } catch (const Error& e) {
                    throw Error("embedding text " + std::to_string(i) + ": " + e.what());
                }
                meanPoolNormalised(hidden, int(ids.size()), C, row);
            }
            if (progress && ((i + 1) % kDecoderBatch == 0 || i + 1 == texts.size()))
                progress(int64_t(i + 1), int64_t(texts.size()));
        }
        return out;
    }

private:
    static void meanPoolNormalised(const std::vector<float>& hidden, int T, int C, float* row)
    {
        std::vector<double> sum(size_t(C), 0.0);
        for (int t = 0; t < T; ++t)
            for (int c = 0; c < C; ++c) sum[size_t(c)] += hidden[size_t(t) * size_t(C) + size_t(c)];
        double norm = 0;
        for (double v : sum) norm += v * v;
        if (!(norm > 1e-24) || !std::isfinite(norm)) return unitFallback(row, C);
        const double inv = 1.0 / std::sqrt(norm);
        for (int c = 0; c < C; ++c) row[c] = float(sum[size_t(c)] * inv);
    }

    std::unique_ptr<CausalLM> model_;
    std::unique_ptr<Tokenizer> tokenizer_;
    std::string key_;
    std::string name_;
};

} // namespace

std::unique_ptr<Embedder> loadEmbedder(const std::string& folder)
{
    const fs::path dir(folder);
    if (!fs::is_directory(dir)) throw Error(folder + ": not a folder");
    if (fs::exists(dir / "embedder.json")) return embed::TrainedEmbedder::load(folder);
    if (!fs::exists(dir / "config.json"))
        throw Error(folder + ": no embedder.json (an embedder trained in the app) or config.json (a model) in the folder");
    const ModelConfig config = loadConfig((dir / "config.json").string());
    if (config.family == ModelFamily::Bert)
        return std::make_unique<BertEmbedder>(dir, sentenceTransformersPooling(folder).value_or(Pooling::Mean));
    return std::make_unique<DecoderEmbedder>(dir);
}

} // namespace wb
