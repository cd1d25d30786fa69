// `llmwb embed train|encode` through the real binary (the embed group lives in
// the llmwb_compute module): training on labelled pairs, a SQuAD file and a
// corpus, the JSON report, the folder it writes, encoding with it (unit
// vectors; the same seed gives the same vectors, another seed others; a
// question is nearer its own passage than another's), and the errors.
#include "common/cli_run.h"

#include <QFile>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

namespace {

QString llmwb() { return qEnvironmentVariable("LLMWB"); }
QString testData() { return qEnvironmentVariable("WB_TEST_DATA", WB_SOURCE_DIR "/tests/data"); }

std::vector<std::vector<double>> vectorsOf(const CliRun& r)
{
    std::vector<std::vector<double>> out;
    for (const QJsonValue& v : r.json()["vectors"].toArray()) {
        std::vector<double> row;
        for (const QJsonValue& x : v.toArray()) row.push_back(x.toDouble());
        out.push_back(row);
    }
    return out;
}

double dot(const std::vector<double>& a, const std::vector<double>& b)
{
    double s = 0;
    for (size_t i = 0; i < a.size(); ++i) s += a[i] * b[i];
    return s;
}

} // namespace

class tst_cli_embed : public QObject {
    Q_OBJECT

private:
    QTemporaryDir tmp_;

    // Small and quick: 32 dimensions over 8,192 buckets.
    CliRun train(const QString& out, const QString& seed)
    {
        return runLlmwb(llmwb(), {"embed", "train", "--out", out, "--pairs", testData() + "/embed/pairs.jsonl",
                                  "--pairs", testData() + "/embed/cmrc2018_trial_excerpt.json", "--corpus",
                                  testData() + "/embed/cmrc2018_trial_excerpt.json", "--epochs", "3", "--dim", "32",
                                  "--buckets", "8192", "--seed", seed, "--json"});
    }
    CliRun encode(const QString& dir, const QStringList& texts)
    {
        QStringList args{"embed", "encode", dir, "--json"};
        for (const QString& t : texts) args << "--text" << t;
        return runLlmwb(llmwb(), args);
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(!llmwb().isEmpty()); }

    void trainWritesAFolderAndReport()
    {
        const QString out = tmp_.filePath("emb-a");
        const CliRun r = train(out, "7");
        QVERIFY2(r.code == 0, r.err.constData());
        const QJsonObject j = r.json();
        QCOMPARE(j["out"].toString(), out);
        QCOMPARE(j["dim"].toInt(), 32);
        QCOMPARE(j["buckets"].toInt(), 8192);
        // 3 labelled pairs in pairs.jsonl (and a blank line) + 250 question -> context pairs.
        QCOMPARE(j["labelled_pairs"].toInt(), 3 + 250);
        QVERIFY(j["inverse_cloze_pairs"].toInt() > 0);
        QCOMPARE(j["pairs"].toInt(), j["labelled_pairs"].toInt() + j["inverse_cloze_pairs"].toInt());
        QVERIFY(j["steps"].toInt() > 0);
        QVERIFY2(j["last_epoch_loss"].toDouble() < j["first_epoch_loss"].toDouble(), r.out.constData());
        QVERIFY(QFile::exists(out + "/embedder.json"));
        QVERIFY(QFile::exists(out + "/weights.safetensors"));
    }

    void encodeGivesUnitVectorsThatRank()
    {
        const QString dir = tmp_.filePath("emb-a");
        QVERIFY(QFile::exists(dir + "/embedder.json"));
        const QStringList texts{"What is the capital of France?",
                                "Paris is the capital and largest city of France.",
                                "Seven is a prime number."};
        const CliRun r = encode(dir, texts);
        QVERIFY2(r.code == 0, r.err.constData());
        QCOMPARE(r.json()["dim"].toInt(), 32);
        QVERIFY(!r.json()["key"].toString().isEmpty());
        const auto v = vectorsOf(r);
        QCOMPARE(v.size(), size_t(3));
        for (const auto& row : v) {
            QCOMPARE(row.size(), size_t(32));
            QVERIFY(std::abs(dot(row, row) - 1.0) < 1e-4);
        }
        // A trained pair: the question is nearer its passage than an unrelated text.
        QVERIFY2(dot(v[0], v[1]) > dot(v[0], v[2]),
                 qPrintable(QString("%1 vs %2").arg(dot(v[0], v[1])).arg(dot(v[0], v[2]))));

        // Plain output: one line of 32 numbers per text.
        const CliRun plain = runLlmwb(llmwb(), {"embed", "encode", dir, "--text", texts[0]});
        QCOMPARE(plain.code, 0);
        const QList<QByteArray> lines = plain.out.trimmed().split('\n');
        QCOMPARE(lines.size(), 1);
        QCOMPARE(lines[0].split(' ').size(), 32);
    }

    void sameSeedSameVectors()
    {
        QVERIFY2(train(tmp_.filePath("emb-b"), "7").code == 0, "second training run");
        QVERIFY2(train(tmp_.filePath("emb-c"), "8").code == 0, "third training run");
        const QStringList texts{"长城有多长？"};
        const auto a = vectorsOf(encode(tmp_.filePath("emb-a"), texts));
        const auto b = vectorsOf(encode(tmp_.filePath("emb-b"), texts));
        const auto c = vectorsOf(encode(tmp_.filePath("emb-c"), texts));
        QCOMPARE(a.size(), size_t(1));
        QCOMPARE(a, b);
        QVERIFY(a != c);
    }

    void errors()
    {
        CliRun r = runLlmwb(llmwb(), {"embed", "train", "--pairs", testData() + "/embed/pairs.jsonl"});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("--out"), r.err.constData());

        r = runLlmwb(llmwb(), {"embed", "train", "--out", tmp_.filePath("bad"), "--pairs",
                               testData() + "/embed/bad_pairs.jsonl"});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("bad_pairs.jsonl:2"), r.err.constData());
        QVERIFY(!QFile::exists(tmp_.filePath("bad") + "/embedder.json"));   // nothing written

        r = runLlmwb(llmwb(), {"embed", "train", "--out", tmp_.filePath("bad"), "--pairs", tmp_.filePath("none.jsonl")});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("none.jsonl"), r.err.constData());

        r = runLlmwb(llmwb(), {"embed", "train", "--out", tmp_.filePath("bad"), "--pairs",
                               testData() + "/embed/pairs.jsonl", "--dim", "3"});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("dim"), r.err.constData());

        r = runLlmwb(llmwb(), {"embed", "encode", tmp_.filePath("missing"), "--text", "x"});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("missing"), r.err.constData());

        r = runLlmwb(llmwb(), {"embed", "encode", tmp_.filePath("emb-a")});
        QCOMPARE(r.code, 2);
    }
};

QTEST_GUILESS_MAIN(tst_cli_embed)
#include "tst_cli_embed.moc"
