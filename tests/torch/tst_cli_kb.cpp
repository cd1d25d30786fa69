// `llmwb kb add|query|reindex|stats` through the real binary (the kb group
// lives in the llmwb_compute module): BM25 without an embedder, JSON with
// chunk ids, sources, byte offsets and per-mode scores, failures reported by
// file, re-indexing, and dense/hybrid with the tiny BERT fixture.
#include "common/cli_run.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>

namespace {

QString llmwb() { return qEnvironmentVariable("LLMWB"); }
QString testData() { return qEnvironmentVariable("WB_TEST_DATA", WB_SOURCE_DIR "/tests/data"); }

} // namespace

class tst_cli_kb : public QObject {
    Q_OBJECT

private:
    QTemporaryDir tmp_;
    QString project_;
    QString docs_;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(!llmwb().isEmpty());
        docs_ = tmp_.filePath("docs");
        std::filesystem::copy((testData() + "/kb/docs").toStdString(), docs_.toStdString(),
                              std::filesystem::copy_options::recursive);
        project_ = tmp_.filePath("kb.llmwb");
        const CliRun r = runLlmwb(llmwb(), {"project", "new", project_});
        QVERIFY2(r.code == 0, r.err.constData());
    }

    void helpListsKb()
    {
        const CliRun r = runLlmwb(llmwb(), {"--help"});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.contains("kb"));
        const CliRun g = runLlmwb(llmwb(), {"kb", "query", "--help"});
        QCOMPARE(g.code, 0);
        QVERIFY(g.out.startsWith("usage: llmwb kb query"));
    }

    void addReportsFailuresAndGoesOn()
    {
        const CliRun r = runLlmwb(llmwb(), {"kb", "add", project_, docs_, testData() + "/kb/bad_utf8.txt",
                                            testData() + "/kb/squad_sample.json", "--chunking", "sentence",
                                            "--max-tokens", "30", "--json"});
        QVERIFY2(r.code == 0, r.err.constData());
        const QJsonObject rep = r.json()["report"].toObject();
        QCOMPARE(rep["added"].toInt(), 5 + 1 + 2);   // docs, the bad file (with its error), 2 SQuAD contexts
        const QJsonArray failures = rep["failures"].toArray();
        QCOMPARE(failures.size(), 1);
        QVERIFY(failures[0].toObject()["error"].toString().contains("bad_utf8.txt"));
    }

    void bm25QueryJson()
    {
        const CliRun r = runLlmwb(llmwb(), {"kb", "query", project_, "岩浆", "--top-k", "3", "--json"});
        QVERIFY2(r.code == 0, r.err.constData());
        const QJsonObject j = r.json();
        QCOMPARE(j["mode"].toString(), QString("bm25"));
        const QJsonArray hits = j["hits"].toArray();
        QVERIFY(!hits.isEmpty() && hits.size() <= 3);
        const QJsonObject top = hits[0].toObject();
        QVERIFY(top["text"].toString().contains("岩浆"));
        QVERIFY(top["chunk_id"].toInt() > 0);
        QVERIFY(top["end"].toInt() > top["start"].toInt());
        QCOMPARE(top["bm25"].toObject()["rank"].toInt(), 1);
        QVERIFY(top["dense"].isNull());
        // Offsets are bytes into the source text (plain .txt: the file itself).
        const QString source = top["source"].toString();
        if (source.endsWith(".txt")) {
            QFile f(source);
            QVERIFY(f.open(QIODevice::ReadOnly));
            const QByteArray bytes = f.readAll();
            QCOMPARE(bytes.mid(top["start"].toInt(), top["end"].toInt() - top["start"].toInt()),
                     top["text"].toString().toUtf8());
        }
        const CliRun text = runLlmwb(llmwb(), {"kb", "query", project_, "quartz"});
        QCOMPARE(text.code, 0);
        QVERIFY(text.out.contains("[1] ") && text.out.contains("Quartz"));
    }

    void reindexAndStats()
    {
        QFile::remove(docs_ + "/page.html");
        const CliRun r = runLlmwb(llmwb(), {"kb", "reindex", project_, "--json"});
        QVERIFY2(r.code == 0, r.err.constData());
        QCOMPARE(r.json()["report"].toObject()["removed"].toInt(), 1);
        const CliRun s = runLlmwb(llmwb(), {"kb", "stats", project_, "--json"});
        QVERIFY2(s.code == 0, s.err.constData());
        const QJsonObject c = s.json()["collections"].toArray()[0].toObject();
        QCOMPARE(c["name"].toString(), QString("default"));
        QCOMPARE(c["documents"].toInt(), 4 + 1 + 2);
        QCOMPARE(c["failed"].toArray().size(), 1);
        QCOMPARE(c["chunking"].toObject()["strategy"].toString(), QString("sentence"));
    }

    void denseAndHybridWithTinyBert()
    {
        const QString bert = testData() + "/models/tiny-bert";
        if (!QDir(bert).exists())
            QSKIP("no tiny-bert fixture");
        const CliRun r = runLlmwb(llmwb(), {"kb", "query", project_, "火成岩", "--embedder", bert, "--mode", "hybrid",
                                            "--top-k", "4", "--json", "--threads", "1"});
        QVERIFY2(r.code == 0, r.err.constData());
        const QJsonObject j = r.json();
        QCOMPARE(j["mode"].toString(), QString("hybrid"));
        QVERIFY(j["embedding"].toObject()["embedded"].toInt() > 0);
        const QJsonArray hits = j["hits"].toArray();
        QCOMPARE(hits.size(), 4);
        for (const auto& h : hits) {
            const QJsonObject o = h.toObject();
            QVERIFY(o["fused"].isDouble());
            QVERIFY(!o["bm25"].isNull() || !o["dense"].isNull());
        }
        // Second run: nothing left to embed.
        const CliRun again = runLlmwb(llmwb(), {"kb", "query", project_, "火成岩", "--embedder", bert, "--mode",
                                                "dense", "--json", "--threads", "1"});
        QVERIFY2(again.code == 0, again.err.constData());
        QCOMPARE(again.json()["embedding"].toObject()["embedded"].toInt(), 0);
        QVERIFY(again.json()["hits"].toArray()[0].toObject()["bm25"].isNull());
    }

    void errorsHaveExitCodes_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("message");
        QTest::newRow("dense without embedder") << QStringList{"kb", "query", "P", "x", "--mode", "dense"} << 2
                                                << "--embedder";
        QTest::newRow("bad mode") << QStringList{"kb", "query", "P", "x", "--mode", "fuzzy"} << 2 << "fuzzy";
        QTest::newRow("bad chunking") << QStringList{"kb", "add", "P", "D", "--chunking", "words"} << 2 << "words";
        QTest::newRow("unknown collection") << QStringList{"kb", "query", "P", "x", "--collection", "nope"} << 1
                                            << "nope";
        QTest::newRow("missing project") << QStringList{"kb", "stats", "/nonexistent/p.llmwb"} << 1
                                         << "/nonexistent/p.llmwb";
        QTest::newRow("bad embedder folder") << QStringList{"kb", "query", "P", "x", "--embedder", "/nonexistent/emb"}
                                             << 1 << "/nonexistent/emb";
    }
    void errorsHaveExitCodes()
    {
        QFETCH(QStringList, args);
        QFETCH(int, code);
        QFETCH(QString, message);
        for (QString& a : args) {
            if (a == "P")
                a = project_;
            if (a == "D")
                a = docs_;
        }
        const CliRun r = runLlmwb(llmwb(), args);
        QCOMPARE(r.code, code);
        QVERIFY2(r.err.contains(message.toUtf8()), r.err.constData());
    }
};

QTEST_GUILESS_MAIN(tst_cli_kb)
#include "tst_cli_kb.moc"
