// BERT text encoder against reference embeddings written by
// tests/data/models/make_bert_fixture.py (independent plain-torch BertModel,
// BERT tokenizer on Python's unicodedata, sentence-transformers pooling), plus
// batching, pooling and strict loading errors.
#include "common/model_fixtures.h"
#include "core/data/record.h"
#include "core/nn/text_encoder.h"
#include "core/weights/safetensors.h"

#include <QtTest>
#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>

namespace fs = std::filesystem;

namespace {

nlohmann::json readJson(const fs::path& path)
{
    std::ifstream f(path);
    return nlohmann::json::parse(f);
}

void writeJson(const fs::path& path, const nlohmann::json& j)
{
    std::ofstream(path) << j.dump(2);
}

nlohmann::json expectedEmbeddings() { return readJson(fs::path(fixtureDir("tiny-bert")) / "expected_embeddings.json"); }

// A copy of tiny-bert in `dst` with edited tensors, a patched config.json and,
// unless told otherwise, its vocab.txt.
void copyBert(const std::string& dst,
              const std::function<void(std::vector<wb::TensorView>&, std::vector<std::vector<float>>&)>& edit,
              const nlohmann::json& configPatch = nlohmann::json::object(), bool withVocab = true)
{
    const fs::path src = fixtureDir("tiny-bert");
    copyFixtureWith(src.string(), dst, edit);
    nlohmann::json config = readJson(fs::path(dst) / "config.json");
    config.merge_patch(configPatch);
    writeJson(fs::path(dst) / "config.json", config);
    if (withVocab) fs::copy_file(src / "vocab.txt", fs::path(dst) / "vocab.txt");
}

void noEdit(std::vector<wb::TensorView>&, std::vector<std::vector<float>>&) {}

std::string encoderLoadError(const std::string& dir)
{
    try {
        wb::TextEncoder::load(dir);
    } catch (const wb::Error& e) {
        return e.what();
    }
    return {};
}

double maxAbsDiff(const std::vector<float>& a, const std::vector<float>& b)
{
    if (a.size() != b.size()) return INFINITY;
    double d = 0;
    for (size_t i = 0; i < a.size(); ++i) d = std::max(d, double(std::fabs(a[i] - b[i])));
    return d;
}

std::vector<float> flatten(const nlohmann::json& rows)
{
    std::vector<float> out;
    for (const auto& row : rows)
        for (const auto& v : row) out.push_back(v.get<float>());
    return out;
}

} // namespace

class tst_bert_model : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void matchesReferenceEmbeddings_data()
    {
        QTest::addColumn<int>("pooling");
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("activation");
        QTest::newRow("mean pooling, erf gelu") << int(wb::Pooling::Mean) << "mean" << "gelu";
        QTest::newRow("cls pooling, erf gelu") << int(wb::Pooling::Cls) << "cls" << "gelu";
        QTest::newRow("mean pooling, tanh gelu_new") << int(wb::Pooling::Mean) << "mean_gelu_new" << "gelu_new";
    }

    // All texts (English, Chinese, mixed with an accent, an unknown word, one
    // truncated) in one padded batch against each text embedded on its own by
    // the reference.
    void matchesReferenceEmbeddings()
    {
        QFETCH(int, pooling);
        QFETCH(QString, key);
        QFETCH(QString, activation);
        QTemporaryDir tmp;
        copyBert(tmp.path().toStdString(), noEdit, {{"hidden_act", activation.toStdString()}});
        const nlohmann::json expected = expectedEmbeddings();
        const auto texts = expected.at("texts").get<std::vector<std::string>>();
        const auto ids = expected.at("input_ids").get<std::vector<std::vector<int>>>();
        const std::vector<float> reference = flatten(expected.at(key.toStdString()));

        auto encoder = wb::TextEncoder::load(tmp.path().toStdString(), wb::Pooling(pooling));
        QCOMPARE(encoder->dim(), expected.at("dim").get<int>());
        QCOMPARE(int(encoder->pooling()), pooling);
        QVERIFY(encoder->hasTokenizer());
        for (size_t i = 0; i < texts.size(); ++i)
            QVERIFY2(encoder->tokenize(texts[i]) == ids[i], texts[i].c_str());

        const std::vector<float> fromTexts = encoder->embedTexts(texts);
        QCOMPARE(fromTexts.size(), texts.size() * size_t(encoder->dim()));
        const double diff = maxAbsDiff(fromTexts, reference);
        qInfo("%s max abs diff vs reference: %g", qPrintable(key), diff);
        QVERIFY2(diff < 1e-4, qPrintable(QString::number(diff)));
        QVERIFY(maxAbsDiff(encoder->embedIds(ids), fromTexts) < 1e-6);
    }

    void meanAndClsDiffer()
    {
        const auto ids = expectedEmbeddings().at("input_ids").get<std::vector<std::vector<int>>>();
        const auto mean = wb::TextEncoder::load(fixtureDir("tiny-bert"))->embedIds(ids);
        const auto cls = wb::TextEncoder::load(fixtureDir("tiny-bert"), wb::Pooling::Cls)->embedIds(ids);
        QVERIFY(maxAbsDiff(mean, cls) > 0.05);
    }

    // Padding, sub-batching (more sequences than one sub-batch holds) and
    // order do not change a sequence's vector.
    void batchEqualsOneByOne()
    {
        auto encoder = wb::TextEncoder::load(fixtureDir("tiny-bert"));
        const int C = encoder->dim();
        const int V = encoder->config().vocabSize;
        std::vector<std::vector<int>> batch;
        for (int n = 0; n < 300; ++n) {
            std::vector<int> seq{2};
            const int len = 1 + (n * 7) % 22;
            for (int t = 0; t < len; ++t) seq.push_back(5 + (n * 13 + t * 5) % (V - 5));
            seq.push_back(3);
            batch.push_back(std::move(seq));
        }
        const std::vector<float> all = encoder->embedIds(batch);
        QCOMPARE(all.size(), batch.size() * size_t(C));
        double worst = 0;
        for (size_t n = 0; n < batch.size(); n += 7) {
            const std::vector<float> one = encoder->embedIds({batch[n]});
            worst = std::max(worst, maxAbsDiff(one, std::vector<float>(all.begin() + n * C, all.begin() + (n + 1) * C)));
        }
        qInfo("batch vs one-by-one max abs diff: %g", worst);
        QVERIFY2(worst < 1e-5, qPrintable(QString::number(worst)));
        // Distinct inputs give distinct vectors (the rows are not all one row).
        QVERIFY(maxAbsDiff(std::vector<float>(all.begin(), all.begin() + C),
                           std::vector<float>(all.begin() + C, all.begin() + 2 * C)) > 1e-3);
    }

    void vectorsAreNormalised()
    {
        auto encoder = wb::TextEncoder::load(fixtureDir("tiny-bert"), wb::Pooling::Cls);
        const std::vector<std::string> texts = {"the rock", "地质", "Hello!", std::string(5000, 'a')};
        const std::vector<float> v = encoder->embedTexts(texts);
        const int C = encoder->dim();
        for (size_t n = 0; n < texts.size(); ++n) {
            double norm = 0;
            for (int c = 0; c < C; ++c) norm += double(v[n * C + c]) * v[n * C + c];
            QVERIFY2(std::fabs(std::sqrt(norm) - 1.0) < 1e-5, qPrintable(QString::number(norm)));
        }
    }

    void truncatesToMaxPositions()
    {
        auto encoder = wb::TextEncoder::load(fixtureDir("tiny-bert"));
        const int P = encoder->config().maxPositionEmbeddings;
        std::string text;
        for (int n = 0; n < 200; ++n) text += "water ";
        const std::vector<int> ids = encoder->tokenize(text);
        QCOMPARE(int(ids.size()), P);
        QCOMPARE(ids.front(), 2);   // [CLS]
        QCOMPARE(ids.back(), 3);    // [SEP]
        QCOMPARE(encoder->tokenize("").size(), size_t(2));
        QCOMPARE(encoder->embedTexts({text}).size(), size_t(encoder->dim()));
    }

    void rejectsBadIds()
    {
        auto encoder = wb::TextEncoder::load(fixtureDir("tiny-bert"));
        QVERIFY(encoder->embedIds({}).empty());
        auto errorOf = [&](const std::vector<std::vector<int>>& batch) -> QString {
            try {
                encoder->embedIds(batch);
            } catch (const wb::Error& e) {
                return e.what();
            }
            return {};
        };
        QString err = errorOf({{2, 3}, {}});
        QVERIFY2(err.contains("sequence 1") && err.contains("no token ids"), qPrintable(err));
        err = errorOf({{2, 5, 999, 3}});
        QVERIFY2(err.contains("sequence 0") && err.contains("999") && err.contains("position 2"), qPrintable(err));
        err = errorOf({{2, 3}, {2, 3}, std::vector<int>(25, 7)});
        QVERIFY2(err.contains("sequence 2") && err.contains("25") && err.contains("max_position_embeddings 24"),
                 qPrintable(err));
    }

    // Checkpoints saved from BertForMaskedLM / BertForPreTraining put the
    // encoder under "bert." next to the heads, which an encoder ignores.
    void prefixedCheckpointWithHeads()
    {
        QTemporaryDir tmp;
        copyBert(tmp.path().toStdString(), [](auto& views, auto& storage) {
            for (wb::TensorView& v : views) v.name = "bert." + v.name;
            storage.emplace_back(64, 0.5f);
            const auto* data = reinterpret_cast<const uint8_t*>(storage.back().data());
            views.push_back({"cls.predictions.bias", wb::DType::F32, {64}, data, 64 * sizeof(float)});
            views.push_back({"cls.seq_relationship.bias", wb::DType::F32, {2}, data, 2 * sizeof(float)});
            views.push_back({"bert.embeddings.position_ids", wb::DType::I64, {1, 24}, data, 24 * 8});
        });
        const auto ids = expectedEmbeddings().at("input_ids").get<std::vector<std::vector<int>>>();
        const auto a = wb::TextEncoder::load(fixtureDir("tiny-bert"))->embedIds(ids);
        const auto b = wb::TextEncoder::load(tmp.path().toStdString())->embedIds(ids);
        QCOMPARE(maxAbsDiff(a, b), 0.0);
    }

    void missingTensorIsNamed()
    {
        QTemporaryDir tmp;
        copyBert(tmp.path().toStdString(), [](auto& views, auto&) {
            std::erase_if(views, [](const wb::TensorView& v) { return v.name == "encoder.layer.1.attention.self.key.bias"; });
        });
        const QString err = QString::fromStdString(encoderLoadError(tmp.path().toStdString()));
        QVERIFY2(err.contains("missing tensor \"encoder.layer.1.attention.self.key.bias\"") && err.contains("[32]"),
                 qPrintable(err));
    }

    void unexpectedTensorIsNamed()
    {
        QTemporaryDir tmp;
        copyBert(tmp.path().toStdString(), [](auto& views, auto& storage) {
            storage.emplace_back(32, 0.0f);
            views.push_back({"encoder.layer.0.attention.self.rel_bias", wb::DType::F32, {32},
                             reinterpret_cast<const uint8_t*>(storage.back().data()), 32 * sizeof(float)});
        });
        const QString err = QString::fromStdString(encoderLoadError(tmp.path().toStdString()));
        QVERIFY2(err.contains("unexpected tensor \"encoder.layer.0.attention.self.rel_bias\""), qPrintable(err));
    }

    void wrongShapeIsNamedWithBothShapes()
    {
        // 16 learned positions disagree with max_position_embeddings 24.
        QTemporaryDir tmp;
        copyBert(tmp.path().toStdString(), [](auto& views, auto&) {
            for (wb::TensorView& v : views)
                if (v.name == "embeddings.position_embeddings.weight") {
                    v.shape = {16, 32};
                    v.nbytes = 16 * 32 * sizeof(float);
                }
        });
        const QString err = QString::fromStdString(encoderLoadError(tmp.path().toStdString()));
        QVERIFY2(err.contains("\"embeddings.position_embeddings.weight\"") && err.contains("[16, 32]") &&
                     err.contains("[24, 32]"),
                 qPrintable(err));
    }

    void rejectsConfigsItCannotRun_data()
    {
        QTest::addColumn<QString>("patch");
        QTest::addColumn<QString>("field");
        QTest::newRow("decoder") << R"({"is_decoder": true})" << "is_decoder";
        QTest::newRow("cross-attention") << R"({"add_cross_attention": true})" << "add_cross_attention";
        QTest::newRow("relative positions") << R"({"position_embedding_type": "relative_key"})"
                                            << "position_embedding_type";
        QTest::newRow("activation") << R"({"hidden_act": "relu"})" << "hidden_act";
    }

    void rejectsConfigsItCannotRun()
    {
        QFETCH(QString, patch);
        QFETCH(QString, field);
        QTemporaryDir tmp;
        copyBert(tmp.path().toStdString(), noEdit, nlohmann::json::parse(patch.toStdString()));
        const QString err = QString::fromStdString(encoderLoadError(tmp.path().toStdString()));
        QVERIFY2(err.contains("config.json") && err.contains("\"" + field + "\""), qPrintable(err));
    }

    void rejectsCausalLanguageModel()
    {
        const QString err = QString::fromStdString(encoderLoadError(fixtureDir("tiny-gpt2")));
        QVERIFY2(err.contains("\"model_type\"") && err.contains("gpt2") && err.contains("not a text encoder"),
                 qPrintable(err));
    }

    void worksWithoutTokenizerOnIds()
    {
        QTemporaryDir tmp;
        copyBert(tmp.path().toStdString(), noEdit, nlohmann::json::object(), false);
        auto encoder = wb::TextEncoder::load(tmp.path().toStdString());
        QVERIFY(!encoder->hasTokenizer());
        QCOMPARE(encoder->embedIds({{2, 20, 3}}).size(), size_t(32));
        QVERIFY_THROWS_EXCEPTION(wb::Error, encoder->embedTexts({"hello"}));
    }

    void vocabularyLargerThanModelIsRejected()
    {
        QTemporaryDir tmp;
        copyBert(tmp.path().toStdString(), noEdit, nlohmann::json::object(), false);
        std::ofstream vocab(fs::path(tmp.path().toStdString()) / "vocab.txt");
        vocab << "[PAD]\n[UNK]\n[CLS]\n[SEP]\n";
        for (int n = 0; n < 100; ++n) vocab << "w" << n << "\n";
        vocab.close();
        const QString err = QString::fromStdString(encoderLoadError(tmp.path().toStdString()));
        QVERIFY2(err.contains("vocab.txt") && err.contains("104") && err.contains("vocab_size"), qPrintable(err));
    }

    void poolingNames()
    {
        for (wb::Pooling p : {wb::Pooling::Mean, wb::Pooling::Cls}) QVERIFY(wb::poolingFromString(wb::toString(p)) == p);
        QVERIFY_THROWS_EXCEPTION(wb::Error, wb::poolingFromString("max"));
    }

    void sentenceTransformersPoolingConfig()
    {
        QTemporaryDir tmp;
        const fs::path dir = tmp.path().toStdString();
        QVERIFY(!wb::sentenceTransformersPooling(dir.string()));
        fs::create_directories(dir / "1_Pooling");
        writeJson(dir / "1_Pooling" / "config.json",
                  {{"word_embedding_dimension", 32}, {"pooling_mode_cls_token", true}, {"pooling_mode_mean_tokens", false}});
        QVERIFY(wb::sentenceTransformersPooling(dir.string()) == wb::Pooling::Cls);
        // modules.json may name another folder for the Pooling module.
        fs::create_directories(dir / "pool");
        writeJson(dir / "pool" / "config.json", {{"pooling_mode_mean_tokens", true}});
        writeJson(dir / "modules.json", nlohmann::json::array({
            {{"idx", 0}, {"name", "0"}, {"path", ""}, {"type", "sentence_transformers.models.Transformer"}},
            {{"idx", 1}, {"name", "1"}, {"path", "pool"}, {"type", "sentence_transformers.models.Pooling"}}}));
        QVERIFY(wb::sentenceTransformersPooling(dir.string()) == wb::Pooling::Mean);
        writeJson(dir / "pool" / "config.json", {{"pooling_mode_max_tokens", true}});
        try {
            wb::sentenceTransformersPooling(dir.string());
            QFAIL("max pooling accepted");
        } catch (const wb::Error& e) {
            QVERIFY2(QString(e.what()).contains("pooling_mode_max_tokens"), e.what());
        }
    }
};

QTEST_GUILESS_MAIN(tst_bert_model)
#include "tst_bert_model.moc"
