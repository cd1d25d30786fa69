#pragma once
// Embedding a collection's chunks with an Embedder, in batches, only for the
// chunks that have no vector for this embedder's key yet (a different key =
// another model row = everything re-embedded). Each batch is stored in its
// own transaction, so a cancel keeps the batches already done. Qt-free.
#include "core/retrieval/embedder.h"
#include "core/retrieval/knowledge_base.h"
#include "core/retrieval/vector_store.h"

#include <atomic>
#include <cstdint>
#include <string>

namespace wb {

// The field chunk vectors are stored under (VectorStore's `field`).
inline constexpr const char* kChunkVectorField = "text";

struct ChunkEmbeddingReport {
    EmbeddingModelInfo model;
    int64_t embedded = 0;        // vectors written now
    int64_t alreadyStored = 0;   // chunks that had one
    bool cancelled = false;
};

// Throws wb::Error when the embedder returns a wrong number of floats or a
// non-finite value (naming the chunk id), or its dim clashes with the stored model.
ChunkEmbeddingReport embedChunks(ProjectStore& store, Embedder& embedder, int64_t collectionId,
                                 const std::string& embedderPath = {}, int batchSize = 64,
                                 const EmbedProgress& progress = {}, const std::atomic<bool>* cancel = nullptr);

} // namespace wb
