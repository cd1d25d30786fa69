// Evaluation against labelled data: metrics against hand-computed values,
// the HaluEval and RAGTruth-shaped loaders (fixtures and their error
// messages), and cross-validated evaluation of the model-free detectors on
// the HaluEval excerpt and the span fixture (and the full development set in
// ../shared when it is there).
#include "core/data/record.h"
#include "core/inspect/evaluation.h"

#include <QTemporaryDir>
#include <QtTest>

#include <fstream>

using namespace wb;
using namespace wb::inspect;

namespace {

std::string dataFile(const std::string& name)
{
    return qEnvironmentVariable("WB_TEST_DATA").toStdString() + "/inspect/" + name;
}

std::string errorOf(const std::function<void()>& f)
{
    try {
        f();
    } catch (const Error& e) {
        return e.what();
    }
    return {};
}

std::vector<InspectReport> inspectAll(const std::vector<LabelledAnswer>& examples)
{
    std::vector<InspectReport> reports;
    for (const LabelledAnswer& e : examples) reports.push_back(inspectAnswer({e.question, e.answer, e.evidence}, {}));
    return reports;
}

} // namespace

class tst_inspect_eval : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void binaryMetricsByHand()
    {
        const std::vector<double> s = {0.1, 0.4, 0.35, 0.8, 0.6};
        const std::vector<int> y = {0, 0, 1, 1, 0};
        const BinaryMetrics m = binaryMetrics(s, y, 0.5);   // predicted: 0 0 0 1 1
        QCOMPARE(m.tp, 1);
        QCOMPARE(m.fp, 1);
        QCOMPARE(m.fn, 1);
        QCOMPARE(m.tn, 2);
        QCOMPARE(m.precision, 0.5);
        QCOMPARE(m.recall, 0.5);
        QCOMPARE(m.f1, 0.5);
        QCOMPARE(m.accuracy, 0.6);
        // Nothing predicted: precision and F1 are 0, not NaN.
        const BinaryMetrics none = binaryMetrics(s, y, 2.0);
        QCOMPARE(none.precision, 0.0);
        QCOMPARE(none.f1, 0.0);
        QVERIFY(!errorOf([] { binaryMetrics({0.1}, {0, 1}, 0.5); }).empty());
    }

    void aurocByHand_data()
    {
        QTest::addColumn<std::vector<double>>("scores");
        QTest::addColumn<std::vector<int>>("labels");
        QTest::addColumn<double>("expected");
        // Pairs (pos, neg): 4 of 6 ordered right, none tied.
        QTest::newRow("classic") << std::vector<double>{0.1, 0.4, 0.35, 0.8, 0.6} << std::vector<int>{0, 0, 1, 1, 0}
                                 << 4.0 / 6.0;
        QTest::newRow("perfect") << std::vector<double>{0.1, 0.2, 0.7, 0.9} << std::vector<int>{0, 0, 1, 1} << 1.0;
        QTest::newRow("inverted") << std::vector<double>{0.9, 0.7, 0.2, 0.1} << std::vector<int>{0, 0, 1, 1} << 0.0;
        QTest::newRow("all tied") << std::vector<double>{0.5, 0.5, 0.5} << std::vector<int>{0, 1, 1} << 0.5;
        // pos {0.5, 0.9}, neg {0.5, 0.1}: (0.5 vs 0.5) tie = 0.5, the other three right: 3.5 / 4.
        QTest::newRow("one tie") << std::vector<double>{0.5, 0.9, 0.5, 0.1} << std::vector<int>{1, 1, 0, 0} << 3.5 / 4.0;
    }
    void aurocByHand()
    {
        QFETCH(std::vector<double>, scores);
        QFETCH(std::vector<int>, labels);
        QFETCH(double, expected);
        QCOMPARE(auroc(scores, labels), expected);
    }

    void aurocNeedsBothClasses()
    {
        QVERIFY(errorOf([] { auroc({0.1, 0.2}, {1, 1}); }).find("both") != std::string::npos);
    }

    void bestThreshold()
    {
        const std::vector<double> s = {0.1, 0.4, 0.35, 0.8, 0.6};
        const std::vector<int> y = {0, 0, 1, 1, 0};
        // 0.8 predicts {0.8}: P 1, R 1/2, F1 2/3; 0.35 predicts four: P 1/2, R 1, F1 2/3 too.
        // The tie goes to the higher threshold.
        QCOMPARE(bestF1Threshold(s, y), 0.8);
        QCOMPARE(bestF1Threshold({0.1, 0.4, 0.35, 0.8, 0.6}, {0, 0, 1, 1, 1}), 0.35);   // F1 6/7
    }

    void spanMetricsByHand()
    {
        // Example 1: predicted [0,10), gold [5,15): overlap 5. Example 2: predicted [0,5)+[3,8) = 8 chars, no gold.
        const SpanMetrics m = spanMetrics({{{0, 10}}, {{0, 5}, {3, 8}}}, {{{5, 15}}, {}});
        QCOMPARE(m.predicted, size_t(18));
        QCOMPARE(m.gold, size_t(10));
        QCOMPARE(m.overlap, size_t(5));
        QCOMPARE(m.precision, 5.0 / 18.0);
        QCOMPARE(m.recall, 0.5);
        QCOMPARE(m.f1, 2 * (5.0 / 18.0) * 0.5 / (5.0 / 18.0 + 0.5));
    }

    void loadsHaluEval()
    {
        const std::vector<LabelledAnswer> a = loadHaluEvalQa(dataFile("halueval_qa_excerpt.jsonl"));
        QCOMPARE(a.size(), size_t(80));
        QCOMPARE(a[0].answer, std::string("Arthur's Magazine"));
        QVERIFY(!a[0].hallucinated);
        QCOMPARE(a[1].answer, std::string("First for Women was started first."));
        QVERIFY(a[1].hallucinated);
        QCOMPARE(a[0].group, a[1].group);
        QCOMPARE(a[0].evidence, a[1].evidence);
        QVERIFY(a[0].evidence[0].rfind("Arthur's Magazine (1844", 0) == 0);
        QVERIFY(!a[0].hasSpans);
        QCOMPARE(loadHaluEvalQa(dataFile("halueval_qa_excerpt.jsonl"), 3).size(), size_t(6));
    }

    void loadsRagTruthShape()
    {
        const std::vector<LabelledAnswer> a = loadLabelled(dataFile("ragtruth_spans.jsonl"), "ragtruth");
        QCOMPARE(a.size(), size_t(6));
        QCOMPARE(a[0].id, std::string("en-grounded"));
        QVERIFY(!a[0].hallucinated && a[0].hasSpans);
        QCOMPARE(a[1].evidence.size(), size_t(2));
        QVERIFY(a[1].hallucinated);
        // Code points in the file, bytes in memory: "1921" in the Chinese response.
        QCOMPARE(a[4].spans.size(), size_t(1));
        QCOMPARE(a[4].spans[0].first, size_t(15));
        QCOMPARE(a[4].answer.substr(a[4].spans[0].first, a[4].spans[0].second - a[4].spans[0].first), std::string("1921"));
    }

    void badFiles_data()
    {
        QTest::addColumn<QString>("format");
        QTest::addColumn<QString>("content");
        QTest::addColumn<QString>("message");
        QTest::newRow("halueval bad json") << "halueval" << "{\"question\": \n" << ":1: invalid JSON";
        QTest::newRow("halueval missing field")
            << "halueval" << "{\"knowledge\":\"k\",\"question\":\"q\",\"right_answer\":\"r\"}\n" << ":1: missing field 'hallucinated_answer'";
        QTest::newRow("halueval number field")
            << "halueval" << "\n{\"knowledge\":1,\"question\":\"q\",\"right_answer\":\"r\",\"hallucinated_answer\":\"h\"}\n"
            << ":2: field 'knowledge' must be a string";
        QTest::newRow("halueval empty") << "halueval" << "\n\n" << "no records";
        QTest::newRow("ragtruth span beyond")
            << "ragtruth" << "{\"context\":\"c\",\"response\":\"abc\",\"labels\":[{\"start\":1,\"end\":9}]}\n"
            << ":1: labels[0]: range [1, 9) is empty or beyond the response's 3 characters";
        QTest::newRow("ragtruth text mismatch")
            << "ragtruth" << "{\"context\":\"c\",\"response\":\"abc\",\"labels\":[{\"start\":0,\"end\":2,\"text\":\"bc\"}]}\n"
            << "'text' is not the response's characters 0 to 2 ('ab')";
        QTest::newRow("ragtruth negative")
            << "ragtruth" << "{\"context\":\"c\",\"response\":\"abc\",\"labels\":[{\"start\":-1,\"end\":2}]}\n"
            << "non-negative integer 'start' and 'end'";
        QTest::newRow("ragtruth context")
            << "ragtruth" << "{\"context\":[1],\"response\":\"abc\",\"labels\":[]}\n" << "field 'context' must hold strings";
        QTest::newRow("ragtruth no labels") << "ragtruth" << "{\"context\":\"c\",\"response\":\"abc\"}\n" << "'labels'";
        QTest::newRow("unknown format") << "squad" << "{}\n" << "unknown labelled-data format 'squad'";
    }
    void badFiles()
    {
        QFETCH(QString, format);
        QFETCH(QString, content);
        QFETCH(QString, message);
        QTemporaryDir dir;
        const std::string path = dir.filePath("bad.jsonl").toStdString();
        std::ofstream(path) << content.toStdString();
        const std::string e = errorOf([&] { loadLabelled(path, format.toStdString()); });
        QVERIFY2(e.find(message.toStdString()) != std::string::npos, e.c_str());
        if (format != "squad") QVERIFY2(e.find(path) != std::string::npos, e.c_str());
        QVERIFY(errorOf([&] { loadHaluEvalQa(path + ".missing"); }).find("cannot open") != std::string::npos);
    }

    void crossValidatedOnHaluEvalExcerpt()
    {
        const std::vector<LabelledAnswer> a = loadHaluEvalQa(dataFile("halueval_qa_excerpt.jsonl"));
        const std::vector<InspectReport> reports = inspectAll(a);
        EvalOptions o;
        o.folds = 4;
        const EvalReport r = evaluate(a, reports, o);
        QCOMPARE(r.examples, size_t(80));
        QCOMPARE(r.hallucinated, size_t(40));
        QCOMPARE(r.features, (std::vector<std::string>{"lexical", "lexical_entities", "lexical_numbers"}));
        // The lexical detector separates HaluEval's answers better than chance.
        QVERIFY2(r.detectorAuroc.at("lexical") > 0.6, qPrintable(QString::number(r.detectorAuroc.at("lexical"))));
        QVERIFY(r.heldOutAuroc > 0.55);
        QCOMPARE(r.heldOut.tp + r.heldOut.fp + r.heldOut.fn + r.heldOut.tn, 80);
        QVERIFY(!r.spans.has_value());   // HaluEval has no span labels
        // Deterministic.
        const EvalReport again = evaluate(a, reports, o);
        QCOMPARE(again.heldOutScores, r.heldOutScores);
        const nlohmann::json j = r.toJson();
        QVERIFY(j["held_out"].contains("f1") && j["held_out"].contains("auroc") && j.contains("combiner"));
    }

    void spanLevelOnRagTruthFixture()
    {
        const std::vector<LabelledAnswer> a = loadRagTruthSpans(dataFile("ragtruth_spans.jsonl"));
        const std::vector<InspectReport> reports = inspectAll(a);
        EvalOptions o;
        o.folds = 2;
        o.features = {"lexical"};
        const EvalReport r = evaluate(a, reports, o);
        QVERIFY(r.spans.has_value());
        QVERIFY(r.spans->gold > 0);
        QCOMPARE(r.spans->gold, size_t(4 + 44 + 4 + 4));
        // Predicted ranges of the Chinese wrong-number response under the full-data model are exactly "1921".
        const Ranges p = predictedRanges(reports[4], a[4].answer, r.model, r.threshold);
        QCOMPARE(p.size(), size_t(1));
        QCOMPARE(p[0], (std::pair<size_t, size_t>{5, 9}));
        QVERIFY(r.detectorAuroc.at("lexical") == 1.0);
    }

    void evaluationErrors()
    {
        const std::vector<LabelledAnswer> a = loadRagTruthSpans(dataFile("ragtruth_spans.jsonl"));
        QVERIFY(errorOf([&] { evaluate(a, {}, {}); }).find("inspections") != std::string::npos);
        EvalOptions o;
        o.features = {"model_pmi"};
        QVERIFY(errorOf([&] { evaluate(a, inspectAll(a), o); }).find("lacks the detector score 'model_pmi'") !=
                std::string::npos);
    }

    void fullDevelopmentSet()
    {
        const QString shared = qEnvironmentVariable("WB_SHARED_DATASETS");
        const std::string path = shared.toStdString() + "/halueval-qa/qa_one-turn_data.json";
        if (shared.isEmpty() || !std::ifstream(path)) QSKIP("../shared/datasets/halueval-qa is not here");
        const std::vector<LabelledAnswer> a = loadHaluEvalQa(path);
        QCOMPARE(a.size(), size_t(1000));
        const EvalReport r = evaluate(a, inspectAll(a), {});
        qInfo("HaluEval QA, model-free detectors: held-out F1 %.3f AUROC %.3f", r.heldOut.f1, r.heldOutAuroc);
        QVERIFY(r.heldOutAuroc > 0.6);
    }
};

QTEST_APPLESS_MAIN(tst_inspect_eval)
#include "tst_inspect_eval.moc"
