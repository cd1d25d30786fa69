// Edits that go through the history: updates, deletes, bulk changes, and the
// undo/redo stack of edit groups with their before/after revisions.
#include "core/store/project_store_impl.h"

#include <algorithm>

namespace wb {

namespace {

std::string noRecord(const std::string& path, int64_t id)
{
    return "project '" + path + "': no record with id " + std::to_string(id);
}

EditGroup readGroup(const sql::Stmt& st)
{
    return EditGroup{st.int64(0), st.text(1), st.int64(2), st.int64(3) != 0};
}

struct RevisionRow {
    int64_t recordId;
    int64_t datasetId;
    std::string json;
};

} // namespace

int64_t ProjectStore::Impl::newGroup(const std::string& label)
{
    // A new edit after undo drops what could have been redone.
    stmt("DELETE FROM edit_groups WHERE undone = 1").run();
    stmt("INSERT INTO edit_groups(label, time, undone) VALUES (?, ?, 0)").bind(1, label).bind(2, nowMillis()).run();
    return sqlite3_last_insert_rowid(db);
}

void ProjectStore::Impl::checkGroup(int64_t groupId)
{
    auto st = stmt("SELECT undone FROM edit_groups WHERE id = ?");
    st.bind(1, groupId);
    if (!st.step())
        throw Error("project '" + path + "': no edit group with id " + std::to_string(groupId));
    if (st.int64(0))
        throw Error("project '" + path + "': edit group " + std::to_string(groupId) + " has been undone");
}

void ProjectStore::Impl::addRevision(int64_t groupId, int64_t datasetId, int64_t recordId, const std::string& before,
                                     const std::string& after)
{
    stmt("INSERT INTO revisions(group_id, dataset_id, record_id, before, after, time) VALUES (?, ?, ?, ?, ?, ?)")
        .bind(1, groupId)
        .bind(2, datasetId)
        .bind(3, recordId)
        .bind(4, before)
        .bind(5, after)
        .bind(6, nowMillis())
        .run();
}

void ProjectStore::Impl::restore(int64_t recordId, int64_t datasetId, const std::string& json)
{
    std::optional<Record> cur = load(recordId);
    if (json.empty()) {
        if (cur)
            deleteRow(*cur);
        return;
    }
    Record r = recordFromJson(json);
    r.id = recordId;
    r.datasetId = datasetId;
    if (cur) {
        updateRow(*cur, r);
    } else {
        normalizeRecordForWrite(r);
        r.contentHash = contentHash(r);
        insertRow(r, true);
    }
}

int64_t ProjectStore::updateRecord(const Record& after, const std::string& label, int64_t editGroup)
{
    Transaction t(*this);
    const std::optional<Record> cur = d->load(after.id);
    if (!cur)
        throw Error(noRecord(d->path, after.id));
    if (after.kind != cur->kind)
        throw Error("project '" + d->path + "': record " + std::to_string(after.id) + ": cannot change kind from "
                    + std::string(toString(cur->kind)) + " to " + std::string(toString(after.kind)));
    Record next = after;
    // Provenance stays with the row; only content and review fields change.
    next.datasetId = cur->datasetId;
    next.sourceFile = cur->sourceFile;
    next.sourceLine = cur->sourceLine;
    next.createdAt = cur->createdAt;
    next.updatedAt = nowMillis();
    normalizeRecordForWrite(next);
    next.contentHash = contentHash(next);
    if (editGroup)
        d->checkGroup(editGroup);
    const int64_t group = editGroup ? editGroup : d->newGroup(label);
    d->addRevision(group, cur->datasetId, cur->id, recordToJson(*cur), recordToJson(next));
    d->updateRow(*cur, next);
    t.commit();
    return group;
}

int64_t ProjectStore::deleteRecords(const std::vector<int64_t>& ids, const std::string& label)
{
    if (ids.empty())
        return 0;
    Transaction t(*this);
    const int64_t group = d->newGroup(label);
    for (int64_t id : ids) {
        const std::optional<Record> cur = d->load(id);
        if (!cur)
            throw Error(noRecord(d->path, id));
        d->addRevision(group, cur->datasetId, id, recordToJson(*cur), {});
        d->deleteRow(*cur);
    }
    t.commit();
    return group;
}

int64_t ProjectStore::applyBulk(const RecordQuery& q, const BulkChange& change, const std::string& label)
{
    if (change.rating && (*change.rating < 0 || *change.rating > 5))
        throw Error("bulk change: field 'rating' must be 0..5, got " + std::to_string(*change.rating));
    for (const auto& tg : change.addTags)
        if (tg.empty())
            throw Error("bulk change: field 'addTags' contains an empty tag");
    Transaction t(*this);
    RecordQuery byId = q;
    byId.sort = SortColumn::Id;
    byId.descending = false;
    const std::vector<int64_t> all = ids(byId);
    int64_t group = 0;
    int64_t changed = 0;
    const int64_t now = nowMillis();
    constexpr size_t kBatch = 500;
    for (size_t i = 0; i < all.size(); i += kBatch) {
        std::vector<int64_t> part(all.begin() + i, all.begin() + std::min(all.size(), i + kBatch));
        for (const Record& cur : records(part)) {
            Record next = cur;
            if (change.status)
                next.status = *change.status;
            if (change.split)
                next.split = *change.split;
            if (change.rating)
                next.rating = *change.rating;
            if (change.category)
                next.category = *change.category;
            for (const auto& tg : change.removeTags)
                next.tags.erase(std::remove(next.tags.begin(), next.tags.end(), tg), next.tags.end());
            for (const auto& tg : change.addTags)
                if (std::find(next.tags.begin(), next.tags.end(), tg) == next.tags.end())
                    next.tags.push_back(tg);
            if (next.status == cur.status && next.split == cur.split && next.rating == cur.rating
                && next.category == cur.category && next.tags == cur.tags)
                continue;
            next.updatedAt = now;
            if (!group)
                group = d->newGroup(label);
            d->addRevision(group, cur.datasetId, cur.id, recordToJson(cur), recordToJson(next));
            d->updateRow(cur, next);
            ++changed;
        }
    }
    t.commit();
    return changed;
}

int64_t ProjectStore::beginEditGroup(const std::string& label)
{
    Transaction t(*this);
    const int64_t g = d->newGroup(label);
    t.commit();
    return g;
}

std::vector<EditGroup> ProjectStore::editGroups(int limit)
{
    std::vector<EditGroup> out;
    auto st = d->stmt("SELECT id, label, time, undone FROM edit_groups ORDER BY id DESC LIMIT ?");
    st.bind(1, int64_t(limit));
    while (st.step())
        out.push_back(readGroup(st));
    return out;
}

std::vector<Revision> ProjectStore::revisions(int64_t recordId)
{
    std::vector<Revision> out;
    auto st = d->stmt("SELECT id, group_id, record_id, before, after, time FROM revisions WHERE record_id = ? "
                      "ORDER BY id");
    st.bind(1, recordId);
    while (st.step())
        out.push_back(Revision{st.int64(0), st.int64(1), st.int64(2), st.text(3), st.text(4), st.int64(5)});
    return out;
}

std::optional<EditGroup> ProjectStore::undo()
{
    Transaction t(*this);
    std::optional<EditGroup> g;
    {
        auto st = d->stmt("SELECT id, label, time, undone FROM edit_groups WHERE undone = 0 ORDER BY id DESC LIMIT 1");
        if (st.step())
            g = readGroup(st);
    }
    if (!g)
        return std::nullopt;
    std::vector<RevisionRow> rows;
    {
        auto st = d->stmt("SELECT record_id, dataset_id, before FROM revisions WHERE group_id = ? ORDER BY id DESC");
        st.bind(1, g->id);
        while (st.step())
            rows.push_back({st.int64(0), st.int64(1), st.text(2)});
    }
    for (const auto& row : rows)
        d->restore(row.recordId, row.datasetId, row.json);
    d->stmt("UPDATE edit_groups SET undone = 1 WHERE id = ?").bind(1, g->id).run();
    t.commit();
    g->undone = true;
    return g;
}

std::optional<EditGroup> ProjectStore::redo()
{
    Transaction t(*this);
    std::optional<EditGroup> g;
    {
        auto st = d->stmt("SELECT id, label, time, undone FROM edit_groups WHERE undone = 1 AND id > "
                          "(SELECT coalesce(max(id), 0) FROM edit_groups WHERE undone = 0) ORDER BY id LIMIT 1");
        if (st.step())
            g = readGroup(st);
    }
    if (!g)
        return std::nullopt;
    std::vector<RevisionRow> rows;
    {
        auto st = d->stmt("SELECT record_id, dataset_id, after FROM revisions WHERE group_id = ? ORDER BY id");
        st.bind(1, g->id);
        while (st.step())
            rows.push_back({st.int64(0), st.int64(1), st.text(2)});
    }
    for (const auto& row : rows)
        d->restore(row.recordId, row.datasetId, row.json);
    d->stmt("UPDATE edit_groups SET undone = 0 WHERE id = ?").bind(1, g->id).run();
    t.commit();
    g->undone = false;
    return g;
}

bool ProjectStore::canUndo()
{
    auto st = d->stmt("SELECT EXISTS (SELECT 1 FROM edit_groups WHERE undone = 0)");
    return st.step() && st.int64(0);
}

bool ProjectStore::canRedo()
{
    auto st = d->stmt("SELECT EXISTS (SELECT 1 FROM edit_groups WHERE undone = 1 AND id > "
                      "(SELECT coalesce(max(id), 0) FROM edit_groups WHERE undone = 0))");
    return st.step() && st.int64(0);
}

void ProjectStore::revertRevision(int64_t revisionId)
{
    Transaction t(*this);
    int64_t recordId = 0, datasetId = 0;
    std::string before;
    {
        auto st = d->stmt("SELECT record_id, dataset_id, before FROM revisions WHERE id = ?");
        st.bind(1, revisionId);
        if (!st.step())
            throw Error("project '" + d->path + "': no revision with id " + std::to_string(revisionId));
        recordId = st.int64(0);
        datasetId = st.int64(1);
        before = st.text(2);
    }
    const std::optional<Record> cur = d->load(recordId);
    const std::string current = cur ? recordToJson(*cur) : std::string();
    const int64_t group = d->newGroup("Revert record " + std::to_string(recordId) + " to revision "
                                      + std::to_string(revisionId));
    d->addRevision(group, datasetId, recordId, current, before);
    d->restore(recordId, datasetId, before);
    t.commit();
}

} // namespace wb
