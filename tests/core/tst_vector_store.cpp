// VectorStore: models keyed by embedder key (dim checked), put/replace, what
// is missing, load (all or some, ordered by id), remove, count; chunk vectors
// leave with their chunks.
#include "core/retrieval/vector_store.h"
#include "core/data/record.h"

#include <sqlite3.h>

#include <QTemporaryDir>
#include <QtTest>

using namespace wb;

class tst_vector_store : public QObject {
    Q_OBJECT

private:
    QTemporaryDir tmp_;
    int counter_ = 0;
    std::unique_ptr<ProjectStore> fresh()
    {
        return ProjectStore::create(tmp_.filePath(QString("p%1.llmwb").arg(++counter_)).toStdString());
    }

private Q_SLOTS:
    void ownerNames()
    {
        for (VectorOwner o : {VectorOwner::Chunk, VectorOwner::Record, VectorOwner::Message})
            QCOMPARE(int(vectorOwnerFromString(toString(o))), int(o));
        try {
            vectorOwnerFromString("row");
            QFAIL("no error");
        } catch (const Error& e) {
            QVERIFY(QString(e.what()).contains("'row'"));
        }
    }

    void models()
    {
        auto s = fresh();
        VectorStore v(*s);
        const EmbeddingModelInfo a = v.ensureModel("bert:x:1:mean", "x (mean)", 3, "/models/x");
        QVERIFY(a.id > 0);
        QCOMPARE(v.ensureModel("bert:x:1:mean", "other name", 3).id, a.id);
        QVERIFY_THROWS_EXCEPTION(Error, v.ensureModel("bert:x:1:mean", "x", 4));
        QVERIFY_THROWS_EXCEPTION(Error, v.ensureModel("", "x", 4));
        QVERIFY_THROWS_EXCEPTION(Error, v.ensureModel("k", "x", 0));
        const auto all = v.models();
        QCOMPARE(all.size(), size_t(1));
        QCOMPARE(all[0].displayName, std::string("x (mean)"));
        QCOMPARE(all[0].path, std::string("/models/x"));
        QCOMPARE(all[0].dim, 3);
    }

    void putLoadMissingRemove()
    {
        auto s = fresh();
        VectorStore v(*s);
        const int64_t m = v.ensureModel("k", "k", 2).id;
        const int64_t m2 = v.ensureModel("k2", "k2", 2).id;
        const std::vector<float> data = {1, 0, 0, 1, 0.6f, 0.8f};
        v.put(m, VectorOwner::Record, "output", {30, 10, 20}, data.data());
        v.put(m2, VectorOwner::Record, "output", {10}, data.data());
        QCOMPARE(v.count(m, VectorOwner::Record, "output"), int64_t(3));
        QCOMPARE(v.count(m, VectorOwner::Record, "instruction"), int64_t(0));
        QCOMPARE(v.count(m, VectorOwner::Chunk, "output"), int64_t(0));

        StoredVectors all = v.load(m, VectorOwner::Record, "output");
        QCOMPARE(all.dim, 2);
        QCOMPARE(all.ids, (std::vector<int64_t>{10, 20, 30}));
        QCOMPARE(all.data, (std::vector<float>{0, 1, 0.6f, 0.8f, 1, 0}));
        StoredVectors some = v.load(m, VectorOwner::Record, "output", {30, 99, 10});
        QCOMPARE(some.ids, (std::vector<int64_t>{10, 30}));
        QCOMPARE(some.data, (std::vector<float>{0, 1, 1, 0}));

        QCOMPARE(v.missing(m, VectorOwner::Record, "output", {5, 10, 20, 40}), (std::vector<int64_t>{5, 40}));
        QCOMPARE(v.missing(m, VectorOwner::Record, "text", {10}), (std::vector<int64_t>{10}));

        // Replacing keeps one row.
        const std::vector<float> repl = {-1, 0};
        v.put(m, VectorOwner::Record, "output", {10}, repl.data());
        QCOMPARE(v.count(m, VectorOwner::Record, "output"), int64_t(3));
        QCOMPARE(v.load(m, VectorOwner::Record, "output", {10}).data, repl);

        v.remove(VectorOwner::Record, {10, 20});
        QCOMPARE(v.load(m, VectorOwner::Record, "output").ids, (std::vector<int64_t>{30}));
        QCOMPARE(v.count(m2, VectorOwner::Record, "output"), int64_t(0));   // every model
        QVERIFY_THROWS_EXCEPTION(Error, v.put(999, VectorOwner::Record, "output", {1}, data.data()));
    }

    void corruptBlobIsAnError()
    {
        auto s = fresh();
        VectorStore v(*s);
        const int64_t m = v.ensureModel("k", "k", 4).id;
        sqlite3_exec(s->handle(),
                     ("INSERT INTO embeddings(model_id, owner, field, item_id, vector) VALUES (" + std::to_string(m)
                      + ", 'chunk', 'text', 7, x'0000')")
                         .c_str(),
                     nullptr, nullptr, nullptr);
        try {
            v.load(m, VectorOwner::Chunk, "text");
            QFAIL("no error");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("chunk 7"), e.what());
        }
    }
};

QTEST_GUILESS_MAIN(tst_vector_store)
#include "tst_vector_store.moc"
