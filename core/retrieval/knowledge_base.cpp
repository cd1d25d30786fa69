#include "core/retrieval/knowledge_base.h"

#include "core/data/record.h"
#include "core/retrieval/sql_query.h"
#include "core/text/cjk_segment.h"
#include "core/text/utf8.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

namespace wb {

namespace fs = std::filesystem;
using retrieval::Query;

namespace {

constexpr const char* kDocumentColumns =
    "d.id, d.collection_id, d.source, d.kind, d.title, d.content_hash, d.mtime, d.size, d.metadata_json, d.error, "
    "(SELECT count(*) FROM kb_chunks c WHERE c.document_id = d.id)";
constexpr const char* kChunkColumns =
    "c.id, c.document_id, c.ordinal, c.start, c.end, c.text, c.heading, c.metadata_json, d.source";

std::string hashHex(std::string_view bytes)
{
    uint64_t h = 14695981039346656037ull;   // FNV-1a 64
    for (unsigned char c : bytes) {
        h ^= c;
        h *= 1099511628211ull;
    }
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
    return buf;
}

int64_t nowSeconds()
{
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

DocumentInfo readDocument(const Query& q)
{
    DocumentInfo d;
    d.id = q.int64(0);
    d.collectionId = q.int64(1);
    d.source = q.text(2);
    d.kind = documentKindFromString(q.text(3));
    d.title = q.text(4);
    d.contentHash = q.text(5);
    d.mtimeNs = q.int64(6);
    d.size = q.int64(7);
    d.metadataJson = q.text(8);
    d.error = q.text(9);
    d.chunkCount = q.int64(10);
    return d;
}

ChunkInfo readChunk(const Query& q)
{
    ChunkInfo c;
    c.id = q.int64(0);
    c.documentId = q.int64(1);
    c.ordinal = int(q.int64(2));
    c.start = q.int64(3);
    c.end = q.int64(4);
    c.text = q.text(5);
    c.heading = q.text(6);
    c.metadataJson = q.text(7);
    c.source = q.text(8);
    return c;
}

bool isFileKind(DocumentKind k)
{
    return k == DocumentKind::Text || k == DocumentKind::Markdown || k == DocumentKind::Html || k == DocumentKind::Pdf;
}

std::string normalPath(const std::string& p)
{
    std::error_code ec;
    fs::path abs = fs::absolute(p, ec);
    fs::path n = (ec ? fs::path(p) : abs).lexically_normal();
    if (n.has_parent_path() && !n.has_filename())   // "docs/" -> "docs"
        n = n.parent_path();
    return n.string();
}

bool cancelled(const std::atomic<bool>* cancel)
{
    return cancel && cancel->load(std::memory_order_relaxed);
}

// A document about to be written: everything but its id.
struct NewDocument {
    std::string source;
    DocumentKind kind = DocumentKind::Text;
    std::string title;
    std::string hash;
    int64_t mtimeNs = 0;
    int64_t size = 0;
    std::string text;
    std::string metadataJson;
    std::string error;
};

// The write side of one ingest, inside the caller's transaction.
class Writer {
public:
    Writer(ProjectStore& store, int64_t collectionId, IngestReport& report)
        : store_(store), collection_(collectionId), report_(report)
    {
        Query q(store, "SELECT chunking_json FROM kb_collections WHERE id = ?");
        q.bind(1, collectionId);
        if (!q.step())
            throw Error("project '" + store.path() + "': no knowledge-base collection with id "
                        + std::to_string(collectionId));
        chunking_ = chunkOptionsFromJson(q.text(0));
    }

    std::optional<DocumentInfo> existing(const std::string& source)
    {
        Query q(store_, (std::string("SELECT ") + kDocumentColumns
                         + " FROM kb_documents d WHERE d.collection_id = ? AND d.source = ?")
                            .c_str());
        q.bind(1, collection_).bind(2, source);
        if (!q.step())
            return std::nullopt;
        return readDocument(q);
    }

    void touch(int64_t documentId, int64_t mtimeNs, int64_t size)
    {
        Query q(store_, "UPDATE kb_documents SET mtime = ?, size = ? WHERE id = ?");
        q.bind(1, mtimeNs).bind(2, size).bind(3, documentId).run();
        ++report_.unchanged;
    }

    // Inserts or replaces the document (by source) and its chunks.
    // `chunkMetadata` (optional) gives each chunk's metadata JSON from its span.
    void write(const NewDocument& doc, const std::optional<DocumentInfo>& old,
               const std::function<std::string(const ChunkSpan&)>& chunkMetadata = {})
    {
        int64_t id = 0;
        if (old) {
            id = old->id;
            Query del(store_, "DELETE FROM kb_chunks WHERE document_id = ?");
            del.bind(1, id).run();
            Query q(store_, "UPDATE kb_documents SET kind = ?, title = ?, content_hash = ?, mtime = ?, size = ?, "
                            "text = ?, metadata_json = ?, error = ?, updated = ? WHERE id = ?");
            q.bind(1, toString(doc.kind)).bind(2, doc.title).bind(3, doc.hash).bind(4, doc.mtimeNs);
            q.bind(5, doc.size).bind(6, doc.text).bind(7, doc.metadataJson).bind(8, doc.error);
            q.bind(9, nowSeconds()).bind(10, id).run();
            ++report_.updated;
        } else {
            Query q(store_, "INSERT INTO kb_documents(collection_id, source, kind, title, content_hash, mtime, size, "
                            "text, metadata_json, error, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
            q.bind(1, collection_).bind(2, doc.source).bind(3, toString(doc.kind)).bind(4, doc.title);
            q.bind(5, doc.hash).bind(6, doc.mtimeNs).bind(7, doc.size).bind(8, doc.text);
            q.bind(9, doc.metadataJson).bind(10, doc.error).bind(11, nowSeconds()).run();
            id = sqlite3_last_insert_rowid(store_.handle());
            ++report_.added;
        }
        if (!doc.error.empty()) {
            report_.failures.push_back({doc.source, doc.error});
            return;
        }
        Query chunk(store_, "INSERT INTO kb_chunks(document_id, ordinal, start, end, text, heading, metadata_json) "
                            "VALUES (?, ?, ?, ?, ?, ?, ?)");
        Query fts(store_, "INSERT INTO kb_chunks_fts(rowid, body) VALUES (?, ?)");
        int ordinal = 0;
        std::string body;
        for (const ChunkSpan& span : chunkText(doc.text, chunking_)) {
            const std::string_view text = std::string_view(doc.text).substr(span.begin, span.end - span.begin);
            chunk.rerun();
            chunk.bind(1, id).bind(2, int64_t(ordinal++)).bind(3, int64_t(span.begin)).bind(4, int64_t(span.end));
            chunk.bind(5, text).bind(6, span.heading).bind(7, chunkMetadata ? chunkMetadata(span) : std::string());
            chunk.run();
            segmentForIndexInto(text, body);
            fts.rerun();
            fts.bind(1, int64_t(sqlite3_last_insert_rowid(store_.handle()))).bind(2, body).run();
            ++report_.chunks;
        }
    }

    void remove(const std::vector<int64_t>& documentIds)
    {
        Query q(store_, "DELETE FROM kb_documents WHERE id = ?");
        for (int64_t id : documentIds) {
            q.rerun();
            q.bind(1, id).run();
            ++report_.removed;
        }
    }

    // Documents of this collection whose source starts with `prefix` (and their kind).
    std::vector<DocumentInfo> under(const std::string& prefix)
    {
        Query q(store_, (std::string("SELECT ") + kDocumentColumns
                         + " FROM kb_documents d WHERE d.collection_id = ? AND substr(d.source, 1, ?) = ?")
                            .c_str());
        q.bind(1, collection_).bind(2, int64_t(prefix.size())).bind(3, prefix);
        std::vector<DocumentInfo> out;
        while (q.step())
            out.push_back(readDocument(q));
        return out;
    }

    // One file: skipped when size and mtime are unchanged, touched when only
    // they changed, re-chunked when the content hash changed.
    void syncFile(const std::string& path)
    {
        const auto old = existing(path);
        std::error_code ec;
        const auto size = int64_t(fs::file_size(path, ec));
        const auto mtime = ec ? 0
                              : int64_t(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                            fs::last_write_time(path, ec).time_since_epoch())
                                            .count());
        NewDocument doc;
        doc.source = path;
        doc.title = fs::path(path).filename().string();
        doc.mtimeNs = mtime;
        doc.size = size;
        const auto kind = documentKindForPath(path);
        if (old && old->size == size && old->mtimeNs == mtime) {
            if (!old->error.empty())
                report_.failures.push_back({path, old->error});
            ++report_.unchanged;
            return;
        }
        doc.kind = kind.value_or(DocumentKind::Text);
        std::string bytes;
        if (ec) {
            doc.error = path + ": cannot read the file: " + ec.message();
        } else if (!kind) {
            doc.error = path + ": unsupported file type (expected .txt, .md, .html, .htm or .pdf)";
        } else {
            std::ifstream in(path, std::ios::binary);
            std::ostringstream ss;
            ss << in.rdbuf();
            if (!in && !in.eof())
                doc.error = path + ": cannot read the file";
            bytes = ss.str();
        }
        doc.hash = hashHex(bytes);
        if (old && doc.error.empty() && old->error.empty() && old->contentHash == doc.hash) {
            touch(old->id, mtime, size);
            return;
        }
        if (doc.error.empty()) {
            try {
                doc.text = extractText(path, doc.kind, bytes);
            } catch (const Error& e) {
                doc.error = e.what();
            }
        }
        write(doc, old);
    }

    void syncSquad(const std::string& path, const IngestProgress& progress, const std::atomic<bool>* cancel,
                   int64_t& done, int64_t total)
    {
        const std::string prefix = path + "#";
        std::map<std::string, DocumentInfo> before;
        for (DocumentInfo& d : under(prefix))
            before.emplace(d.source, std::move(d));
        std::vector<SquadContext> contexts;
        std::string error;
        std::error_code ec;
        std::ifstream in(path, std::ios::binary);
        if (!in) {
            error = path + ": cannot open the file";
        } else {
            std::ostringstream ss;
            ss << in.rdbuf();
            try {
                contexts = parseSquad(path, ss.str());
            } catch (const Error& e) {
                error = e.what();
            }
        }
        if (!error.empty()) {
            // Keep what was indexed from an earlier good version; report the file.
            report_.failures.push_back({path, error});
            return;
        }
        const auto size = int64_t(fs::file_size(path, ec));
        std::set<std::string> seen;
        for (const SquadContext& c : contexts) {
            if (cancelled(cancel))
                return;
            NewDocument doc;
            doc.source = prefix + std::to_string(c.article) + "/" + std::to_string(c.paragraph);
            doc.kind = DocumentKind::Squad;
            doc.title = c.title;
            doc.text = c.context;
            doc.size = size;
            nlohmann::json questions = nlohmann::json::array();
            for (const SquadQuestion& q : c.questions)
                questions.push_back({{"id", q.id},
                                     {"question", q.question},
                                     {"answer", q.answer},
                                     {"answer_start_byte", q.answerStartByte}});
            doc.metadataJson = nlohmann::json{{"title", c.title}, {"questions", questions}}.dump();
            doc.hash = hashHex(doc.text + '\0' + doc.metadataJson);
            seen.insert(doc.source);
            auto it = before.find(doc.source);
            std::optional<DocumentInfo> old;
            if (it != before.end())
                old = it->second;
            if (old && old->contentHash == doc.hash) {
                ++report_.unchanged;
                continue;
            }
            write(doc, old, [&c](const ChunkSpan& span) {
                nlohmann::json ids = nlohmann::json::array();
                for (const SquadQuestion& q : c.questions)
                    if (q.answerStartByte >= int64_t(span.begin) && q.answerStartByte < int64_t(span.end))
                        ids.push_back(q.id);
                return nlohmann::json{{"question_ids", ids}}.dump();
            });
        }
        std::vector<int64_t> gone;
        for (const auto& [source, d] : before)
            if (!seen.count(source))
                gone.push_back(d.id);
        remove(gone);
        if (progress)
            progress(++done, total);
    }

    void syncDataset(int64_t datasetId, const std::atomic<bool>* cancel)
    {
        const auto info = store_.dataset(datasetId);
        if (!info)
            throw Error("project '" + store_.path() + "': no dataset with id " + std::to_string(datasetId));
        const std::string prefix = "record:" + std::to_string(datasetId) + "/";
        std::map<std::string, DocumentInfo> before;
        for (DocumentInfo& d : under(prefix))
            before.emplace(d.source, std::move(d));
        std::set<std::string> seen;
        RecordQuery rq;
        rq.datasetId = datasetId;
        bool stop = false;
        store_.forEach(rq, [&](const Record& r) {
            if (cancelled(cancel)) {
                stop = true;
                return false;
            }
            NewDocument doc;
            doc.source = prefix + std::to_string(r.id);
            doc.kind = DocumentKind::Record;
            doc.title = info->name + " #" + std::to_string(r.id);
            doc.text = recordText(r);
            doc.size = int64_t(doc.text.size());
            doc.hash = hashHex(doc.text);
            if (utf8::firstInvalid(doc.text) != std::string_view::npos)
                doc.error = "dataset '" + info->name + "' record " + std::to_string(r.id) + ": not valid UTF-8";
            seen.insert(doc.source);
            std::optional<DocumentInfo> old;
            if (auto it = before.find(doc.source); it != before.end())
                old = it->second;
            if (old && old->contentHash == doc.hash) {
                ++report_.unchanged;
                return true;
            }
            write(doc, old);
            return true;
        });
        if (stop)
            return;
        std::vector<int64_t> gone;
        for (const auto& [source, d] : before)
            if (!seen.count(source))
                gone.push_back(d.id);
        remove(gone);
    }

private:
    ProjectStore& store_;
    int64_t collection_;
    IngestReport& report_;
    ChunkOptions chunking_;
};

// Named paths expanded: files to sync, and folder roots whose vanished files leave the index.
struct Expanded {
    std::vector<std::string> files;
    std::vector<std::string> roots;
    std::vector<IngestFailure> failures;
};

Expanded expand(const std::vector<std::string>& paths)
{
    Expanded e;
    std::set<std::string> seen;
    for (const std::string& raw : paths) {
        const std::string p = normalPath(raw);
        std::error_code ec;
        if (fs::is_directory(p, ec)) {
            e.roots.push_back(p);
            std::vector<std::string> found;
            fs::recursive_directory_iterator it(p, fs::directory_options::skip_permission_denied, ec), end;
            for (; !ec && it != end; it.increment(ec)) {
                std::error_code fec;
                if (it->is_regular_file(fec) && documentKindForPath(it->path().string()))
                    found.push_back(it->path().lexically_normal().string());
            }
            if (ec)
                e.failures.push_back({p, p + ": cannot list the folder: " + ec.message()});
            std::sort(found.begin(), found.end());
            for (std::string& f : found)
                if (seen.insert(f).second)
                    e.files.push_back(std::move(f));
        } else if (fs::is_regular_file(p, ec)) {
            if (seen.insert(p).second)
                e.files.push_back(p);
        } else {
            e.failures.push_back({p, p + ": no such file or folder"});
        }
    }
    return e;
}

} // namespace

KnowledgeBase::KnowledgeBase(ProjectStore& store) : store_(store) {}

int64_t KnowledgeBase::createCollection(const std::string& name, const ChunkOptions& chunking,
                                        const std::string& description)
{
    if (name.empty())
        throw Error("project '" + store_.path() + "': a collection needs a name");
    (void)chunkText("", chunking);   // validates the options
    if (collectionByName(name))
        throw Error("project '" + store_.path() + "': a collection named '" + name + "' already exists");
    Query q(store_, "INSERT INTO kb_collections(name, description, chunking_json, created) VALUES (?, ?, ?, ?)");
    q.bind(1, name).bind(2, description).bind(3, chunkOptionsToJson(chunking)).bind(4, nowSeconds()).run();
    return sqlite3_last_insert_rowid(store_.handle());
}

int64_t KnowledgeBase::ensureCollection(const std::string& name, const ChunkOptions& chunking)
{
    if (auto c = collectionByName(name))
        return c->id;
    return createCollection(name, chunking);
}

std::vector<CollectionInfo> KnowledgeBase::collections()
{
    Query q(store_,
            "SELECT k.id, k.name, k.description, k.chunking_json, "
            "(SELECT count(*) FROM kb_documents d WHERE d.collection_id = k.id), "
            "(SELECT count(*) FROM kb_chunks c JOIN kb_documents d ON d.id = c.document_id WHERE d.collection_id = k.id), "
            "(SELECT count(*) FROM kb_documents d WHERE d.collection_id = k.id AND d.error <> '') "
            "FROM kb_collections k ORDER BY k.id");
    std::vector<CollectionInfo> out;
    while (q.step())
        out.push_back({q.int64(0), q.text(1), q.text(2), chunkOptionsFromJson(q.text(3)), q.int64(4), q.int64(5),
                       q.int64(6)});
    return out;
}

std::optional<CollectionInfo> KnowledgeBase::collection(int64_t id)
{
    for (CollectionInfo& c : collections())
        if (c.id == id)
            return std::move(c);
    return std::nullopt;
}

std::optional<CollectionInfo> KnowledgeBase::collectionByName(const std::string& name)
{
    for (CollectionInfo& c : collections())
        if (c.name == name)
            return std::move(c);
    return std::nullopt;
}

void KnowledgeBase::deleteCollection(int64_t id)
{
    ProjectStore::Transaction tx(store_);
    Query q(store_, "DELETE FROM kb_collections WHERE id = ?");
    q.bind(1, id).run();
    tx.commit();
}

IngestReport KnowledgeBase::addPaths(int64_t collectionId, const std::vector<std::string>& paths,
                                     const IngestProgress& progress, const std::atomic<bool>* cancel)
{
    IngestReport report;
    ProjectStore::Transaction tx(store_);
    Writer w(store_, collectionId, report);
    Expanded e = expand(paths);
    report.failures = e.failures;
    const auto total = int64_t(e.files.size());
    for (int64_t i = 0; i < total; ++i) {
        if (cancelled(cancel)) {
            report.cancelled = true;
            return report;
        }
        w.syncFile(e.files[size_t(i)]);
        if (progress)
            progress(i + 1, total);
    }
    const std::set<std::string> present(e.files.begin(), e.files.end());
    for (const std::string& root : e.roots) {
        std::vector<int64_t> gone;
        for (const DocumentInfo& d : w.under(root + "/"))
            if (isFileKind(d.kind) && !present.count(d.source))
                gone.push_back(d.id);
        w.remove(gone);
    }
    tx.commit();
    return report;
}

IngestReport KnowledgeBase::addSquad(int64_t collectionId, const std::string& jsonPath,
                                     const IngestProgress& progress, const std::atomic<bool>* cancel)
{
    IngestReport report;
    ProjectStore::Transaction tx(store_);
    Writer w(store_, collectionId, report);
    int64_t done = 0;
    w.syncSquad(normalPath(jsonPath), progress, cancel, done, 1);
    if (cancelled(cancel)) {
        report.cancelled = true;
        return report;
    }
    tx.commit();
    return report;
}

IngestReport KnowledgeBase::addDataset(int64_t collectionId, int64_t datasetId, const IngestProgress& progress,
                                       const std::atomic<bool>* cancel)
{
    IngestReport report;
    ProjectStore::Transaction tx(store_);
    Writer w(store_, collectionId, report);
    w.syncDataset(datasetId, cancel);
    if (cancelled(cancel)) {
        report.cancelled = true;
        return report;
    }
    if (progress)
        progress(1, 1);
    tx.commit();
    return report;
}

IngestReport KnowledgeBase::reindex(int64_t collectionId, const IngestProgress& progress,
                                    const std::atomic<bool>* cancel)
{
    IngestReport report;
    ProjectStore::Transaction tx(store_);
    Writer w(store_, collectionId, report);
    std::vector<std::string> files;
    std::set<std::string> squadFiles;
    std::set<int64_t> datasets;
    std::vector<int64_t> gone;
    for (const DocumentInfo& d : documents(collectionId)) {
        std::error_code ec;
        if (isFileKind(d.kind)) {
            if (fs::is_regular_file(d.source, ec))
                files.push_back(d.source);
            else
                gone.push_back(d.id);
        } else if (d.kind == DocumentKind::Squad) {
            const std::string file = d.source.substr(0, d.source.rfind('#'));
            if (fs::is_regular_file(file, ec))
                squadFiles.insert(file);
            else
                gone.push_back(d.id);
        } else if (d.kind == DocumentKind::Record) {
            const size_t colon = d.source.find(':'), slash = d.source.find('/');
            const int64_t ds = std::stoll(d.source.substr(colon + 1, slash - colon - 1));
            if (store_.dataset(ds))
                datasets.insert(ds);
            else
                gone.push_back(d.id);
        }
    }
    w.remove(gone);
    const auto total = int64_t(files.size() + squadFiles.size() + datasets.size());
    int64_t done = 0;
    for (const std::string& f : files) {
        if (cancelled(cancel)) {
            report.cancelled = true;
            return report;
        }
        w.syncFile(f);
        if (progress)
            progress(++done, total);
    }
    for (const std::string& f : squadFiles)
        w.syncSquad(f, progress, cancel, done, total);
    for (int64_t ds : datasets) {
        w.syncDataset(ds, cancel);
        if (progress)
            progress(++done, total);
    }
    if (cancelled(cancel)) {
        report.cancelled = true;
        return report;
    }
    tx.commit();
    return report;
}

void KnowledgeBase::removeDocuments(const std::vector<int64_t>& documentIds)
{
    ProjectStore::Transaction tx(store_);
    Query q(store_, "DELETE FROM kb_documents WHERE id = ?");
    for (int64_t id : documentIds) {
        q.rerun();
        q.bind(1, id).run();
    }
    tx.commit();
}

std::vector<DocumentInfo> KnowledgeBase::documents(int64_t collectionId)
{
    Query q(store_, (std::string("SELECT ") + kDocumentColumns
                     + " FROM kb_documents d WHERE d.collection_id = ? ORDER BY d.source")
                        .c_str());
    q.bind(1, collectionId);
    std::vector<DocumentInfo> out;
    while (q.step())
        out.push_back(readDocument(q));
    return out;
}

std::optional<DocumentInfo> KnowledgeBase::document(int64_t id)
{
    Query q(store_, (std::string("SELECT ") + kDocumentColumns + " FROM kb_documents d WHERE d.id = ?").c_str());
    q.bind(1, id);
    if (!q.step())
        return std::nullopt;
    return readDocument(q);
}

std::string KnowledgeBase::documentText(int64_t documentId)
{
    Query q(store_, "SELECT text FROM kb_documents WHERE id = ?");
    q.bind(1, documentId);
    if (!q.step())
        throw Error("project '" + store_.path() + "': no knowledge-base document with id "
                    + std::to_string(documentId));
    return q.text(0);
}

std::vector<ChunkInfo> KnowledgeBase::chunks(int64_t documentId)
{
    Query q(store_, (std::string("SELECT ") + kChunkColumns
                     + " FROM kb_chunks c JOIN kb_documents d ON d.id = c.document_id WHERE c.document_id = ? "
                       "ORDER BY c.ordinal")
                        .c_str());
    q.bind(1, documentId);
    std::vector<ChunkInfo> out;
    while (q.step())
        out.push_back(readChunk(q));
    return out;
}

std::vector<ChunkInfo> KnowledgeBase::chunksByIds(const std::vector<int64_t>& ids)
{
    Query q(store_, (std::string("SELECT ") + kChunkColumns
                     + " FROM kb_chunks c JOIN kb_documents d ON d.id = c.document_id WHERE c.id = ?")
                        .c_str());
    std::vector<ChunkInfo> out;
    for (int64_t id : ids) {
        q.rerun();
        q.bind(1, id);
        if (q.step())
            out.push_back(readChunk(q));
    }
    return out;
}

std::vector<int64_t> KnowledgeBase::chunkIds(int64_t collectionId)
{
    Query q(store_, "SELECT c.id FROM kb_chunks c JOIN kb_documents d ON d.id = c.document_id "
                    "WHERE d.collection_id = ? ORDER BY c.id");
    q.bind(1, collectionId);
    std::vector<int64_t> out;
    while (q.step())
        out.push_back(q.int64(0));
    return out;
}

std::vector<std::pair<int64_t, std::string>> KnowledgeBase::chunkTexts(int64_t collectionId,
                                                                      const std::vector<int64_t>& only)
{
    std::vector<std::pair<int64_t, std::string>> out;
    if (only.empty()) {
        Query q(store_, "SELECT c.id, c.text FROM kb_chunks c JOIN kb_documents d ON d.id = c.document_id "
                        "WHERE d.collection_id = ? ORDER BY c.id");
        q.bind(1, collectionId);
        while (q.step())
            out.emplace_back(q.int64(0), q.text(1));
        return out;
    }
    std::vector<int64_t> ids = only;
    std::sort(ids.begin(), ids.end());
    Query q(store_, "SELECT c.text FROM kb_chunks c JOIN kb_documents d ON d.id = c.document_id "
                    "WHERE c.id = ? AND d.collection_id = ?");
    for (int64_t id : ids) {
        q.rerun();
        q.bind(1, id).bind(2, collectionId);
        if (q.step())
            out.emplace_back(id, q.text(0));
    }
    return out;
}

namespace {

std::string joinTerms(const std::vector<std::string>& terms)
{
    std::string out;
    for (const std::string& t : terms)
        out += (out.empty() ? "\"" : " OR \"") + t + '"';
    return out;
}

} // namespace

// Terms in more than half of all chunks get an IDF of ~0 in FTS5's bm25 (it
// floors log((N - df + 0.5) / (df + 0.5)) at 1e-6) yet cost the most to
// evaluate: drop them (and CJK pairs of two such characters) from queries
// over large indexes. Ranking is unchanged up to ties; when every term is that
// frequent the query is kept as it is.
std::vector<std::string> KnowledgeBase::withoutStopTerms(const std::vector<std::string>& terms)
{
    Query count(store_, "SELECT count(*) FROM kb_chunks");
    count.step();
    const int64_t n = count.int64(0);
    if (n < kStopTermMinChunks || terms.empty())
        return terms;
    retrieval::Query(store_, "CREATE VIRTUAL TABLE IF NOT EXISTS temp.kb_chunks_vocab "
                             "USING fts5vocab(main, 'kb_chunks_fts', 'row')")
        .run();
    Query df(store_, "SELECT doc FROM temp.kb_chunks_vocab WHERE term = ?");
    auto frequent = [&](const std::string& term) {
        std::string folded = term;
        for (char& c : folded)
            if (c >= 'A' && c <= 'Z')
                c = char(c - 'A' + 'a');
        df.rerun();
        df.bind(1, folded);
        return df.step() && df.int64(0) * 2 > n;
    };
    std::vector<std::string> kept;
    for (const std::string& t : terms) {
        const size_t space = t.find(' ');
        const bool drop = space == std::string::npos ? frequent(t)
                                                     : frequent(t.substr(0, space)) && frequent(t.substr(space + 1));
        if (!drop)
            kept.push_back(t);
    }
    return kept.empty() ? terms : kept;
}

std::vector<Bm25Hit> KnowledgeBase::searchBm25(int64_t collectionId, const std::string& query, int limit)
{
    if (limit <= 0)
        return {};
    const std::string match = joinTerms(withoutStopTerms(bm25Terms(query)));
    if (match.empty())
        return {};
    // CROSS JOIN keeps the full-text index as the outer loop: without it the
    // planner may walk the collection's chunks and probe the index per row.
    Query q(store_, "SELECT c.id, bm25(kb_chunks_fts) AS s FROM kb_chunks_fts "
                    "CROSS JOIN kb_chunks c ON c.id = kb_chunks_fts.rowid "
                    "CROSS JOIN kb_documents d ON d.id = c.document_id "
                    "WHERE kb_chunks_fts MATCH ? AND d.collection_id = ? ORDER BY s LIMIT ?");
    q.bind(1, match).bind(2, collectionId).bind(3, int64_t(limit));
    std::vector<Bm25Hit> out;
    while (q.step())
        out.push_back({q.int64(0), -q.real(1)});
    return out;
}

namespace {

char32_t decodeOne(std::string_view s, size_t p, size_t& len)
{
    const auto* u = reinterpret_cast<const unsigned char*>(s.data());
    len = utf8::seqLen(u, p, s.size());
    if (len == 0) {
        len = 1;
        return 0xFFFD;
    }
    if (len == 1)
        return u[p];
    char32_t cp = u[p] & (0x7F >> len);
    for (size_t i = 1; i < len; ++i)
        cp = (cp << 6) | (u[p + i] & 0x3F);
    return cp;
}

// Ideographs, kana and hangul: single-character tokens in the index (CJK punctuation is not).
bool isCjkLetter(char32_t cp)
{
    return (cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF)
        || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xAC00 && cp <= 0xD7AF) || (cp >= 0x20000 && cp <= 0x3FFFF);
}

bool isWordLetter(char32_t cp)
{
    if (cp < 0x80)
        return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
    if (isCjkCodePoint(cp) || cp == 0xFFFD || cp == 0xA0 || (cp >= 0x2000 && cp <= 0x206F))
        return false;
    return cp >= 0xC0;
}

} // namespace

std::vector<std::string> bm25Terms(const std::string& query, int maxTerms)
{
    std::vector<std::string> terms;
    std::set<std::string> seen;
    auto add = [&](const std::string& t) {
        if (int(terms.size()) < maxTerms && seen.insert(t).second)
            terms.push_back(t);
    };
    std::string word, prevCjk;
    auto flushWord = [&] {
        if (!word.empty())
            add(word);
        word.clear();
    };
    size_t p = 0;
    while (p < query.size()) {
        size_t len = 0;
        const char32_t cp = decodeOne(query, p, len);
        const std::string ch = query.substr(p, len);
        p += len;
        if (isCjkLetter(cp)) {
            flushWord();
            if (!prevCjk.empty())
                add(prevCjk + ' ' + ch);   // adjacent pair as a phrase
            add(ch);
            prevCjk = ch;
            continue;
        }
        prevCjk.clear();
        if (isWordLetter(cp))
            word += ch;
        else
            flushWord();
    }
    flushWord();
    return terms;
}

std::string bm25MatchExpression(const std::string& query, int maxTerms)
{
    return joinTerms(bm25Terms(query, maxTerms));
}

} // namespace wb
