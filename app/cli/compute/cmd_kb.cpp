// llmwb kb add | query | reindex | stats: the knowledge base from the command
// line. Part of the llmwb_compute module because dense retrieval loads an
// embedder (LibTorch); BM25 alone never loads one.
#include "cli/command.h"
#include "cli/common.h"
#include "cli/compute/compute_commands.h"

#include "core/retrieval/chunk_embedding.h"
#include "core/retrieval/embedder.h"
#include "core/retrieval/knowledge_base.h"
#include "core/retrieval/retriever.h"
#include "core/runtime/threads.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <limits>

namespace wb::cli {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

const char* kDefaultCollection = "default";

std::string collectionName(const ParsedArgs& a) { return a.value("collection", kDefaultCollection); }

CollectionInfo requireCollection(KnowledgeBase& kb, const ParsedArgs& a, const std::string& project)
{
    const auto c = kb.collectionByName(collectionName(a));
    if (!c)
        throw Error("project '" + project + "': no knowledge-base collection named '" + collectionName(a)
                    + "' (add documents with `llmwb kb add` first)");
    return *c;
}

ChunkOptions chunkOptions(const ParsedArgs& a)
{
    ChunkOptions o;
    try {
        if (a.has("chunking"))
            o.strategy = chunkStrategyFromString(a.value("chunking"));
    } catch (const Error& e) {
        throw UsageError(std::string("option '--chunking': ") + e.what());
    }
    o.maxTokens = int(toInt("max-tokens", a.value("max-tokens", std::to_string(o.maxTokens)), 1, 1 << 20));
    if (a.has("overlap"))
        o.overlapTokens = int(toInt("overlap", a.value("overlap"), 0, o.maxTokens - 1));
    else
        o.overlapTokens = std::min(o.overlapTokens, o.maxTokens / 5);
    return o;
}

std::unique_ptr<Embedder> embedderFrom(const ParsedArgs& a)
{
    if (!a.has("embedder"))
        return nullptr;
    configureComputeThreads(a.has("threads") ? int(toInt("threads", a.value("threads"), 1, 1024)) : 0);
    return loadEmbedder(a.value("embedder"));
}

json reportJson(const IngestReport& r)
{
    json failures = json::array();
    for (const IngestFailure& f : r.failures)
        failures.push_back({{"source", f.source}, {"error", f.error}});
    return {{"added", r.added},     {"updated", r.updated}, {"unchanged", r.unchanged},
            {"removed", r.removed}, {"chunks", r.chunks},   {"failures", failures}};
}

void merge(IngestReport& into, const IngestReport& r)
{
    into.added += r.added;
    into.updated += r.updated;
    into.unchanged += r.unchanged;
    into.removed += r.removed;
    into.chunks += r.chunks;
    into.failures.insert(into.failures.end(), r.failures.begin(), r.failures.end());
}

void printReport(const IngestReport& r)
{
    for (const IngestFailure& f : r.failures)
        std::fprintf(stderr, "error: %s\n", f.error.c_str());
    std::printf("%lld added, %lld updated, %lld unchanged, %lld removed, %lld chunks written, %zu failed\n",
                static_cast<long long>(r.added), static_cast<long long>(r.updated),
                static_cast<long long>(r.unchanged), static_cast<long long>(r.removed),
                static_cast<long long>(r.chunks), r.failures.size());
}

// Embeds the collection's chunks that have no vector for this embedder yet.
json embedMissing(ProjectStore& store, Embedder& embedder, int64_t collectionId, const std::string& folder, bool quiet)
{
    std::atomic<bool> cancel{false};
    ProgressLine progress("embedding");
    const ChunkEmbeddingReport r =
        embedChunks(store, embedder, collectionId, fs::absolute(folder).string(), 32, [&](int64_t done, int64_t total) {
            progress.update(done, total, "chunks");
            if (interrupted())
                cancel = true;
        }, &cancel);
    progress.finish();
    if (r.cancelled)
        throw Error("interrupted; " + std::to_string(r.embedded) + " chunk vectors were stored");
    if (!quiet)
        std::printf("embedded %lld chunks with %s (%lld already had vectors)\n", static_cast<long long>(r.embedded),
                    r.model.displayName.c_str(), static_cast<long long>(r.alreadyStored));
    return {{"model", r.model.key}, {"embedded", r.embedded}, {"already_stored", r.alreadyStored}};
}

IngestProgress progressTo(ProgressLine& line, std::atomic<bool>& cancel)
{
    return [&](int64_t done, int64_t total) {
        line.update(done, total, "sources");
        if (interrupted())
            cancel = true;
    };
}

int kbAdd(const ParsedArgs& a)
{
    installInterruptHandler();
    const std::string project = a.positional[0];
    const ChunkOptions chunking = chunkOptions(a);   // usage errors before any work
    auto store = openProject(project);
    KnowledgeBase kb(*store);
    auto embedder = embedderFrom(a);   // loaded first: a bad folder fails before any work
    const int64_t c = kb.ensureCollection(collectionName(a), chunking);
    std::vector<std::string> files;
    std::vector<std::string> squad;
    for (size_t i = 1; i < a.positional.size(); ++i) {
        const std::string& p = a.positional[i];
        std::error_code ec;
        if (fs::is_regular_file(p, ec) && fs::path(p).extension() == ".json")
            squad.push_back(p);
        else
            files.push_back(p);
    }
    std::vector<int64_t> datasets;
    for (const std::string& d : a.values("dataset"))
        datasets.push_back(resolveDataset(*store, d).id);
    if (files.empty() && squad.empty() && datasets.empty())
        throw UsageError("nothing to add: give files, folders, SQuAD .json files or --dataset NAME");

    IngestReport total;
    std::atomic<bool> cancel{false};
    {
        ProgressLine line("indexing");
        if (!files.empty())
            merge(total, kb.addPaths(c, files, progressTo(line, cancel), &cancel));
        for (const std::string& s : squad)
            if (!cancel)
                merge(total, kb.addSquad(c, s, progressTo(line, cancel), &cancel));
        for (int64_t d : datasets)
            if (!cancel)
                merge(total, kb.addDataset(c, d, progressTo(line, cancel), &cancel));
        line.finish();
    }
    if (cancel)
        throw Error("interrupted; the source being indexed was rolled back");
    json out = {{"collection", collectionName(a)}, {"collection_id", c}, {"report", reportJson(total)}};
    if (embedder)
        out["embedding"] = embedMissing(*store, *embedder, c, a.value("embedder"), a.has("json"));
    if (a.has("json"))
        printJson(out);
    else
        printReport(total);
    return kExitOk;
}

int kbReindex(const ParsedArgs& a)
{
    installInterruptHandler();
    const std::string project = a.positional[0];
    auto store = openProject(project);
    KnowledgeBase kb(*store);
    auto embedder = embedderFrom(a);
    const CollectionInfo c = requireCollection(kb, a, project);
    std::atomic<bool> cancel{false};
    ProgressLine line("re-indexing");
    const IngestReport r = kb.reindex(c.id, progressTo(line, cancel), &cancel);
    line.finish();
    if (cancel)
        throw Error("interrupted; nothing was changed");
    json out = {{"collection", c.name}, {"collection_id", c.id}, {"report", reportJson(r)}};
    if (embedder)
        out["embedding"] = embedMissing(*store, *embedder, c.id, a.value("embedder"), a.has("json"));
    if (a.has("json"))
        printJson(out);
    else
        printReport(r);
    return kExitOk;
}

json modeJson(int rank, double score)
{
    if (rank == 0)
        return nullptr;
    return {{"rank", rank}, {"score", score}};
}

int kbQuery(const ParsedArgs& a)
{
    const std::string project = a.positional[0];
    const std::string query = a.positional[1];
    RetrievalOptions o;
    try {
        o.mode = retrievalModeFromString(a.value("mode", a.has("embedder") ? "hybrid" : "bm25"));
    } catch (const Error& e) {
        throw UsageError(std::string("option '--mode': ") + e.what());
    }
    if (o.mode != RetrievalMode::Bm25 && !a.has("embedder"))
        throw UsageError("--mode " + toString(o.mode) + " needs --embedder FOLDER");
    o.topK = int(toInt("top-k", a.value("top-k", "5"), 1, 10000));
    o.candidates = int(toInt("candidates", a.value("candidates", "50"), 1, 100000));
    o.bm25Weight = toDouble("bm25-weight", a.value("bm25-weight", "1"), 0, 1e6);
    o.denseWeight = toDouble("dense-weight", a.value("dense-weight", "1"), 0, 1e6);
    o.rrfK = int(toInt("rrf-k", a.value("rrf-k", "60"), 0, 1000000));
    if (a.has("min-score"))
        o.minScore = toDouble("min-score", a.value("min-score"), -1e9, 1e9);
    auto store = openProject(project);
    KnowledgeBase kb(*store);
    const CollectionInfo c = requireCollection(kb, a, project);
    std::unique_ptr<Embedder> embedder;
    json embedding;
    if (o.mode != RetrievalMode::Bm25) {
        embedder = embedderFrom(a);
        installInterruptHandler();
        embedding = embedMissing(*store, *embedder, c.id, a.value("embedder"), true);
    }
    Retriever retriever(*store);
    IndexOpenReport index;
    const auto hits = retriever.search(c.id, query, o, embedder.get(), &index);
    if (a.has("json")) {
        json list = json::array();
        for (const RetrievalHit& h : hits)
            list.push_back({{"rank", h.rank},
                            {"chunk_id", h.chunkId},
                            {"document_id", h.documentId},
                            {"source", h.source},
                            {"start", h.start},
                            {"end", h.end},
                            {"heading", h.heading},
                            {"text", h.text},
                            {"score", h.score},
                            {"bm25", modeJson(h.bm25Rank, h.bm25Score)},
                            {"dense", modeJson(h.denseRank, h.denseScore)},
                            {"fused", o.mode == RetrievalMode::Hybrid ? json(h.fusedScore) : json(nullptr)}});
        json out = {{"query", query}, {"collection", c.name}, {"mode", toString(o.mode)}, {"hits", list}};
        if (embedder) {
            out["embedding"] = embedding;
            out["index"] = {{"source", toString(index.source)}, {"reason", index.reason}, {"vectors", index.vectors}};
        }
        printJson(out);
        return kExitOk;
    }
    for (const RetrievalHit& h : hits) {
        std::printf("[%d] %s (bytes %lld-%lld) score %.4f", h.rank, h.source.c_str(), static_cast<long long>(h.start),
                    static_cast<long long>(h.end), h.score);
        if (h.bm25Rank)
            std::printf("  bm25 #%d %.3f", h.bm25Rank, h.bm25Score);
        if (h.denseRank)
            std::printf("  dense #%d %.3f", h.denseRank, h.denseScore);
        std::printf("\n    %s\n", h.text.c_str());
    }
    if (hits.empty())
        std::printf("no matches\n");
    return kExitOk;
}

int kbStats(const ParsedArgs& a)
{
    const std::string project = a.positional[0];
    auto store = openProject(project);
    KnowledgeBase kb(*store);
    VectorStore vectors(*store);
    std::vector<CollectionInfo> collections = kb.collections();
    if (a.has("collection"))
        collections = {requireCollection(kb, a, project)};
    json list = json::array();
    for (const CollectionInfo& c : collections) {
        json failed = json::array();
        for (const DocumentInfo& d : kb.documents(c.id))
            if (!d.error.empty())
                failed.push_back({{"source", d.source}, {"error", d.error}});
        json models = json::array();
        const auto ids = kb.chunkIds(c.id);
        for (const EmbeddingModelInfo& m : vectors.models()) {
            const auto missing = vectors.missing(m.id, VectorOwner::Chunk, kChunkVectorField, ids);
            const auto have = int64_t(ids.size() - missing.size());
            if (have > 0)
                models.push_back({{"key", m.key}, {"name", m.displayName}, {"dim", m.dim}, {"vectors", have}});
        }
        list.push_back({{"name", c.name},
                        {"id", c.id},
                        {"chunking", json::parse(chunkOptionsToJson(c.chunking))},
                        {"documents", c.documentCount},
                        {"chunks", c.chunkCount},
                        {"failed", failed},
                        {"embeddings", models}});
    }
    if (a.has("json")) {
        printJson({{"collections", list}});
        return kExitOk;
    }
    if (list.empty())
        std::printf("no knowledge-base collections\n");
    for (const json& c : list) {
        std::printf("%s: %lld documents, %lld chunks (%s)\n", c["name"].get<std::string>().c_str(),
                    static_cast<long long>(c["documents"].get<int64_t>()),
                    static_cast<long long>(c["chunks"].get<int64_t>()), c["chunking"].dump().c_str());
        for (const json& m : c["embeddings"])
            std::printf("  vectors: %lld x %d by %s\n", static_cast<long long>(m["vectors"].get<int64_t>()),
                        m["dim"].get<int>(), m["name"].get<std::string>().c_str());
        for (const json& f : c["failed"])
            std::printf("  failed: %s\n", f["error"].get<std::string>().c_str());
    }
    return kExitOk;
}

const char* kCommonHelp = "  --collection NAME    the collection (default \"default\")\n";

} // namespace

CommandGroup kbCommands()
{
    CommandGroup g{"kb", "knowledge base: add documents, search them (BM25, dense, hybrid)", {}};
    g.commands.push_back(Command{
        "add",
        "add files, folders, SQuAD .json files or datasets to a collection",
        std::string("usage: llmwb kb add PROJECT [PATH...] [options]\n"
                    "\n"
                    "Index .txt, .md, .html and .pdf files (folders recursively), SQuAD-style .json\n"
                    "files (one document per context) and dataset records into a collection, in one\n"
                    "transaction per source. Unchanged files are skipped; files that vanished from a\n"
                    "named folder leave the index. Files that cannot be read are reported (and kept\n"
                    "with their error); the command still exits 0.\n"
                    "\n"
                    "options:\n")
            + kCommonHelp
            + "  --dataset NAME       also add the records of this dataset (repeatable)\n"
              "  --chunking S         tokens, paragraph, heading or sentence (new collections;\n"
              "                       default tokens)\n"
              "  --max-tokens N       chunk size in approximate tokens (default 200)\n"
              "  --overlap N          tokens shared by consecutive windows (default 40, at most\n"
              "                       a fifth of --max-tokens)\n"
              "  --embedder FOLDER    also embed the new chunks with this embedder\n"
              "  --threads N          compute threads for the embedder (default: all cores)\n"
              "  --json               print {collection, report: {added, updated, unchanged,\n"
              "                       removed, chunks, failures: [{source, error}]}} as JSON\n",
        {{"collection", true}, {"dataset", true, true}, {"chunking", true}, {"max-tokens", true}, {"overlap", true},
         {"embedder", true}, {"threads", true}, {"json", false}},
        1,
        std::numeric_limits<size_t>::max(),
        kbAdd});
    g.commands.push_back(Command{
        "query",
        "search a collection",
        std::string("usage: llmwb kb query PROJECT QUERY [options]\n"
                    "\n"
                    "Search a collection by keywords (BM25), meaning (dense, needs --embedder) or both\n"
                    "(hybrid: weighted reciprocal rank fusion). Chunks without vectors for the\n"
                    "embedder are embedded first.\n"
                    "\n"
                    "options:\n")
            + kCommonHelp
            + "  --mode M             bm25, dense or hybrid (default: hybrid with --embedder,\n"
              "                       else bm25)\n"
              "  --embedder FOLDER    embedder folder (BERT-family, decoder LM or one trained in\n"
              "                       the app)\n"
              "  --top-k N            hits to return (default 5)\n"
              "  --min-score X        drop hits scoring below X in the chosen mode\n"
              "  --candidates N       hits taken from each mode before fusion (default 50)\n"
              "  --bm25-weight W, --dense-weight W   fusion weights (default 1 and 1)\n"
              "  --rrf-k K            fusion constant (default 60)\n"
              "  --threads N          compute threads for the embedder\n"
              "  --json               print {query, mode, hits: [{rank, chunk_id, source, start,\n"
              "                       end, text, score, bm25: {rank, score}, dense: {rank, score},\n"
              "                       fused}]} as JSON (start/end: byte offsets in the document)\n",
        {{"collection", true}, {"mode", true}, {"embedder", true}, {"top-k", true}, {"min-score", true},
         {"candidates", true}, {"bm25-weight", true}, {"dense-weight", true}, {"rrf-k", true}, {"threads", true},
         {"json", false}},
        2,
        2,
        kbQuery});
    g.commands.push_back(Command{
        "reindex",
        "re-read changed sources, drop vanished ones",
        std::string("usage: llmwb kb reindex PROJECT [options]\n"
                    "\n"
                    "Check every source of a collection: changed files, SQuAD files and datasets are\n"
                    "re-chunked, missing ones removed, unchanged ones left alone.\n"
                    "\n"
                    "options:\n")
            + kCommonHelp
            + "  --embedder FOLDER    also embed chunks that have no vector for this embedder\n"
              "  --threads N          compute threads for the embedder\n"
              "  --json               print the report as JSON\n",
        {{"collection", true}, {"embedder", true}, {"threads", true}, {"json", false}},
        1,
        1,
        kbReindex});
    g.commands.push_back(Command{
        "stats",
        "collections, documents, chunks, vectors and failures",
        std::string("usage: llmwb kb stats PROJECT [options]\n"
                    "\n"
                    "options:\n")
            + "  --collection NAME    only this collection (default: all)\n"
              "  --json               print {collections: [{name, documents, chunks, failed,\n"
              "                       embeddings: [{key, name, dim, vectors}]}]} as JSON\n",
        {{"collection", true}, {"json", false}},
        1,
        1,
        kbStats});
    return g;
}

} // namespace wb::cli
