#include "ui/embeddings/embed_project_pipeline.h"

#include "core/projection/projection_store.h"
#include "core/retrieval/knowledge_base.h"
#include "core/retrieval/vector_store.h"
#include "core/store/conversations.h"
#include "core/store/project_store.h"
#include "ui/embeddings/map_fields.h"

#include <QCoreApplication>

#include <algorithm>
#include <cmath>
#include <deque>
#include <optional>
#include <unordered_map>

namespace wb {

namespace {

struct Items {
    std::vector<int64_t> ids;
    std::vector<std::string> texts;
    std::unordered_map<int64_t, std::string> label;   // chunks: source, messages: role
};

Items readItems(ProjectStore& store, const MapRequest& req)
{
    Items items;
    switch (req.kind) {
    case MapItemKind::Record:
        if (req.datasetIds.empty())
            throw Error("map: no dataset chosen");
        for (int64_t ds : req.datasetIds) {
            if (!store.dataset(ds))
                throw Error("map: dataset " + std::to_string(ds) + " does not exist");
            RecordQuery q;
            q.datasetId = ds;
            store.forEach(q, [&](const Record& r) {
                items.ids.push_back(r.id);
                items.texts.push_back(recordFieldText(r, req.field));
                return true;
            });
        }
        break;
    case MapItemKind::Chunk: {
        KnowledgeBase kb(store);
        if (!kb.collection(req.collectionId))
            throw Error("map: knowledge-base collection " + std::to_string(req.collectionId) + " does not exist");
        for (auto& [id, text] : kb.chunkTexts(req.collectionId)) {
            items.ids.push_back(id);
            items.texts.push_back(std::move(text));
        }
        for (const ChunkInfo& c : kb.chunksByIds(items.ids))
            items.label[c.id] = c.source;
        break;
    }
    case MapItemKind::Message: {
        ConversationStore chats(store);
        for (const Conversation& c : chats.conversations()) {
            std::deque<int64_t> parents{0};
            while (!parents.empty()) {
                const int64_t parent = parents.front();
                parents.pop_front();
                for (const StoredMessage& m : chats.children(c.id, parent)) {
                    parents.push_back(m.id);
                    items.ids.push_back(m.id);
                    items.texts.push_back(m.content);
                    items.label[m.id] = m.role;
                }
            }
        }
        break;
    }
    }
    return items;
}

VectorOwner ownerOf(MapItemKind k)
{
    return k == MapItemKind::Record ? VectorOwner::Record
           : k == MapItemKind::Chunk ? VectorOwner::Chunk
                                     : VectorOwner::Message;
}

} // namespace

MapResult EmbedProjectPipeline::run(const MapRequest& req, BackgroundTask::Context& ctx)
{
    if (!factory_)
        throw Error("map: this build cannot load embedders");
    auto store = ProjectStore::open(ctx.projectPath);
    ctx.progress(0, 1, QCoreApplication::translate("wb::EmbedProjectPipeline", "Reading texts"));
    Items items = readItems(*store, req);
    if (items.ids.size() < 2)
        throw Error("map: at least two items are needed for a map (found " + std::to_string(items.ids.size()) + ")");

    ctx.progress(0, 1, QCoreApplication::translate("wb::EmbedProjectPipeline", "Loading the embedder"));
    std::unique_ptr<Embedder> embedder = factory_(req.embedderFolder);
    if (!embedder)
        throw Error("map: no embedder in " + req.embedderFolder);
    MapResult result;
    result.embedderName = embedder->displayName();
    const VectorOwner owner = ownerOf(req.kind);
    const std::string field = req.kind == MapItemKind::Record ? req.field : std::string("text");

    // Embed what has no stored vector yet, in batches, each stored at once.
    VectorStore vectors(*store);
    const EmbeddingModelInfo model =
        vectors.ensureModel(embedder->key(), embedder->displayName(), embedder->dim(), req.embedderFolder);
    const std::vector<int64_t> missing = vectors.missing(model.id, owner, field, items.ids);
    std::unordered_map<int64_t, size_t> position;
    for (size_t i = 0; i < items.ids.size(); ++i)
        position.emplace(items.ids[i], i);
    const int64_t toEmbed = int64_t(missing.size());
    for (int64_t first = 0; first < toEmbed; first += kBatch) {
        if (ctx.cancelled()) {
            result.cancelled = true;
            return result;
        }
        const int64_t last = std::min(toEmbed, first + kBatch);
        std::vector<int64_t> ids(missing.begin() + first, missing.begin() + last);
        std::vector<std::string> texts;
        for (int64_t id : ids)
            texts.push_back(items.texts[position.at(id)]);
        const std::vector<float> v = embedder->embed(texts, {}, ctx.cancelFlag());
        if (v.size() != texts.size() * size_t(model.dim)) {
            if (ctx.cancelled()) {
                result.cancelled = true;
                return result;
            }
            throw Error("map: the embedder returned " + std::to_string(v.size()) + " values for " +
                        std::to_string(texts.size()) + " texts of dim " + std::to_string(model.dim));
        }
        vectors.put(model.id, owner, field, ids, v.data());
        ctx.progress(last, toEmbed, QCoreApplication::translate("wb::EmbedProjectPipeline", "Embedding"));
    }

    StoredVectors stored = vectors.load(model.id, owner, field, items.ids);
    const int64_t n = int64_t(stored.ids.size());
    if (n < 2)
        throw Error("map: fewer than two vectors stored for this choice");
    result.dim = stored.dim;

    // The layout: cached for this model, items and parameters, or computed now.
    // A cache that cannot be read or written costs time, never the map.
    ProjectionStore cache(*store);
    const std::string source = toString(owner) + ":" + field;
    const ProjectionKey key{model.key, source, itemSetHash(stored.ids), req.params.cacheKey()};
    std::optional<StoredProjection> hit;
    try {
        hit = cache.find(key);
    } catch (const Error& e) {
        result.note = std::string("cache: ") + e.what();
    }
    std::vector<float> xy;
    if (hit && hit->itemIds.size() == stored.ids.size()) {
        std::unordered_map<int64_t, size_t> at;
        for (size_t i = 0; i < hit->itemIds.size(); ++i)
            at.emplace(hit->itemIds[i], i);
        xy.resize(size_t(2 * n));
        for (int64_t i = 0; i < n; ++i) {
            const size_t j = at.at(stored.ids[size_t(i)]);
            xy[size_t(2 * i)] = hit->xy[2 * j];
            xy[size_t(2 * i + 1)] = hit->xy[2 * j + 1];
        }
        result.fromCache = true;
        result.trustworthiness = hit->trustworthiness.value_or(-1);
    } else {
        Layout layout = project(
            stored.data.data(), n, stored.dim, req.params,
            [&](double fraction, const std::string& stage) {
                ctx.progress(qint64(fraction * 1000), 1000, QCoreApplication::translate("wb::EmbedProjectPipeline", "Projecting (%1)").arg(QString::fromStdString(stage)));
            },
            ctx.cancelFlag());
        if (layout.cancelled || ctx.cancelled()) {
            result.cancelled = true;
            return result;
        }
        xy = std::move(layout.xy);
        ctx.progress(0, 1, QCoreApplication::translate("wb::EmbedProjectPipeline", "Scoring the layout"));
        // k nearest neighbours kept (10, fewer for tiny maps: k must stay below n / 2).
        const int k = int(std::min<int64_t>(10, (n - 1) / 2));
        if (k >= 1)
            result.trustworthiness = trustworthiness(stored.data.data(), n, stored.dim, xy.data(), k);
        try {
            cache.save(key, req.params.method, stored.ids, xy, result.trustworthiness);
        } catch (const Error& e) {
            result.note = std::string("not cached: ") + e.what();
        }
    }

    auto data = std::make_shared<MapData>();
    data->kind = req.kind;
    data->itemIds = stored.ids;
    data->xy = std::move(xy);
    if (req.kind == MapItemKind::Record) {
        addRecordChannels(*store, *data);
    } else {
        MapChannel ch;
        ch.key = req.kind == MapItemKind::Chunk ? QStringLiteral("source") : QStringLiteral("role");
        ch.name = req.kind == MapItemKind::Chunk ? QCoreApplication::translate("wb::EmbedProjectPipeline", "Source") : QCoreApplication::translate("wb::EmbedProjectPipeline", "Role");
        std::unordered_map<std::string, int32_t> code;
        for (int64_t id : data->itemIds) {
            const std::string& label = items.label[id];
            auto [it, added] = code.emplace(label, int32_t(ch.labels.size()));
            if (added)
                ch.labels << QString::fromStdString(label);
            ch.codes.push_back(it->second);
        }
        data->channels.push_back(std::move(ch));
        for (int64_t id : data->itemIds)
            result.texts.push_back(items.texts[position.at(id)]);
    }
    addClusterChannel(*data);
    result.vectors = std::move(stored.data);
    result.data = std::move(data);
    return result;
}

} // namespace wb
