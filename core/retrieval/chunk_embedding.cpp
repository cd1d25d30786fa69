#include "core/retrieval/chunk_embedding.h"

#include "core/data/record.h"

#include <algorithm>
#include <cmath>

namespace wb {

ChunkEmbeddingReport embedChunks(ProjectStore& store, Embedder& embedder, int64_t collectionId,
                                 const std::string& embedderPath, int batchSize, const EmbedProgress& progress,
                                 const std::atomic<bool>* cancel)
{
    KnowledgeBase kb(store);
    VectorStore vectors(store);
    ChunkEmbeddingReport report;
    report.model = vectors.ensureModel(embedder.key(), embedder.displayName(), embedder.dim(), embedderPath);
    const std::vector<int64_t> all = kb.chunkIds(collectionId);
    const std::vector<int64_t> todo = vectors.missing(report.model.id, VectorOwner::Chunk, kChunkVectorField, all);
    report.alreadyStored = int64_t(all.size() - todo.size());
    const auto total = int64_t(todo.size());
    const size_t batch = size_t(std::max(1, batchSize));
    const size_t dim = size_t(embedder.dim());
    if (progress)
        progress(0, total);
    for (size_t at = 0; at < todo.size(); at += batch) {
        if (cancel && cancel->load()) {
            report.cancelled = true;
            break;
        }
        const std::vector<int64_t> slice(todo.begin() + long(at), todo.begin() + long(std::min(todo.size(), at + batch)));
        std::vector<int64_t> ids;
        std::vector<std::string> texts;
        for (auto& [id, text] : kb.chunkTexts(collectionId, slice)) {
            ids.push_back(id);
            texts.push_back(std::move(text));
        }
        const std::vector<float> v = embedder.embed(texts, {}, cancel);
        if (v.size() % dim != 0 || v.size() / dim > ids.size())
            throw Error("embedder '" + embedder.displayName() + "' returned " + std::to_string(v.size())
                        + " floats for " + std::to_string(ids.size()) + " chunks of dimension " + std::to_string(dim));
        const size_t rows = v.size() / dim, asked = ids.size();
        for (size_t i = 0; i < rows * dim; ++i)
            if (!std::isfinite(v[i]))
                throw Error("embedder '" + embedder.displayName() + "' returned a non-finite value for chunk "
                            + std::to_string(ids[i / dim]));
        ids.resize(rows);
        vectors.put(report.model.id, VectorOwner::Chunk, kChunkVectorField, ids, v.data());
        report.embedded += int64_t(rows);
        if (progress)
            progress(report.embedded, total);
        if (rows < asked) {   // the embedder stopped early: cancelled
            report.cancelled = true;
            break;
        }
    }
    return report;
}

} // namespace wb
