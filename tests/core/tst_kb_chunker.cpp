// Chunking: every strategy's offsets round-trip (text.substr(begin, end - begin)
// is the chunk) on English, Chinese and markdown; sentence ends in both
// languages; markdown sections and code fences; token windows with overlap;
// bad options are errors.
#include "core/retrieval/chunker.h"
#include "core/data/record.h"

#include <QtTest>

using namespace wb;

namespace {

const std::string kEnglish =
    "Plate tectonics explains how the lithosphere moves. The lithosphere is broken into plates.\n\n"
    "Earthquakes happen where plates meet. Volcanoes form at subduction zones! Do mountains grow? Yes, e.g. 3.5 mm.\n";
const std::string kChinese =
    "地质学是研究地球的科学。它研究岩石、矿物和地层！板块构造理论解释了地震的成因？\n\n沉积岩由沉积物压实形成；火成岩由岩浆冷却形成。";
const std::string kMarkdown =
    "Intro text.\n\n# Minerals\n\nQuartz is hard.\n\n```\n# not a heading\n```\n\n## Feldspar ##\n\nCommon.\n\n# 沉积岩\n\n砂岩。\n";

std::vector<std::string> texts(const std::string& text, const std::vector<ChunkSpan>& spans)
{
    std::vector<std::string> out;
    for (const ChunkSpan& s : spans)
        out.push_back(text.substr(s.begin, s.end - s.begin));
    return out;
}

} // namespace

class tst_kb_chunker : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void offsetsRoundTrip_data()
    {
        QTest::addColumn<QString>("strategy");
        QTest::addColumn<int>("textIndex");
        QTest::addColumn<int>("maxTokens");
        for (const char* s : {"tokens", "paragraph", "heading", "sentence"})
            for (int t = 0; t < 3; ++t)
                for (int max : {3, 8, 200})
                    QTest::addRow("%s-%d-%d", s, t, max) << QString(s) << t << max;
    }
    void offsetsRoundTrip()
    {
        QFETCH(QString, strategy);
        QFETCH(int, textIndex);
        QFETCH(int, maxTokens);
        const std::string& text = textIndex == 0 ? kEnglish : textIndex == 1 ? kChinese : kMarkdown;
        ChunkOptions o;
        o.strategy = chunkStrategyFromString(strategy.toStdString());
        o.maxTokens = maxTokens;
        o.overlapTokens = maxTokens / 3;
        const auto spans = chunkText(text, o);
        QVERIFY(!spans.empty());
        for (const ChunkSpan& s : spans) {
            QVERIFY(s.begin < s.end);
            QVERIFY(s.end <= text.size());
            // On code point boundaries: neither end splits a UTF-8 sequence.
            QVERIFY((static_cast<unsigned char>(text[s.begin]) & 0xC0) != 0x80);
            QVERIFY(s.end == text.size() || (static_cast<unsigned char>(text[s.end]) & 0xC0) != 0x80);
            const std::string chunk = text.substr(s.begin, s.end - s.begin);
            QVERIFY2(QString::fromStdString(chunk).trimmed() == QString::fromStdString(chunk), chunk.c_str());
            QVERIFY(approximateTokens(chunk).size() <= size_t(maxTokens));
        }
        // Every token of the text lies in some chunk (nothing lost).
        for (auto [b, e] : approximateTokens(text)) {
            bool covered = false;
            for (const ChunkSpan& s : spans)
                covered = covered || (b >= s.begin && e <= s.end);
            QVERIFY2(covered, text.substr(b, e - b).c_str());
        }
    }

    void approximateTokensCountsCjkCharsAndWords()
    {
        const std::string t = "Hello, world 地质学 3.5";
        std::vector<std::string> got;
        for (auto [b, e] : approximateTokens(t))
            got.push_back(t.substr(b, e - b));
        const std::vector<std::string> want = {"Hello", ",", "world", "地", "质", "学", "3", ".", "5"};
        QCOMPARE(got, want);
    }

    void tokenWindowsOverlap()
    {
        const std::string t = "a b c d e f g h i j";
        ChunkOptions o{ChunkStrategy::Tokens, 4, 1};
        const std::vector<std::string> want = {"a b c d", "d e f g", "g h i j"};
        QCOMPARE(texts(t, chunkText(t, o)), want);
        o.overlapTokens = 0;
        const std::vector<std::string> noOverlap = {"a b c d", "e f g h", "i j"};
        QCOMPARE(texts(t, chunkText(t, o)), noOverlap);
    }

    void chineseSentences()
    {
        ChunkOptions o{ChunkStrategy::Sentence, 1000, 0};
        o.maxTokens = 15;   // one sentence each (the longest has 15 tokens, two have 24)
        const std::vector<std::string> want = {"地质学是研究地球的科学。", "它研究岩石、矿物和地层！",
                                               "板块构造理论解释了地震的成因？", "沉积岩由沉积物压实形成；",
                                               "火成岩由岩浆冷却形成。"};
        QCOMPARE(texts(kChinese, chunkText(kChinese, o)), want);
    }

    void englishSentencesKeepDecimalsAndPack()
    {
        ChunkOptions o{ChunkStrategy::Sentence, 12, 0};
        const auto got = texts(kEnglish, chunkText(kEnglish, o));
        // 8, 7, 6, 6, 4 and 11 tokens packed into chunks of at most 12.
        const std::vector<std::string> want = {
            "Plate tectonics explains how the lithosphere moves.", "The lithosphere is broken into plates.",
            "Earthquakes happen where plates meet. Volcanoes form at subduction zones!", "Do mountains grow?",
            "Yes, e.g. 3.5 mm."};
        QCOMPARE(got, want);
    }

    void paragraphs()
    {
        ChunkOptions o{ChunkStrategy::Paragraph, 200, 0};
        const auto got = texts(kChinese, chunkText(kChinese, o));
        QCOMPARE(got.size(), size_t(2));
        QCOMPARE(got[1], std::string("沉积岩由沉积物压实形成；火成岩由岩浆冷却形成。"));
    }

    void markdownHeadings()
    {
        ChunkOptions o{ChunkStrategy::Heading, 200, 0};
        const auto spans = chunkText(kMarkdown, o);
        QCOMPARE(spans.size(), size_t(4));
        QCOMPARE(spans[0].heading, std::string());
        QCOMPARE(kMarkdown.substr(spans[0].begin, spans[0].end - spans[0].begin), std::string("Intro text."));
        QCOMPARE(spans[1].heading, std::string("Minerals"));
        // The fenced "# not a heading" stays inside the Minerals section.
        QVERIFY(kMarkdown.substr(spans[1].begin, spans[1].end - spans[1].begin).find("# not a heading")
                != std::string::npos);
        QCOMPARE(spans[2].heading, std::string("Feldspar"));
        QCOMPARE(spans[3].heading, std::string("沉积岩"));
        QCOMPARE(kMarkdown.substr(spans[3].begin, spans[3].end - spans[3].begin), std::string("# 沉积岩\n\n砂岩。"));
    }

    void emptyAndWhitespaceOnly()
    {
        for (ChunkStrategy s : {ChunkStrategy::Tokens, ChunkStrategy::Paragraph, ChunkStrategy::Heading,
                                ChunkStrategy::Sentence}) {
            QVERIFY(chunkText("", {s, 10, 2}).empty());
            QVERIFY(chunkText(" \n\n\t　\n", {s, 10, 2}).empty());
        }
    }

    void invalidUtf8StaysOnByteBoundaries()
    {
        const std::string t = "ab\xff\xfe cd \xe5\x9c";   // stray bytes and a cut-off sequence
        const auto spans = chunkText(t, {ChunkStrategy::Tokens, 2, 0});
        QVERIFY(!spans.empty());
        QCOMPARE(spans.back().end, t.size());
    }

    void badOptions_data()
    {
        QTest::addColumn<int>("maxTokens");
        QTest::addColumn<int>("overlap");
        QTest::addColumn<QString>("message");
        QTest::newRow("zero max") << 0 << 0 << "max tokens";
        QTest::newRow("overlap = max") << 4 << 4 << "overlap";
        QTest::newRow("negative overlap") << 4 << -1 << "overlap";
    }
    void badOptions()
    {
        QFETCH(int, maxTokens);
        QFETCH(int, overlap);
        QFETCH(QString, message);
        try {
            chunkText("text", {ChunkStrategy::Tokens, maxTokens, overlap});
            QFAIL("no error");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains(message), e.what());
        }
    }

    void optionsJsonRoundTrip()
    {
        const ChunkOptions o{ChunkStrategy::Heading, 77, 5};
        const ChunkOptions back = chunkOptionsFromJson(chunkOptionsToJson(o));
        QCOMPARE(int(back.strategy), int(o.strategy));
        QCOMPARE(back.maxTokens, 77);
        QCOMPARE(back.overlapTokens, 5);
        QVERIFY_THROWS_EXCEPTION(Error, chunkOptionsFromJson(R"({"strategy":"words"})"));
        QVERIFY_THROWS_EXCEPTION(Error, chunkOptionsFromJson(R"({"max_tokens":"many"})"));
    }
};

QTEST_GUILESS_MAIN(tst_kb_chunker)
#include "tst_kb_chunker.moc"
