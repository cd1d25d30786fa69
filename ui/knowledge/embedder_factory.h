#pragma once
// How the UI gets an embedding model without linking LibTorch: the application
// injects a factory (wb::loadEmbedder); UI builds and tests without one can
// still search by keywords (BM25). Tests pass a deterministic fake.
#include "core/retrieval/embedder.h"

#include <functional>
#include <memory>
#include <string>

namespace wb {

// Loads the embedder in a model folder; throws wb::Error naming what is wrong.
using EmbedderFactory = std::function<std::unique_ptr<Embedder>(const std::string& folder)>;

} // namespace wb
