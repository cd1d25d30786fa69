// Opening project files: migrating the schema-v1 fixture (through versions 2
// and 3), refusing files that are missing, not SQLite, another application's
// SQLite, or newer.
#include "common/error_of.h"
#include "core/store/project_store.h"
#include "core/store/migrations.h"

#include <sqlite3.h>

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace wb;

namespace {

// Execute a .sql fixture into a fresh database file.
void buildFromSql(const QString& sqlPath, const QString& dbPath)
{
    QFile f(sqlPath);
    QVERIFY2(f.open(QIODevice::ReadOnly), qPrintable(sqlPath));
    const QByteArray sql = f.readAll();
    sqlite3* db = nullptr;
    QCOMPARE(sqlite3_open(dbPath.toUtf8().constData(), &db), SQLITE_OK);
    char* err = nullptr;
    const int rc = sqlite3_exec(db, sql.constData(), nullptr, nullptr, &err);
    const QString msg = err ? QString::fromUtf8(err) : QString();
    sqlite3_free(err);
    sqlite3_close(db);
    QVERIFY2(rc == SQLITE_OK, qPrintable(msg));
}

void execOn(const QString& dbPath, const char* sql)
{
    sqlite3* db = nullptr;
    QCOMPARE(sqlite3_open(dbPath.toUtf8().constData(), &db), SQLITE_OK);
    QCOMPARE(sqlite3_exec(db, sql, nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(db);
}

int scalar(sqlite3* db, const QString& sql)
{
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db, sql.toUtf8().constData(), -1, &st, nullptr) != SQLITE_OK)
        return -1;
    const int v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
    sqlite3_finalize(st);
    return v;
}

} // namespace

class tst_migrations : public QObject {
    Q_OBJECT

private:
    QTemporaryDir dir_;
    QString fixture() const { return qEnvironmentVariable("WB_TEST_DATA", WB_SOURCE_DIR "/tests/data") + "/projects/schema_v1.sql"; }

private Q_SLOTS:
    void createdProjectIsCurrent()
    {
        const QString p = dir_.filePath("new.llmwb");
        auto s = ProjectStore::create(p.toStdString());
        QCOMPARE(s->schemaVersion(), ProjectStore::kSchemaVersion);
        QCOMPARE(ProjectStore::kSchemaVersion, int(store::migrations().size()));   // bumped with each step
        s.reset();
        auto again = ProjectStore::open(p.toStdString());
        QCOMPARE(again->schemaVersion(), ProjectStore::kSchemaVersion);
        QCOMPARE(QString::fromStdString(again->path()), p);
    }

    void createRefusesExistingFile()
    {
        const QString p = dir_.filePath("exists.llmwb");
        QFile f(p);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("keep me");
        f.close();
        const QString err = errorOf([&] { ProjectStore::create(p.toStdString()); });
        QVERIFY2(err.contains(p) && err.contains("already exists"), qPrintable(err));
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), QByteArray("keep me"));
    }

    void migratesV1Fixture()
    {
        const QString p = dir_.filePath("legacy.llmwb");
        buildFromSql(fixture(), p);
        auto s = ProjectStore::open(p.toStdString());
        QCOMPARE(s->schemaVersion(), ProjectStore::kSchemaVersion);

        const auto ds = s->datasets();
        QCOMPARE(ds.size(), size_t(2));
        QCOMPARE(ds[0].name, std::string("geo-sft"));
        QVERIFY(ds[0].kind == DatasetKind::Sft);
        QCOMPARE(ds[0].recordCount, int64_t(3));
        QVERIFY(ds[1].kind == DatasetKind::Text);
        QCOMPARE(s->meta("ui.lastDataset"), std::optional<std::string>("1"));

        const auto r2 = s->record(2);
        QVERIFY(r2);
        QCOMPARE(r2->instruction, std::string("什么是岩石圈层？"));
        QVERIFY(r2->split == Split::Validation);
        QCOMPARE(r2->rating, 0);   // the migrated column's default
        const auto r3 = s->record(3);
        QCOMPARE(r3->tags, (std::vector<std::string>{"checked", "short"}));
        QVERIFY(r3->status == ReviewStatus::NeedsFix);
        QCOMPARE(r3->sourceLine, int64_t(3));

        // Indexes, tags and full-text search made by version 1 keep working.
        RecordQuery q;
        q.datasetId = 1;
        q.text = "地质";
        QCOMPARE(s->ids(q), std::vector<int64_t>{2});
        q.text = "basalt";
        QCOMPARE(s->ids(q), std::vector<int64_t>{1});
        q.text.clear();
        q.tag = "checked";
        QCOMPARE(s->ids(q), (std::vector<int64_t>{1, 3}));
        QCOMPARE(s->quarantine(1).size(), size_t(1));
        QCOMPARE(s->quarantine(1)[0].raw, std::string("{\"instruction\": \"broken"));

        // The new column is usable and checked.
        Record e = *r3;
        e.rating = 4;
        s->updateRecord(e);
        q.tag.clear();
        q.sort = SortColumn::Rating;
        q.descending = true;
        QCOMPARE(s->ids(q).front(), int64_t(3));
        QVERIFY(sqlite3_exec(s->handle(), "UPDATE records SET rating = 9 WHERE id = 1", nullptr, nullptr, nullptr)
                != SQLITE_OK);

        // Version 3's chat tables exist, empty, with their constraints.
        for (const char* table : {"conversations", "messages", "models"})
            QCOMPARE(scalar(s->handle(), QString("SELECT count(*) FROM %1").arg(table)), 0);
        QCOMPARE(scalar(s->handle(), "SELECT count(*) FROM pragma_foreign_key_list('messages') "
                                     "WHERE on_delete = 'CASCADE'"), 2);
        QVERIFY(sqlite3_exec(s->handle(), "INSERT INTO conversations (title, created, updated) VALUES ('c', 1, 1);"
                                          "INSERT INTO messages (conversation_id, role, created) VALUES (1, 'user', 1);"
                                          "INSERT INTO models (name, path, added) VALUES ('m', '/m', 1)",
                             nullptr, nullptr, nullptr) == SQLITE_OK);
        QVERIFY(sqlite3_exec(s->handle(), "INSERT INTO models (name, path, added) VALUES ('m2', '/m', 1)", nullptr,
                             nullptr, nullptr) != SQLITE_OK);   // path is unique
        QVERIFY(sqlite3_exec(s->handle(), "DELETE FROM conversations", nullptr, nullptr, nullptr) == SQLITE_OK);
        QCOMPARE(scalar(s->handle(), "SELECT count(*) FROM messages"), 0);   // cascade

        // Reopening does not migrate again.
        s.reset();
        s = ProjectStore::open(p.toStdString());
        QCOMPARE(s->record(3)->rating, 4);
        QCOMPARE(scalar(s->handle(), "SELECT count(*) FROM models"), 1);
    }

    void failedThirdMigrationKeepsVersion2()
    {
        const QString p = dir_.filePath("blocked3.llmwb");
        buildFromSql(fixture(), p);
        // Step 2 succeeds, step 3 meets a table it wants to create: nothing of either stays.
        execOn(p, "CREATE TABLE models (x)");
        const QString err = errorOf([&] { ProjectStore::open(p.toStdString()); });
        QVERIFY2(err.contains(p) && err.contains("migration to schema version 3"), qPrintable(err));
        sqlite3* db = nullptr;
        QCOMPARE(sqlite3_open(p.toUtf8().constData(), &db), SQLITE_OK);
        QCOMPARE(scalar(db, "SELECT user_version FROM pragma_user_version"), 1);
        QCOMPARE(scalar(db, "SELECT count(*) FROM pragma_table_info('records') WHERE name = 'rating'"), 0);
        QCOMPARE(scalar(db, "SELECT count(*) FROM sqlite_master WHERE name = 'conversations'"), 0);
        sqlite3_close(db);
    }

    void failedMigrationLeavesFileUntouched()
    {
        const QString p = dir_.filePath("blocked.llmwb");
        buildFromSql(fixture(), p);
        // Make migration 2 fail: an index with the name it wants to create.
        execOn(p, "CREATE INDEX records_rating ON records(dataset_id)");
        const QString err = errorOf([&] { ProjectStore::open(p.toStdString()); });
        QVERIFY2(err.contains(p) && err.contains("migration to schema version 2"), qPrintable(err));
        sqlite3* db = nullptr;
        QCOMPARE(sqlite3_open(p.toUtf8().constData(), &db), SQLITE_OK);
        sqlite3_stmt* st = nullptr;
        sqlite3_prepare_v2(db, "SELECT (SELECT user_version FROM pragma_user_version), "
                               "(SELECT count(*) FROM pragma_table_info('records') WHERE name = 'rating')",
                           -1, &st, nullptr);
        QCOMPARE(sqlite3_step(st), SQLITE_ROW);
        QCOMPARE(sqlite3_column_int(st, 0), 1);
        QCOMPARE(sqlite3_column_int(st, 1), 0);
        sqlite3_finalize(st);
        sqlite3_close(db);
    }

    void refusesNewerSchema()
    {
        const QString p = dir_.filePath("future.llmwb");
        ProjectStore::create(p.toStdString()).reset();
        execOn(p, "PRAGMA user_version = 99");
        const QString err = errorOf([&] { ProjectStore::open(p.toStdString()); });
        QVERIFY2(err.contains(p) && err.contains("newer LLM Workbench"), qPrintable(err));
    }

    void refusesBadFiles_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("expected");
        QTest::newRow("garbage") << QByteArray("this is not a database at all, just some text\n").repeated(200)
                                 << "not an LLM Workbench project";
        QTest::newRow("empty file") << QByteArray() << "not an LLM Workbench project";
    }
    void refusesBadFiles()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, expected);
        const QString p = dir_.filePath(QString("bad_%1.llmwb").arg(QTest::currentDataTag()).replace(' ', '_'));
        QFile f(p);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(content);
        f.close();
        const QString err = errorOf([&] { ProjectStore::open(p.toStdString()); });
        QVERIFY2(err.contains(p) && err.contains(expected), qPrintable(err));
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), content);   // untouched
    }

    void refusesOtherSqliteFile()
    {
        const QString p = dir_.filePath("other.sqlite");
        execOn(p, "CREATE TABLE t(x); INSERT INTO t VALUES (1)");
        const QString err = errorOf([&] { ProjectStore::open(p.toStdString()); });
        QVERIFY2(err.contains(p) && err.contains("another application"), qPrintable(err));
    }

    void refusesMissingFile()
    {
        const QString p = dir_.filePath("missing.llmwb");
        const QString err = errorOf([&] { ProjectStore::open(p.toStdString()); });
        QVERIFY2(err.contains(p) && err.contains("no such file"), qPrintable(err));
        QVERIFY(!QFile::exists(p));
    }
};

QTEST_GUILESS_MAIN(tst_migrations)
#include "tst_migrations.moc"
