// The RAG prompt template (passages numbered [1], [2] ... with an instruction
// to cite them) and the parsing of citations in answers back to chunk ids.
#include "core/data/record.h"
#include "core/infer/rag_prompt.h"

#include <QTest>

#include <vector>

using namespace wb;
using Ints = std::vector<int>;
using Ids = std::vector<int64_t>;
Q_DECLARE_METATYPE(Ints)

class tst_rag_prompt : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void rendersNumberedPassages()
    {
        const std::vector<RagPassage> passages = {{11, "a.md", "Basalt is volcanic."}, {7, "", "玄武岩是火山岩。"}};
        QCOMPARE(QString::fromStdString(renderPassages(passages)),
                 QStringLiteral("[1] (a.md)\nBasalt is volcanic.\n\n[2]\n玄武岩是火山岩。"));
        const std::string prompt =
            renderRagPrompt("Use these {count}:\n{passages}\nQ: {question}", passages, "What is basalt?");
        QCOMPARE(QString::fromStdString(prompt),
                 QStringLiteral("Use these 2:\n[1] (a.md)\nBasalt is volcanic.\n\n[2]\n玄武岩是火山岩。\nQ: What is basalt?"));
    }

    void defaultTemplatesAskForCitations()
    {
        for (bool chinese : {false, true}) {
            const std::string t = defaultRagTemplate(chinese);
            QVERIFY(t.find("{passages}") != std::string::npos);
            QVERIFY(t.find("{question}") != std::string::npos);
            QVERIFY(t.find("[1]") != std::string::npos);
            const std::string p = renderRagPrompt(t, {{1, "s", "passage text"}}, "question text");
            QVERIFY(p.find("[1] (s)\npassage text") != std::string::npos);
            QVERIFY(p.find("question text") != std::string::npos);
            QVERIFY(p.find("{") == std::string::npos);
        }
    }

    void passageTextIsNotExpanded()
    {
        // A passage that contains a placeholder stays as it is.
        const std::string p = renderRagPrompt("{passages}|{question}", {{1, "", "see {question}"}}, "Q");
        QCOMPARE(QString::fromStdString(p), QStringLiteral("[1]\nsee {question}|Q"));
    }

    void templateWithoutPlaceholdersIsAnError_data()
    {
        QTest::addColumn<QString>("tmpl");
        QTest::addColumn<QString>("missing");
        QTest::newRow("no passages") << "Q: {question}" << "{passages}";
        QTest::newRow("no question") << "{passages}" << "{question}";
    }
    void templateWithoutPlaceholdersIsAnError()
    {
        QFETCH(QString, tmpl);
        QFETCH(QString, missing);
        try {
            renderRagPrompt(tmpl.toStdString(), {}, "q");
            QFAIL("no error");
        } catch (const Error& e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains(missing), e.what());
        }
    }

    void parsesCitations_data()
    {
        QTest::addColumn<QString>("answer");
        QTest::addColumn<int>("max");
        QTest::addColumn<Ints>("numbers");
        QTest::newRow("one") << "Basalt is volcanic [1]." << 0 << Ints{1};
        QTest::newRow("two") << "A [1]. B [2]." << 0 << Ints{1, 2};
        QTest::newRow("adjacent") << "Both [1][3]." << 0 << Ints{1, 3};
        QTest::newRow("list") << "Both [2, 1]." << 0 << Ints{2, 1};
        QTest::newRow("range") << "All [2-4]." << 0 << Ints{2, 3, 4};
        QTest::newRow("lenticular") << "玄武岩是火山岩【1】。" << 0 << Ints{1};
        QTest::newRow("fullwidth square") << "见［2］和【1，3】" << 0 << Ints{2, 1, 3};
        QTest::newRow("repeated once") << "[1] and again [1]" << 0 << Ints{1};
        QTest::newRow("markdown link") << "see [1](http://x) only" << 0 << Ints{};
        QTest::newRow("not numbers") << "[a] [1a] [] [ ] [1,] [-1]" << 0 << Ints{};
        QTest::newRow("zero") << "[0]" << 0 << Ints{};
        QTest::newRow("above max") << "[1] [5]" << 3 << Ints{1};
        QTest::newRow("unclosed") << "[1 and [2]" << 0 << Ints{2};
        QTest::newRow("empty") << "" << 0 << Ints{};
    }
    void parsesCitations()
    {
        QFETCH(QString, answer);
        QFETCH(int, max);
        QFETCH(Ints, numbers);
        QCOMPARE(citedNumbers(answer.toStdString(), max), numbers);
    }

    void marksHaveByteRanges()
    {
        const std::string a = "岩【1】 and [2, 3].";
        const auto marks = findCitations(a);
        QCOMPARE(marks.size(), size_t(2));
        QCOMPARE(QString::fromStdString(a.substr(marks[0].begin, marks[0].end - marks[0].begin)), QStringLiteral("【1】"));
        QCOMPARE(QString::fromStdString(a.substr(marks[1].begin, marks[1].end - marks[1].begin)), QStringLiteral("[2, 3]"));
        QCOMPARE(marks[1].numbers, (Ints{2, 3}));
    }

    void citationsMapToChunkIds()
    {
        const Ids ids = {40, 17, 99};
        QCOMPARE(citedChunkIds("x [1] y [3] z [1][2] w [4]", ids), (Ids{40, 99, 17}));
        QCOMPARE(citedChunkIds("【2】", ids), (Ids{17}));
        QCOMPARE(citedChunkIds("[1]", {}), Ids{});
    }

    void chunkIdsRoundTripThroughStats()
    {
        const std::string stats = R"({"tokens":12,"stop":"eos"})";
        const std::string with = withRagChunks(stats, 5, {40, 17});
        QCOMPARE(ragChunkIds(with), (Ids{40, 17}));
        QCOMPARE(ragCollectionId(with), int64_t(5));
        QVERIFY(with.find("\"tokens\":12") != std::string::npos);   // the stats stay
        QCOMPARE(ragChunkIds(withRagChunks("", 1, {3})), (Ids{3}));
        QCOMPARE(ragChunkIds(withRagChunks("not json", 1, {3})), (Ids{3}));
        QCOMPARE(ragChunkIds(stats), Ids{});
        QCOMPARE(ragChunkIds(""), Ids{});
        QCOMPARE(ragChunkIds("{\"rag\": 3}"), Ids{});
        QCOMPARE(ragChunkIds("{\"rag\": {\"chunk_ids\": [1, \"x\", 2]}}"), (Ids{1, 2}));
        QCOMPARE(ragCollectionId("[1]"), int64_t(0));
    }
};

QTEST_APPLESS_MAIN(tst_rag_prompt)
#include "tst_rag_prompt.moc"
