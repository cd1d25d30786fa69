#include "core/retrieval/retriever.h"

#include "core/data/record.h"
#include "core/retrieval/chunk_embedding.h"
#include "core/retrieval/sql_query.h"

#include <algorithm>
#include <map>
#include <unordered_map>

namespace wb {

std::string toString(RetrievalMode m)
{
    switch (m) {
    case RetrievalMode::Bm25: return "bm25";
    case RetrievalMode::Dense: return "dense";
    case RetrievalMode::Hybrid: return "hybrid";
    }
    return "hybrid";
}

RetrievalMode retrievalModeFromString(const std::string& s)
{
    for (RetrievalMode m : {RetrievalMode::Bm25, RetrievalMode::Dense, RetrievalMode::Hybrid})
        if (toString(m) == s)
            return m;
    throw Error("unknown retrieval mode '" + s + "' (expected bm25, dense or hybrid)");
}

std::vector<FusedItem> reciprocalRankFusion(const std::vector<std::vector<int64_t>>& rankings,
                                            const std::vector<double>& weights, int k)
{
    if (weights.size() != rankings.size())
        throw Error("rank fusion: " + std::to_string(rankings.size()) + " rankings but " + std::to_string(weights.size())
                    + " weights");
    std::map<int64_t, FusedItem> byId;
    for (size_t list = 0; list < rankings.size(); ++list) {
        for (size_t i = 0; i < rankings[list].size(); ++i) {
            FusedItem& item = byId[rankings[list][i]];
            item.id = rankings[list][i];
            if (item.ranks.empty())
                item.ranks.assign(rankings.size(), 0);
            if (item.ranks[list] != 0)
                continue;   // a duplicate in one list counts once, at its best rank
            item.ranks[list] = int(i + 1);
            item.score += weights[list] / double(k + int(i + 1));
        }
    }
    std::vector<FusedItem> out;
    out.reserve(byId.size());
    for (auto& [id, item] : byId)
        out.push_back(std::move(item));
    auto bestRank = [](const FusedItem& f) {
        int best = 0;
        for (int r : f.ranks)
            if (r > 0 && (best == 0 || r < best))
                best = r;
        return best;
    };
    std::stable_sort(out.begin(), out.end(), [&](const FusedItem& a, const FusedItem& b) {
        if (a.score != b.score)
            return a.score > b.score;
        const int ra = bestRank(a), rb = bestRank(b);
        if (ra != rb)
            return ra < rb;
        return a.id < b.id;
    });
    return out;
}

Retriever::Retriever(ProjectStore& store, ChunkIndexCache* cache) : store_(store), cache_(cache)
{
    if (!cache_) {
        ownCache_ = std::make_unique<ChunkIndexCache>(store);
        cache_ = ownCache_.get();
    }
}

Retriever::~Retriever() = default;

std::vector<RetrievalHit> Retriever::search(int64_t collectionId, const std::string& query,
                                            const RetrievalOptions& o, Embedder* embedder,
                                            IndexOpenReport* indexReport)
{
    KnowledgeBase kb(store_);
    retrieval::Query exists(store_, "SELECT 1 FROM kb_collections WHERE id = ?");
    exists.bind(1, collectionId);
    if (!exists.step())
        throw Error("project '" + store_.path() + "': no knowledge-base collection with id "
                    + std::to_string(collectionId));
    if (o.topK <= 0)
        return {};
    const int candidates = std::max(o.candidates, o.topK);
    const bool wantBm25 = o.mode != RetrievalMode::Dense, wantDense = o.mode != RetrievalMode::Bm25;

    std::vector<int64_t> bm25Ids, denseIds;
    std::unordered_map<int64_t, std::pair<int, double>> bm25, dense;   // id -> (rank, score)
    if (wantBm25) {
        int rank = 0;
        for (const Bm25Hit& h : kb.searchBm25(collectionId, query, candidates)) {
            bm25Ids.push_back(h.chunkId);
            bm25[h.chunkId] = {++rank, h.score};
        }
    }
    if (wantDense) {
        if (!embedder)
            throw Error("retrieval mode '" + toString(o.mode) + "' needs an embedder");
        VectorStore vectors(store_);
        std::optional<EmbeddingModelInfo> model;
        for (const EmbeddingModelInfo& m : vectors.models())
            if (m.key == embedder->key())
                model = m;
        if (!model || vectors.count(model->id, VectorOwner::Chunk, kChunkVectorField) == 0)
            throw Error("collection " + std::to_string(collectionId) + " has no chunk vectors for embedder '"
                        + embedder->displayName() + "': embed the chunks first");
        const std::vector<float> q = embedder->embed({query});
        if (q.size() != size_t(model->dim))
            throw Error("embedder '" + embedder->displayName() + "' returned " + std::to_string(q.size())
                        + " floats for the query, expected " + std::to_string(model->dim));
        DenseIndex& index = cache_->open(collectionId, *model, indexReport);
        int rank = 0;
        for (const DenseHit& h : index.search(q.data(), candidates)) {
            denseIds.push_back(h.id);
            dense[h.id] = {++rank, double(h.score)};
        }
    }

    // (id, score in the chosen mode, fused score) in result order.
    struct Pick {
        int64_t id;
        double score;
        double fused;
    };
    std::vector<Pick> picks;
    if (o.mode == RetrievalMode::Hybrid) {
        for (const FusedItem& f : reciprocalRankFusion({bm25Ids, denseIds}, {o.bm25Weight, o.denseWeight}, o.rrfK))
            picks.push_back({f.id, f.score, f.score});
    } else {
        const auto& ids = o.mode == RetrievalMode::Bm25 ? bm25Ids : denseIds;
        const auto& scores = o.mode == RetrievalMode::Bm25 ? bm25 : dense;
        for (int64_t id : ids)
            picks.push_back({id, scores.at(id).second, 0});
    }
    if (o.minScore)
        picks.erase(std::remove_if(picks.begin(), picks.end(), [&](const Pick& p) { return p.score < *o.minScore; }),
                    picks.end());
    if (picks.size() > size_t(o.topK))
        picks.resize(size_t(o.topK));

    std::vector<int64_t> ids;
    for (const Pick& p : picks)
        ids.push_back(p.id);
    std::unordered_map<int64_t, ChunkInfo> chunks;
    for (ChunkInfo& c : kb.chunksByIds(ids))
        chunks.emplace(c.id, std::move(c));
    std::vector<RetrievalHit> out;
    for (const Pick& p : picks) {
        auto it = chunks.find(p.id);
        if (it == chunks.end())
            continue;   // a vector whose chunk is gone (cannot happen with the schema's triggers)
        RetrievalHit h;
        h.rank = int(out.size() + 1);
        h.score = p.score;
        h.fusedScore = p.fused;
        h.chunkId = p.id;
        h.documentId = it->second.documentId;
        h.source = it->second.source;
        h.start = it->second.start;
        h.end = it->second.end;
        h.text = std::move(it->second.text);
        h.heading = std::move(it->second.heading);
        if (auto b = bm25.find(p.id); b != bm25.end())
            std::tie(h.bm25Rank, h.bm25Score) = b->second;
        if (auto d = dense.find(p.id); d != dense.end())
            std::tie(h.denseRank, h.denseScore) = d->second;
        out.push_back(std::move(h));
    }
    return out;
}

} // namespace wb
