// Runs the real llmwb binary (path in $LLMWB, set by ctest) for the model and
// tokenizer command groups on weight files and corpora written here.
#include "core/model/config.h"
#include "core/model/init.h"
#include "core/model/model_export.h"
#include "core/text/sentencepiece_tokenizer.h"
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

#include <cstring>
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

    static QByteArray fileBytes(const QString& file)
    {
        QFile f(file);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }

    // A byte-level BPE tokenizer.json of `vocab` tokens trained by llmwb itself.
    QString trainTokenizer(const QString& name, int vocab)
    {
        QDir(dir_.path()).mkpath(name);
        QFile corpus(path(name + "/corpus.txt"));
        if (!corpus.open(QIODevice::WriteOnly)) return {};
        for (int i = 0; i < 40; ++i)
            corpus.write("Models read tokens; the tokenizer splits text. 模型读取词元。\n");
        corpus.close();
        const QString out = path(name + "/tokenizer.json");
        Run r = run({"tokenizer", "train", "--vocab-size", QString::number(vocab), "--out", out, corpus.fileName()});
        return r.code == 0 ? out : QString();
    }

    static int64_t expectedParameters(ModelFamily family)
    {
        int64_t n = 0;
        for (const WeightSpec& s : expectedWeights(presetConfig(family, "tiny"))) n += *numel(s.shape);
        return n;
    }

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

    void modelNewAndInfo()
    {
        const QString out = path("new-llama");
        Run r = run({"model", "new", "--family", "llama", "--preset", "tiny", "--seed", "7", out, "--json"});
        QVERIFY2(r.code == 0, r.err.constData());
        QJsonObject j = r.json();
        QCOMPARE(j.value("family").toString(), QString("llama"));
        QCOMPARE(j.value("parameters").toInteger(), expectedParameters(ModelFamily::Llama));
        for (const char* f : {"config.json", "generation_config.json", "model.safetensors"})
            QVERIFY2(QFileInfo::exists(out + "/" + f), f);

        Run info = run({"model", "info", out, "--json"});
        QVERIFY2(info.code == 0, info.err.constData());
        QJsonObject i = info.json();
        QCOMPARE(i.value("family").toString(), QString("llama"));
        QCOMPARE(i.value("parameters").toInteger(), expectedParameters(ModelFamily::Llama));
        QCOMPARE(i.value("config").toObject().value("hidden_size").toInt(), presetConfig(ModelFamily::Llama, "tiny").hiddenSize);
        QVERIFY(!i.contains("config_warning"));
        QCOMPARE(i.value("dtypes").toObject().value("F32").toObject().value("parameters").toInteger(),
                 expectedParameters(ModelFamily::Llama));

        // The same seed gives the same bytes, another seed other ones.
        QCOMPARE(run({"model", "new", "--family", "llama", "--seed", "7", path("new-llama-again")}).code, 0);
        QCOMPARE(fileBytes(path("new-llama-again/model.safetensors")), fileBytes(out + "/model.safetensors"));
        QCOMPARE(run({"model", "new", "--family", "llama", "--seed", "8", path("new-llama-8")}).code, 0);
        QVERIFY(fileBytes(path("new-llama-8/model.safetensors")) != fileBytes(out + "/model.safetensors"));

        // An existing model is not overwritten without --force.
        Run again = run({"model", "new", "--family", "gpt2", out});
        QCOMPARE(again.code, 1);
        QVERIFY2(again.err.contains("already holds a model"), again.err.constData());
        QCOMPARE(run({"model", "info", out, "--json"}).json().value("family").toString(), QString("llama"));
        QCOMPARE(run({"model", "new", "--family", "gpt2", "--force", out}).code, 0);
        QCOMPARE(run({"model", "info", out, "--json"}).json().value("family").toString(), QString("gpt2"));

        // bf16, and the other families.
        Run bf = run({"model", "new", "--family", "qwen2", "--dtype", "bf16", path("new-qwen2-bf16")});
        QVERIFY2(bf.code == 0, bf.err.constData());
        QVERIFY2(bf.out.contains("parameters"), bf.out.constData());
        QJsonObject bi = run({"model", "info", path("new-qwen2-bf16"), "--json"}).json();
        QCOMPARE(bi.value("dtypes").toObject().value("BF16").toObject().value("parameters").toInteger(),
                 expectedParameters(ModelFamily::Qwen2));
        QCOMPARE(bi.value("config").toObject().value("torch_dtype").toString(), QString("bfloat16"));
        Run mistral = run({"model", "new", "--family", "mistral", path("new-mistral"), "--json"});
        QVERIFY2(mistral.code == 0, mistral.err.constData());
        QCOMPARE(mistral.json().value("parameters").toInteger(), expectedParameters(ModelFamily::Mistral));
    }

    void modelNewWithTokenizer()
    {
        const QString tok = trainTokenizer("newtok", 300);
        QVERIFY(!tok.isEmpty());
        const QString out = path("new-gpt2-tok");
        Run r = run({"model", "new", "--family", "gpt2", "--tokenizer", tok, out, "--json"});
        QVERIFY2(r.code == 0, r.err.constData());
        QJsonObject info = run({"model", "info", out, "--json"}).json();
        const int vocab = info.value("tokenizer").toObject().value("vocab_size").toInt();
        QVERIFY(vocab > 256 && vocab <= 300);
        QCOMPARE(info.value("config").toObject().value("vocab_size").toInt(), vocab);
        QCOMPARE(fileBytes(out + "/tokenizer.json"), fileBytes(tok));
        // <|endoftext|> is the trainer's last id; it becomes bos and eos.
        QCOMPARE(info.value("config").toObject().value("eos_token_id").toInt(), vocab - 1);
        QCOMPARE(info.value("config").toObject().value("bos_token_id").toInt(), vocab - 1);

        Run bigger = run({"model", "new", "--family", "llama", "--tokenizer", path("newtok"), "--vocab-size", "320",
                          path("new-llama-tok")});
        QVERIFY2(bigger.code == 0, bigger.err.constData());
        QCOMPARE(run({"model", "info", path("new-llama-tok"), "--json"}).json().value("config").toObject().value("vocab_size").toInt(), 320);
        QVERIFY(QFileInfo::exists(path("new-llama-tok/tokenizer.json")));

        Run smaller = run({"model", "new", "--family", "llama", "--tokenizer", tok, "--vocab-size", "100", path("x1")});
        QCOMPARE(smaller.code, 2);
        QVERIFY2(smaller.err.contains("vocab-size"), smaller.err.constData());
        Run missing = run({"model", "new", "--family", "llama", "--tokenizer", path("nope.json"), path("x2")});
        QCOMPARE(missing.code, 1);
        QVERIFY(missing.err.contains("nope.json"));
    }

    void modelNewWithSentencePiece()
    {
        QDir(dir_.path()).mkpath("spm");
        QFile corpus(path("spm/corpus.txt"));
        QVERIFY(corpus.open(QIODevice::WriteOnly));
        for (int i = 0; i < 30; ++i) corpus.write("the model reads the text as pieces 模型读取文本\n");
        corpus.close();
        trainSentencePieceModel("--input=" + corpus.fileName().toStdString() + " --model_prefix=" +
                                path("spm/sp").toStdString() +
                                " --vocab_size=300 --model_type=bpe --byte_fallback=true --minloglevel=2");
        const QString out = path("new-llama-spm");
        Run r = run({"model", "new", "--family", "llama", "--tokenizer", path("spm/sp.model"), out});
        QVERIFY2(r.code == 0, r.err.constData());
        QCOMPARE(fileBytes(out + "/tokenizer.model"), fileBytes(path("spm/sp.model")));
        const QJsonObject cfg = run({"model", "info", out, "--json"}).json().value("config").toObject();
        QCOMPARE(cfg.value("vocab_size").toInt(), 300);
        QCOMPARE(cfg.value("bos_token_id").toInt(), 1);   // SentencePiece's defaults
        QCOMPARE(cfg.value("eos_token_id").toInt(), 2);

        Run g = run({"model", "convert", out, path("spm.gguf"), "--to", "gguf"});
        QVERIFY2(g.code == 0, g.err.constData());
        const QJsonObject tok = run({"model", "info", path("spm.gguf"), "--json"}).json().value("tokenizer").toObject();
        QCOMPARE(tok.value("model").toString(), QString("llama"));
        QCOMPARE(tok.value("vocab_size").toInt(), 300);
        QVERIFY(tok.value("scores").toBool());
        QCOMPARE(tok.value("bos").toObject().value("token").toString(), QString("<s>"));
        // A SentencePiece vocabulary in GGUF has no merges: converting back warns.
        Run b = run({"model", "convert", path("spm.gguf"), path("spm-back"), "--to", "safetensors"});
        QVERIFY2(b.code == 0, b.err.constData());
        QVERIFY2(b.err.contains("SentencePiece"), b.err.constData());
    }

    void modelNewBadArgs()
    {
        const QString out = path("bad-new");
        for (const QStringList& args : {QStringList{"model", "new", out},
                                        QStringList{"model", "new", "--family", "bert", out},
                                        QStringList{"model", "new", "--family", "falcon", out},
                                        QStringList{"model", "new", "--family", "llama", "--dtype", "q8_0", out},
                                        QStringList{"model", "new", "--family", "llama", "--preset", "huge", out},
                                        QStringList{"model", "new", "--family", "llama", "--seed", "-1", out},
                                        QStringList{"model", "new", "--family", "llama"}}) {
            Run r = run(args);
            QVERIFY2(r.code == 2, qPrintable(args.join(' ') + ": " + r.err));
        }
        QVERIFY(!QFileInfo::exists(out));
        QVERIFY(run({"model", "new", "--help"}).out.contains("--family"));
        QVERIFY(run({"model", "convert", "--help"}).out.contains("q8_0"));
    }

    void convertRoundTrip()
    {
        const QString tok = trainTokenizer("convtok", 300);
        QVERIFY(!tok.isEmpty());
        const QString src = path("conv-src");
        QCOMPARE(run({"model", "new", "--family", "llama", "--tokenizer", tok, "--seed", "3", src}).code, 0);

        const QString gguf = path("conv.gguf");
        Run g = run({"model", "convert", src, gguf, "--to", "gguf", "--dtype", "f32", "--json"});
        QVERIFY2(g.code == 0, g.err.constData());
        QVERIFY(!g.json().value("tokenizer").isNull());
        QJsonObject gi = run({"model", "info", gguf, "--json"}).json();
        QCOMPARE(gi.value("format").toString(), QString("gguf"));
        QCOMPARE(gi.value("family").toString(), QString("llama"));
        QCOMPARE(gi.value("parameters").toInteger(), run({"model", "info", src, "--json"}).json().value("parameters").toInteger());
        const QJsonObject gt = gi.value("tokenizer").toObject();
        QCOMPARE(gt.value("model").toString(), QString("gpt2"));
        QCOMPARE(gt.value("pre").toString(), QString("gpt-2"));
        QCOMPARE(gt.value("vocab_size").toInt(), gi.value("config").toObject().value("llama.vocab_size").toInt());
        QVERIFY(gt.value("merges").toInt() > 0);
        QCOMPARE(gt.value("eos").toObject().value("token").toString(), QString("<|endoftext|>"));
        Run text = run({"model", "info", gguf});
        QVERIFY2(text.out.contains("pre gpt-2"), text.out.constData());

        // Back to safetensors: bit-exact tensors, same config, a working tokenizer.
        const QString back = path("conv-back");
        Run b = run({"model", "convert", gguf, back, "--to", "safetensors", "--json"});
        QVERIFY2(b.code == 0, b.err.constData());
        QCOMPARE(b.json().value("dtype").toString(), QString("f32"));
        const SafetensorsFile a = SafetensorsFile::open((src + "/model.safetensors").toStdString());
        const SafetensorsFile c = SafetensorsFile::open((back + "/model.safetensors").toStdString());
        QCOMPARE(c.tensors().size(), a.tensors().size());
        for (const TensorView& t : a.tensors()) {
            const TensorView& u = c.at(t.name);
            QVERIFY2(u.nbytes == t.nbytes && std::memcmp(u.data, t.data, t.nbytes) == 0, t.name.c_str());
        }
        QCOMPARE(loadConfig((back + "/config.json").toStdString()), loadConfig((src + "/config.json").toStdString()));
        const QString sample = "the tokenizer reads 模型 text";
        Run e1 = run({"tokenizer", "encode", sample, "--tokenizer", src, "--json"});
        Run e2 = run({"tokenizer", "encode", sample, "--tokenizer", back, "--json"});
        QVERIFY2(e2.code == 0, e2.err.constData());
        QCOMPARE(e2.json().value("ids").toArray(), e1.json().value("ids").toArray());

        // q8_0: 2-D weights quantised, norms kept f32.
        Run q = run({"model", "convert", src, path("conv-q8.gguf"), "--to", "gguf", "--dtype", "q8_0"});
        QVERIFY2(q.code == 0, q.err.constData());
        QJsonObject qd = run({"model", "info", path("conv-q8.gguf"), "--json"}).json().value("dtypes").toObject();
        const ModelConfig cfg = presetConfig(ModelFamily::Llama, "tiny");
        QCOMPARE(qd.value("F32").toObject().value("tensors").toInt(), 2 * cfg.numLayers + 1);
        QCOMPARE(qd.value("Q8_0").toObject().value("tensors").toInt(), 7 * cfg.numLayers + 1);
        // f16 by default, and a bf16 safetensors copy.
        QCOMPARE(run({"model", "convert", src, path("conv-f16.gguf"), "--to", "gguf", "--json"}).json().value("dtype").toString(),
                 QString("f16"));
        Run h = run({"model", "convert", src, path("conv-bf16"), "--to", "safetensors", "--dtype", "bf16"});
        QVERIFY2(h.code == 0, h.err.constData());
        QJsonObject hd = run({"model", "info", path("conv-bf16"), "--json"}).json();
        QCOMPARE(hd.value("dtypes").toObject().value("BF16").toObject().value("parameters").toInteger(),
                 hd.value("parameters").toInteger());
        QVERIFY(QFileInfo::exists(path("conv-bf16/tokenizer.json")));
    }

    void convertErrors()
    {
        const QString src = path("err-src");
        QCOMPARE(run({"model", "new", "--family", "gpt2", src}).code, 0);
        for (const QStringList& args :
             {QStringList{"model", "convert", src, path("e1")},
              QStringList{"model", "convert", src, path("e1"), "--to", "onnx"},
              QStringList{"model", "convert", src, path("e1"), "--to", "safetensors", "--dtype", "q8_0"},
              QStringList{"model", "convert", src, path("e1.gguf"), "--to", "gguf", "--dtype", "bf16"},
              QStringList{"model", "convert", src, path("e1.gguf"), "--to", "gguf", "--dtype", "int4"},
              QStringList{"model", "convert", src, "--to", "gguf"}}) {
            Run r = run(args);
            QVERIFY2(r.code == 2, qPrintable(args.join(' ') + ": " + r.err));
        }
        Run missing = run({"model", "convert", path("no-such-model"), path("e2"), "--to", "gguf"});
        QCOMPARE(missing.code, 1);
        QVERIFY(missing.err.contains("no-such-model"));
        QFile junk(path("junk.txt"));
        QVERIFY(junk.open(QIODevice::WriteOnly));
        junk.write("not a model");
        junk.close();
        Run j = run({"model", "convert", junk.fileName(), path("e3.gguf"), "--to", "gguf"});
        QCOMPARE(j.code, 1);
        QVERIFY2(j.err.contains("junk.txt"), j.err.constData());

        Run first = run({"model", "convert", src, path("e4.gguf"), "--to", "gguf"});
        QVERIFY2(first.code == 0, first.err.constData());
        QVERIFY2(first.err.contains("no tokenizer"), first.err.constData());   // warned, still written
        Run exists = run({"model", "convert", src, path("e4.gguf"), "--to", "gguf"});
        QCOMPARE(exists.code, 1);
        QVERIFY(exists.err.contains("already exists"));
        QCOMPARE(run({"model", "convert", src, path("e4.gguf"), "--to", "gguf", "--force"}).code, 0);

        // Q8_0 with rows that are not multiples of 32: the tensor is named, nothing written.
        ModelConfig c = presetConfig(ModelFamily::Llama, "tiny");
        c.hiddenSize = 40;
        c.headDim = 10;
        const auto w = initWeights(c, 1);
        std::vector<TensorView> views;
        for (const auto& t : w) views.push_back(t.view());
        writeHfModel(path("odd-rows").toStdString(), c, views, {});
        Run q = run({"model", "convert", path("odd-rows"), path("odd.gguf"), "--to", "gguf", "--dtype", "q8_0"});
        QCOMPARE(q.code, 1);
        QVERIFY2(q.err.contains("token_embd.weight") && q.err.contains("32"), q.err.constData());
        QVERIFY(!QFileInfo::exists(path("odd.gguf")));
    }

    void convertLlama2c()
    {
        const QString bin = qEnvironmentVariable("WB_TEST_DATA") + "/models/tiny-llama2c/model.bin";
        QVERIFY2(QFileInfo::exists(bin), qPrintable(bin));
        const QString out = path("l2c");
        Run r = run({"model", "convert", bin, out, "--to", "safetensors", "--json"});
        QVERIFY2(r.code == 0, r.err.constData());
        QCOMPARE(r.json().value("input_format").toString(), QString("llama2c"));
        QJsonObject i = run({"model", "info", out, "--json"}).json();
        QCOMPARE(i.value("family").toString(), QString("llama"));
        QCOMPARE(i.value("config").toObject().value("hidden_size").toInt(), 32);
        QCOMPARE(i.value("config").toObject().value("rms_norm_eps").toDouble(), 1e-5);
        QCOMPARE(i.value("parameters").toInteger(), run({"model", "info", bin, "--json"}).json().value("parameters").toInteger());
        Run g = run({"model", "convert", bin, path("l2c.gguf"), "--to", "gguf", "--dtype", "q8_0"});
        QVERIFY2(g.code == 0, g.err.constData());
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
