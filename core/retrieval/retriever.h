#pragma once
// Retrieval over a knowledge-base collection: BM25 (FTS5), dense (the
// collection's chunk vectors for an Embedder, through ChunkIndexCache), and
// hybrid by weighted reciprocal rank fusion. Every hit carries what a citation
// needs (chunk id, document source, byte offsets, text) and the rank and score
// it got in each mode. Qt-free. Same thread as the ProjectStore.
#include "core/retrieval/chunk_index_cache.h"
#include "core/retrieval/embedder.h"
#include "core/retrieval/knowledge_base.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace wb {

enum class RetrievalMode { Bm25, Dense, Hybrid };
std::string toString(RetrievalMode m);                         // "bm25" "dense" "hybrid"
RetrievalMode retrievalModeFromString(const std::string& s);   // throws wb::Error naming the value

struct RetrievalOptions {
    RetrievalMode mode = RetrievalMode::Hybrid;
    int topK = 5;
    int candidates = 50;          // per mode before fusion (at least topK)
    double bm25Weight = 1.0;      // hybrid: weight of the BM25 ranking
    double denseWeight = 1.0;     // hybrid: weight of the dense ranking
    int rrfK = 60;
    // Hits whose score in the chosen mode (bm25 score, cosine, or fused) is below are dropped.
    std::optional<double> minScore;
};

struct RetrievalHit {
    int rank = 0;                 // 1-based in the result
    double score = 0;             // in the chosen mode
    int64_t chunkId = 0;
    int64_t documentId = 0;
    std::string source;
    int64_t start = 0;            // byte offsets into the document text
    int64_t end = 0;
    std::string text;
    std::string heading;
    int bm25Rank = 0;             // 0: not among the BM25 candidates
    double bm25Score = 0;         // -bm25() of FTS5, higher is better
    int denseRank = 0;            // 0: not among the dense candidates
    double denseScore = 0;        // cosine similarity
    double fusedScore = 0;        // hybrid only
};

struct FusedItem {
    int64_t id = 0;
    double score = 0;
    std::vector<int> ranks;       // 1-based rank in each input list, 0 when absent
};

// Weighted RRF: score(d) = sum_i weights[i] / (k + rank_i(d)) over the lists
// that contain d (rank 1-based). Sorted by score, then by best rank, then id.
std::vector<FusedItem> reciprocalRankFusion(const std::vector<std::vector<int64_t>>& rankings,
                                            const std::vector<double>& weights, int k = 60);

class Retriever {
public:
    // `cache` may be shared between retrievers of the same store; when null
    // the retriever keeps its own (default options).
    explicit Retriever(ProjectStore& store, ChunkIndexCache* cache = nullptr);
    ~Retriever();

    // Dense and hybrid need `embedder`; they search the chunks that have
    // vectors for it (embed them first: embedChunks). Throws wb::Error naming
    // what is missing (no embedder; no vectors for this embedder).
    std::vector<RetrievalHit> search(int64_t collectionId, const std::string& query, const RetrievalOptions& options,
                                     Embedder* embedder = nullptr, IndexOpenReport* indexReport = nullptr);

private:
    ProjectStore& store_;
    std::unique_ptr<ChunkIndexCache> ownCache_;
    ChunkIndexCache* cache_;
};

} // namespace wb
