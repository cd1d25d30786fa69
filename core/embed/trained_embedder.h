#pragma once
// The embedder users train in the app, so that a project without an embedding
// model still gets a useful one (Chinese included) in minutes on a laptop CPU.
//
// Model: hashed token unigrams + bigrams (text_features.h) -> a table
// [buckets, dim] -> sum of the rows of a text's features -> L2 norm. Queries
// and passages share the table (two towers, tied weights). Training is
// contrastive with in-batch negatives (symmetric InfoNCE with a temperature)
// on (query, positive) pairs, with lazy (row-wise) Adam so a step touches only
// the rows of the batch's features. An untrained table is a random projection
// of the n-gram counts (a lexical matcher); training learns which n-grams
// matter and which co-occur.
//
// Saved as a folder: embedder.json ({"kind": "workbench", "version": 1,
// "features": {...}, "dim", "pooling": "sum", ...}) + weights.safetensors
// ("embedding.weight" F32 [buckets, dim]). loadEmbedder() reads it back.
// LibTorch-free header (training uses LibTorch in the .cpp).
#include "core/embed/text_features.h"
#include "core/embed/training_pairs.h"
#include "core/retrieval/embedder.h"

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace wb::embed {

struct TrainedEmbedderOptions {
    FeatureOptions features;
    int dim = 128;
    uint64_t seed = 1234;
    int epochs = 4;
    int batchSize = 64;
    double learningRate = 0.005;
    double temperature = 0.05;
    std::string name;   // shown in displayName(); default: the folder name
};

// Called after each step with (step, total steps, loss of that step).
using TrainProgress = std::function<void(int64_t, int64_t, double)>;

struct TrainReport {
    int64_t steps = 0;
    int64_t totalSteps = 0;
    int64_t pairs = 0;
    double firstEpochLoss = 0;   // mean contrastive loss over the first epoch
    double lastEpochLoss = 0;    // ... over the last epoch run
    bool cancelled = false;
    double seconds = 0;
};

class TrainedEmbedder final : public Embedder {
public:
    // A fresh (untrained) table, initialised from options.seed.
    explicit TrainedEmbedder(const TrainedEmbedderOptions& options);
    ~TrainedEmbedder() override;

    // Trains on the pairs (shuffled each epoch, deterministic for the seed).
    // Stops early, keeping the weights so far, when cancel is set (checked
    // between steps). Throws wb::Error for fewer than 2 pairs.
    TrainReport train(const std::vector<TextPair>& pairs, const TrainProgress& progress = {},
                      const std::atomic<bool>* cancel = nullptr);

    // The mean symmetric InfoNCE loss of the pairs in batches of
    // options.batchSize (no training), for tests and reports.
    double contrastiveLoss(const std::vector<TextPair>& pairs) const;

    // Writes embedder.json and weights.safetensors into folder (created).
    void save(const std::string& folder) const;
    // Throws wb::Error naming the file and field for a bad embedder.json, or
    // the tensor for a weight of the wrong name/type/shape.
    static std::unique_ptr<TrainedEmbedder> load(const std::string& folder);

    std::string key() const override;
    std::string displayName() const override;
    int dim() const override;
    std::vector<float> embed(const std::vector<std::string>& texts, const EmbedProgress& progress = {},
                             const std::atomic<bool>* cancel = nullptr) override;

    const TrainedEmbedderOptions& options() const;
    // The table, row-major [buckets, dim] (for tests: same seed, same weights).
    const std::vector<float>& weights() const;

private:
    struct State;
    explicit TrainedEmbedder(std::unique_ptr<State> state);
    std::unique_ptr<State> d_;
};

} // namespace wb::embed
