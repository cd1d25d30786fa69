// Runs the real llmwb binary (path in $LLMWB, set by ctest) for the model and
// tokenizer command groups on weight files and corpora written here.
#include "core/model/config.h"
#include "core/weights/gguf.h"
#include "core/weights/safetensors.h"

#include "common/cli_run.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <vector>

using namespace wb;

namespace {

using Run = CliRun;

TensorView view(const std::string& name, DType dtype, std::vector<int64_t> shape, const std::vector<uint8_t>& bytes)
{
    TensorView v;
    v.name = name;
    v.dtype = dtype;
    v.shape = std::move(shape);
    v.data = bytes.data();
    v.nbytes = bytes.size();
    return v;
}

} // namespace

class tst_cli_model : public QObject {
    Q_OBJECT

private:
    QString llmwb_;
    QTemporaryDir dir_;

    Run run(const QStringList& args) { return runLlmwb(llmwb_, args); }

    QString path(const QString& name) const { return dir_.filePath(name); }

    // embed [4, 8] F32 (32 params) + norm [8] F16 (8 params) + lm_head [4, 8] F32 (32 params).
    void writeTinySafetensors(const QString& file)
    {
        std::vector<uint8_t> embed(4 * 8 * 4, 1), norm(8 * 2, 0), head(4 * 8 * 4, 2);
        writeSafetensors(file.toStdString(), {view("model.embed_tokens.weight", DType::F32, {4, 8}, embed),
                                              view("model.norm.weight", DType::F16, {8}, norm),
                                              view("lm_head.weight", DType::F32, {4, 8}, head)});
    }

private Q_SLOTS:
    void initTestCase()
    {
        llmwb_ = qEnvironmentVariable("LLMWB");
        if (llmwb_.isEmpty())
            llmwb_ = QCoreApplication::applicationDirPath() + "/../app/llmwb";
        QVERIFY2(QFileInfo(llmwb_).isExecutable(), qPrintable("llmwb not found at " + llmwb_));
        QVERIFY(dir_.isValid());
        qputenv("XDG_DATA_HOME", dir_.filePath("xdg").toUtf8());
    }

    void help()
    {
        for (const QStringList& args : {QStringList{"model", "--help"}, QStringList{"model", "info", "--help"},
                                        QStringList{"tokenizer", "--help"}, QStringList{"tokenizer", "train", "--help"}}) {
            Run r = run(args);
            QCOMPARE(r.code, 0);
            QVERIFY2(r.out.contains("usage:"), r.out.constData());
        }
        QCOMPARE(run({"model", "info"}).code, 2);
        QCOMPARE(run({"tokenizer", "encode"}).code, 2);   // neither TEXT nor --file
        QCOMPARE(run({"tokenizer", "train", "x.txt", "--out", "t.json"}).code, 2);   // no --vocab-size
    }

    void infoHfFolder()
    {
        QDir(dir_.path()).mkpath("hf");
        writeTinySafetensors(path("hf/model.safetensors"));
        const ModelConfig cfg = presetConfig(ModelFamily::Llama, "tiny");
        QFile c(path("hf/config.json"));
        QVERIFY(c.open(QIODevice::WriteOnly));
        c.write(QByteArray::fromStdString(toJson(cfg)));
        c.close();

        Run r = run({"model", "info", path("hf"), "--json"});
        QVERIFY2(r.code == 0, r.err.constData());
        QJsonObject j = r.json();
        QCOMPARE(j.value("family").toString(), QString("llama"));
        QCOMPARE(j.value("parameters").toInteger(), 72);
        QCOMPARE(j.value("tensor_count").toInt(), 3);
        QJsonObject dtypes = j.value("dtypes").toObject();
        QCOMPARE(dtypes.value("F32").toObject().value("tensors").toInt(), 2);
        QCOMPARE(dtypes.value("F32").toObject().value("parameters").toInteger(), 64);
        QCOMPARE(dtypes.value("F16").toObject().value("parameters").toInteger(), 8);
        QCOMPARE(j.value("config").toObject().value("hidden_size").toInt(), cfg.hiddenSize);
        QVERIFY(j.value("tokenizer").isNull());
        bool found = false;
        for (const QJsonValue& t : j.value("tensors").toArray()) {
            QJsonObject o = t.toObject();
            if (o.value("name").toString() == "model.norm.weight") {
                found = true;
                QCOMPARE(o.value("dtype").toString(), QString("F16"));
                QCOMPARE(o.value("shape").toArray(), QJsonArray({8}));
            }
        }
        QVERIFY(found);

        // The single file finds the config beside it; text output works too.
        Run t = run({"model", "info", path("hf/model.safetensors")});
        QCOMPARE(t.code, 0);
        QVERIFY2(t.out.contains("family:      llama"), t.out.constData());
        QVERIFY(t.out.contains("72"));
    }

    void infoWithTrainedTokenizer()
    {
        // A folder with a tokenizer.json reports its type and vocabulary size.
        QDir(dir_.path()).mkpath("withtok");
        writeTinySafetensors(path("withtok/model.safetensors"));
        QFile corpus(path("withtok-corpus.txt"));
        QVERIFY(corpus.open(QIODevice::WriteOnly));
        for (int i = 0; i < 50; ++i)
            corpus.write("the quick brown fox jumps over the lazy dog\n");
        corpus.close();
        Run tr = run({"tokenizer", "train", "--vocab-size", "280", "--out", path("withtok/tokenizer.json"),
                      corpus.fileName()});
        QVERIFY2(tr.code == 0, tr.err.constData());
        Run r = run({"model", "info", path("withtok"), "--json"});
        QVERIFY2(r.code == 0, r.err.constData());
        QJsonObject tok = r.json().value("tokenizer").toObject();
        QCOMPARE(tok.value("type").toString(), QString("hf-bpe-byte-level"));
        QVERIFY(tok.value("vocab_size").toInt() > 256);
        QVERIFY(tok.value("vocab_size").toInt() <= 280);
    }

    void infoGguf()
    {
        const QString file = path("tiny.gguf");
        std::vector<float> w(2 * 32, 0.5f), b(32, 1.0f);
        TensorView wv{"blk.0.attn_q.weight", DType::F32, {2, 32}, reinterpret_cast<const uint8_t*>(w.data()), w.size() * 4};
        TensorView bv{"output_norm.weight", DType::F32, {32}, reinterpret_cast<const uint8_t*>(b.data()), b.size() * 4};
        writeGguf(file.toStdString(),
                  {{"general.architecture", GgufValue::str("qwen2")},
                   {"qwen2.block_count", GgufValue::u32(1)},
                   {"tokenizer.ggml.model", GgufValue::str("gpt2")},
                   {"tokenizer.ggml.tokens", GgufValue::strings({"a", "b", "c"})}},
                  {{wv, DType::F16}, {bv, DType::F32}});
        Run r = run({"model", "info", file, "--json"});
        QVERIFY2(r.code == 0, r.err.constData());
        QJsonObject j = r.json();
        QCOMPARE(j.value("format").toString(), QString("gguf"));
        QCOMPARE(j.value("family").toString(), QString("qwen2"));
        QCOMPARE(j.value("parameters").toInteger(), 96);
        QCOMPARE(j.value("dtypes").toObject().value("F16").toObject().value("tensors").toInt(), 1);
        QCOMPARE(j.value("config").toObject().value("qwen2.block_count").toInt(), 1);
        QCOMPARE(j.value("tokenizer").toObject().value("vocab_size").toInt(), 3);
        QCOMPARE(j.value("tokenizer").toObject().value("type").toString(), QString("gguf-gpt2"));
    }

    void infoTruncatedSafetensors()
    {
        const QString file = path("truncated.safetensors");
        writeTinySafetensors(file);
        QFile f(file);
        QVERIFY(f.resize(f.size() - 10));
        Run r = run({"model", "info", file, "--json"});
        QCOMPARE(r.code, 1);
        QVERIFY(r.out.isEmpty());
        QVERIFY2(r.err.contains(file.toUtf8()), r.err.constData());
        // The last tensor in the data section is the one cut short.
        QVERIFY2(r.err.contains("model.norm.weight") || r.err.contains("lm_head.weight")
                     || r.err.contains("model.embed_tokens.weight"),
                 r.err.constData());

        Run missing = run({"model", "info", path("nope.safetensors")});
        QCOMPARE(missing.code, 1);
        QVERIFY(missing.err.contains("nope.safetensors"));
    }

    void encodeDecodeGpt2()
    {
        Run r = run({"tokenizer", "encode", "Hello world", "--json"});
        QVERIFY2(r.code == 0, r.err.constData());
        QJsonObject j = r.json();
        QCOMPARE(j.value("ids").toArray(), QJsonArray({15496, 995}));
        QCOMPARE(j.value("count").toInt(), 2);

        Run plain = run({"tokenizer", "encode", "Hello world"});
        QCOMPARE(plain.code, 0);
        QCOMPARE(plain.out.trimmed(), QByteArray("15496 995"));

        Run d = run({"tokenizer", "decode", "15496", "995", "--json"});
        QVERIFY2(d.code == 0, d.err.constData());
        QCOMPARE(d.json().value("text").toString(), QString("Hello world"));
        Run d2 = run({"tokenizer", "decode", "15496,995"});
        QCOMPARE(d2.code, 0);
        QCOMPARE(d2.out, QByteArray("Hello world\n"));

        Run bad = run({"tokenizer", "decode", "99999999"});
        QCOMPARE(bad.code, 1);
        QVERIFY(!bad.err.isEmpty());
    }

    void trainEncodeRoundTrip()
    {
        QFile corpus(path("corpus.txt"));
        QVERIFY(corpus.open(QIODevice::WriteOnly));
        for (int i = 0; i < 40; ++i)
            corpus.write("Tokenizers split text into pieces. 分词器把文本切成片段。 Pieces become ids.\n");
        corpus.close();
        const QString out = path("trained/tokenizer.json");
        QDir(dir_.path()).mkpath("trained");
        Run tr = run({"tokenizer", "train", "--vocab-size", "320", "--out", out, corpus.fileName(), "--json"});
        QVERIFY2(tr.code == 0, tr.err.constData());
        QVERIFY(QFileInfo::exists(out));
        QVERIFY(tr.json().value("merges").toInt() > 0);

        const QString text = "Tokenizers split pieces into ids. 文本切成片段";
        Run e = run({"tokenizer", "encode", text, "--tokenizer", out, "--json"});
        QVERIFY2(e.code == 0, e.err.constData());
        QJsonArray ids = e.json().value("ids").toArray();
        QVERIFY(ids.size() > 0);
        QVERIFY(ids.size() < text.toUtf8().size());   // merges were learned and used
        QStringList idArgs{"tokenizer", "decode", "--tokenizer", path("trained"), "--json"};   // folder form
        for (const QJsonValue& v : ids)
            idArgs << QString::number(v.toInt());
        Run d = run(idArgs);
        QVERIFY2(d.code == 0, d.err.constData());
        QCOMPARE(d.json().value("text").toString(), text);

        // --file gives the same ids as the text argument.
        QFile tf(path("text.txt"));
        QVERIFY(tf.open(QIODevice::WriteOnly));
        tf.write(text.toUtf8());
        tf.close();
        Run ef = run({"tokenizer", "encode", "--file", tf.fileName(), "--tokenizer", out, "--json"});
        QCOMPARE(ef.code, 0);
        QCOMPARE(ef.json().value("ids").toArray(), ids);
    }

    void missingTokenizer()
    {
        Run r = run({"tokenizer", "encode", "hi", "--tokenizer", path("none.json")});
        QCOMPARE(r.code, 1);
        QVERIFY(r.err.contains("none.json"));
    }
};

QTEST_GUILESS_MAIN(tst_cli_model)
#include "tst_cli_model.moc"
