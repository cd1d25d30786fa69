#include "core/retrieval/knowledge_base.h"
#include "core/store/conversations.h"
#include "core/store/project_store.h"
#include "ui/common/background_task.h"
#include "ui/embeddings/embed_project_pipeline.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <memory>

namespace {

// Deterministic 8-d vectors: texts with "animal" near e0, others near e1,
// plus a small per-text offset from a hash of the text.
class FakeEmbedder : public wb::Embedder {
public:
    explicit FakeEmbedder(int* embedded) : embedded_(embedded) {}
    std::string key() const override { return "fake:map-test"; }
    std::string displayName() const override { return "fake embedder"; }
    int dim() const override { return 8; }
    std::vector<float> embed(const std::vector<std::string>& texts, const wb::EmbedProgress&,
                             const std::atomic<bool>*) override
    {
        std::vector<float> out;
        for (const std::string& t : texts) {
            std::vector<float> v(8, 0.f);
            v[t.find("animal") != std::string::npos ? 0 : 1] = 1.f;
            const size_t h = std::hash<std::string>{}(t);
            for (int d = 2; d < 8; ++d)
                v[size_t(d)] = 0.05f * float((h >> (d * 4)) & 15) / 15.f;
            float n = 0;
            for (float x : v)
                n += x * x;
            for (float& x : v)
                out.push_back(x / std::sqrt(n));
        }
        *embedded_ += int(texts.size());
        return out;
    }

private:
    int* embedded_;
};

} // namespace

class tst_map_pipeline : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void recordsEmbedProjectAndFields();
    void secondRunReusesStoredVectors();
    void chatMessages();
    void errorsNameTheProblem();

private:
    wb::MapResult run(const wb::MapRequest& req, QString* error = nullptr);

    std::unique_ptr<QTemporaryDir> dir_;
    std::unique_ptr<wb::ProjectStore> store_;
    QString projectPath_;
    qint64 dataset_ = 0;
    int embedded_ = 0;
    std::string failFolder_;
    std::shared_ptr<wb::EmbedProjectPipeline> pipeline_;
};

void tst_map_pipeline::init()
{
    dir_ = std::make_unique<QTemporaryDir>();
    QVERIFY(dir_->isValid());
    projectPath_ = dir_->filePath(QStringLiteral("p.llmwb"));
    store_ = wb::ProjectStore::create(projectPath_.toStdString());
    dataset_ = store_->createDataset("d", wb::DatasetKind::Sft);
    for (int k = 0; k < 40; ++k) {
        wb::Record r;
        r.datasetId = dataset_;
        r.instruction = (k % 2 ? "an animal " : "a machine ") + std::to_string(k);
        r.output = "out " + std::to_string(k);
        r.category = k % 2 ? "animal" : "machine";
        store_->insertRecord(r);
    }
    embedded_ = 0;
    pipeline_ = std::make_shared<wb::EmbedProjectPipeline>([this](const std::string& folder) {
        if (folder == "/bad")
            throw wb::Error("/bad: no config.json");
        return std::make_unique<FakeEmbedder>(&embedded_);
    });
}

void tst_map_pipeline::cleanup()
{
    pipeline_.reset();
    store_.reset();
    dir_.reset();
}

wb::MapResult tst_map_pipeline::run(const wb::MapRequest& req, QString* error)
{
    wb::MapResult result;
    auto pipeline = pipeline_;
    wb::BackgroundTask task([&](wb::BackgroundTask::Context& ctx) { result = pipeline->run(req, ctx); },
                            projectPath_);
    QSignalSpy finished(&task, &wb::BackgroundTask::finished);
    task.start();
    if (!finished.wait(60000))
        qWarning("pipeline did not finish");
    if (error && !finished.isEmpty())
        *error = finished.at(0).at(1).toString();
    return result;
}

void tst_map_pipeline::recordsEmbedProjectAndFields()
{
    wb::MapRequest req;
    req.datasetIds = {dataset_};
    req.field = "instruction";
    req.embedderFolder = "/models/fake";
    req.params.method = wb::ProjectionMethod::Pca;
    const wb::MapResult r = run(req);
    QVERIFY(r.data);
    QCOMPARE(r.data->size(), int64_t(40));
    QCOMPARE(embedded_, 40);
    QCOMPARE(r.dim, 8);
    QCOMPARE(r.vectors.size(), size_t(40 * 8));
    QCOMPARE(r.embedderName, std::string("fake embedder"));
    QVERIFY2(r.trustworthiness > 0.5 && r.trustworthiness <= 1.0, qPrintable(QString::number(r.trustworthiness)));
    // The two categories are two clusters: PCA's first axis separates them.
    const int cat = r.data->channelIndex(QStringLiteral("category"));
    QVERIFY(cat >= 0);
    float animalMin = 1e9f, animalMax = -1e9f, otherMin = 1e9f, otherMax = -1e9f;
    const auto& ch = r.data->channels[size_t(cat)];
    for (int64_t i = 0; i < 40; ++i) {
        const float x = r.data->xy[size_t(2 * i)];
        if (ch.labels[ch.codes[size_t(i)]] == QLatin1String("animal")) {
            animalMin = std::min(animalMin, x);
            animalMax = std::max(animalMax, x);
        } else {
            otherMin = std::min(otherMin, x);
            otherMax = std::max(otherMax, x);
        }
    }
    QVERIFY(animalMax < otherMin || otherMax < animalMin);
    for (const char* key : {"status", "split", "dataset", "rating", "cluster"})
        QVERIFY2(r.data->channelIndex(QString::fromLatin1(key)) >= 0, key);
    QVERIFY(r.texts.empty());   // records' text comes from the store
}

void tst_map_pipeline::secondRunReusesStoredVectors()
{
    wb::MapRequest req;
    req.datasetIds = {dataset_};
    req.embedderFolder = "/models/fake";
    req.params.method = wb::ProjectionMethod::Pca;
    const wb::MapResult first = run(req);
    QVERIFY(first.data);
    QCOMPARE(embedded_, 40);
    const wb::MapResult second = run(req);
    QVERIFY(second.data);
    QCOMPARE(embedded_, 40);   // nothing embedded again
    // The layout comes from the projection cache (when the project has its table) and equals the first.
    QVERIFY2(second.fromCache || !second.note.empty(), second.note.c_str());
    if (second.fromCache) {
        QCOMPARE(second.data->xy, first.data->xy);
        QCOMPARE(second.trustworthiness, first.trustworthiness);
    }
    // Another field is another set of vectors.
    req.field = "output";
    QVERIFY(run(req).data);
    QCOMPARE(embedded_, 80);
}

void tst_map_pipeline::chatMessages()
{
    wb::ConversationStore chats(*store_);
    const qint64 c = chats.createConversation("zoo");
    wb::StoredMessage m;
    m.conversationId = c;
    m.role = "user";
    m.content = "tell me about an animal";
    const qint64 u = chats.addMessage(m);
    m.parentId = u;
    m.role = "assistant";
    m.content = "a giraffe is an animal";
    chats.addMessage(m);
    m.content = "a lathe is a machine";
    chats.addMessage(m);
    wb::MapRequest req;
    req.kind = wb::MapItemKind::Message;
    req.embedderFolder = "/models/fake";
    req.params.method = wb::ProjectionMethod::Pca;
    QString error;
    const wb::MapResult r = run(req, &error);
    QVERIFY2(r.data, qPrintable(error));
    QCOMPARE(r.data->size(), int64_t(3));
    QCOMPARE(r.texts.size(), size_t(3));
    QCOMPARE(r.texts[0], std::string("tell me about an animal"));
    const int role = r.data->channelIndex(QStringLiteral("role"));
    QVERIFY(role >= 0);
    QCOMPARE(r.data->channels[size_t(role)].labels, (QStringList{"user", "assistant"}));
    QVERIFY(r.data->datasetIds.empty());
}

void tst_map_pipeline::errorsNameTheProblem()
{
    wb::MapRequest req;
    req.embedderFolder = "/models/fake";
    QString error;
    QVERIFY(!run(req, &error).data);
    QVERIFY2(error.contains(QStringLiteral("no dataset")), qPrintable(error));
    req.datasetIds = {dataset_};
    req.embedderFolder = "/bad";
    QVERIFY(!run(req, &error).data);
    QVERIFY2(error.contains(QStringLiteral("/bad")), qPrintable(error));
    req.datasetIds = {9999};
    req.embedderFolder = "/models/fake";
    QVERIFY(!run(req, &error).data);
    QVERIFY2(error.contains(QStringLiteral("9999")), qPrintable(error));
    QCOMPARE(embedded_, 0);
}

QTEST_MAIN(tst_map_pipeline)
#include "tst_map_pipeline.moc"
