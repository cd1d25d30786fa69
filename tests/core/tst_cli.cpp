// Runs the real llmwb binary (path in $LLMWB, set by ctest) on small fixtures
// and checks exit codes, JSON output and round trips.
#include "common/cli_run.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

namespace {

using Run = CliRun;

// Good lines 1,2,3,5,7,8; line 5 duplicates line 1 up to case and punctuation;
// line 7 has an empty output; line 4 is broken JSON, line 6 lacks "instruction".
const char* kFixture =
    "{\"instruction\": \"What is the capital of France?\", \"input\": \"\", \"output\": \"Paris is the capital of France.\"}\n"
    "{\"instruction\": \"Name a primary colour.\", \"input\": \"\", \"output\": \"Red.\"}\n"
    "{\"instruction\": \"Translate 'hello' to Spanish.\", \"input\": \"hello\", \"output\": \"Hola.\"}\n"
    "{\"instruction\": \"Broken record\", \"output\": }\n"
    "{\"instruction\": \"what is the capital of france\", \"input\": \"\", \"output\": \"Paris is the capital of France\"}\n"
    "{\"input\": \"no instruction here\", \"output\": \"orphan\"}\n"
    "{\"instruction\": \"Describe the colour of the sky on a clear day.\", \"input\": \"\", \"output\": \"\"}\n"
    "{\"instruction\": \"Give a synonym for happy.\", \"input\": \"\", \"output\": \"Joyful.\"}\n";

// Byte column (1-based) of the '}' that breaks line 4.
constexpr int kBrokenColumn = 44;

} // namespace

class tst_cli : public QObject {
    Q_OBJECT

private:
    QString llmwb_;
    QTemporaryDir dir_;

    Run run(const QStringList& args) { return runLlmwb(llmwb_, args); }

    QString path(const QString& name) const { return dir_.filePath(name); }

    QString writeFixture()
    {
        QString f = path("fixture.jsonl");
        QFile file(f);
        if (!file.exists()) {
            file.open(QIODevice::WriteOnly);
            file.write(kFixture);
        }
        return f;
    }

    // A fresh project with the fixture imported as dataset "qa".
    QString projectWithFixture(const QString& name)
    {
        QString project = path(name);
        Run n = run({"project", "new", project});
        if (n.code != 0)
            return {};
        Run i = run({"dataset", "import", project, writeFixture(), "--dataset", "qa", "--json"});
        if (i.code != 0)
            return {};
        return project;
    }

    QList<QJsonObject> readJsonLines(const QString& file)
    {
        QList<QJsonObject> out;
        QFile f(file);
        if (!f.open(QIODevice::ReadOnly))
            return out;
        for (const QByteArray& line : f.readAll().split('\n'))
            if (!line.trimmed().isEmpty())
                out << QJsonDocument::fromJson(line).object();
        return out;
    }

private Q_SLOTS:
    void initTestCase()
    {
        llmwb_ = qEnvironmentVariable("LLMWB");
        if (llmwb_.isEmpty())
            llmwb_ = QCoreApplication::applicationDirPath() + "/../app/llmwb";
        QVERIFY2(QFileInfo(llmwb_).isExecutable(), qPrintable("llmwb not found at " + llmwb_));
        QVERIFY(dir_.isValid());
        // Keep the CLI's log out of the user's data folder.
        qputenv("XDG_DATA_HOME", dir_.filePath("xdg").toUtf8());
    }

    void help_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("expected");
        QTest::newRow("main") << QStringList{"--help"} << "exit codes";
        QTest::newRow("project") << QStringList{"project", "--help"} << "new";
        QTest::newRow("dataset") << QStringList{"dataset", "--help"} << "dedup";
        QTest::newRow("project new") << QStringList{"project", "new", "--help"} << "llmwb project new";
        for (const char* c : {"import", "export", "list", "stats", "dedup", "check", "split"})
            QTest::newRow(c) << QStringList{"dataset", c, "--help"} << QString("llmwb dataset ") + c;
    }
    void help()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, expected);
        Run r = run(args);
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.contains("usage:"), r.out.constData());
        QVERIFY(QString::fromUtf8(r.out).contains(expected));
        QVERIFY(r.err.isEmpty());
    }

    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::newRow("no args") << QStringList{};
        QTest::newRow("unknown group") << QStringList{"frobnicate"};
        QTest::newRow("unknown command") << QStringList{"dataset", "frobnicate"};
        QTest::newRow("missing args") << QStringList{"dataset", "import", "p.llmwb"};
        QTest::newRow("too many args") << QStringList{"dataset", "list", "a", "b"};
        QTest::newRow("unknown option") << QStringList{"dataset", "list", "p.llmwb", "--frob"};
        QTest::newRow("missing value") << QStringList{"dataset", "stats", "p", "d", "--bins"};
        QTest::newRow("bad format") << QStringList{"dataset", "import", "p", "f", "--format", "yaml"};
        QTest::newRow("bad threshold") << QStringList{"dataset", "dedup", "p", "d", "--near", "--threshold", "1.5"};
        QTest::newRow("bad number") << QStringList{"dataset", "split", "p", "d", "--train", "lots"};
        QTest::newRow("bad map") << QStringList{"dataset", "import", "p", "f", "--map", "instruction"};
    }
    void usageErrors()
    {
        QFETCH(QStringList, args);
        Run r = run(args);
        QCOMPARE(r.code, 2);
        QVERIFY(!r.err.isEmpty());
    }

    void projectNew()
    {
        QString project = path("new.llmwb");
        Run r = run({"project", "new", project, "--json"});
        QCOMPARE(r.code, 0);
        QVERIFY(QFileInfo::exists(project));
        QVERIFY(r.json().value("schema_version").toInt() >= 1);
        // Creating it again fails and names the path.
        Run again = run({"project", "new", project});
        QCOMPARE(again.code, 1);
        QVERIFY(again.err.contains(project.toUtf8()));
    }

    void missingProjectNamesPath()
    {
        QString missing = path("does-not-exist.llmwb");
        Run r = run({"dataset", "list", missing});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(missing.toUtf8()), r.err.constData());
        QVERIFY(r.out.isEmpty());
        QVERIFY(!QFileInfo::exists(missing));   // not silently created
    }

    void missingInputFile()
    {
        QString project = path("missing-input.llmwb");
        QCOMPARE(run({"project", "new", project}).code, 0);
        QString missing = path("nope.jsonl");
        Run r = run({"dataset", "import", project, missing});
        QCOMPARE(r.code, 1);
        QVERIFY(r.err.contains(missing.toUtf8()));
    }

    void importReportsRejectedLines()
    {
        QString project = path("import.llmwb");
        QCOMPARE(run({"project", "new", project}).code, 0);
        QString fixture = writeFixture();
        Run r = run({"dataset", "import", project, fixture, "--dataset", "qa", "--json"});
        QCOMPARE(r.code, 0);
        QJsonObject j = r.json();
        QCOMPARE(j.value("dataset").toString(), QString("qa"));
        QVERIFY(j.value("dataset_id").toInteger() > 0);
        QCOMPARE(j.value("format").toString(), QString("alpaca"));
        QCOMPARE(j.value("imported").toInt(), 6);
        QCOMPARE(j.value("rejected").toInt(), 2);
        QJsonArray errors = j.value("errors").toArray();
        QCOMPARE(errors.size(), 2);
        QJsonObject e0 = errors[0].toObject(), e1 = errors[1].toObject();
        QCOMPARE(e0.value("file").toString(), fixture);
        QCOMPARE(e0.value("line").toInt(), 4);
        QCOMPARE(e0.value("column").toInt(), kBrokenColumn);
        QVERIFY(!e0.value("reason").toString().isEmpty());
        QCOMPARE(e1.value("line").toInt(), 6);
        QVERIFY(e1.value("column").toInt() >= 1);
        QVERIFY2(e1.value("reason").toString().contains("instruction"), qPrintable(e1.value("reason").toString()));

        // Text mode: summary on stdout, one "file:line:column: reason" per rejected record on stderr.
        Run t = run({"dataset", "import", project, fixture, "--dataset", "qa2"});
        QCOMPARE(t.code, 0);
        QVERIFY(t.out.contains("imported 6 records"));
        QVERIFY2(t.err.contains((fixture + ":4:" + QString::number(kBrokenColumn) + ":").toUtf8()),
                 t.err.constData());
        QVERIFY(t.err.contains((fixture + ":6:").toUtf8()));
    }

    void importIntoExistingDatasetAndDefaultName()
    {
        QString project = projectWithFixture("append.llmwb");
        QVERIFY(!project.isEmpty());
        Run again = run({"dataset", "import", project, writeFixture(), "--dataset", "qa", "--json"});
        QCOMPARE(again.code, 0);
        QCOMPARE(again.json().value("imported").toInt(), 6);
        Run unnamed = run({"dataset", "import", project, writeFixture(), "--json"});
        QCOMPARE(unnamed.code, 0);
        QString autoName = unnamed.json().value("dataset").toString();
        QVERIFY(!autoName.isEmpty());
        QVERIFY(autoName != "qa");

        Run list = run({"dataset", "list", project, "--json"});
        QCOMPARE(list.code, 0);
        QJsonArray ds = list.json().value("datasets").toArray();
        QCOMPARE(ds.size(), 2);
        QMap<QString, int> counts;
        for (const auto& d : ds)
            counts[d.toObject().value("name").toString()] = d.toObject().value("records").toInt();
        QCOMPARE(counts.value("qa"), 12);
        QCOMPARE(counts.value(autoName), 6);
    }

    void listStatsExportRoundTrip()
    {
        QString project = projectWithFixture("roundtrip.llmwb");
        QVERIFY(!project.isEmpty());

        Run list = run({"dataset", "list", project, "--json"});
        QCOMPARE(list.code, 0);
        QJsonArray ds = list.json().value("datasets").toArray();
        QCOMPARE(ds.size(), 1);
        QCOMPARE(ds[0].toObject().value("name").toString(), QString("qa"));
        QCOMPARE(ds[0].toObject().value("kind").toString(), QString("sft"));
        QCOMPARE(ds[0].toObject().value("records").toInt(), 6);
        const QString id = QString::number(ds[0].toObject().value("id").toInteger());

        Run stats = run({"dataset", "stats", project, "qa", "--json"});
        QCOMPARE(stats.code, 0);
        QCOMPARE(stats.json().value("records").toInt(), 6);
        QCOMPARE(stats.json().value("by_status").toObject().value("unreviewed").toInt(), 6);

        // DATASET by id works as well as by name.
        QString out = path("roundtrip.jsonl");
        Run exp = run({"dataset", "export", project, id, out, "--format", "alpaca", "--json"});
        QCOMPARE(exp.code, 0);
        QCOMPARE(exp.json().value("exported").toInt(), 6);
        QList<QJsonObject> rows = readJsonLines(out);
        QCOMPARE(rows.size(), 6);

        QList<QJsonObject> expected;
        for (const QByteArray& line : QByteArray(kFixture).split('\n')) {
            QJsonParseError pe;
            QJsonObject o = QJsonDocument::fromJson(line, &pe).object();
            if (pe.error == QJsonParseError::NoError && o.contains("instruction"))
                expected << o;
        }
        QCOMPARE(expected.size(), 6);
        for (int i = 0; i < 6; ++i) {
            QCOMPARE(rows[i].value("instruction").toString(), expected[i].value("instruction").toString());
            QCOMPARE(rows[i].value("input").toString(), expected[i].value("input").toString());
            QCOMPARE(rows[i].value("output").toString(), expected[i].value("output").toString());
        }

        // --array writes one JSON array with the same records.
        QString arr = path("roundtrip.json");
        QCOMPARE(run({"dataset", "export", project, "qa", arr, "--array"}).code, 0);
        QFile f(arr);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QJsonArray a = QJsonDocument::fromJson(f.readAll()).array();
        QCOMPARE(a.size(), 6);
        QCOMPARE(a[5].toObject().value("output").toString(), QString("Joyful."));

        // Re-importing the export gives the same content.
        Run re = run({"dataset", "import", project, out, "--dataset", "again", "--json"});
        QCOMPARE(re.code, 0);
        QCOMPARE(re.json().value("imported").toInt(), 6);
        QCOMPARE(re.json().value("rejected").toInt(), 0);
    }

    void csvMappingAndFailedImportLeavesNothing()
    {
        QString project = path("csv.llmwb");
        QCOMPARE(run({"project", "new", project}).code, 0);
        QString csv = path("qa.csv");
        QFile f(csv);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("question,answer\n\"What is 2+2?\",4\n\"Capital of Peru?\",Lima\n");
        f.close();
        Run r = run({"dataset", "import", project, csv, "--format", "csv", "--map", "instruction=question",
                     "--map", "output=answer", "--dataset", "csvset", "--json"});
        QCOMPARE(r.code, 0);
        QCOMPARE(r.json().value("imported").toInt(), 2);
        QString out = path("csv.jsonl");
        QCOMPARE(run({"dataset", "export", project, "csvset", out}).code, 0);
        QList<QJsonObject> rows = readJsonLines(out);
        QCOMPARE(rows.size(), 2);
        QCOMPARE(rows[1].value("instruction").toString(), QString("Capital of Peru?"));
        QCOMPARE(rows[1].value("output").toString(), QString("Lima"));

        // A mapping naming a missing column fails the whole import (exit 1,
        // message names the column) and creates no dataset.
        Run bad = run({"dataset", "import", project, csv, "--format", "csv", "--map", "instruction=nosuch",
                       "--dataset", "badset"});
        QCOMPARE(bad.code, 1);
        QVERIFY2(bad.err.contains("nosuch"), bad.err.constData());
        Run list = run({"dataset", "list", project, "--json"});
        QCOMPARE(list.json().value("datasets").toArray().size(), 1);
    }

    void unknownDataset()
    {
        QString project = projectWithFixture("unknown.llmwb");
        QVERIFY(!project.isEmpty());
        Run r = run({"dataset", "stats", project, "nosuchset"});
        QCOMPARE(r.code, 1);
        QVERIFY(r.err.contains("nosuchset"));
    }

    void dedupFindsPlantedDuplicate()
    {
        QString project = projectWithFixture("dedup.llmwb");
        QVERIFY(!project.isEmpty());
        Run r = run({"dataset", "dedup", project, "qa", "--json"});
        QCOMPARE(r.code, 0);
        QJsonObject j = r.json();
        QCOMPARE(j.value("exact_groups").toInt(), 1);
        QJsonArray groups = j.value("groups").toArray();
        QCOMPARE(groups.size(), 1);
        QCOMPARE(groups[0].toObject().value("ids").toArray().size(), 2);
        QCOMPARE(j.value("dropped").toInt(), 0);

        Run near = run({"dataset", "dedup", project, "qa", "--near", "--threshold", "0.7", "--json"});
        QCOMPARE(near.code, 0);
        QCOMPARE(near.json().value("groups").toArray().size(), 1);
        QCOMPARE(near.json().value("duplicates").toInt(), 1);

        Run drop = run({"dataset", "dedup", project, "qa", "--drop", "--json"});
        QCOMPARE(drop.code, 0);
        QCOMPARE(drop.json().value("dropped").toInt(), 1);
        Run list = run({"dataset", "list", project, "--json"});
        QCOMPARE(list.json().value("datasets").toArray()[0].toObject().value("records").toInt(), 5);
        Run after = run({"dataset", "dedup", project, "qa", "--json"});
        QCOMPARE(after.json().value("groups").toArray().size(), 0);
    }

    void checkFindsEmptyOutput()
    {
        QString project = projectWithFixture("check.llmwb");
        QVERIFY(!project.isEmpty());
        Run r = run({"dataset", "check", project, "qa", "--json"});
        QCOMPARE(r.code, 0);
        QJsonObject j = r.json();
        QCOMPARE(j.value("by_kind").toObject().value("empty-output").toInt(), 1);
        bool found = false;
        for (const auto& i : j.value("issues").toArray()) {
            QJsonObject o = i.toObject();
            if (o.value("kind").toString() == "empty-output") {
                found = true;
                QCOMPARE(o.value("field").toString(), QString("output"));
                QVERIFY(o.value("record_id").toInteger() > 0);
            }
        }
        QVERIFY(found);

        // A tiny character limit flags the long records.
        Run strict = run({"dataset", "check", project, "qa", "--max-chars", "10", "--no-tokens", "--json"});
        QCOMPARE(strict.code, 0);
        QVERIFY(strict.json().value("by_kind").toObject().value("too-long-chars").toInt() >= 1);
    }

    void splitCounts()
    {
        QString project = projectWithFixture("split.llmwb");
        QVERIFY(!project.isEmpty());
        QStringList args{"dataset", "split", project, "qa", "--train", "0.5", "--validation", "0.25",
                         "--test", "0.25", "--seed", "7", "--no-stratify", "--json"};
        Run r = run(args);
        QCOMPARE(r.code, 0);
        QJsonObject j = r.json();
        int train = j.value("train").toInt(), val = j.value("validation").toInt(), test = j.value("test").toInt();
        QCOMPARE(train + val + test, 6);
        QVERIFY(qAbs(train - 3) <= 1);
        QVERIFY(qAbs(val - 1.5) <= 1);
        QVERIFY(qAbs(test - 1.5) <= 1);

        // Same seed, same assignment.
        Run again = run(args);
        QCOMPARE(again.json().value("train").toInt(), train);

        // The stored splits match the counts: export filtered by split.
        QString out = path("train.jsonl");
        Run exp = run({"dataset", "export", project, "qa", out, "--split", "train", "--json"});
        QCOMPARE(exp.code, 0);
        QCOMPARE(exp.json().value("exported").toInt(), train);
        QCOMPARE(readJsonLines(out).size(), train);
        Run stats = run({"dataset", "stats", project, "qa", "--json"});
        QCOMPARE(stats.json().value("by_split").toObject().value("test").toInt(), test);
    }
};

QTEST_GUILESS_MAIN(tst_cli)
#include "tst_cli.moc"
