// The projection cache in the project file (schema version 5): save/find
// round trips keyed by model, source, items and parameters, replace, list,
// remove, errors; importing user coordinates from CSV and JSON with errors
// that name the line; and opening a schema-v4 project, which gains the table.
#include "common/error_of.h"
#include "core/data/record.h"
#include "core/projection/coordinates_import.h"
#include "core/projection/projection_store.h"
#include "core/store/migrations.h"
#include "core/store/project_store.h"

#include <sqlite3.h>

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <cstring>

using namespace wb;

namespace {

ProjectionKey keyFor(const std::vector<int64_t>& ids, const ProjectionParams& p = {})
{
    return {"bge-small-zh@1", "record:instruction+output", itemSetHash(ids), p.cacheKey()};
}

} // namespace

class tst_projection_store : public QObject {
    Q_OBJECT

private:
    QTemporaryDir dir_;
    int counter_ = 0;
    std::unique_ptr<ProjectStore> fresh() { return ProjectStore::create(dir_.filePath(QString("p%1.llmwb").arg(++counter_)).toStdString()); }

private Q_SLOTS:
    void itemSetHashIgnoresOrder()
    {
        QCOMPARE(itemSetHash({3, 1, 2}), itemSetHash({1, 2, 3}));
        QVERIFY(itemSetHash({1, 2, 3}) != itemSetHash({1, 2, 4}));
        QVERIFY(itemSetHash({1, 2}) != itemSetHash({1, 2, 2}));
        QCOMPARE(itemSetHash({}).size(), size_t(32));
    }

    void roundTrip()
    {
        auto project = fresh();
        ProjectionStore store(*project);
        const std::vector<int64_t> ids = {10, 4, 99, 7};
        const std::vector<float> xy = {0.5f, -1.25f, 3e-7f, 2.f, -0.f, 1e30f, 7.f, 8.f};
        const auto key = keyFor(ids);
        QVERIFY(!store.find(key));
        const int64_t id = store.save(key, ProjectionMethod::Umap, ids, xy, 0.93, "first");
        const auto got = store.find(key);
        QVERIFY(got);
        QCOMPARE(got->id, id);
        QVERIFY(got->key == key);
        QVERIFY(got->method == ProjectionMethod::Umap);
        QCOMPARE(got->itemIds, ids);
        QVERIFY(std::memcmp(got->xy.data(), xy.data(), xy.size() * sizeof(float)) == 0);
        QCOMPARE(*got->trustworthiness, 0.93);
        QCOMPARE(got->label, std::string("first"));
        QVERIFY(got->created > 0);
        QCOMPARE(store.get(id)->itemIds, ids);

        // Another parameter set is another entry; the same key replaces.
        ProjectionParams tsne;
        tsne.method = ProjectionMethod::Tsne;
        const int64_t other = store.save(keyFor(ids, tsne), ProjectionMethod::Tsne, ids, xy, std::nullopt);
        QVERIFY(other != id);
        QVERIFY(!store.get(other)->trustworthiness);
        const std::vector<float> moved = {1, 1, 2, 2, 3, 3, 4, 4};
        QCOMPARE(store.save(key, ProjectionMethod::Umap, ids, moved, 0.5), id);
        QCOMPARE(store.find(key)->xy, moved);
        QCOMPARE(store.list().size(), size_t(2));
        QCOMPARE(store.list("record:instruction+output").size(), size_t(2));
        QCOMPARE(store.list("chunk:text").size(), size_t(0));

        // Survives reopening.
        const std::string path = project->path();
        project.reset();
        auto reopened = ProjectStore::open(path);
        ProjectionStore again(*reopened);
        QCOMPARE(again.find(key)->xy, moved);
        again.remove(id);
        QVERIFY(!again.find(key));
        QVERIFY(errorOf([&] { again.remove(id); }).contains(QString::number(id)));
    }

    void saveRejectsBadInput()
    {
        auto project = fresh();
        ProjectionStore store(*project);
        const std::vector<int64_t> ids = {1, 2, 3};
        QVERIFY(errorOf([&] { store.save(keyFor(ids), ProjectionMethod::Pca, ids, {1, 2, 3}, {}); })
                    .contains("coordinates"));
        QVERIFY(errorOf([&] { store.save(keyFor({1, 2}), ProjectionMethod::Pca, ids, {1, 2, 3, 4, 5, 6}, {}); })
                    .contains("hash"));
        const std::vector<int64_t> twice = {1, 2, 1};
        QVERIFY(errorOf([&] { store.save(keyFor(twice), ProjectionMethod::Pca, twice, {1, 2, 3, 4, 5, 6}, {}); })
                    .contains("item id 1 appears twice"));
        QVERIFY(errorOf([&] { store.save(keyFor(ids), ProjectionMethod::Pca, ids, {1, 2, NAN, 4, 5, 6}, {}); })
                    .contains("item 2"));
        QVERIFY(store.list().empty());
    }

    void importCsv_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("error");   // empty: must parse
        QTest::newRow("header") << "id,x,y\n3,1.5,2\n4,-1,0.25\n" << "";
        QTest::newRow("header other order and columns") << "x;label;y;ID\n1.5;a;2;3\n-1;b;0.25;4\n" << "";
        QTest::newRow("no header, tabs, blank lines") << "3\t1.5\t2\n\n4\t-1\t0.25\n" << "";
        QTest::newRow("bad id") << "id,x,y\n3,1.5,2\nfour,1,1\n" << "line 3: id 'four'";
        QTest::newRow("bad x") << "id,x,y\n3,abc,2\n" << "line 2: x 'abc'";
        QTest::newRow("nan y") << "id,x,y\n3,1,nan\n" << "line 2: y is not a finite";
        QTest::newRow("missing column") << "id,x,y\n3,1.5\n" << "line 2: expected 3 columns";
        QTest::newRow("duplicate id") << "1,0,0\n2,1,1\n1,2,2\n" << "line 3: id 1 already given on line 1";
        QTest::newRow("header without y") << "id,x,z\n1,2,3\n" << "line 1: the header must name";
        QTest::newRow("empty") << "id,x,y\n" << "line 2: no coordinates";
    }
    void importCsv()
    {
        QFETCH(QString, text);
        QFETCH(QString, error);
        const std::string t = text.toStdString();
        if (error.isEmpty()) {
            const auto c = parseCoordinatesCsv(t, "map.csv");
            QCOMPARE(c.itemIds, (std::vector<int64_t>{3, 4}));
            QCOMPARE(c.xy, (std::vector<float>{1.5f, 2.f, -1.f, 0.25f}));
        } else {
            const QString err = errorOf([&] { parseCoordinatesCsv(t, "map.csv"); });
            QVERIFY2(err.contains("'map.csv' " + error), qPrintable(err));
        }
    }

    void importJson_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("error");
        QTest::newRow("objects") << "[\n {\"id\": 3, \"x\": 1.5, \"y\": 2},\n {\"id\": 4, \"x\": -1, \"y\": 0.25}\n]" << "";
        QTest::newRow("arrays") << "[[3, 1.5, 2], [4, -1, 0.25]]" << "";
        QTest::newRow("string ids, json lines") << "{\"id\": \"3\", \"x\": 1.5, \"y\": 2}\n{\"id\": 4, \"x\": -1, \"y\": 0.25}\n" << "";
        QTest::newRow("missing y") << "[\n {\"id\": 3, \"x\": 1.5, \"y\": 2},\n\n {\"id\": 4, \"x\": -1}\n]" << "line 4: missing \"y\"";
        QTest::newRow("bad id") << "[\n [3, 1.5, 2],\n [4.5, 1, 1]\n]" << "line 3: id 4.5";
        QTest::newRow("string x") << "{\"id\": 3, \"x\": \"a\", \"y\": 2}\n" << "line 1: x \"a\"";
        QTest::newRow("syntax") << "[\n {\"id\": 3, \"x\": 1.5, \"y\": 2},\n {\"id\": 4, \"x\": ,}\n]" << "line 3: invalid JSON";
        QTest::newRow("jsonl syntax") << "{\"id\": 3, \"x\": 1.5, \"y\": 2}\n{\"id\": 4\n" << "line 2: invalid JSON";
        QTest::newRow("unclosed") << "[\n [3, 1.5, 2]\n" << "line 3: invalid JSON: the array is not closed";
        QTest::newRow("duplicate") << "[[3, 1, 2],\n[3, 2, 2]]" << "line 2: id 3 already given on line 1";
        QTest::newRow("number element") << "[\n 5\n]" << "line 2: expected an object";
    }
    void importJson()
    {
        QFETCH(QString, text);
        QFETCH(QString, error);
        const std::string t = text.toStdString();
        if (error.isEmpty()) {
            const auto c = parseCoordinatesJson(t, "map.json");
            QCOMPARE(c.itemIds, (std::vector<int64_t>{3, 4}));
            QCOMPARE(c.xy, (std::vector<float>{1.5f, 2.f, -1.f, 0.25f}));
        } else {
            const QString err = errorOf([&] { parseCoordinatesJson(t, "map.json"); });
            QVERIFY2(err.contains("'map.json' " + error), qPrintable(err));
        }
    }

    void importFileIntoCache()
    {
        const QString path = dir_.filePath("coords.json");
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("[{\"id\": 1, \"x\": 0, \"y\": 1}, {\"id\": 2, \"x\": 2, \"y\": 3}]");
        f.close();
        const auto c = readCoordinatesFile(path.toStdString());
        auto project = fresh();
        ProjectionStore store(*project);
        ProjectionParams imported;
        imported.method = ProjectionMethod::Imported;
        const ProjectionKey key{"", "record:output", itemSetHash(c.itemIds), imported.cacheKey()};
        store.save(key, ProjectionMethod::Imported, c.itemIds, c.xy, std::nullopt, "coords.json");
        const auto got = store.find(key);
        QVERIFY(got->method == ProjectionMethod::Imported);
        QCOMPARE(got->xy, (std::vector<float>{0, 1, 2, 3}));
        QVERIFY(errorOf([&] { readCoordinatesFile(dir_.filePath("missing.csv").toStdString()); }).contains("missing.csv"));
    }

    void migrationFromV4()
    {
        // A project written by schema version 4, with one dataset in it.
        const QString path = dir_.filePath("v4.llmwb");
        sqlite3* db = nullptr;
        QCOMPARE(sqlite3_open(path.toUtf8().constData(), &db), SQLITE_OK);
        for (int v = 0; v < 4; ++v)
            QCOMPARE(sqlite3_exec(db, store::migrations()[size_t(v)], nullptr, nullptr, nullptr), SQLITE_OK);
        QCOMPARE(sqlite3_exec(db, "PRAGMA user_version = 4; INSERT INTO datasets (name, kind, created_at)"
                                  " VALUES ('old', 'sft', 1);", nullptr, nullptr, nullptr), SQLITE_OK);
        sqlite3_stmt* st = nullptr;
        QCOMPARE(sqlite3_prepare_v2(db, "SELECT count(*) FROM sqlite_master WHERE name = 'projections'", -1, &st,
                                    nullptr), SQLITE_OK);
        QCOMPARE(sqlite3_step(st), SQLITE_ROW);
        QCOMPARE(sqlite3_column_int(st, 0), 0);
        sqlite3_finalize(st);
        sqlite3_close(db);

        auto project = ProjectStore::open(path.toStdString());
        QVERIFY(project->schemaVersion() >= 5);
        QVERIFY(project->datasetByName("old"));
        ProjectionStore store(*project);
        const std::vector<int64_t> ids = {1, 2};
        store.save(keyFor(ids), ProjectionMethod::Pca, ids, {0, 0, 1, 1}, 0.8);
        QCOMPARE(store.list().size(), size_t(1));
    }
};

QTEST_GUILESS_MAIN(tst_projection_store)
#include "tst_projection_store.moc"
