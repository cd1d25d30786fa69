#pragma once
// The map's real pipeline: read the items' texts, embed the ones without a
// stored vector (VectorStore, keyed by the embedder), load every vector,
// project to 2-D (or take the layout from the projection cache), score the
// layout's trustworthiness and fill the colour-by fields. The embedder comes
// from a factory (the app passes wb::loadEmbedder), so wb_ui needs no LibTorch.
#include "ui/embeddings/map_pipeline.h"
#include "ui/knowledge/embedder_factory.h"   // EmbedderFactory, shared with the knowledge and inspector panels

#include <memory>
#include <string>

namespace wb {

class EmbedProjectPipeline : public MapPipeline {
public:
    static constexpr int kBatch = 256;   // texts embedded (and stored) per step

    explicit EmbedProjectPipeline(EmbedderFactory factory) : factory_(std::move(factory)) {}
    MapResult run(const MapRequest& request, BackgroundTask::Context& ctx) override;

private:
    EmbedderFactory factory_;
};

} // namespace wb
