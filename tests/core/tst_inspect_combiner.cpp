// The combiner: logistic regression with an L2 penalty against scikit-learn's
// fit of the same data (tests/data/inspect/combiner_reference.json, written by
// make_combiner_reference.py), raw and standardised; deterministic; JSON round
// trip and the errors of bad JSON and bad training data.
#include "core/data/record.h"
#include "core/inspect/combiner.h"

#include <QtTest>

#include <fstream>

using namespace wb;
using namespace wb::inspect;

namespace {

nlohmann::json reference()
{
    std::ifstream in(qEnvironmentVariable("WB_TEST_DATA").toStdString() + "/inspect/combiner_reference.json");
    return nlohmann::json::parse(in);
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

} // namespace

class tst_inspect_combiner : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void matchesSklearn_data()
    {
        QTest::addColumn<int>("fit");
        QTest::addColumn<bool>("standardise");
        QTest::newRow("l2=1 raw") << 0 << false;
        QTest::newRow("l2=1 standardised") << 0 << true;
        QTest::newRow("l2=0.1 raw") << 1 << false;
        QTest::newRow("l2=0.1 standardised") << 1 << true;
    }
    void matchesSklearn()
    {
        QFETCH(int, fit);
        QFETCH(bool, standardise);
        const nlohmann::json ref = reference();
        const auto features = ref["features"].get<std::vector<std::string>>();
        const auto rows = ref["rows"].get<std::vector<std::vector<double>>>();
        const auto labels = ref["labels"].get<std::vector<int>>();
        const nlohmann::json& f = ref["fits"][size_t(fit)];
        const nlohmann::json& expected = f[standardise ? "standardised" : "raw"];
        LogisticFitOptions o;
        o.l2 = f["l2"].get<double>();
        o.standardise = standardise;
        const LogisticModel m = fitLogistic(features, rows, labels, o);
        const auto w = expected["weights"].get<std::vector<double>>();
        for (size_t j = 0; j < w.size(); ++j) QVERIFY2(std::abs(m.weights[j] - w[j]) < 1e-6, qPrintable(QString::number(m.weights[j])));
        QVERIFY(std::abs(m.bias - expected["bias"].get<double>()) < 1e-6);
        if (standardise) {
            const auto mean = expected["mean"].get<std::vector<double>>();
            const auto scale = expected["scale"].get<std::vector<double>>();
            for (size_t j = 0; j < mean.size(); ++j) {
                QVERIFY(std::abs(m.mean[j] - mean[j]) < 1e-12);
                QVERIFY(std::abs(m.scale[j] - scale[j]) < 1e-12);
            }
        }
        const auto p = expected["probabilities"].get<std::vector<double>>();
        for (size_t i = 0; i < rows.size(); ++i) QVERIFY(std::abs(m.predict(rows[i]) - p[i]) < 1e-8);
        // Deterministic: the same data gives the same weights, bit for bit.
        const LogisticModel again = fitLogistic(features, rows, labels, o);
        QCOMPARE(again.weights, m.weights);
        QCOMPARE(again.bias, m.bias);
    }

    void jsonRoundTrip()
    {
        const nlohmann::json ref = reference();
        const LogisticModel m = fitLogistic(ref["features"].get<std::vector<std::string>>(),
                                            ref["rows"].get<std::vector<std::vector<double>>>(),
                                            ref["labels"].get<std::vector<int>>());
        const LogisticModel back = LogisticModel::fromJson(nlohmann::json::parse(m.toJson().dump()), "test");
        QCOMPARE(back.features, m.features);
        QCOMPARE(back.weights, m.weights);
        QCOMPARE(back.mean, m.mean);
        QCOMPARE(back.scale, m.scale);
        QCOMPARE(back.bias, m.bias);
        QCOMPARE(back.l2, m.l2);
        const std::map<std::string, double> named = {{"lexical", 0.5}, {"semantic", 0.3}, {"model_pmi", 0.1}, {"x", 9}};
        QVERIFY(back.covers(named));
        QCOMPARE(back.predict(named), m.predict(std::vector<double>{0.5, 0.3, 0.1}));
        QVERIFY(errorOf([&] { back.predict(std::map<std::string, double>{{"lexical", 1}}); }).find("'semantic'") !=
                std::string::npos);
    }

    void badJson_data()
    {
        QTest::addColumn<QString>("json");
        QTest::addColumn<QString>("message");
        QTest::newRow("not an object") << "[1]" << "must be a JSON object";
        QTest::newRow("wrong kind") << R"({"kind":"tree"})" << "'kind'";
        QTest::newRow("no features") << R"({"kind":"logistic"})" << "'features'";
        QTest::newRow("short weights")
            << R"({"kind":"logistic","features":["a","b"],"mean":[0,0],"scale":[1,1],"weights":[1],"bias":0})"
            << "'weights'";
        QTest::newRow("zero scale")
            << R"({"kind":"logistic","features":["a"],"mean":[0],"scale":[0],"weights":[1],"bias":0})" << "'scale'";
        QTest::newRow("no bias") << R"({"kind":"logistic","features":["a"],"mean":[0],"scale":[1],"weights":[1]})"
                                 << "'bias'";
        QTest::newRow("text weight")
            << R"({"kind":"logistic","features":["a"],"mean":[0],"scale":[1],"weights":["x"],"bias":0})" << "'weights'";
    }
    void badJson()
    {
        QFETCH(QString, json);
        QFETCH(QString, message);
        const std::string e = errorOf([&] { LogisticModel::fromJson(nlohmann::json::parse(json.toStdString()), "w.json"); });
        QVERIFY2(e.find("w.json") != std::string::npos && e.find(message.toStdString()) != std::string::npos, e.c_str());
    }

    void badTrainingData()
    {
        QVERIFY(errorOf([] { fitLogistic({"a"}, {}, {}); }).find("no training rows") != std::string::npos);
        QVERIFY(errorOf([] { fitLogistic({"a"}, {{1}, {2, 3}}, {0, 1}); }).find("row 1") != std::string::npos);
        QVERIFY(errorOf([] { fitLogistic({"a"}, {{1}, {2}}, {0}); }).find("labels") != std::string::npos);
    }

    void separableDataStaysFinite()
    {
        // With the L2 penalty, perfectly separable data still has a finite optimum.
        const LogisticModel m = fitLogistic({"a"}, {{0}, {0.1}, {0.9}, {1}}, {0, 0, 1, 1});
        QVERIFY(std::isfinite(m.weights[0]) && m.weights[0] > 0);
        QVERIFY(m.predict(std::vector<double>{1}) > 0.5 && m.predict(std::vector<double>{0}) < 0.5);
    }
};

QTEST_APPLESS_MAIN(tst_inspect_combiner)
#include "tst_inspect_combiner.moc"
