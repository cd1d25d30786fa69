#pragma once
// The knowledge base stored in the project file (schema version 4):
// collections of documents (files, SQuAD contexts, dataset records), split
// into chunks with byte offsets into the stored document text, and a CJK-aware
// FTS5 index over the chunks for BM25. Every ingest runs in one transaction:
// cancel or an exception leaves the project as it was. A file that cannot be
// read is recorded as a document with its error (and no chunks) and listed in
// the report; the rest of the batch goes on. Qt-free. Uses the ProjectStore's
// connection (same thread, must not outlive it).
#include "core/retrieval/chunker.h"
#include "core/retrieval/document_text.h"
#include "core/store/project_store.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace wb {

struct CollectionInfo {
    int64_t id = 0;
    std::string name;
    std::string description;
    ChunkOptions chunking;
    int64_t documentCount = 0;
    int64_t chunkCount = 0;
    int64_t failedCount = 0;   // documents stored with an error
};

struct DocumentInfo {
    int64_t id = 0;
    int64_t collectionId = 0;
    // Absolute file path; "<json path>#<article>/<paragraph>" for a SQuAD
    // context; "record:<dataset id>/<record id>" for a dataset record.
    std::string source;
    DocumentKind kind = DocumentKind::Text;
    std::string title;
    std::string contentHash;    // 16 hex digits of the source bytes' hash
    int64_t mtimeNs = 0;        // file modification time (ns since epoch), 0 when not a file
    int64_t size = 0;           // source bytes
    std::string metadataJson;   // SQuAD: {"title","questions":[{"id","question","answer","answer_start_byte"}]}
    std::string error;          // "" when the document was read; else why not (names the file)
    int64_t chunkCount = 0;
};

struct ChunkInfo {
    int64_t id = 0;
    int64_t documentId = 0;
    int ordinal = 0;            // position in the document
    int64_t start = 0;          // byte offsets into the document text: text == docText.substr(start, end - start)
    int64_t end = 0;
    std::string text;
    std::string heading;
    std::string metadataJson;   // SQuAD: {"question_ids":[...]} of answers starting inside the chunk
    std::string source;         // the document's source
};

struct IngestFailure {
    std::string source;
    std::string error;
};

struct IngestReport {
    int64_t added = 0;       // new documents
    int64_t updated = 0;     // documents whose content changed (re-chunked)
    int64_t unchanged = 0;   // skipped: same content as stored
    int64_t removed = 0;     // documents whose source is gone
    int64_t chunks = 0;      // chunks written
    std::vector<IngestFailure> failures;   // also stored on their documents
    bool cancelled = false;  // true: rolled back, nothing changed
};

// (sources done, sources total); called between documents.
using IngestProgress = std::function<void(int64_t, int64_t)>;

struct Bm25Hit {
    int64_t chunkId = 0;
    double score = 0;   // -bm25(): higher is better
};

class KnowledgeBase {
public:
    explicit KnowledgeBase(ProjectStore& store);

    // Throws wb::Error for an empty or taken name and bad chunk options.
    int64_t createCollection(const std::string& name, const ChunkOptions& chunking = {},
                             const std::string& description = {});
    // The collection's id, created with `chunking` when it does not exist.
    int64_t ensureCollection(const std::string& name, const ChunkOptions& chunking = {});
    std::vector<CollectionInfo> collections();
    std::optional<CollectionInfo> collection(int64_t id);
    std::optional<CollectionInfo> collectionByName(const std::string& name);
    void deleteCollection(int64_t id);   // documents, chunks, full-text rows and chunk vectors go with it

    // Files and folders (folders recursively; files of unsupported types inside
    // folders are ignored, a named file of unsupported type is a failure).
    // A file already stored is re-read only when its size or mtime changed and
    // re-chunked only when its content hash changed. Files that were stored
    // under a named folder and no longer exist leave the index.
    IngestReport addPaths(int64_t collectionId, const std::vector<std::string>& paths,
                          const IngestProgress& progress = {}, const std::atomic<bool>* cancel = nullptr);
    // Every SQuAD-style context of a JSON file as one document (kind squad);
    // contexts no longer in the file leave the index. A file that cannot be
    // parsed is one failure.
    IngestReport addSquad(int64_t collectionId, const std::string& jsonPath, const IngestProgress& progress = {},
                          const std::atomic<bool>* cancel = nullptr);
    // Each record of a dataset as one document (its recordText); records that
    // were deleted from the dataset leave the index.
    IngestReport addDataset(int64_t collectionId, int64_t datasetId, const IngestProgress& progress = {},
                            const std::atomic<bool>* cancel = nullptr);
    // Re-checks every source of the collection (files, SQuAD files, datasets):
    // changed ones are re-chunked, missing ones removed.
    IngestReport reindex(int64_t collectionId, const IngestProgress& progress = {},
                         const std::atomic<bool>* cancel = nullptr);
    void removeDocuments(const std::vector<int64_t>& documentIds);

    std::vector<DocumentInfo> documents(int64_t collectionId);
    std::optional<DocumentInfo> document(int64_t id);
    std::string documentText(int64_t documentId);
    std::vector<ChunkInfo> chunks(int64_t documentId);
    // In the given order; unknown ids left out.
    std::vector<ChunkInfo> chunksByIds(const std::vector<int64_t>& ids);
    std::vector<int64_t> chunkIds(int64_t collectionId);   // ascending
    // (id, text) of chunks in the collection, ascending id; with `only`, just those.
    std::vector<std::pair<int64_t, std::string>> chunkTexts(int64_t collectionId,
                                                           const std::vector<int64_t>& only = {});

    // BM25 over the collection's chunks (best first). The query's words and
    // CJK characters and character pairs are ORed, so a natural-language
    // question matches; empty when nothing searchable is left. In projects of
    // kStopTermMinChunks chunks or more, terms found in over half of all chunks
    // (IDF ~0) are left out unless nothing else is left.
    std::vector<Bm25Hit> searchBm25(int64_t collectionId, const std::string& query, int limit);

    // Below this many chunks in the project, queries keep their most frequent terms.
    static constexpr int64_t kStopTermMinChunks = 1000;

private:
    ProjectStore& store_;
    std::vector<std::string> withoutStopTerms(const std::vector<std::string>& terms);
};

// The FTS5 MATCH expression searchBm25 uses: quoted ASCII/other words, CJK
// characters and adjacent CJK pairs (as phrases), joined with OR; at most
// `maxTerms` terms. "" when nothing searchable.
std::string bm25MatchExpression(const std::string& query, int maxTerms = 64);
// The terms of that expression, unquoted ("word", "地", "地 质").
std::vector<std::string> bm25Terms(const std::string& query, int maxTerms = 64);

} // namespace wb
