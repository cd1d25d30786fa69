// loadEmbedder() over model folders: the BERT fixture (mean / CLS pooling from
// 1_Pooling, against TextEncoder and its reference vectors), a decoder
// fixture (mean-pooled hidden states, against CausalLM::hiddenStates), and
// the errors for folders that hold no embedder.
#include "common/model_fixtures.h"
#include "core/data/record.h"
#include "core/nn/causal_lm.h"
#include "core/nn/text_encoder.h"
#include "core/retrieval/embedder.h"
#include "core/text/tokenizer.h"
#include "core/weights/safetensors.h"

#include <QTemporaryDir>
#include <QtTest>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;

namespace {

const std::vector<std::string> kTexts = {"the quick brown fox", "", "hello world", "知识库检索",
                                         "a somewhat longer text about embeddings and retrieval"};

void checkUnitRows(const std::vector<float>& v, int dim, size_t rows)
{
    QCOMPARE(v.size(), rows * size_t(dim));
    for (size_t r = 0; r < rows; ++r) {
        double norm = 0;
        for (int c = 0; c < dim; ++c) {
            const float x = v[r * size_t(dim) + size_t(c)];
            QVERIFY2(std::isfinite(x), qPrintable(QString("row %1 not finite").arg(r)));
            norm += double(x) * x;
        }
        QVERIFY2(std::abs(norm - 1.0) < 1e-4, qPrintable(QString("row %1 has norm^2 %2").arg(r).arg(norm)));
    }
}

// Each text embedded alone equals its row in the batch.
void checkBatchIndependent(wb::Embedder& e)
{
    const std::vector<float> batch = e.embed(kTexts);
    for (size_t i = 0; i < kTexts.size(); ++i) {
        const std::vector<float> alone = e.embed({kTexts[i]});
        for (int c = 0; c < e.dim(); ++c)
            QVERIFY2(std::abs(alone[size_t(c)] - batch[i * size_t(e.dim()) + size_t(c)]) < 1e-4,
                     qPrintable(QString("text %1 dim %2").arg(i).arg(c)));
    }
}

void copyDir(const fs::path& src, const fs::path& dst)
{
    fs::create_directories(dst);
    fs::copy(src, dst, fs::copy_options::recursive);
}

std::string embedderLoadError(const std::string& dir)
{
    try {
        wb::loadEmbedder(dir);
    } catch (const wb::Error& e) {
        return e.what();
    }
    return {};
}

} // namespace

class tst_embed_load : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void bertMeanMatchesTextEncoder()
    {
        auto e = wb::loadEmbedder(fixtureDir("tiny-bert"));
        auto encoder = wb::TextEncoder::load(fixtureDir("tiny-bert"), wb::Pooling::Mean);
        QCOMPARE(e->dim(), encoder->dim());
        QVERIFY(e->key().starts_with("bert:tiny-bert:"));
        QVERIFY(e->key().ends_with(":mean"));
        const std::vector<float> got = e->embed(kTexts);
        checkUnitRows(got, e->dim(), kTexts.size());
        const std::vector<float> want = encoder->embedTexts(kTexts);
        QCOMPARE(got.size(), want.size());
        for (size_t i = 0; i < got.size(); ++i) QVERIFY(std::abs(got[i] - want[i]) < 1e-5);
        checkBatchIndependent(*e);
    }

    void bertPoolingChangesKey()
    {
        QTemporaryDir tmp;
        const fs::path dir = fs::path(tmp.path().toStdString()) / "tiny-bert";
        copyDir(fixtureDir("tiny-bert"), dir);
        const std::string meanKey = wb::loadEmbedder(dir.string())->key();
        fs::create_directories(dir / "1_Pooling");
        std::ofstream(dir / "1_Pooling" / "config.json") << R"({"pooling_mode_cls_token": true, "pooling_mode_mean_tokens": false})";
        auto cls = wb::loadEmbedder(dir.string());
        QVERIFY(cls->key().ends_with(":cls"));
        QVERIFY(cls->key() != meanKey);
        const std::vector<float> got = cls->embed({"hello world"});
        const std::vector<float> want = wb::TextEncoder::load(dir.string(), wb::Pooling::Cls)->embedTexts({"hello world"});
        for (size_t i = 0; i < got.size(); ++i) QVERIFY(std::abs(got[i] - want[i]) < 1e-5);
    }

    void keyChangesWithWeights()
    {
        QTemporaryDir tmp;
        const fs::path dir = fs::path(tmp.path().toStdString()) / "tiny-bert";
        copyDir(fixtureDir("tiny-bert"), dir);
        const std::string before = wb::loadEmbedder(dir.string())->key();
        QCOMPARE(wb::loadEmbedder(dir.string())->key(), before);   // stable
        // A rewritten checkpoint (here: same bytes, new modification time) is a new key.
        const fs::path weights = dir / "model.safetensors";
        fs::last_write_time(weights, fs::last_write_time(weights) + std::chrono::seconds(10));
        QVERIFY(wb::loadEmbedder(dir.string())->key() != before);
    }

    void decoderMeanPooledHiddenStates()
    {
        const std::string dir = fixtureDir("tiny-chat");
        auto e = wb::loadEmbedder(dir);
        QVERIFY(e->key().starts_with("decoder:tiny-chat:"));
        QCOMPARE(e->dim(), 64);
        const std::vector<float> got = e->embed(kTexts);
        checkUnitRows(got, e->dim(), kTexts.size());
        checkBatchIndependent(*e);

        // Reference: BOS + tokens through hiddenStates, mean, L2 norm.
        auto model = wb::CausalLM::load(dir);
        auto tok = wb::loadTokenizer(dir);
        std::vector<int> ids = {*model->config().bosTokenId};
        for (int id : tok->encode(kTexts[0])) ids.push_back(id);
        const std::vector<float> hidden = model->hiddenStates(ids);
        const int C = model->config().hiddenSize;
        QCOMPARE(hidden.size(), ids.size() * size_t(C));
        std::vector<double> mean(size_t(C), 0.0);
        for (size_t t = 0; t < ids.size(); ++t)
            for (int c = 0; c < C; ++c) mean[size_t(c)] += hidden[t * size_t(C) + size_t(c)];
        double norm = 0;
        for (double v : mean) norm += v * v;
        for (int c = 0; c < C; ++c) QVERIFY(std::abs(got[size_t(c)] - mean[size_t(c)] / std::sqrt(norm)) < 1e-5);
    }

    void hiddenStatesMatchLogits()
    {
        // The last hidden state times lm_head is the last logits row.
        auto model = wb::CausalLM::load(fixtureDir("tiny-gpt2"));
        const std::vector<int> ids = {1, 5, 9, 2};
        const std::vector<float> hidden = model->hiddenStates(ids);
        const std::vector<float> logits = model->logits(ids);
        const int C = model->config().hiddenSize, V = model->config().vocabSize;
        QCOMPARE(hidden.size(), ids.size() * size_t(C));
        QCOMPARE(logits.size(), ids.size() * size_t(V));
        const wb::SafetensorsFile st =
            wb::SafetensorsFile::open((fs::path(fixtureDir("tiny-gpt2")) / "model.safetensors").string());
        const wb::TensorView* wte = st.find("transformer.wte.weight");
        if (!wte) wte = st.find("wte.weight");
        QVERIFY(wte && wte->dtype == wb::DType::F32);
        std::vector<float> table(wte->nbytes / 4);
        std::memcpy(table.data(), wte->data, wte->nbytes);
        for (size_t t = 0; t < ids.size(); ++t)
            for (int v = 0; v < V; ++v) {
                double dot = 0;
                for (int c = 0; c < C; ++c) dot += double(hidden[t * size_t(C) + size_t(c)]) * table[size_t(v) * size_t(C) + size_t(c)];
                QVERIFY2(std::abs(dot - logits[t * size_t(V) + size_t(v)]) < 1e-3,
                         qPrintable(QString("position %1 vocab %2: %3 vs %4").arg(t).arg(v).arg(dot).arg(logits[t * size_t(V) + size_t(v)])));
            }
        QVERIFY_THROWS_EXCEPTION(wb::Error, model->hiddenStates({}));
        QVERIFY_THROWS_EXCEPTION(wb::Error, model->hiddenStates({V}));
    }

    void cancelStopsEarly()
    {
        auto e = wb::loadEmbedder(fixtureDir("tiny-chat"));
        std::atomic<bool> cancel{false};
        std::vector<std::string> many(40, "some text to embed");
        int64_t calls = 0;
        const std::vector<float> got = e->embed(many, [&](int64_t done, int64_t total) {
            ++calls;
            QCOMPARE(total, int64_t(40));
            if (done >= 8) cancel = true;
        }, &cancel);
        QVERIFY(calls >= 1);
        QVERIFY(got.size() < many.size() * size_t(e->dim()));
        QCOMPARE(got.size() % size_t(e->dim()), size_t(0));
    }

    void errorsNameTheFolder()
    {
        QTemporaryDir tmp;
        const std::string empty = tmp.path().toStdString();
        QVERIFY(embedderLoadError(empty).find("no embedder.json") != std::string::npos);
        QVERIFY(embedderLoadError(empty + "/nope").find("not a folder") != std::string::npos);
        // A decoder without a tokenizer cannot embed texts.
        const std::string msg = embedderLoadError(fixtureDir("tiny-gpt2"));
        QVERIFY2(!msg.empty(), "tiny-gpt2 has no tokenizer");
    }
};

QTEST_GUILESS_MAIN(tst_embed_load)
#include "tst_embed_load.moc"
