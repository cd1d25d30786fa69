#include "core/curation/curation.h"
#include "core/curation/pii.h"
#include "core/text/token_counter.h"

#include <QTemporaryDir>
#include <QTest>

using namespace wb;
using namespace wb::curation;

namespace {

// Counts space-separated words: a predictable stand-in for a real tokenizer.
class WordCounter : public TokenCounter {
public:
    size_t countTokens(std::string_view text) const override
    {
        size_t n = 0;
        bool in = false;
        for (char c : text) {
            const bool sp = c == ' ' || c == '\n';
            n += !sp && !in;
            in = !sp;
        }
        return n;
    }
    std::string name() const override { return "words"; }
};

Record sft(const std::string& instruction, const std::string& output, const std::string& input = {})
{
    Record r;
    r.kind = DatasetKind::Sft;
    r.instruction = instruction;
    r.input = input;
    r.output = output;
    return r;
}

std::vector<QualityIssue> issuesOf(const std::vector<QualityIssue>& all, IssueKind k)
{
    std::vector<QualityIssue> out;
    for (const auto& i : all)
        if (i.kind == k)
            out.push_back(i);
    return out;
}

QString fieldsOf(const std::vector<QualityIssue>& issues)
{
    QStringList f;
    for (const auto& i : issues)
        f << QString::fromStdString(i.field);
    return f.join(',');
}

} // namespace

class tst_quality : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void issueNames()
    {
        QCOMPARE(toString(IssueKind::EmptyOutput), "empty-output");
        QCOMPARE(toString(IssueKind::PersonalData), "personal-data");
        QCOMPARE(toString(IssueKind::OutputRepeatsInstruction), "repeats-instruction");
    }

    void emptyOutput_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("output");   // for chat: "<none>" = no assistant turn
        QTest::addColumn<QString>("field");    // "" = no issue
        QTest::newRow("sft empty") << int(DatasetKind::Sft) << "" << "output";
        QTest::newRow("sft whitespace") << int(DatasetKind::Sft) << " \n\t\u3000 " << "output";
        QTest::newRow("sft short answer") << int(DatasetKind::Sft) << "No" << "";
        QTest::newRow("sft chinese") << int(DatasetKind::Sft) << "否" << "";
        QTest::newRow("preference empty chosen") << int(DatasetKind::Preference) << "  " << "chosen";
        QTest::newRow("preference chosen") << int(DatasetKind::Preference) << "Yes." << "";
        QTest::newRow("text blank") << int(DatasetKind::Text) << "\n\n" << "text";
        QTest::newRow("chat last assistant empty") << int(DatasetKind::Chat) << " " << "messages[3]";
        QTest::newRow("chat no assistant") << int(DatasetKind::Chat) << "<none>" << "messages";
        QTest::newRow("chat answered") << int(DatasetKind::Chat) << "你好！" << "";
    }
    void emptyOutput()
    {
        QFETCH(int, kind);
        QFETCH(QString, output);
        QFETCH(QString, field);
        Record r;
        r.kind = DatasetKind(kind);
        const std::string out = output.toStdString();
        switch (r.kind) {
        case DatasetKind::Sft: r.instruction = "Is the sky green?"; r.output = out; break;
        case DatasetKind::Preference: r.prompt = "Is water wet?"; r.chosen = out; r.rejected = "No."; break;
        case DatasetKind::Text: r.text = out; break;
        case DatasetKind::Chat:
            r.messages = {{"user", "Hi"}, {"assistant", "Hello! How can I help?"}, {"user", "Say hi in Chinese"}};
            if (output != "<none>")
                r.messages.push_back({"assistant", out});
            else
                r.messages.resize(1);
            break;
        }
        const auto issues = issuesOf(checkQuality({r}, QualityOptions{}), IssueKind::EmptyOutput);
        QCOMPARE(fieldsOf(issues), field);
    }

    void repeatsInstruction_data()
    {
        QTest::addColumn<QString>("instruction");
        QTest::addColumn<QString>("output");
        QTest::addColumn<bool>("flagged");
        QTest::newRow("equal after normalisation") << "Translate this sentence." << "translate  THIS sentence" << true;
        QTest::newRow("echo with a tail")
            << "Write a short poem about the sea and the wind at night near an old lighthouse"
            << "Write a short poem about the sea and the wind at night near an old lighthouse, thanks." << true;
        QTest::newRow("real answer") << "Write a short poem about the sea"
                                     << "The sea at night, the wind so bright, the lighthouse keeps its steady light."
                                     << false;
        QTest::newRow("short answer") << "Is this a question? Answer yes or no." << "Yes" << false;
        QTest::newRow("chinese echo") << "请用三句话介绍一下长江的地理位置和主要特点"
                                      << "请用三句话介绍一下长江的地理位置和主要特点。" << true;
        QTest::newRow("chinese answer") << "请用三句话介绍一下长江的地理位置和主要特点"
                                        << "长江是中国最长的河流，发源于青藏高原，流经十一个省区市，最终注入东海。"
                                        << false;
    }
    void repeatsInstruction()
    {
        QFETCH(QString, instruction);
        QFETCH(QString, output);
        QFETCH(bool, flagged);
        const auto issues = issuesOf(checkQuality({sft(instruction.toStdString(), output.toStdString())}, {}),
                                     IssueKind::OutputRepeatsInstruction);
        QCOMPARE(issues.size(), size_t(flagged ? 1 : 0));
        if (flagged)
            QCOMPARE(issues[0].field, std::string("output"));
    }

    void tooLong_data()
    {
        QTest::addColumn<QString>("instruction");
        QTest::addColumn<QString>("output");
        QTest::addColumn<QString>("charFields");
        QTest::addColumn<bool>("tooManyTokens");
        // maxChars 30, maxTokens 8 (words)
        QTest::newRow("short") << "Name a colour." << "Blue." << "" << false;
        QTest::newRow("long field") << "Describe this in great detail please, thanks." << "Ok" << "instruction" << false;
        QTest::newRow("long record") << "Describe the sky at noon." << "Blue, bright and clear." << "record" << true;
        QTest::newRow("chinese counts chars not bytes") << "请描述一下正午时分的天空颜色" << "蓝色的，明亮而清澈。" << ""
                                                        << false;
        QTest::newRow("chinese long") << "请详细描述一下正午时分的天空颜色以及其形成的物理原因和相关的光学现象" << "好"
                                      << "instruction" << false;
        QTest::newRow("many words") << "a b c d e" << "f g h i j" << "" << true;
    }
    void tooLong()
    {
        QFETCH(QString, instruction);
        QFETCH(QString, output);
        QFETCH(QString, charFields);
        QFETCH(bool, tooManyTokens);
        WordCounter words;
        QualityOptions opt;
        opt.maxChars = 30;
        opt.maxTokens = 8;
        opt.tokens = &words;
        const auto all = checkQuality({sft(instruction.toStdString(), output.toStdString())}, opt);
        QCOMPARE(fieldsOf(issuesOf(all, IssueKind::TooLongChars)), charFields);
        QCOMPARE(issuesOf(all, IssueKind::TooLongTokens).size(), size_t(tooManyTokens ? 1 : 0));
        opt.tokens = nullptr;   // no counter: tokens are not checked
        QVERIFY(issuesOf(checkQuality({sft(instruction.toStdString(), output.toStdString())}, opt),
                         IssueKind::TooLongTokens)
                    .empty());
    }

    void repeatedNgrams_data()
    {
        QTest::addColumn<QString>("output");
        QTest::addColumn<bool>("flagged");
        QTest::newRow("the the the") << "the the the the the the the the the the" << true;
        QTest::newRow("looping sentence")
            << "I am a model. I am a model. I am a model. I am a model. I am a model." << true;
        QTest::newRow("normal english")
            << "Granite is an igneous rock made of quartz and feldspar, formed as magma cools slowly underground."
            << false;
        QTest::newRow("chinese loop") << "我爱你我爱你我爱你我爱你我爱你我爱你" << true;
        QTest::newRow("normal chinese") << "花岗岩是一种由石英和长石组成的火成岩，由岩浆在地下缓慢冷却形成。" << false;
        QTest::newRow("too short to judge") << "yes yes" << false;
    }
    void repeatedNgrams()
    {
        QFETCH(QString, output);
        QFETCH(bool, flagged);
        const auto issues =
            issuesOf(checkQuality({sft("Tell me something.", output.toStdString())}, {}), IssueKind::RepeatedNgrams);
        QCOMPARE(fieldsOf(issues), flagged ? QString("output") : QString());
    }

    void detectLanguage_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("lang");
        QTest::newRow("en") << "Hello world, this is an English sentence." << "en";
        QTest::newRow("zh") << "这是一个用来测试语言识别的中文句子。" << "zh";
        QTest::newRow("zh with code") << "用Python写一个函数来计算阶乘，并解释递归的原理。" << "zh";
        QTest::newRow("ja") << "これは日本語の文章です。東京に行きました。" << "ja";
        QTest::newRow("ko") << "안녕하세요 만나서 반갑습니다 오늘 날씨가 좋네요" << "ko";
        QTest::newRow("ru") << "Привет, как дела? Это русский текст." << "ru";
        QTest::newRow("ar") << "مرحبا كيف حالك اليوم يا صديقي" << "ar";
        QTest::newRow("greek other") << "Καλημέρα σας, πώς είστε σήμερα;" << "other";
        QTest::newRow("too short") << "ok" << "und";
        QTest::newRow("digits only") << "12345 67890 !!!" << "und";
        QTest::newRow("empty") << "" << "und";
    }
    void detectLanguage()
    {
        QFETCH(QString, text);
        QFETCH(QString, lang);
        QCOMPARE(QString::fromStdString(curation::detectLanguage(text.toStdString())), lang);
    }

    void languageMismatch()
    {
        std::vector<Record> rs = {
            sft("Name a primary colour.", "Red is a primary colour."),
            sft("What is the capital of France?", "Paris is the capital."),
            sft("请介绍一下长江。", "长江是中国最长的河流。"),
            sft("Give an example of a mammal.", "A whale is a mammal."),
            sft("Hi", "Ok"),   // too short: undetermined, never flagged
        };
        auto issues = issuesOf(checkQuality(rs, {}), IssueKind::LanguageMismatch);
        QCOMPARE(issues.size(), size_t(1));
        QCOMPARE(issues[0].recordId, int64_t(2));
        QCOMPARE(issues[0].detail, std::string("language zh, expected en"));
        QualityOptions zh;
        zh.language = "zh";
        issues = issuesOf(checkQuality(rs, zh), IssueKind::LanguageMismatch);
        QCOMPARE(issues.size(), size_t(3));
        QCOMPARE(issues[0].recordId, int64_t(0));
    }

    void personalData_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QStringList>("details");
        QTest::newRow("email") << "Contact me at john.doe@example.com please"
                               << QStringList{"email j***@example.com at char 14"};
        QTest::newRow("email chinese context") << "我的邮箱是zhang.san@qq.com。"
                                               << QStringList{"email z***@qq.com at char 5"};
        QTest::newRow("international") << "Call +1 415 555 2671 today" << QStringList{"phone +* *** *** **71 at char 5"};
        QTest::newRow("us") << "Office: (415) 555-2671." << QStringList{"phone (***) ***-**71 at char 8"};
        QTest::newRow("us dashes") << "fax 415-555-2671" << QStringList{"phone ***-***-**71 at char 4"};
        QTest::newRow("china mobile") << "我的手机号是13812345678，谢谢" << QStringList{"phone *********78 at char 6"};
        QTest::newRow("china +86") << "电话：+86 138 1234 5678" << QStringList{"phone +** *** **** **78 at char 3"};
        QTest::newRow("valid id") << "身份证号11010519491231002X" << QStringList{"id-number ****************2X at char 4"};
        QTest::newRow("valid id 2") << "ID: 440301199003071230." << QStringList{"id-number ****************30 at char 4"};
        QTest::newRow("invalid id checksum") << "身份证号110105194912310021" << QStringList{};
        QTest::newRow("invalid id date") << "编号110105190002290015" << QStringList{};
        QTest::newRow("random 18 digits") << "order 123456789012345678" << QStringList{};
        QTest::newRow("not a mobile (12 digits)") << "code 138123456789" << QStringList{};
        QTest::newRow("no tld") << "user@localhost is local" << QStringList{};
        QTest::newRow("version and date") << "v1.2.3 released 2023-10-01, pi 3.14159265358979" << QStringList{};
        QTest::newRow("math") << "x+12345678901 = y" << QStringList{};
        QTest::newRow("two") << "a@b.io or 13912345678" << QStringList{"email a***@b.io at char 0", "phone *********78 at char 10"};
    }
    void personalData()
    {
        QFETCH(QString, text);
        QFETCH(QStringList, details);
        const auto issues = issuesOf(checkQuality({sft("Reply.", text.toStdString())}, {}), IssueKind::PersonalData);
        QStringList got;
        for (const auto& i : issues) {
            QCOMPARE(i.field, std::string("output"));
            got << QString::fromStdString(i.detail);
        }
        QCOMPARE(got, details);
    }

    void chineseIdChecksum()
    {
        QVERIFY(detail::isValidChineseId("11010519491231002X"));
        QVERIFY(detail::isValidChineseId("11010519491231002x"));
        QVERIFY(detail::isValidChineseId("440301199003071230"));
        QVERIFY(!detail::isValidChineseId("440301199003071231"));   // wrong check digit
        QVERIFY(!detail::isValidChineseId("44030119900307123"));    // 17 chars
        QVERIFY(!detail::isValidChineseId("440301199013071230"));   // month 13
    }

    void badOptions()
    {
        QualityOptions opt;
        opt.ngram = 0;
        QVERIFY_THROWS_EXCEPTION(Error, checkQuality(std::vector<Record>{}, opt));
    }

    void storeLevel()
    {
        QTemporaryDir dir;
        auto store = ProjectStore::create(dir.filePath("q.llmwb").toStdString());
        const int64_t ds = store->createDataset("q", DatasetKind::Sft);
        std::vector<Record> rs = {sft("Name a rock.", "Granite."), sft("Name a river.", ""),
                                  sft("Email?", "write to a.b@example.org")};
        for (auto& r : rs)
            r.datasetId = ds;
        store->insertRecords(rs);
        RecordQuery q;
        q.datasetId = ds;
        int64_t lastDone = -1, lastTotal = -1;
        auto issues = checkQuality(*store, q, QualityOptions{}, [&](int64_t d, int64_t t) {
            lastDone = d;
            lastTotal = t;
            return true;
        });
        QCOMPARE(lastDone, int64_t(3));
        QCOMPARE(lastTotal, int64_t(3));
        QCOMPARE(issues.size(), size_t(2));
        QCOMPARE(issues[0].recordId, rs[1].id);
        QVERIFY(issues[0].kind == IssueKind::EmptyOutput);
        QCOMPARE(issues[1].recordId, rs[2].id);
        QVERIFY(issues[1].kind == IssueKind::PersonalData);
    }
};

QTEST_GUILESS_MAIN(tst_quality)
#include "tst_quality.moc"
