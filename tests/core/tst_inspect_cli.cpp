// `llmwb inspect` and `llmwb inspect eval` through the real binary: the JSON
// shape (claims, spans with byte and character offsets, detector scores),
// the model-based detector with the tiny-chat fixture, evaluation on the
// HaluEval excerpt and the span fixture, weights saved and reused, and
// errors with the right exit codes.
#include "common/cli_run.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QtTest>

namespace {

QString llmwb()
{
    const QString env = qEnvironmentVariable("LLMWB");
    if (!env.isEmpty()) return env;
    return QCoreApplication::applicationDirPath() + "/../app/llmwb";   // the build tree
}
QString data(const QString& name) { return qEnvironmentVariable("WB_TEST_DATA") + "/" + name; }

} // namespace

class tst_inspect_cli : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        if (!QFileInfo(llmwb()).isExecutable()) QSKIP("llmwb is not built");
        const CliRun help = runLlmwb(llmwb(), {"inspect", "--help"});
        if (help.err.contains("unknown command group 'inspect'"))
            QSKIP("this llmwb does not register 'inspect' yet (app/cli/compute/module.cpp)");
        QCOMPARE(help.code, 0);
        QVERIFY(help.out.startsWith("usage: llmwb inspect"));
    }

    void inspectJson()
    {
        const QString answer = "Marie Curie was born in 1867 in Warsaw. She shared the 1903 Nobel Prize in Physics "
                               "with Albert Einstein.";
        const CliRun r = runLlmwb(llmwb(), {"inspect", "--answer", answer, "--evidence", data("inspect/evidence_en.txt"),
                                            "--json"});
        QCOMPARE(r.code, 0);
        const QJsonObject j = r.json();
        QCOMPARE(j["claims"].toArray().size(), 2);
        const QJsonObject c1 = j["claims"].toArray()[1].toObject();
        QCOMPARE(c1["begin"].toInt(), 40);
        QVERIFY(c1["scores"].toObject().contains("lexical"));
        const QJsonArray spans = j["spans"].toArray();
        QCOMPARE(spans.size(), 1);
        QCOMPARE(spans[0].toObject()["text"].toString(), QString("Albert Einstein"));
        QCOMPARE(spans[0].toObject()["char_begin"].toInt(), answer.indexOf("Albert"));
        QCOMPARE(j["detectors"].toArray().size(), 3);   // lexical, lexical_entities, lexical_numbers
    }

    void chineseOffsetsAreCodePoints()
    {
        const QString answer = "居里夫人出生于华沙。她在1905年获得诺贝尔物理学奖。";
        const CliRun r = runLlmwb(llmwb(), {"inspect", "--answer", answer, "--evidence", data("inspect/evidence_zh.txt"),
                                            "--json"});
        QCOMPARE(r.code, 0);
        const QJsonObject span = r.json()["spans"].toArray()[0].toObject();
        QCOMPARE(span["text"].toString(), QString("1905"));
        QCOMPARE(span["char_begin"].toInt(), answer.indexOf("1905"));   // BMP only: UTF-16 index = code point
        QCOMPARE(span["begin"].toInt(), answer.left(answer.indexOf("1905")).toUtf8().size());
    }

    void withTheModel()
    {
        const CliRun r = runLlmwb(llmwb(), {"inspect", "--answer", "She won the Nobel Prize in 1911.", "--question",
                                            "What did she win?", "--evidence", data("inspect/evidence_en.txt"),
                                            "--model", data("models/tiny-chat"), "--samples", "2", "--threads", "1",
                                            "--json"});
        QCOMPARE(r.code, 0);
        const QJsonObject j = r.json();
        QVERIFY(!j["tokens"].toArray().isEmpty());
        QVERIFY(j["tokens"].toArray()[0].toObject().contains("pmi"));
        const QJsonObject scores = j["claims"].toArray()[0].toObject()["scores"].toObject();
        QVERIFY(scores.contains("model_pmi") && scores.contains("consistency"));
        QCOMPARE(j["samples"].toArray().size(), 2);
    }

    void evalSavesWeightsThatInspectUses()
    {
        QTemporaryDir dir;
        const QString weights = dir.filePath("w.json");
        const CliRun e = runLlmwb(llmwb(), {"inspect", "eval", "--data", data("inspect/halueval_qa_excerpt.jsonl"),
                                            "--format", "halueval", "--folds", "4", "--save-combiner", weights, "--json"});
        QCOMPARE(e.code, 0);
        const QJsonObject j = e.json();
        QCOMPARE(j["examples"].toInt(), 80);
        const QJsonObject held = j["held_out"].toObject();
        for (const char* k : {"precision", "recall", "f1", "auroc"}) QVERIFY2(held.contains(k), k);
        QVERIFY(QFileInfo::exists(weights));
        const CliRun r = runLlmwb(llmwb(), {"inspect", "--answer", "It was founded in 1990.", "--evidence",
                                            data("inspect/evidence_en.txt"), "--combiner", weights, "--json"});
        QCOMPARE(r.code, 0);
        QCOMPARE(r.json()["combiner"].toString(), QString("fitted"));

        const CliRun spans = runLlmwb(llmwb(), {"inspect", "eval", "--data", data("inspect/ragtruth_spans.jsonl"),
                                                "--format", "ragtruth", "--folds", "2", "--json"});
        QCOMPARE(spans.code, 0);
        QVERIFY(spans.json().contains("span_level"));
    }

    void errors()
    {
        QCOMPARE(runLlmwb(llmwb(), {"inspect", "--evidence", data("inspect/evidence_en.txt")}).code, 2);   // no answer
        QCOMPARE(runLlmwb(llmwb(), {"inspect", "frobnicate", "--answer", "x"}).code, 2);
        QCOMPARE(runLlmwb(llmwb(), {"inspect", "eval", "--data", data("inspect/ragtruth_spans.jsonl")}).code, 2);
        const CliRun missing = runLlmwb(llmwb(), {"inspect", "--answer", "x", "--evidence", "/nonexistent/e.txt"});
        QCOMPARE(missing.code, 1);
        QVERIFY(missing.err.contains("/nonexistent/e.txt"));
        const CliRun bad = runLlmwb(llmwb(), {"inspect", "eval", "--data", data("inspect/evidence_en.txt"), "--format",
                                              "halueval"});
        QCOMPARE(bad.code, 1);
        QVERIFY(bad.err.contains("evidence_en.txt:1: invalid JSON"));
    }
};

QTEST_GUILESS_MAIN(tst_inspect_cli)
#include "tst_inspect_cli.moc"
