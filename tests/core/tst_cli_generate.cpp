// `llmwb generate` through the real binary (which loads the llmwb_compute
// module): JSON output against the tokenizer, determinism, templates, and
// errors with the right exit codes.
#include "common/cli_run.h"
#include "core/text/tokenizer.h"

#include <QJsonArray>
#include <QtTest>

namespace {

QString llmwb() { return qEnvironmentVariable("LLMWB"); }
QString chatModel() { return qEnvironmentVariable("WB_TEST_DATA") + "/models/tiny-chat"; }

std::vector<int> ids(const QJsonArray& a)
{
    std::vector<int> out;
    for (const auto& v : a) out.push_back(v.toInt());
    return out;
}

} // namespace

class tst_cli_generate : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void helpListsTheComputeCommands()
    {
        const CliRun r = runLlmwb(llmwb(), {"--help"});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.contains("generate") && r.out.contains("chat"));
        const CliRun g = runLlmwb(llmwb(), {"generate", "--help"});
        QCOMPARE(g.code, 0);
        QVERIFY(g.out.startsWith("usage: llmwb generate"));
    }

    void greedyJsonIsDeterministicAndDecodes()
    {
        const QStringList args = {"generate", "--model", chatModel(), "--prompt", "What is the Moho?", "--greedy",
                                  "--max-tokens", "12", "--json", "--threads", "1"};
        const CliRun a = runLlmwb(llmwb(), args);
        QVERIFY2(a.code == 0, a.err.constData());
        const QJsonObject j = a.json();
        QCOMPARE(j["template"].toString(), QString("chatml"));   // from tokenizer_config.json
        QVERIFY(j["prompt"].toString().startsWith("<|im_start|>user\nWhat is the Moho?<|im_end|>"));
        const auto tok = wb::loadTokenizer(chatModel().toStdString());
        const std::vector<int> generated = ids(j["ids"].toArray());
        QVERIFY(!generated.empty() && generated.size() <= 12);
        const QJsonObject stats = j["stats"].toObject();
        QCOMPARE(stats["generated_tokens"].toInt(), int(generated.size()));
        QCOMPARE(ids(j["prompt_ids"].toArray()), tok->encode(j["prompt"].toString().toStdString(), true));
        QVERIFY(stats["prompt_tokens"].toInt() > 5);
        QVERIFY(stats.contains("decode_tokens_per_second") && stats.contains("time_to_first_token_seconds"));
        const QString reason = stats["stop_reason"].toString();
        QVERIFY2(reason == "length" || reason == "eos" || reason == "stop", qPrintable(reason));
        // JSON carries text as UTF-8; compare where the random model wrote valid UTF-8.
        const std::string decoded = tok->decode(generated);
        if (reason == "length" && QString::fromStdString(decoded).toStdString() == decoded)
            QCOMPARE(j["text"].toString().toStdString(), decoded);
        // Same command, same answer.
        const CliRun b = runLlmwb(llmwb(), args);
        QCOMPARE(b.json()["ids"].toArray(), j["ids"].toArray());
    }

    void rawTemplateUsesThePromptAsIs()
    {
        const CliRun r = runLlmwb(llmwb(), {"generate", "--model", chatModel(), "--prompt", "geology", "--template",
                                            "raw", "--max-tokens", "3", "--seed", "5", "--json"});
        QVERIFY2(r.code == 0, r.err.constData());
        QCOMPARE(r.json()["prompt"].toString(), QString("geology"));
        QCOMPARE(r.json()["template"].toString(), QString("raw"));
    }

    void errorsHaveExitCodes_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("message");
        QTest::newRow("no model") << QStringList{"generate", "--prompt", "x"} << 2 << "--model";
        QTest::newRow("no prompt") << QStringList{"generate", "--model", "m"} << 2 << "--prompt";
        QTest::newRow("bad top-p") << QStringList{"generate", "--model", "m", "--prompt", "x", "--top-p", "3"} << 2
                                   << "top-p";
        QTest::newRow("missing model dir") << QStringList{"generate", "--model", "/nonexistent/model", "--prompt", "x"}
                                           << 1 << "/nonexistent/model";
        QTest::newRow("bad dtype") << QStringList{"generate", "--prompt", "x", "--dtype", "int4"} << 1 << "int4";
        QTest::newRow("bad template") << QStringList{"generate", "--prompt", "x", "--template", "jinja"} << 1 << "jinja";
    }
    void errorsHaveExitCodes()
    {
        QFETCH(QStringList, args);
        QFETCH(int, code);
        QFETCH(QString, message);
        for (QString& a : args)
            if (a == "m") a = chatModel();
        if (!args.contains("--model")) args << "--model" << chatModel();
        if (QTest::currentDataTag() == QByteArray("no model")) args = QStringList{"generate", "--prompt", "x"};
        const CliRun r = runLlmwb(llmwb(), args);
        QCOMPARE(r.code, code);
        QVERIFY2(r.err.contains(message.toUtf8()), r.err.constData());
    }
};

QTEST_GUILESS_MAIN(tst_cli_generate)
#include "tst_cli_generate.moc"
