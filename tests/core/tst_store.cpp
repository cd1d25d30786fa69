// ProjectStore: datasets, record round trips, queries, edit history
// (undo/redo/revert, bulk), quarantine, meta and transactions (rolled back on
// exceptions and when the writing process dies).
#include "common/error_of.h"
#include "core/store/project_store.h"

#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <numeric>

using namespace wb;

Q_DECLARE_METATYPE(wb::Record)
Q_DECLARE_METATYPE(wb::RecordQuery)

namespace {

Record sft(int64_t ds, std::string instruction, std::string output)
{
    Record r;
    r.datasetId = ds;
    r.instruction = std::move(instruction);
    r.output = std::move(output);
    return r;
}

// Everything a caller can set and read back.
void compareStored(const Record& got, const Record& want)
{
    QVERIFY(got.sameContent(want));
    QCOMPARE(got.datasetId, want.datasetId);
    QCOMPARE(got.tags, want.tags);
    QVERIFY(got.status == want.status);
    QCOMPARE(got.rating, want.rating);
    QVERIFY(got.split == want.split);
    QCOMPARE(got.sourceFile, want.sourceFile);
    QCOMPARE(got.sourceLine, want.sourceLine);
    QCOMPARE(got.contentHash, contentHash(want));
}

std::string sortKey(const Record& r, SortColumn c)
{
    switch (c) {
    case SortColumn::Id: return {};
    case SortColumn::Instruction: return r.instruction;
    case SortColumn::Output: return r.output;
    case SortColumn::Category: return r.category;
    case SortColumn::Status: return std::string(toString(r.status));
    case SortColumn::Rating: return std::to_string(r.rating);
    case SortColumn::Split: return std::string(toString(r.split));
    case SortColumn::Updated: return std::to_string(r.updatedAt);
    case SortColumn::Source: {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%012lld", static_cast<long long>(r.sourceLine));
        return r.sourceFile + '\x01' + buf;
    }
    }
    return {};
}

} // namespace

class tst_store : public QObject {
    Q_OBJECT

private:
    QTemporaryDir dir_;
    int counter_ = 0;
    std::string newPath() { return dir_.filePath(QString("p%1.llmwb").arg(++counter_)).toStdString(); }

    // A shared query fixture: 60 varied records in dataset `qds_`.
    std::unique_ptr<ProjectStore> q_;
    int64_t qds_ = 0;
    std::vector<Record> qrecs_;

    std::vector<int64_t> expectedIds(const RecordQuery& q) const
    {
        std::vector<Record> m;
        for (const auto& r : qrecs_) {
            if (q.status && r.status != *q.status)
                continue;
            if (q.split && r.split != *q.split)
                continue;
            if (!q.category.empty() && r.category != q.category)
                continue;
            if (!q.tag.empty() && std::find(r.tags.begin(), r.tags.end(), q.tag) == r.tags.end())
                continue;
            if (!q.ids.empty() && std::find(q.ids.begin(), q.ids.end(), r.id) == q.ids.end())
                continue;
            m.push_back(r);
        }
        std::stable_sort(m.begin(), m.end(), [&](const Record& a, const Record& b) {
            const std::string ka = sortKey(a, q.sort), kb = sortKey(b, q.sort);
            if (ka != kb)
                return q.descending ? ka > kb : ka < kb;
            return q.descending ? a.id > b.id : a.id < b.id;
        });
        std::vector<int64_t> out;
        for (const auto& r : m)
            out.push_back(r.id);
        return out;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(dir_.isValid());
        q_ = ProjectStore::create(newPath());
        qds_ = q_->createDataset("query", DatasetKind::Sft);
        const int64_t other = q_->createDataset("other", DatasetKind::Sft);
        const char* cats[] = {"geology", "chemistry", "", "地理"};
        const char* words[] = {"basalt", "Zircon", "apatite", "石英", "mica", "Quartz"};
        for (int i = 0; i < 60; ++i) {
            Record r = sft(qds_, std::string(words[(i * 7) % 6]) + " #" + std::to_string(i % 13),
                           std::string(words[(i * 5) % 6]) + " out " + std::to_string(i % 4));
            r.category = cats[i % 4];
            r.status = ReviewStatus(i % 4);
            r.split = Split((i / 2) % 3);
            r.rating = (i * 3) % 6;
            r.sourceFile = i % 2 ? "b.jsonl" : "a.jsonl";
            r.sourceLine = 100 - i;
            if (i % 3 == 0)
                r.tags.push_back("checked");
            if (i % 5 == 0)
                r.tags.push_back("边界");
            r.updatedAt = 1000 + (i * 17) % 23;
            qrecs_.push_back(r);
        }
        ProjectStore::Transaction t(*q_);
        q_->insertRecords(qrecs_);
        std::vector<Record> noise = {sft(other, "basalt elsewhere", "x")};
        noise[0].tags = {"checked"};
        noise[0].category = "geology";
        q_->insertRecords(noise);
        t.commit();
    }

    // ---- datasets and files

    void datasetsPersist()
    {
        const std::string p = newPath();
        {
            auto s = ProjectStore::create(p);
            const int64_t a = s->createDataset("alpaca", DatasetKind::Sft, "from the paper");
            const int64_t b = s->createDataset("对话", DatasetKind::Chat);
            QVERIFY(a != b);
            s->renameDataset(b, "chats");
            QVERIFY(errorOf([&] { s->createDataset("alpaca", DatasetKind::Text); }).contains("already exists"));
            QVERIFY(errorOf([&] { s->renameDataset(a, "chats"); }).contains("already exists"));
            QVERIFY(errorOf([&] { s->renameDataset(999, "x"); }).contains("no dataset with id 999"));
            QVERIFY(errorOf([&] { s->createDataset("", DatasetKind::Text); }).contains("empty"));
            s->setMeta("ui.sort", "rating");
            s->setMeta("ui.sort", "status");
        }
        auto s = ProjectStore::open(p);
        const auto ds = s->datasets();
        QCOMPARE(ds.size(), size_t(2));
        QCOMPARE(ds[0].name, std::string("alpaca"));
        QCOMPARE(ds[0].description, std::string("from the paper"));
        QVERIFY(ds[0].kind == DatasetKind::Sft);
        QVERIFY(ds[0].createdAt > 0);
        QCOMPARE(ds[1].name, std::string("chats"));
        QVERIFY(ds[1].kind == DatasetKind::Chat);
        QCOMPARE(s->datasetByName("chats")->id, ds[1].id);
        QVERIFY(!s->datasetByName("对话"));
        QVERIFY(!s->dataset(12345));
        QCOMPARE(s->meta("ui.sort"), std::optional<std::string>("status"));
        QVERIFY(!s->meta("nope"));
    }

    void newProjectUses16KiBPagesInWal()
    {
        auto s = ProjectStore::create(newPath());
        auto pragma = [&](const char* sql) {
            sqlite3_stmt* st = nullptr;
            sqlite3_prepare_v2(s->handle(), sql, -1, &st, nullptr);
            QString v = sqlite3_step(st) == SQLITE_ROW
                            ? QString::fromUtf8(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)))
                            : QString();
            sqlite3_finalize(st);
            return v;
        };
        QCOMPARE(pragma("PRAGMA page_size"), QString("16384"));
        QCOMPARE(pragma("PRAGMA journal_mode"), QString("wal"));
        QCOMPARE(pragma("PRAGMA foreign_keys"), QString("1"));
    }

    void deleteDatasetTakesEverything()
    {
        auto s = ProjectStore::create(newPath());
        const int64_t a = s->createDataset("a", DatasetKind::Sft);
        const int64_t b = s->createDataset("b", DatasetKind::Sft);
        std::vector<Record> ra = {sft(a, "granite one", "x"), sft(a, "granite two", "y")};
        ra[0].tags = {"t"};
        std::vector<Record> rb = {sft(b, "granite three", "z")};
        s->insertRecords(ra);
        s->insertRecords(rb);
        Record e = ra[0];
        e.output = "edited";
        s->updateRecord(e);
        s->addQuarantine({0, a, "a.jsonl", 3, 1, "bad", "{", 0});
        s->deleteDataset(a);
        QVERIFY(!s->dataset(a));
        QVERIFY(!s->record(ra[0].id));
        QVERIFY(s->revisions(ra[0].id).empty());
        QVERIFY(s->editGroups().empty());
        QVERIFY(s->quarantine(a).empty());
        RecordQuery q;
        q.text = "granite";
        QCOMPARE(s->ids(q), std::vector<int64_t>{rb[0].id});
        auto st = [&](const char* sql) {
            sqlite3_stmt* h = nullptr;
            sqlite3_prepare_v2(s->handle(), sql, -1, &h, nullptr);
            sqlite3_step(h);
            const int64_t v = sqlite3_column_int64(h, 0);
            sqlite3_finalize(h);
            return v;
        };
        QCOMPARE(st("SELECT count(*) FROM record_tags"), int64_t(0));
        QCOMPARE(st("SELECT count(*) FROM records_fts"), int64_t(1));
        QVERIFY(errorOf([&] { s->deleteDataset(a); }).contains("no dataset"));
    }

    // ---- record round trips

    void roundTrip_data()
    {
        QTest::addColumn<Record>("record");
        Record r;
        r.kind = DatasetKind::Sft;
        r.system = "You are a geologist.";
        r.instruction = "解释“岩石圈”";
        r.input = "with emoji 🪨🌋 and \"quotes\"\ttabs\nnewlines";
        r.output = "岩石圈是地球的坚硬外层。";
        r.category = "地质";
        r.extra = R"({"id":"q-17","score":0.5})";
        r.tags = {"reviewed", "中文", "🔥"};
        r.status = ReviewStatus::NeedsFix;
        r.rating = 5;
        r.split = Split::Test;
        r.sourceFile = "/data/geo.jsonl";
        r.sourceLine = 4242;
        QTest::newRow("sft") << r;

        Record c;
        c.kind = DatasetKind::Chat;
        c.system = "sys";
        c.messages = {{"system", "be brief"}, {"user", "你好 👋"}, {"assistant", "Hi!\n\nTwo lines."}, {"tool", "{}"}};
        c.status = ReviewStatus::Accepted;
        c.split = Split::Validation;
        QTest::newRow("chat") << c;

        Record p;
        p.kind = DatasetKind::Preference;
        p.messages = {{"user", "earlier turn"}, {"assistant", "earlier answer"}};
        p.prompt = "Which is harder, quartz or calcite?";
        p.chosen = "Quartz (Mohs 7).";
        p.rejected = "Calcite.";
        p.rating = 1;
        QTest::newRow("preference") << p;

        Record t;
        t.kind = DatasetKind::Text;
        t.text = std::string("Long text ") + std::string(5000, 'x') + " 末尾";
        t.tags = {"long"};
        QTest::newRow("text") << t;

        Record e;
        e.kind = DatasetKind::Sft;
        QTest::newRow("all empty") << e;
    }
    void roundTrip()
    {
        QFETCH(Record, record);
        const std::string p = newPath();
        int64_t fastId = 0, singleId = 0;
        {
            auto s = ProjectStore::create(p);
            record.datasetId = s->createDataset("d", record.kind);
            std::vector<Record> rs = {record};
            {
                ProjectStore::Transaction t(*s);
                s->insertRecords(rs);
                t.commit();
            }
            fastId = rs[0].id;
            QVERIFY(fastId > 0);
            QCOMPARE(rs[0].contentHash, contentHash(record));
            singleId = s->insertRecord(record);
            QVERIFY(singleId != fastId);
            compareStored(*s->record(fastId), record);
        }
        auto s = ProjectStore::open(p);
        const auto got = s->records({singleId, fastId});
        QCOMPARE(got.size(), size_t(2));
        QCOMPARE(got[0].id, singleId);
        QCOMPARE(got[1].id, fastId);
        compareStored(got[0], record);
        compareStored(got[1], record);
        QVERIFY(got[1].createdAt > 0);
        QCOMPARE(got[1].updatedAt, got[1].createdAt);
        RecordQuery q;
        q.datasetId = record.datasetId;
        const auto page = s->fetch(q, 0, 10);
        QCOMPARE(page.size(), size_t(2));
        compareStored(page[0], record);

        // The revision JSON carries the same fields.
        const Record back = ProjectStore::recordFromJson(ProjectStore::recordToJson(got[1]));
        compareStored(back, record);
        QCOMPARE(back.id, fastId);
        QCOMPARE(back.createdAt, got[1].createdAt);
    }

    void recordsSkipsMissingIds()
    {
        const auto got = q_->records({qrecs_[5].id, 987654, qrecs_[2].id});
        QCOMPARE(got.size(), size_t(2));
        QCOMPARE(got[0].id, qrecs_[5].id);
        QCOMPARE(got[1].id, qrecs_[2].id);
        QVERIFY(!q_->record(987654));
    }

    void badRecordsAreRejected()
    {
        auto s = ProjectStore::create(newPath());
        const int64_t ds = s->createDataset("d", DatasetKind::Sft);
        Record r = sft(ds, "a", "b");
        r.rating = 7;
        r.sourceFile = "in.jsonl";
        r.sourceLine = 12;
        std::vector<Record> rs = {sft(ds, "ok", "ok"), r};
        QString err = errorOf([&] { s->insertRecords(rs); });
        QVERIFY2(err.contains("rating") && err.contains("in.jsonl:12"), qPrintable(err));
        RecordQuery q;
        q.datasetId = ds;
        QCOMPARE(s->count(q), int64_t(0));   // the whole call rolled back

        r.rating = 0;
        r.tags = {"a", ""};
        err = errorOf([&] { s->insertRecord(r); });
        QVERIFY2(err.contains("tags"), qPrintable(err));

        Record chat;
        chat.kind = DatasetKind::Chat;
        chat.datasetId = ds;
        err = errorOf([&] { s->insertRecord(chat); });
        QVERIFY2(err.contains("chat") && err.contains("sft"), qPrintable(err));
        chat.datasetId = 4711;
        err = errorOf([&] { s->insertRecord(chat); });
        QVERIFY2(err.contains("no dataset with id 4711"), qPrintable(err));
        QCOMPARE(s->count(q), int64_t(0));

        r.tags = {"dup", "dup", "x"};
        const int64_t id = s->insertRecord(r);
        QCOMPARE(s->record(id)->tags, (std::vector<std::string>{"dup", "x"}));
        QVERIFY(errorOf([&] { ProjectStore::recordFromJson("{not json"); }).contains("revision"));
        QVERIFY(errorOf([&] { ProjectStore::recordFromJson(R"({"kind":"sft","status":"great"})"); }).contains("status"));
    }

    // ---- queries

    void queries_data()
    {
        QTest::addColumn<RecordQuery>("query");
        auto base = [&] {
            RecordQuery q;
            q.datasetId = qds_;
            return q;
        };
        QTest::newRow("all") << base();
        RecordQuery q = base();
        q.status = ReviewStatus::Accepted;
        QTest::newRow("status") << q;
        q = base();
        q.split = Split::Validation;
        QTest::newRow("split") << q;
        q = base();
        q.tag = "checked";
        QTest::newRow("tag") << q;
        q = base();
        q.tag = "边界";
        QTest::newRow("tag chinese") << q;
        q = base();
        q.tag = "check";
        QTest::newRow("tag is exact") << q;
        q = base();
        q.category = "地理";
        QTest::newRow("category") << q;
        q = base();
        q.ids = {qrecs_[3].id, qrecs_[10].id, qrecs_[59].id, 999999};
        QTest::newRow("ids") << q;
        q = base();
        q.status = ReviewStatus::Unreviewed;
        q.tag = "checked";
        q.split = Split::Train;
        QTest::newRow("combined") << q;
        for (auto [c, name] : std::initializer_list<std::pair<SortColumn, const char*>>{
                 {SortColumn::Id, "id"}, {SortColumn::Instruction, "instruction"}, {SortColumn::Output, "output"},
                 {SortColumn::Category, "category"}, {SortColumn::Status, "status"}, {SortColumn::Rating, "rating"},
                 {SortColumn::Split, "split"}, {SortColumn::Updated, "updated"}, {SortColumn::Source, "source"}}) {
            for (bool desc : {false, true}) {
                q = base();
                q.sort = c;
                q.descending = desc;
                QTest::newRow(qPrintable(QString("sort %1 %2").arg(name, desc ? "desc" : "asc"))) << q;
            }
        }
        q = base();
        q.sort = SortColumn::Rating;
        q.descending = true;
        q.category = "geology";
        QTest::newRow("filter and sort") << q;
    }
    void queries()
    {
        QFETCH(RecordQuery, query);
        const std::vector<int64_t> want = expectedIds(query);
        QCOMPARE(q_->ids(query), want);
        QCOMPARE(q_->count(query), int64_t(want.size()));
        // Pages of 7 put together give the same order.
        std::vector<int64_t> paged;
        for (int64_t off = 0; off < int64_t(want.size()) + 7; off += 7)
            for (const auto& r : q_->fetch(query, off, 7))
                paged.push_back(r.id);
        QCOMPARE(paged, want);
        std::vector<int64_t> visited;
        q_->forEach(query, [&](const Record& r) {
            visited.push_back(r.id);
            return true;
        });
        std::vector<int64_t> sorted = want;
        std::sort(sorted.begin(), sorted.end());
        QCOMPARE(visited, sorted);
    }

    void textFilterCombines()
    {
        RecordQuery q;
        q.datasetId = qds_;
        q.text = "石英";
        std::vector<int64_t> want;
        for (const auto& r : qrecs_)
            if (r.instruction.find("石英") != std::string::npos || r.output.find("石英") != std::string::npos)
                want.push_back(r.id);
        QVERIFY(!want.empty());
        QCOMPARE(q_->ids(q), want);
        q.status = ReviewStatus::Rejected;
        std::vector<int64_t> rejected;
        for (int64_t id : want)
            if (q_->record(id)->status == ReviewStatus::Rejected)
                rejected.push_back(id);
        QCOMPARE(q_->ids(q), rejected);
        QCOMPARE(q_->count(q), int64_t(rejected.size()));
        q.status.reset();
        q.datasetId = 0;   // every dataset
        q.text = "basalt";
        QCOMPARE(q_->count(q), int64_t(std::count_if(qrecs_.begin(), qrecs_.end(), [](const Record& r) {
                                            return r.instruction.find("basalt") != std::string::npos
                                                || r.output.find("basalt") != std::string::npos;
                                        }) + 1));
    }

    void fetchEdges()
    {
        RecordQuery q;
        q.datasetId = qds_;
        QVERIFY(q_->fetch(q, 60, 10).empty());
        QVERIFY(q_->fetch(q, 0, 0).empty());
        QCOMPARE(q_->fetch(q, 55, 100).size(), size_t(5));
        QCOMPARE(q_->fetch(q, -5, 2).front().id, qrecs_[0].id);
    }

    void forEachBatchesAndStops()
    {
        auto s = ProjectStore::create(newPath());
        const int64_t ds = s->createDataset("big", DatasetKind::Text);
        std::vector<Record> rs(2500);
        for (size_t i = 0; i < rs.size(); ++i) {
            rs[i].kind = DatasetKind::Text;
            rs[i].datasetId = ds;
            rs[i].text = (i % 2 ? "odd sample " : "even sample ") + std::to_string(i);
        }
        s->insertRecords(rs);
        RecordQuery q;
        q.datasetId = ds;
        int64_t n = 0, last = 0;
        bool ordered = true;
        s->forEach(q, [&](const Record& r) {
            ordered = ordered && r.id > last;
            last = r.id;
            ++n;
            return true;
        });
        QCOMPARE(n, int64_t(2500));
        QVERIFY(ordered);
        n = 0;
        s->forEach(q, [&](const Record&) { return ++n < 1500; });
        QCOMPARE(n, int64_t(1500));
        q.text = "odd";
        n = 0;
        s->forEach(q, [&](const Record& r) {
            n += r.text.rfind("odd", 0) == 0;
            return true;
        });
        QCOMPARE(n, int64_t(1250));
        QCOMPARE(s->count(q), int64_t(1250));
        // Writing from inside the callback is allowed.
        q.text.clear();
        q.sort = SortColumn::Id;
        int64_t edited = 0;
        s->forEach(q, [&](const Record& r) {
            if (r.id % 1000 == 0) {
                Record e = r;
                e.rating = 3;
                s->updateRecord(e);
                ++edited;
            }
            return true;
        });
        QCOMPARE(edited, int64_t(2));
    }

    void distinctValues()
    {
        QCOMPARE(q_->categories(qds_), (std::vector<std::string>{"chemistry", "geology", "地理"}));
        QCOMPARE(q_->tags(qds_), (std::vector<std::string>{"checked", "边界"}));
        QVERIFY(q_->tags(424242).empty());
    }

    // ---- history

    void updateWritesRevision()
    {
        auto s = ProjectStore::create(newPath());
        const int64_t ds = s->createDataset("d", DatasetKind::Sft);
        Record r = sft(ds, "What is gneiss?", "A rock.");
        r.sourceFile = "f.jsonl";
        r.sourceLine = 9;
        r.id = s->insertRecord(r);
        const Record before = *s->record(r.id);
        Record e = before;
        e.output = "A banded metamorphic rock.";
        e.status = ReviewStatus::Accepted;
        e.tags = {"fixed"};
        e.sourceFile = "ignored.jsonl";   // provenance is kept
        const int64_t g = s->updateRecord(e, "Fix answer");
        const Record after = *s->record(r.id);
        QCOMPARE(after.output, e.output);
        QCOMPARE(after.sourceFile, std::string("f.jsonl"));
        QCOMPARE(after.contentHash, contentHash(e));
        QVERIFY(after.updatedAt >= before.updatedAt);
        const auto revs = s->revisions(r.id);
        QCOMPARE(revs.size(), size_t(1));
        QCOMPARE(revs[0].groupId, g);
        const Record rb = ProjectStore::recordFromJson(revs[0].before);
        const Record ra = ProjectStore::recordFromJson(revs[0].after);
        QCOMPARE(rb.output, std::string("A rock."));
        QVERIFY(rb.status == ReviewStatus::Unreviewed);
        QCOMPARE(ra.output, e.output);
        QCOMPARE(ra.tags, std::vector<std::string>{"fixed"});
        const auto groups = s->editGroups();
        QCOMPARE(groups.size(), size_t(1));
        QCOMPARE(groups[0].label, std::string("Fix answer"));
        QVERIFY(!groups[0].undone);

        // Two edits into one explicit group undo together.
        const int64_t g2 = s->beginEditGroup("Two edits");
        e = after;
        e.rating = 2;
        QCOMPARE(s->updateRecord(e, "x", g2), g2);
        e.rating = 4;
        QCOMPARE(s->updateRecord(e, "x", g2), g2);
        QCOMPARE(s->record(r.id)->rating, 4);
        QCOMPARE(s->undo()->id, g2);
        QCOMPARE(s->record(r.id)->rating, 0);
        QCOMPARE(s->record(r.id)->output, e.output);
        QVERIFY(errorOf([&] { s->updateRecord(e, "x", 999); }).contains("no edit group"));
        Record ghost = e;
        ghost.id = 5555;
        QVERIFY(errorOf([&] { s->updateRecord(ghost); }).contains("no record with id 5555"));
    }

    void undoRedoStack()
    {
        auto s = ProjectStore::create(newPath());
        const int64_t ds = s->createDataset("d", DatasetKind::Sft);
        const int64_t id = s->insertRecord(sft(ds, "q", "v0"));
        QVERIFY(!s->canUndo());
        QVERIFY(!s->undo());
        QVERIFY(!s->redo());
        auto setOutput = [&](const char* v) {
            Record e = *s->record(id);
            e.output = v;
            s->updateRecord(e, std::string("set ") + v);
        };
        setOutput("v1");
        setOutput("v2");
        setOutput("v3");
        QVERIFY(s->canUndo());
        QVERIFY(!s->canRedo());
        QCOMPARE(s->undo()->label, std::string("set v3"));
        QCOMPARE(s->record(id)->output, std::string("v2"));
        QCOMPARE(s->undo()->label, std::string("set v2"));
        QCOMPARE(s->record(id)->output, std::string("v1"));
        QVERIFY(s->canRedo());
        const auto rd = s->redo();
        QCOMPARE(rd->label, std::string("set v2"));
        QVERIFY(!rd->undone);
        QCOMPARE(s->record(id)->output, std::string("v2"));
        QVERIFY(s->canRedo());
        // A new edit discards "set v3".
        setOutput("w");
        QVERIFY(!s->canRedo());
        QVERIFY(!s->redo());
        std::vector<std::string> labels;
        for (const auto& g : s->editGroups())
            labels.push_back(g.label);
        QCOMPARE(labels, (std::vector<std::string>{"set w", "set v2", "set v1"}));
        QCOMPARE(s->undo()->label, std::string("set w"));
        QCOMPARE(s->undo()->label, std::string("set v2"));
        QCOMPARE(s->undo()->label, std::string("set v1"));
        QVERIFY(!s->canUndo());
        QCOMPARE(s->record(id)->output, std::string("v0"));
        QCOMPARE(s->editGroups(1).size(), size_t(1));
    }

    void deleteUndoRecreatesSameId()
    {
        auto s = ProjectStore::create(newPath());
        const int64_t ds = s->createDataset("d", DatasetKind::Sft);
        std::vector<Record> rs = {sft(ds, "keep", "1"), sft(ds, "drop me", "2"), sft(ds, "drop too", "3")};
        rs[1].tags = {"t1"};
        rs[1].status = ReviewStatus::Rejected;
        s->insertRecords(rs);
        const Record orig = *s->record(rs[1].id);
        s->deleteRecords({rs[1].id, rs[2].id}, "Drop two");
        QVERIFY(!s->record(rs[1].id));
        RecordQuery q;
        q.datasetId = ds;
        QCOMPARE(s->count(q), int64_t(1));
        q.tag = "t1";
        QCOMPARE(s->count(q), int64_t(0));
        const auto revs = s->revisions(rs[1].id);
        QCOMPARE(revs.size(), size_t(1));
        QVERIFY(revs[0].after.empty());
        QVERIFY(!revs[0].before.empty());
        QCOMPARE(s->undo()->label, std::string("Drop two"));
        const Record back = *s->record(rs[1].id);
        compareStored(back, orig);
        QCOMPARE(back.createdAt, orig.createdAt);
        QCOMPARE(s->count(q), int64_t(1));   // tag index restored
        q.tag.clear();
        q.text = "drop";
        QCOMPARE(s->ids(q), (std::vector<int64_t>{rs[1].id, rs[2].id}));
        s->redo();
        QCOMPARE(s->count(q), int64_t(0));
        QVERIFY(errorOf([&] { s->deleteRecords({rs[0].id, 31337}); }).contains("31337"));
        QVERIFY(s->record(rs[0].id));   // rolled back with the failing id
        QCOMPARE(s->deleteRecords({}), int64_t(0));
    }

    void insertIntoGroupUndoesInsert()
    {
        auto s = ProjectStore::create(newPath());
        const int64_t ds = s->createDataset("d", DatasetKind::Sft);
        const int64_t g = s->beginEditGroup("Add record");
        const int64_t id = s->insertRecord(sft(ds, "new", "one"), g);
        QCOMPARE(s->revisions(id).size(), size_t(1));
        QVERIFY(s->revisions(id)[0].before.empty());
        s->undo();
        QVERIFY(!s->record(id));
        s->redo();
        QCOMPARE(s->record(id)->instruction, std::string("new"));
    }

    void bulkAndUndo()
    {
        auto s = ProjectStore::create(newPath());
        const int64_t ds = s->createDataset("d", DatasetKind::Sft);
        std::vector<Record> rs;
        for (int i = 0; i < 1200; ++i) {
            Record r = sft(ds, "item " + std::to_string(i), i % 2 ? "odd" : "even");
            r.tags = i % 3 == 0 ? std::vector<std::string>{"old", "keep"} : std::vector<std::string>{};
            r.status = i % 3 == 0 ? ReviewStatus::Accepted : ReviewStatus::Unreviewed;
            rs.push_back(r);
        }
        s->insertRecords(rs);
        RecordQuery q;
        q.datasetId = ds;
        q.text = "odd";
        BulkChange c;
        c.status = ReviewStatus::Accepted;
        c.split = Split::Test;
        c.rating = 3;
        c.addTags = {"bulk"};
        c.removeTags = {"old"};
        c.category = "odds";
        const int64_t n = s->applyBulk(q, c, "Accept odd (600 records)");
        QCOMPARE(n, int64_t(600));
        const auto groups = s->editGroups();
        QCOMPARE(groups.size(), size_t(1));
        QCOMPARE(groups[0].label, std::string("Accept odd (600 records)"));
        RecordQuery check;
        check.datasetId = ds;
        check.tag = "bulk";
        QCOMPARE(s->count(check), int64_t(600));
        check.tag = "old";
        QCOMPARE(s->count(check), int64_t(200));   // only the even ones keep "old"
        check.tag.clear();
        check.category = "odds";
        check.split = Split::Test;
        check.status = ReviewStatus::Accepted;
        QCOMPARE(s->count(check), int64_t(600));
        const Record r1 = *s->record(rs[1].id);
        QCOMPARE(r1.rating, 3);
        QCOMPARE(r1.tags, std::vector<std::string>{"bulk"});
        QCOMPARE(s->revisions(rs[1].id).size(), size_t(1));
        QVERIFY(s->revisions(rs[0].id).empty());

        // Re-applying changes nothing and makes no group.
        QCOMPARE(s->applyBulk(q, c, "again"), int64_t(0));
        QCOMPARE(s->editGroups().size(), size_t(1));

        s->undo();
        for (int i : {1, 3, 5, 9, 1199}) {
            const Record r = *s->record(rs[size_t(i)].id);
            compareStored(r, rs[size_t(i)]);
        }
        check = RecordQuery{};
        check.datasetId = ds;
        check.tag = "old";
        QCOMPARE(s->count(check), int64_t(400));
        check.tag = "bulk";
        QCOMPARE(s->count(check), int64_t(0));
        s->redo();
        QCOMPARE(s->count(check), int64_t(600));
        QVERIFY(errorOf([&] {
                    BulkChange bad;
                    bad.rating = 6;
                    s->applyBulk(q, bad, "bad");
                }).contains("rating"));
    }

    void revertRevision()
    {
        auto s = ProjectStore::create(newPath());
        const int64_t ds = s->createDataset("d", DatasetKind::Sft);
        const int64_t id = s->insertRecord(sft(ds, "q", "first"));
        Record e = *s->record(id);
        e.output = "second";
        s->updateRecord(e);
        e.output = "third";
        s->updateRecord(e);
        const auto revs = s->revisions(id);
        QCOMPARE(revs.size(), size_t(2));
        s->revertRevision(revs[0].id);   // back to "first"
        QCOMPARE(s->record(id)->output, std::string("first"));
        QCOMPARE(s->revisions(id).size(), size_t(3));
        QVERIFY(s->editGroups()[0].label.find("Revert") != std::string::npos);
        s->undo();   // the revert itself is undoable
        QCOMPARE(s->record(id)->output, std::string("third"));
        QVERIFY(errorOf([&] { s->revertRevision(123456); }).contains("no revision"));
    }

    // ---- quarantine

    void quarantineCrud()
    {
        auto s = ProjectStore::create(newPath());
        const int64_t ds = s->createDataset("d", DatasetKind::Sft);
        const std::string raw = std::string("{\"instruction\": \"caf\xe9\"") + '\0' + "\xff}";   // not UTF-8, has NUL
        QuarantineEntry e{0, ds, "in.jsonl", 17, 4, "invalid UTF-8 at byte 20", raw, 0};
        const int64_t a = s->addQuarantine(e);
        e.line = 18;
        e.reason = "missing field 'output'";
        e.raw = "{}";
        const int64_t b = s->addQuarantine(e);
        auto list = s->quarantine(ds);
        QCOMPARE(list.size(), size_t(2));
        QCOMPARE(list[0].id, a);
        QCOMPARE(list[0].raw, raw);
        QCOMPARE(list[0].line, int64_t(17));
        QCOMPARE(list[0].column, int64_t(4));
        QCOMPARE(list[0].sourceFile, std::string("in.jsonl"));
        QCOMPARE(list[0].reason, std::string("invalid UTF-8 at byte 20"));
        QVERIFY(list[0].time > 0);
        QCOMPARE(list[1].id, b);
        s->removeQuarantine({a});
        list = s->quarantine(ds);
        QCOMPARE(list.size(), size_t(1));
        QCOMPARE(list[0].id, b);
        e.datasetId = 999;
        QVERIFY(errorOf([&] { s->addQuarantine(e); }).contains("no dataset with id 999"));
    }

    // ---- transactions

    void exceptionRollsBackEverything()
    {
        auto s = ProjectStore::create(newPath());
        const int64_t ds = s->createDataset("d", DatasetKind::Sft);
        s->insertRecord(sft(ds, "existing granite", "x"));
        RecordQuery all;
        all.datasetId = ds;
        RecordQuery text = all;
        text.text = "granite";
        try {
            ProjectStore::Transaction t(*s);
            s->createDataset("half-made", DatasetKind::Text);
            std::vector<Record> rs;
            for (int i = 0; i < 10000; ++i)
                rs.push_back(sft(ds, "granite batch " + std::to_string(i), "y"));
            std::vector<Record> first(rs.begin(), rs.begin() + 5000);
            s->insertRecords(first);
            QCOMPARE(s->count(all), int64_t(5001));   // visible inside the transaction
            s->setMeta("k", "v");
            throw std::runtime_error("import failed half way");
        } catch (const std::runtime_error&) {
        }
        QCOMPARE(s->count(all), int64_t(1));
        QCOMPARE(s->count(text), int64_t(1));
        QCOMPARE(s->datasets().size(), size_t(1));
        QVERIFY(!s->meta("k"));

        // Nested: the inner part rolls back, the outer commits.
        {
            ProjectStore::Transaction outer(*s);
            s->insertRecord(sft(ds, "outer", "1"));
            {
                ProjectStore::Transaction inner(*s);
                s->insertRecord(sft(ds, "inner", "2"));
            }
            outer.commit();
        }
        QCOMPARE(s->count(all), int64_t(2));
        text.text = "inner";
        QCOMPARE(s->count(text), int64_t(0));
        text.text = "outer";
        QCOMPARE(s->count(text), int64_t(1));
    }

    void crashedWriterLeavesFileAsBefore()
    {
        const std::string p = newPath();
        int64_t ds = 0;
        {
            auto s = ProjectStore::create(p);
            ds = s->createDataset("d", DatasetKind::Sft);
            std::vector<Record> rs;
            for (int i = 0; i < 100; ++i)
                rs.push_back(sft(ds, "committed basalt " + std::to_string(i), "x"));
            s->insertRecords(rs);
        }
        const pid_t pid = fork();
        QVERIFY(pid >= 0);
        if (pid == 0) {
            // Child: a big uncommitted import (enough to spill pages), then die.
            auto s = ProjectStore::open(p);
            ProjectStore::Transaction t(*s);
            std::vector<Record> rs;
            for (int i = 0; i < 20000; ++i)
                rs.push_back(sft(ds, "uncommitted basalt " + std::to_string(i), std::string(300, 'z')));
            s->insertRecords(rs);
            s->createDataset("ghost", DatasetKind::Text);
            _exit(s->datasets().size() == 2 ? 42 : 1);
        }
        int status = 0;
        QCOMPARE(waitpid(pid, &status, 0), pid);
        QVERIFY(WIFEXITED(status));
        QCOMPARE(WEXITSTATUS(status), 42);   // the child really got that far

        auto s = ProjectStore::open(p);
        RecordQuery q;
        q.datasetId = ds;
        QCOMPARE(s->count(q), int64_t(100));
        q.text = "uncommitted";
        QCOMPARE(s->count(q), int64_t(0));
        q.text = "basalt";
        QCOMPARE(s->count(q), int64_t(100));
        QCOMPARE(s->datasets().size(), size_t(1));
        sqlite3_stmt* st = nullptr;
        sqlite3_prepare_v2(s->handle(), "PRAGMA integrity_check", -1, &st, nullptr);
        QCOMPARE(sqlite3_step(st), SQLITE_ROW);
        QCOMPARE(QByteArray(reinterpret_cast<const char*>(sqlite3_column_text(st, 0))), QByteArray("ok"));
        sqlite3_finalize(st);
        // And it is writable again.
        s->insertRecord(sft(ds, "after crash", "ok"));
    }
};

QTEST_GUILESS_MAIN(tst_store)
#include "tst_store.moc"
