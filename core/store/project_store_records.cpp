// Record rows, their FTS and tag side tables, and queries over them.
#include "core/store/project_store_impl.h"
#include "core/store/record_text.h"
#include "core/text/cjk_segment.h"

#include <algorithm>
#include <unordered_map>

namespace wb {

namespace {

constexpr const char* kInsertRecord =
    "INSERT INTO records(id, dataset_id, kind, system, instruction, input, output, category, messages_json, prompt, "
    "chosen, rejected, text, extra, tags, source_file, source_line, content_hash, status, rating, split, created_at, "
    "updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, "
    "?21, ?22, ?23)";
constexpr const char* kUpdateRecord =
    "UPDATE records SET dataset_id = ?2, kind = ?3, system = ?4, instruction = ?5, input = ?6, output = ?7, "
    "category = ?8, messages_json = ?9, prompt = ?10, chosen = ?11, rejected = ?12, text = ?13, extra = ?14, "
    "tags = ?15, source_file = ?16, source_line = ?17, content_hash = ?18, status = ?19, rating = ?20, split = ?21, "
    "created_at = ?22, updated_at = ?23 WHERE id = ?1";
constexpr const char* kInsertFts = "INSERT INTO records_fts(rowid, body) VALUES (?, ?)";
constexpr const char* kInsertTag = "INSERT OR IGNORE INTO record_tags(dataset_id, tag, record_id) VALUES (?, ?, ?)";

// Binds ?2..?23 (and ?1 = id unless it is 0, which lets SQLite choose).
void bindRecord(sql::Stmt& st, const Record& r, const std::string& tagsJson, const std::string& messagesJson)
{
    if (r.id)
        st.bind(1, r.id);
    else
        st.bindNull(1);
    st.bind(2, r.datasetId).bind(3, toString(r.kind)).bind(4, r.system).bind(5, r.instruction).bind(6, r.input);
    st.bind(7, r.output).bind(8, r.category).bind(9, messagesJson).bind(10, r.prompt).bind(11, r.chosen);
    st.bind(12, r.rejected).bind(13, r.text).bind(14, r.extra).bind(15, tagsJson).bind(16, r.sourceFile);
    st.bind(17, r.sourceLine).bind(18, r.contentHash).bind(19, toString(r.status)).bind(20, int64_t(r.rating));
    st.bind(21, toString(r.split)).bind(22, r.createdAt).bind(23, r.updatedAt);
}

void prepareNew(Record& r)
{
    normalizeRecordForWrite(r);
    r.contentHash = contentHash(r);
    if (!r.createdAt)
        r.createdAt = nowMillis();
    if (!r.updatedAt)
        r.updatedAt = r.createdAt;
}

const char* sortColumn(SortColumn c)
{
    switch (c) {
    case SortColumn::Id: return "id";
    case SortColumn::Instruction: return "instruction";
    case SortColumn::Output: return "output";
    case SortColumn::Category: return "category";
    case SortColumn::Status: return "status";
    case SortColumn::Rating: return "rating";
    case SortColumn::Split: return "split";
    case SortColumn::Updated: return "updated_at";
    case SortColumn::Source: return "source_file";
    }
    return "id";
}

// ORDER BY with the id tie-break in the same direction, so that SQLite can walk
// an index (dataset_id, col) whose entries end in the rowid.
std::string orderBy(const RecordQuery& q)
{
    const char* dir = q.descending ? " DESC" : "";
    std::string s = " ORDER BY ";
    if (q.sort != SortColumn::Id) {
        s += sortColumn(q.sort);
        s += dir;
        s += ", ";
        if (q.sort == SortColumn::Source)
            s += std::string("source_line") + dir + ", ";
    }
    return s + "id" + dir;
}

std::string idsJson(const std::vector<int64_t>& ids)
{
    std::string s = "[";
    for (size_t i = 0; i < ids.size(); ++i) {
        if (i)
            s += ',';
        s += std::to_string(ids[i]);
    }
    return s + "]";
}

} // namespace

void WhereClause::bindTo(sql::Stmt& st, int first) const
{
    for (size_t i = 0; i < args.size(); ++i) {
        if (auto v = std::get_if<int64_t>(&args[i]))
            st.bind(first + int(i), *v);
        else
            st.bind(first + int(i), std::get<std::string>(args[i]));
    }
}

WhereClause ProjectStore::Impl::where(const RecordQuery& q) const
{
    WhereClause w;
    w.sql = " WHERE 1";
    if (q.datasetId) {
        w.sql += " AND dataset_id = ?";
        w.args.emplace_back(q.datasetId);
    }
    if (std::string match = ftsQuery(q.text); !match.empty()) {
        w.sql += " AND id IN (SELECT rowid FROM records_fts WHERE records_fts MATCH ?)";
        w.args.emplace_back(std::move(match));
    }
    if (q.status) {
        w.sql += " AND status = ?";
        w.args.emplace_back(std::string(toString(*q.status)));
    }
    if (q.split) {
        w.sql += " AND split = ?";
        w.args.emplace_back(std::string(toString(*q.split)));
    }
    if (!q.category.empty()) {
        w.sql += " AND category = ?";
        w.args.emplace_back(q.category);
    }
    if (!q.tag.empty()) {
        w.sql += q.datasetId ? " AND id IN (SELECT record_id FROM record_tags WHERE dataset_id = ? AND tag = ?)"
                             : " AND id IN (SELECT record_id FROM record_tags WHERE dataset_id > ? AND tag = ?)";
        w.args.emplace_back(q.datasetId);
        w.args.emplace_back(q.tag);
    }
    if (!q.ids.empty()) {
        w.sql += " AND id IN (SELECT value FROM json_each(?))";
        w.args.emplace_back(idsJson(q.ids));
    }
    return w;
}

Record ProjectStore::Impl::readRecord(const sql::Stmt& st) const
{
    Record r;
    r.id = st.int64(0);
    r.datasetId = st.int64(1);
    r.kind = datasetKindFromString(st.view(2));
    r.system = st.text(3);
    r.instruction = st.text(4);
    r.input = st.text(5);
    r.output = st.text(6);
    r.category = st.text(7);
    r.messages = messagesFromJson(st.view(8), r.id);
    r.prompt = st.text(9);
    r.chosen = st.text(10);
    r.rejected = st.text(11);
    r.text = st.text(12);
    r.extra = st.text(13);
    r.tags = tagsFromJson(st.view(14), r.id);
    r.sourceFile = st.text(15);
    r.sourceLine = st.int64(16);
    r.contentHash = st.text(17);
    r.status = reviewStatusFromString(st.view(18));
    r.rating = int(st.int64(19));
    r.split = splitFromString(st.view(20));
    r.createdAt = st.int64(21);
    r.updatedAt = st.int64(22);
    return r;
}

std::optional<Record> ProjectStore::Impl::load(int64_t id)
{
    auto st = stmt(std::string("SELECT ") + kRecordColumns + " FROM records WHERE id = ?");
    st.bind(1, id);
    if (!st.step())
        return std::nullopt;
    return readRecord(st);
}

DatasetKind ProjectStore::Impl::datasetKind(int64_t datasetId)
{
    auto st = stmt("SELECT kind FROM datasets WHERE id = ?");
    st.bind(1, datasetId);
    if (!st.step())
        throw Error("project '" + path + "': no dataset with id " + std::to_string(datasetId));
    return datasetKindFromString(st.view(0));
}

void ProjectStore::Impl::checkKind(const Record& r, std::unordered_map<int64_t, DatasetKind>& known)
{
    auto it = known.find(r.datasetId);
    if (it == known.end())
        it = known.emplace(r.datasetId, datasetKind(r.datasetId)).first;
    if (it->second != r.kind)
        throw Error("project '" + path + "': " + (r.sourceFile.empty() ? "record" : r.sourceFile + ":" + std::to_string(r.sourceLine))
                    + ": a " + std::string(toString(r.kind)) + " record cannot go into dataset "
                    + std::to_string(r.datasetId) + " of kind " + std::string(toString(it->second)));
}

void ProjectStore::Impl::insertRow(Record& r, bool keepId)
{
    if (!keepId)
        r.id = 0;
    const std::string tagsJson = tagsToJson(r.tags);
    {
        auto st = stmt(kInsertRecord);
        bindRecord(st, r, tagsJson, messagesToJson(r.messages));
        st.run();
    }
    r.id = sqlite3_last_insert_rowid(db);
    stmt(kInsertFts).bind(1, r.id).bind(2, segmentForIndex(recordText(r))).run();
    for (const auto& t : r.tags)
        stmt(kInsertTag).bind(1, r.datasetId).bind(2, t).bind(3, r.id).run();
}

void ProjectStore::Impl::updateRow(const Record& before, Record& after)
{
    after.id = before.id;
    normalizeRecordForWrite(after);
    after.contentHash = contentHash(after);
    {
        auto st = stmt(kUpdateRecord);
        bindRecord(st, after, tagsToJson(after.tags), messagesToJson(after.messages));
        st.run();
    }
    // Review-only edits (status, tags...) leave the full-text index alone.
    if (std::string text = recordText(after); text != recordText(before))
        stmt("UPDATE records_fts SET body = ? WHERE rowid = ?").bind(1, segmentForIndex(text)).bind(2, after.id).run();
    if (after.tags != before.tags || after.datasetId != before.datasetId) {
        stmt("DELETE FROM record_tags WHERE record_id = ?").bind(1, after.id).run();
        for (const auto& t : after.tags)
            stmt(kInsertTag).bind(1, after.datasetId).bind(2, t).bind(3, after.id).run();
    }
}

void ProjectStore::Impl::deleteRow(const Record& r)
{
    stmt("DELETE FROM records_fts WHERE rowid = ?").bind(1, r.id).run();
    stmt("DELETE FROM records WHERE id = ?").bind(1, r.id).run();   // record_tags cascade
}

// ---- public record API

int64_t ProjectStore::insertRecord(const Record& r, int64_t editGroup)
{
    Transaction t(*this);
    Record copy = r;
    const DatasetKind kind = d->datasetKind(copy.datasetId);
    if (kind != copy.kind)
        throw Error("project '" + d->path + "': a " + std::string(toString(copy.kind))
                    + " record cannot go into dataset " + std::to_string(copy.datasetId) + " of kind "
                    + std::string(toString(kind)));
    if (editGroup)
        d->checkGroup(editGroup);
    prepareNew(copy);
    d->insertRow(copy, false);
    if (editGroup)
        d->addRevision(editGroup, copy.datasetId, copy.id, {}, recordToJson(copy));
    t.commit();
    return copy.id;
}

void ProjectStore::prepareRecord(PreparedRecord& p)
{
    Record& r = p.record;
    r.id = 0;
    normalizeRecordForWrite(r);
    std::string text;
    recordTextInto(r, text);
    r.contentHash = contentHashOfText(r.kind, text);
    if (!r.createdAt)
        r.createdAt = nowMillis();
    if (!r.updatedAt)
        r.updatedAt = r.createdAt;
    p.tagsJson = tagsToJson(r.tags);
    p.messagesJson = messagesToJson(r.messages);
    if (mayNeedSegmentation(text))
        segmentForIndexInto(text, p.ftsBody);
    else
        p.ftsBody = std::move(text);
}

void ProjectStore::appendPrepared(std::vector<PreparedRecord>& batch)
{
    std::unordered_map<int64_t, DatasetKind> kinds;
    for (const auto& p : batch)
        d->checkKind(p.record, kinds);
    // The records table's CHECK constraints (kind/status/split IN lists,
    // rating range) cannot fail for prepared records (enums, rating checked in
    // prepareRecord), yet SQLite builds three temporary b-trees per row to test
    // the IN lists: a third of the row insert cost. Skip them for this batch.
    // Toggling the flag expires prepared statements, which re-prepare by
    // themselves, so no statement compiled without the checks outlives it.
    struct NoCheckConstraints {
        ProjectStore::Impl& d;
        explicit NoCheckConstraints(ProjectStore::Impl& d_) : d(d_) { d.exec("PRAGMA ignore_check_constraints = ON"); }
        ~NoCheckConstraints() { sqlite3_exec(d.db, "PRAGMA ignore_check_constraints = OFF", nullptr, nullptr, nullptr); }
    } noChecks(*d);
    // The hot loop holds its three statements instead of looking them up per
    // row, and binds without copying (each row is stepped right after binding).
    auto insert = d->stmt(kInsertRecord);
    auto fts = d->stmt(kInsertFts);
    auto tag = d->stmt(kInsertTag);
    insert.bindNull(1);
    for (auto& p : batch) {
        Record& r = p.record;
        insert.bind(2, r.datasetId).bindStatic(3, toString(r.kind)).bindStatic(4, r.system);
        insert.bindStatic(5, r.instruction).bindStatic(6, r.input).bindStatic(7, r.output);
        insert.bindStatic(8, r.category).bindStatic(9, p.messagesJson).bindStatic(10, r.prompt);
        insert.bindStatic(11, r.chosen).bindStatic(12, r.rejected).bindStatic(13, r.text);
        insert.bindStatic(14, r.extra).bindStatic(15, p.tagsJson).bindStatic(16, r.sourceFile);
        insert.bind(17, r.sourceLine).bindStatic(18, r.contentHash).bindStatic(19, toString(r.status));
        insert.bind(20, int64_t(r.rating)).bindStatic(21, toString(r.split)).bind(22, r.createdAt);
        insert.bind(23, r.updatedAt);
        insert.run();
        insert.reset();
        r.id = sqlite3_last_insert_rowid(d->db);
        fts.bind(1, r.id).bindStatic(2, p.ftsBody);
        fts.run();
        fts.reset();
        for (const auto& tg : r.tags) {
            tag.bind(1, r.datasetId).bindStatic(2, tg).bind(3, r.id);
            tag.run();
            tag.reset();
        }
    }
}

void ProjectStore::insertRecords(std::vector<Record>& rs)
{
    // Everything that can reject a record is checked before the first write.
    std::unordered_map<int64_t, DatasetKind> kinds;
    for (const auto& r : rs)
        d->checkKind(r, kinds);
    std::vector<PreparedRecord> batch(rs.size());
    for (size_t i = 0; i < rs.size(); ++i) {
        batch[i].record = std::move(rs[i]);
        try {
            prepareRecord(batch[i]);
        } catch (...) {
            for (size_t j = 0; j <= i; ++j)
                rs[j] = std::move(batch[j].record);
            throw;
        }
    }
    Transaction t(*this);
    try {
        appendPrepared(batch);
        t.commit();
    } catch (...) {
        for (size_t i = 0; i < rs.size(); ++i)
            rs[i] = std::move(batch[i].record);
        throw;
    }
    for (size_t i = 0; i < rs.size(); ++i)
        rs[i] = std::move(batch[i].record);
}

std::optional<Record> ProjectStore::record(int64_t id)
{
    return d->load(id);
}

std::vector<Record> ProjectStore::records(const std::vector<int64_t>& ids)
{
    std::vector<Record> out;
    out.reserve(ids.size());
    for (int64_t id : ids)
        if (auto r = d->load(id))
            out.push_back(std::move(*r));
    return out;
}

int64_t ProjectStore::count(const RecordQuery& q)
{
    const WhereClause w = d->where(q);
    auto st = d->stmt("SELECT count(*) FROM records" + w.sql);
    w.bindTo(st);
    return st.step() ? st.int64(0) : 0;
}

std::vector<Record> ProjectStore::fetch(const RecordQuery& q, int64_t offset, int64_t limit)
{
    std::vector<Record> out;
    if (limit <= 0)
        return out;
    const WhereClause w = d->where(q);
    const std::string order = orderBy(q);
    // Page over ids first (index only), then read just the page's rows.
    auto st = d->stmt(std::string("SELECT ") + kRecordColumns + " FROM records WHERE id IN (SELECT id FROM records"
                      + w.sql + order + " LIMIT ? OFFSET ?)" + order);
    w.bindTo(st);
    st.bind(int(w.args.size()) + 1, limit).bind(int(w.args.size()) + 2, std::max<int64_t>(0, offset));
    while (st.step())
        out.push_back(d->readRecord(st));
    return out;
}

std::vector<int64_t> ProjectStore::ids(const RecordQuery& q)
{
    std::vector<int64_t> out;
    const WhereClause w = d->where(q);
    auto st = d->stmt("SELECT id FROM records" + w.sql + orderBy(q));
    w.bindTo(st);
    while (st.step())
        out.push_back(st.int64(0));
    return out;
}

void ProjectStore::forEach(const RecordQuery& q, const std::function<bool(const Record&)>& fn)
{
    constexpr int64_t kBatch = 1000;
    if (!ftsQuery(q.text).empty()) {
        // Re-running the MATCH per batch would cost a full search each time:
        // resolve the matching ids once (8 bytes each), then read in batches.
        RecordQuery byId = q;
        byId.sort = SortColumn::Id;
        byId.descending = false;
        const std::vector<int64_t> all = ids(byId);
        for (size_t i = 0; i < all.size(); i += kBatch) {
            std::vector<int64_t> part(all.begin() + i, all.begin() + std::min(all.size(), i + kBatch));
            for (const auto& r : records(part))
                if (!fn(r))
                    return;
        }
        return;
    }
    const WhereClause w = d->where(q);
    const std::string sql = std::string("SELECT ") + kRecordColumns + " FROM records" + w.sql
        + " AND id > ? ORDER BY id LIMIT " + std::to_string(kBatch);
    int64_t last = 0;
    for (;;) {
        std::vector<Record> batch;
        {
            auto st = d->stmt(sql);
            w.bindTo(st);
            st.bind(int(w.args.size()) + 1, last);
            while (st.step())
                batch.push_back(d->readRecord(st));
        }   // statement reset: the callback may write to the store
        for (const auto& r : batch)
            if (!fn(r))
                return;
        if (int64_t(batch.size()) < kBatch)
            return;
        last = batch.back().id;
    }
}

std::vector<std::string> ProjectStore::categories(int64_t datasetId)
{
    std::vector<std::string> out;
    auto st = d->stmt("SELECT DISTINCT category FROM records WHERE dataset_id = ? AND category <> '' ORDER BY category");
    st.bind(1, datasetId);
    while (st.step())
        out.push_back(st.text(0));
    return out;
}

std::vector<std::string> ProjectStore::tags(int64_t datasetId)
{
    std::vector<std::string> out;
    auto st = d->stmt("SELECT DISTINCT tag FROM record_tags WHERE dataset_id = ? ORDER BY tag");
    st.bind(1, datasetId);
    while (st.step())
        out.push_back(st.text(0));
    return out;
}

} // namespace wb
