#include "ui/inspector/inspection_job.h"

#include "core/infer/chat_template.h"
#include "core/inspect/inspection_store.h"
#include "core/retrieval/retriever.h"
#include "core/store/project_store.h"
#include "core/text/tokenizer.h"
#include "ui/inspector/span_reason.h"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace wb {

nlohmann::json InspectorSettings::toJson() const
{
    nlohmann::json j = {{"semantic", semantic}, {"model", modelGrounding}, {"samples", samples}, {"seed", seed},
                        {"granularity", sentences ? "sentence" : "clause"}};
    if (semantic) j["embedder"] = embedderDir;
    if (modelGrounding) j["model_dir"] = modelDir;
    if (combiner) j["combiner"] = combinerName;
    if (collectionId > 0) {
        j["collection"] = collectionId;
        j["top_k"] = topK;
    }
    return j;
}

InspectorTools::InspectorTools(ModelLoader modelLoader, EmbedderFactory embedderFactory)
    : modelLoader_(std::move(modelLoader)), embedderFactory_(std::move(embedderFactory))
{
}

InspectorTools::~InspectorTools() = default;

inspect::InspectTools InspectorTools::prepare(const InspectorSettings& s)
{
    inspect::InspectTools t;
    if (s.semantic) {
        if (s.embedderDir.empty()) throw Error("semantic grounding: choose an embedder folder");
        if (!embedderFactory_) throw Error("semantic grounding: this build cannot load embedders");
        if (!embedder_ || embedderDir_ != s.embedderDir) {
            embedder_.reset();
            embedder_ = embedderFactory_(s.embedderDir);
            if (!embedder_) throw Error("embedder folder '" + s.embedderDir + "': the loader returned nothing");
            embedderDir_ = s.embedderDir;
        }
        t.embedder = embedder_.get();
    }
    if (s.modelGrounding || s.samples > 0) {
        if (s.modelDir.empty()) throw Error("model-based detectors: choose a model folder");
        if (!modelLoader_) throw Error("model-based detectors: this build cannot load models");
        if (!model_ || modelDir_ != s.modelDir) {
            model_.reset();
            tokenizer_.reset();
            model_ = modelLoader_(s.modelDir, LoadOptions{});
            if (!model_) throw Error("model folder '" + s.modelDir + "': the loader returned no model");
            tokenizer_ = loadTokenizer(s.modelDir);
            template_ = detectChatTemplate(s.modelDir);
            modelDir_ = s.modelDir;
        }
        t.model = model_.get();
        t.tokenizer = tokenizer_.get();
        t.chatTemplate = template_;
        t.consistencySamples = s.samples;
    }
    t.seed = s.seed;
    t.combiner = s.combiner ? &*s.combiner : nullptr;
    t.granularity = s.sentences ? inspect::ClaimGranularity::Sentence : inspect::ClaimGranularity::Clause;
    return t;
}

std::vector<std::string> retrieveEvidence(ProjectStore& store, int64_t collectionId, const std::string& query,
                                          Embedder* embedder, int topK)
{
    Retriever retriever(store);
    RetrievalOptions o;
    o.topK = topK;
    o.mode = embedder ? RetrievalMode::Hybrid : RetrievalMode::Bm25;
    std::vector<RetrievalHit> hits;
    try {
        hits = retriever.search(collectionId, query, o, embedder);
    } catch (const Error& e) {
        if (o.mode == RetrievalMode::Bm25) throw;
        // Typically: the collection has no vectors for this embedder yet.
        spdlog::warn("inspector: hybrid retrieval failed ({}); using BM25", e.what());
        o.mode = RetrievalMode::Bm25;
        hits = retriever.search(collectionId, query, o, nullptr);
    }
    std::vector<std::string> passages;
    for (RetrievalHit& h : hits) passages.push_back(std::move(h.text));
    return passages;
}

InspectionOutcome runInspection(inspect::InspectInput input, const InspectorSettings& settings,
                                InspectorTools& tools, BackgroundTask::Context& ctx)
{
    ctx.progress(0, 3, QStringLiteral("load"));
    const inspect::InspectTools t = tools.prepare(settings);
    if (ctx.cancelled()) throw Error("inspection cancelled");
    if (settings.collectionId > 0) {
        ctx.progress(1, 3, QStringLiteral("retrieve"));
        auto store = ProjectStore::open(ctx.projectPath);
        input.evidence = retrieveEvidence(*store, settings.collectionId, input.question + "\n" + input.answer,
                                          tools.embedder(), settings.topK);
    }
    ctx.progress(2, 3, QStringLiteral("inspect"));
    InspectionOutcome out;
    out.report = inspect::inspectAnswer(input, t, ctx.cancelFlag());
    out.input = std::move(input);
    ctx.progress(3, 3);
    return out;
}

inspect::InspectInput inputFromRecord(const Record& r)
{
    inspect::InspectInput in;
    in.question = r.instruction;
    in.answer = r.output;
    if (!r.input.empty()) in.evidence.push_back(r.input);
    return in;
}

BatchOutcome runBatch(int64_t datasetId, const InspectorSettings& settings, InspectorTools& tools,
                      BackgroundTask::Context& ctx)
{
    auto store = ProjectStore::open(ctx.projectPath);
    const auto info = store->dataset(datasetId);
    if (!info) throw Error("batch inspection: no dataset with id " + std::to_string(datasetId));
    if (info->kind != DatasetKind::Sft)
        throw Error("batch inspection: dataset '" + info->name
                    + "' is not an SFT dataset (it needs instruction, input and output fields)");
    const inspect::InspectTools t = tools.prepare(settings);
    inspect::InspectionStore saved(*store);
    const std::string settingsJson = settings.toJson().dump();

    RecordQuery q;
    q.datasetId = datasetId;
    BatchOutcome out;
    const std::vector<int64_t> ids = store->ids(q);
    out.total = int64_t(ids.size());
    // Records are read and their scores written a page at a time: bounded
    // memory, short write transactions (the GUI may edit meanwhile), and a
    // cancel keeps what was stored before it.
    constexpr size_t kPage = 64;
    int64_t done = 0;
    struct Scored {
        int64_t id;
        std::string answer;
        double risk;
        std::string json;
    };
    for (size_t first = 0; first < ids.size() && !out.cancelled; first += kPage) {
        const std::vector<int64_t> page(ids.begin() + long(first), ids.begin() + long(std::min(ids.size(), first + kPage)));
        std::vector<Scored> scored;
        for (const Record& r : store->records(page)) {
            if (ctx.cancelled()) {
                out.cancelled = true;
                break;
            }
            ctx.progress(done++, out.total);
            if (r.output.empty()) {
                out.skipped.push_back("record " + std::to_string(r.id) + ": no output");
                continue;
            }
            try {
                inspect::InspectInput in = inputFromRecord(r);
                if (settings.collectionId > 0)
                    in.evidence = retrieveEvidence(*store, settings.collectionId, in.question + "\n" + in.answer,
                                                   tools.embedder(), settings.topK);
                const inspect::InspectReport rep = inspect::inspectAnswer(in, t, ctx.cancelFlag());
                scored.push_back({r.id, in.answer, rep.answerRisk, inspect::toJson(rep, in.answer).dump()});
                BatchRow row{r.id, rep.answerRisk, r.output, {}, {}};
                const inspect::ClaimReport* worst = nullptr;
                for (const auto& c : rep.claims)
                    if (!worst || c.combined > worst->combined) worst = &c;
                if (worst) {
                    row.riskiestClaim = worst->claim.text;
                    if (const auto spans = inspect::spansByRisk(rep, worst->claim); !spans.empty())
                        row.reason = SpanReason::text(*spans.front(), in.answer, rep).toStdString();
                }
                out.rows.push_back(std::move(row));
            } catch (const Error& e) {
                if (ctx.cancelled()) {
                    out.cancelled = true;
                    break;
                }
                out.skipped.push_back("record " + std::to_string(r.id) + ": " + e.what());
            }
        }
        ProjectStore::Transaction tx(*store);
        for (const Scored& s : scored) saved.saveForRecord(s.id, s.answer, s.risk, s.json, settingsJson);
        tx.commit();
    }
    ctx.progress(out.total, out.total);
    return out;
}

} // namespace wb
