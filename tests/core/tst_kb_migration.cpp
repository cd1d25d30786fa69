// A project written with schema version 3 (before the knowledge base) opens,
// migrates to version 4+ with the knowledge-base and vector tables, keeps its
// data, and the knowledge base works on it.
#include "core/retrieval/knowledge_base.h"
#include "core/retrieval/vector_store.h"
#include "core/store/migrations.h"
#include "core/data/record.h"

#include <sqlite3.h>

#include <QTemporaryDir>
#include <QtTest>

using namespace wb;

class tst_kb_migration : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void version3ProjectMigrates()
    {
        QTemporaryDir tmp;
        const std::string path = tmp.filePath("v3.llmwb").toStdString();
        {
            // Exactly what version 3 wrote: steps 1..3, user_version 3, one dataset and record.
            sqlite3* db = nullptr;
            QCOMPARE(sqlite3_open(path.c_str(), &db), SQLITE_OK);
            for (int v = 0; v < 3; ++v)
                QCOMPARE(sqlite3_exec(db, store::migrations()[size_t(v)], nullptr, nullptr, nullptr), SQLITE_OK);
            QCOMPARE(sqlite3_exec(db,
                                  "PRAGMA user_version = 3;"
                                  "INSERT INTO datasets(id, name, kind, created_at) VALUES (1, 'notes', 'text', 0);"
                                  "INSERT INTO records(id, dataset_id, kind, text, created_at, updated_at) "
                                  "VALUES (1, 1, 'text', '沉积岩由沉积物形成。', 0, 0);",
                                  nullptr, nullptr, nullptr),
                     SQLITE_OK);
            sqlite3_close(db);
        }
        auto s = ProjectStore::open(path);
        QVERIFY(s->schemaVersion() >= 4);
        QCOMPARE(s->datasets().size(), size_t(1));
        KnowledgeBase kb(*s);
        const int64_t c = kb.createCollection("records");
        QCOMPARE(kb.addDataset(c, 1).added, int64_t(1));
        QCOMPARE(kb.searchBm25(c, "沉积", 5).size(), size_t(1));
        VectorStore v(*s);
        const int64_t m = v.ensureModel("k", "k", 2).id;
        const float vec[2] = {1, 0};
        const int64_t chunk = kb.chunkIds(c).at(0);
        v.put(m, VectorOwner::Chunk, "text", {chunk}, vec);
        QCOMPARE(v.count(m, VectorOwner::Chunk, "text"), int64_t(1));
        // Deleting the chunk's document takes its vector and full-text row (triggers).
        kb.removeDocuments({kb.documents(c).at(0).id});
        QCOMPARE(v.count(m, VectorOwner::Chunk, "text"), int64_t(0));
        QVERIFY(kb.searchBm25(c, "沉积", 5).empty());
    }
};

QTEST_GUILESS_MAIN(tst_kb_migration)
#include "tst_kb_migration.moc"
