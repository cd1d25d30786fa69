#pragma once
// One interface for every model that turns texts into vectors: BERT-family
// encoders, pooled hidden states of a decoder LM, and the embedder users train
// in the app (core/embed). The knowledge base, the embedding map and the
// hallucination inspector only see this interface. Qt-free and LibTorch-free:
// the implementations live in core/embed (wb_torch).
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace wb {

// Called with (texts done, texts total) between batches.
using EmbedProgress = std::function<void(int64_t, int64_t)>;

class Embedder {
public:
    virtual ~Embedder() = default;

    // A stable key for vectors this embedder made: stored vectors are keyed by
    // it, and a different key means "re-embed". It changes when the weights or
    // the pooling change (e.g. "bert:<folder name>:<hash of config+weights size/mtime>:mean").
    virtual std::string key() const = 0;
    // A short name for people ("bge-small-zh (mean)").
    virtual std::string displayName() const = 0;
    virtual int dim() const = 0;

    // texts.size() * dim() floats, row-major [n, dim], each row of L2 norm 1.
    // Runs in batches; between batches it calls progress and checks cancel
    // (when set, it returns what it has so far: fewer rows than texts). An
    // empty text still gets a finite unit vector, never NaN. Throws
    // wb::Error naming the text's index for a failure.
    virtual std::vector<float> embed(const std::vector<std::string>& texts, const EmbedProgress& progress = {},
                                     const std::atomic<bool>* cancel = nullptr) = 0;
};

// Loads the embedder in a folder, by what it holds:
//  - embedder.json with "kind": "workbench" -> an embedder trained in the app (core/embed/trained_embedder);
//  - config.json with model_type "bert"     -> TextEncoder (mean pooling unless 1_Pooling says CLS);
//  - config.json of a decoder family        -> mean-pooled last hidden states of the CausalLM.
// Throws wb::Error naming the folder and what is missing. Implemented in
// core/embed/load_embedder.cpp (wb_torch): callers must link wb_torch.
std::unique_ptr<Embedder> loadEmbedder(const std::string& folder);

} // namespace wb
