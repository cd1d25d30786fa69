// Retrieval quality on CMRC 2018 (Chinese, SQuAD format): every question
// against its split's passages, recall@1/5/10 and MRR for BM25 (the knowledge
// base's FTS5 index), dense (the in-app trained embedder, exact search) and
// hybrid (the knowledge base's weighted RRF).
//
// Honest protocol: the embedder never sees a dev question. It trains on
//  - question -> passage pairs of the EVEN trial passages, and
//  - inverse-cloze pairs (a sentence -> the rest of its passage) cut from the
//    dev and trial passages (the corpus a user would index; no labels).
// The fusion weights and k are chosen on the questions of the ODD trial
// passages (held out from training), searching all trial passages, and then
// reported once on dev. Prints JSON; {"skipped": ...} when the data is absent.
//
//   bench_kb_quality [--data DIR] [--epochs N] [--dim D] [--buckets B] [--seed S] [--save DIR]
#include "bench_util.h"

#include "core/embed/retrieval_metrics.h"
#include "core/embed/trained_embedder.h"
#include "core/embed/training_pairs.h"
#include "core/retrieval/knowledge_base.h"
#include "core/retrieval/retriever.h"
#include "core/runtime/threads.h"
#include "core/store/project_store.h"

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <unistd.h>

using namespace wb;
using namespace wb::embed;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

constexpr int kCandidates = 100;   // per mode before fusion

json scoresJson(const RetrievalScores& s)
{
    return {{"queries", s.queries},
            {"recall@1", bench::round3(s.recallAt1)},
            {"recall@5", bench::round3(s.recallAt5)},
            {"recall@10", bench::round3(s.recallAt10)},
            {"mrr", bench::round3(s.mrr)}};
}

std::string trim(const std::string& s)
{
    const size_t b = s.find_first_not_of(" \t\r\n");
    if (b == std::string::npos) return {};
    return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

// One split indexed in the knowledge base: one chunk per passage.
struct IndexedSplit {
    int64_t collection = 0;
    std::map<int64_t, int64_t> passageOfChunk;   // chunk id -> passage index
    std::vector<std::vector<int64_t>> bm25;      // per question: passage indices, best first
    std::vector<std::vector<int64_t>> dense;
    std::vector<int64_t> gold;
    double bm25Seconds = 0;
};

IndexedSplit indexSplit(KnowledgeBase& kb, const std::string& name, const std::string& path, const SquadData& data)
{
    IndexedSplit s;
    ChunkOptions whole;
    whole.strategy = ChunkStrategy::Tokens;
    whole.maxTokens = 100000;   // a CMRC passage stays one chunk
    whole.overlapTokens = 0;
    s.collection = kb.createCollection(name, whole);
    const IngestReport r = kb.addSquad(s.collection, path);
    if (!r.failures.empty()) throw Error(path + ": " + r.failures.front().error);
    std::map<std::string, int64_t> passageOfText;
    for (size_t p = 0; p < data.passages.size(); ++p) passageOfText.emplace(trim(data.passages[p]), int64_t(p));
    for (const auto& [chunkId, text] : kb.chunkTexts(s.collection)) {
        auto it = passageOfText.find(trim(text));
        if (it == passageOfText.end()) throw Error(path + ": chunk " + std::to_string(chunkId) + " is not a whole passage");
        s.passageOfChunk[chunkId] = it->second;
    }
    return s;
}

// Question subset -> BM25 rankings (passage indices).
void runBm25(KnowledgeBase& kb, IndexedSplit& s, const SquadData& data, const std::vector<size_t>& questions)
{
    bench::Stopwatch w;
    for (size_t q : questions) {
        std::vector<int64_t> ranked;
        for (const Bm25Hit& h : kb.searchBm25(s.collection, data.questions[q].question, kCandidates))
            ranked.push_back(s.passageOfChunk.at(h.chunkId));
        s.bm25.push_back(std::move(ranked));
        s.gold.push_back(data.questions[q].passage);
    }
    s.bm25Seconds = w.seconds();
}

void runDense(Embedder& e, IndexedSplit& s, const SquadData& data, const std::vector<size_t>& questions)
{
    std::vector<std::string> texts;
    for (size_t q : questions) texts.push_back(data.questions[q].question);
    const std::vector<float> qv = e.embed(texts);
    const std::vector<float> pv = e.embed(data.passages);
    s.dense = exactTopK(qv, pv, e.dim(), kCandidates);
}

std::vector<std::vector<int64_t>> fuse(const IndexedSplit& s, double bm25Weight, double denseWeight, int k)
{
    std::vector<std::vector<int64_t>> out;
    for (size_t q = 0; q < s.gold.size(); ++q) {
        std::vector<int64_t> ranked;
        for (const FusedItem& f : reciprocalRankFusion({s.bm25[q], s.dense[q]}, {bm25Weight, denseWeight}, k))
            ranked.push_back(f.id);
        out.push_back(std::move(ranked));
    }
    return out;
}

std::vector<size_t> allQuestions(const SquadData& d)
{
    std::vector<size_t> v(d.questions.size());
    for (size_t i = 0; i < v.size(); ++i) v[i] = i;
    return v;
}

std::string dataDir(int argc, char** argv)
{
    std::string dir = bench::option(argc, argv, "data");
    if (!dir.empty()) return dir;
    if (const char* env = std::getenv("WB_SHARED_DATASETS")) return std::string(env) + "/cmrc2018";
    return std::string(WB_SOURCE_DIR) + "/../shared/datasets/cmrc2018";
}

} // namespace

int main(int argc, char** argv)
{
    const std::string dir = dataDir(argc, argv);
    const std::string devPath = dir + "/cmrc2018_dev.json", trialPath = dir + "/cmrc2018_trial.json";
    if (!fs::exists(devPath) || !fs::exists(trialPath)) {
        std::cout << json{{"bench", "kb_quality"}, {"skipped", "CMRC 2018 not found in " + dir}}.dump(2) << "\n";
        return 0;
    }
    try {
        configureComputeThreads();
        const SquadData dev = readSquad(devPath), trial = readSquad(trialPath);

        // Training pairs: even trial passages' questions + inverse cloze over all passages.
        SquadData trialTrain, trialHeldOut;
        trialTrain.passages = trialHeldOut.passages = trial.passages;
        std::vector<size_t> heldOut;
        for (size_t q = 0; q < trial.questions.size(); ++q) {
            if (trial.questions[q].passage % 2 == 0) trialTrain.questions.push_back(trial.questions[q]);
            else heldOut.push_back(q);
        }
        TrainedEmbedderOptions o;
        o.seed = uint64_t(std::stoull(bench::option(argc, argv, "seed", "1234")));
        o.epochs = std::stoi(bench::option(argc, argv, "epochs", std::to_string(o.epochs)));
        o.dim = std::stoi(bench::option(argc, argv, "dim", std::to_string(o.dim)));
        o.features.buckets = std::stoll(bench::option(argc, argv, "buckets", std::to_string(o.features.buckets)));
        o.name = "cmrc2018-bench";
        std::vector<TextPair> pairs = squadPairs(trialTrain);
        const size_t qaPairs = pairs.size();
        std::vector<std::string> corpus = dev.passages;
        corpus.insert(corpus.end(), trial.passages.begin(), trial.passages.end());
        const std::vector<TextPair> ict = inverseClozePairs(corpus, o.seed, 4);
        pairs.insert(pairs.end(), ict.begin(), ict.end());

        TrainedEmbedder untrained(o);
        TrainedEmbedder embedder(o);
        const TrainReport report = embedder.train(pairs);
        if (const std::string save = bench::option(argc, argv, "save"); !save.empty()) embedder.save(save);

        // The knowledge base: a temporary project with one collection per split.
        const fs::path tmp = fs::temp_directory_path() / ("bench_kb_quality_" + std::to_string(getpid()));
        fs::create_directories(tmp);
        json out;
        {
            auto store = ProjectStore::create((tmp / "cmrc.wbproj").string());
            KnowledgeBase kb(*store);
            bench::Stopwatch ingest;
            IndexedSplit t = indexSplit(kb, "trial", trialPath, trial);
            IndexedSplit d = indexSplit(kb, "dev", devPath, dev);
            const double ingestSeconds = ingest.seconds();

            // Tune the fusion on the held-out trial questions.
            runBm25(kb, t, trial, heldOut);
            runDense(embedder, t, trial, heldOut);
            double bestMrr = -1, bestBm25 = 1, bestDense = 1;
            int bestK = 60;
            json grid = json::array();
            for (int k : {5, 10, 20, 60})
                for (double wd : {0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0}) {
                    const RetrievalScores s = scoreRankings(fuse(t, 1.0, wd, k), t.gold);
                    if (s.mrr > bestMrr) {
                        bestMrr = s.mrr;
                        bestDense = wd;
                        bestK = k;
                    }
                }
            const json tuning = {{"questions", int64_t(heldOut.size())},
                                 {"passages", int64_t(trial.passages.size())},
                                 {"bm25", scoresJson(scoreRankings(t.bm25, t.gold))},
                                 {"dense", scoresJson(scoreRankings(t.dense, t.gold))},
                                 {"hybrid", scoresJson(scoreRankings(fuse(t, bestBm25, bestDense, bestK), t.gold))},
                                 {"bm25_weight", bestBm25},
                                 {"dense_weight", bestDense},
                                 {"rrf_k", bestK}};

            // Report on dev.
            const std::vector<size_t> devQuestions = allQuestions(dev);
            runBm25(kb, d, dev, devQuestions);
            bench::Stopwatch denseTime;
            runDense(embedder, d, dev, devQuestions);
            const double denseSeconds = denseTime.seconds();
            IndexedSplit u = d;
            runDense(untrained, u, dev, devQuestions);
            out = {{"bench", "kb_quality"},
                   {"dataset", "cmrc2018"},
                   {"dev",
                    {{"passages", int64_t(dev.passages.size())},
                     {"questions", int64_t(dev.questions.size())},
                     {"bm25", scoresJson(scoreRankings(d.bm25, d.gold))},
                     {"dense", scoresJson(scoreRankings(d.dense, d.gold))},
                     {"hybrid", scoresJson(scoreRankings(fuse(d, bestBm25, bestDense, bestK), d.gold))},
                     {"dense_untrained", scoresJson(scoreRankings(u.dense, u.gold))},
                     {"hybrid_equal_weights_k60", scoresJson(scoreRankings(fuse(d, 1.0, 1.0, 60), d.gold))}}},
                   {"tuning_on_trial_heldout", tuning},
                   {"embedder",
                    {{"dim", o.dim},
                     {"buckets", o.features.buckets},
                     {"epochs", o.epochs},
                     {"qa_pairs", int64_t(qaPairs)},
                     {"inverse_cloze_pairs", int64_t(ict.size())},
                     {"steps", report.steps},
                     {"first_epoch_loss", bench::round3(report.firstEpochLoss)},
                     {"last_epoch_loss", bench::round3(report.lastEpochLoss)},
                     {"train_seconds", bench::round3(report.seconds)}}},
                   {"seconds",
                    {{"ingest", bench::round3(ingestSeconds)},
                     {"bm25_dev_queries", bench::round3(d.bm25Seconds)},
                     {"dense_dev_embed_and_search", bench::round3(denseSeconds)}}},
                   {"threads", int(std::max(1L, sysconf(_SC_NPROCESSORS_ONLN)))},
                   {"peak_rss_mb", bench::round3(bench::peakRssMb())}};
        }
        fs::remove_all(tmp);
        std::cout << out.dump(2) << "\n";
    } catch (const std::exception& e) {
        std::cerr << "bench_kb_quality: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
