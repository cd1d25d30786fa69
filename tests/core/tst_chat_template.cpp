// Chat templates against the text the real Hugging Face Jinja templates render
// (tests/data/chat_templates, written by make_template_fixtures.py with
// python3-jinja2), detection from tokenizer_config.json, training masks, and
// the few-shot / step-by-step presets.
#include "core/data/record.h"
#include "core/infer/chat_template.h"

#include <QTemporaryDir>
#include <QtTest>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

using namespace wb;

namespace {

std::string dataPath(const std::string& name)
{
    return qEnvironmentVariable("WB_TEST_DATA").toStdString() + "/chat_templates/" + name;
}

std::string readFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

std::vector<ChatMessage> conversation()
{
    std::vector<ChatMessage> out;
    for (const auto& m : nlohmann::json::parse(readFile(dataPath("conversation.json"))))
        out.push_back({m["role"].get<std::string>(), m["content"].get<std::string>()});
    return out;
}

// A model folder holding only the given tokenizer_config.json.
std::string modelDirWith(const QTemporaryDir& dir, const std::string& configFile)
{
    std::filesystem::copy_file(dataPath(configFile), dir.filePath("tokenizer_config.json").toStdString());
    return dir.path().toStdString();
}

} // namespace

class tst_chat_template : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void rendersLikeTheReference_data()
    {
        QTest::addColumn<QString>("kind");
        for (const char* k : {"chatml", "llama3", "llama2", "alpaca", "vicuna"}) QTest::newRow(k) << QString(k);
    }
    void rendersLikeTheReference()
    {
        QFETCH(QString, kind);
        const ChatTemplate t = makeChatTemplate(chatTemplateFromString(kind.toStdString()));
        const std::string expected = readFile(dataPath(kind.toStdString() + ".txt"));
        QVERIFY(!expected.empty());
        QCOMPARE(QString::fromStdString(t.renderPrompt(conversation())), QString::fromStdString(expected));
    }

    void detectsTheModelsTemplate_data()
    {
        QTest::addColumn<QString>("config");
        QTest::addColumn<QString>("kind");
        QTest::newRow("qwen chatml") << "chatml_tokenizer_config.json" << "chatml";
        QTest::newRow("llama3") << "llama3_tokenizer_config.json" << "llama3";
        QTest::newRow("llama2") << "llama2_tokenizer_config.json" << "llama2";
    }
    void detectsTheModelsTemplate()
    {
        QFETCH(QString, config);
        QFETCH(QString, kind);
        QTemporaryDir dir;
        const auto t = detectChatTemplate(modelDirWith(dir, config.toStdString()));
        QVERIFY(t);
        QCOMPARE(QString::fromStdString(toString(t->kind)), kind);
        // The detected template (with the file's bos/eos) renders what the Jinja template renders.
        QCOMPARE(QString::fromStdString(t->renderPrompt(conversation())),
                 QString::fromStdString(readFile(dataPath(kind.toStdString() + ".txt"))));
    }

    void unknownOrMissingTemplatesAreNotGuessed()
    {
        QTemporaryDir dir;
        QVERIFY(!detectChatTemplate(dir.path().toStdString()));   // no file
        std::ofstream(dir.filePath("tokenizer_config.json").toStdString()) << R"({"chat_template": "{{ messages }}"})";
        QVERIFY(!detectChatTemplate(dir.path().toStdString()));
        std::ofstream(dir.filePath("tokenizer_config.json").toStdString()) << "{ not json";
        QVERIFY(!detectChatTemplate(dir.path().toStdString()));
    }

    void trainingMarksOnlyRepliesAsTrained()
    {
        const ChatTemplate t = makeChatTemplate(ChatTemplateKind::ChatML);
        std::vector<ChatMessage> c = conversation();
        c.push_back({"assistant", "About 35 km under continents."});
        const auto segments = t.renderTraining(c);
        std::string trained, all;
        for (const auto& [text, isTrained] : segments) {
            all += text;
            if (isTrained) trained += text;
        }
        QCOMPARE(QString::fromStdString(trained),
                 QString::fromStdString("The boundary between the crust and the mantle.<|im_end|>"
                                        "About 35 km under continents.<|im_end|>"));
        // The prompt of the last reply is a prefix of the training text.
        c.pop_back();
        QVERIFY(all.starts_with(t.renderPrompt(c)));
        QVERIFY_THROWS_EXCEPTION(Error, t.renderTraining(c));   // does not end with a reply
    }

    void llama2RequiresAlternation()
    {
        const ChatTemplate t = makeChatTemplate(ChatTemplateKind::Llama2);
        try {
            t.renderPrompt({{"user", "a"}, {"user", "b"}});
            QFAIL("no error");
        } catch (const Error& e) {
            QVERIFY(std::string(e.what()).find("alternate") != std::string::npos);
        }
        QVERIFY_THROWS_EXCEPTION(Error, t.renderPrompt({{"robot", "a"}}));
    }

    void fewShotAndStepByStep()
    {
        const std::vector<ChatMessage> c = {{"system", "S"}, {"user", "Q"}};
        const auto shots = withFewShot(c, {{"q1", "a1"}, {"q2", "a2"}});
        QCOMPARE(int(shots.size()), 6);
        QCOMPARE(QString::fromStdString(shots[0].role), QString("system"));
        QCOMPARE(QString::fromStdString(shots[1].content), QString("q1"));
        QCOMPARE(QString::fromStdString(shots[4].content), QString("a2"));
        QCOMPARE(QString::fromStdString(shots[5].content), QString("Q"));
        const auto steps = withStepByStep(c, true);
        QVERIFY(steps[1].content.starts_with("Q\n\n"));
        QVERIFY(steps[1].content.find("一步一步") != std::string::npos);
        QCOMPARE(QString::fromStdString(withStepByStep(c, false)[0].content), QString("S"));
    }

    void namesRoundTrip()
    {
        for (ChatTemplateKind k : allChatTemplates()) QVERIFY(chatTemplateFromString(toString(k)) == k);
        QVERIFY_THROWS_EXCEPTION(Error, chatTemplateFromString("jinja"));
    }
};

QTEST_GUILESS_MAIN(tst_chat_template)
#include "tst_chat_template.moc"
