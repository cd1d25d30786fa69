// Embedding throughput (texts/s, characters/s) of the in-app trained embedder
// (default size) and the tiny BERT fixture, plus the trained embedder's
// training speed (pairs/s). Texts: the CMRC 2018 excerpt in tests/data/embed
// (passages and questions, Chinese), repeated. Prints JSON.
//
//   bench_embedder [--texts N] [--model DIR]...   (extra embedder folders to time)
#include "bench_util.h"

#include "core/embed/trained_embedder.h"
#include "core/embed/training_pairs.h"
#include "core/retrieval/embedder.h"
#include "core/runtime/threads.h"

#include <nlohmann/json.hpp>

#include <iostream>

using namespace wb;
using namespace wb::embed;
using nlohmann::json;

namespace {

json timeEmbedder(Embedder& e, const std::vector<std::string>& texts, int64_t chars)
{
    e.embed({texts[0]});   // warm-up
    bench::Stopwatch w;
    const std::vector<float> v = e.embed(texts);
    const double s = w.seconds();
    return {{"name", e.displayName()},
            {"dim", e.dim()},
            {"texts", int64_t(texts.size())},
            {"seconds", bench::round3(s)},
            {"texts_per_s", bench::round3(double(texts.size()) / s)},
            {"chars_per_s", bench::round3(double(chars) / s)}};
}

} // namespace

int main(int argc, char** argv)
{
    try {
        configureComputeThreads();
        const std::string data = std::string(WB_SOURCE_DIR) + "/tests/data";
        const SquadData excerpt = readSquad(data + "/embed/cmrc2018_trial_excerpt.json");
        std::vector<std::string> base = excerpt.passages;
        for (const SquadQuestion& q : excerpt.questions) base.push_back(q.question);
        const int64_t n = std::stoll(bench::option(argc, argv, "texts", "4000"));
        std::vector<std::string> texts;
        int64_t chars = 0;
        for (int64_t i = 0; i < n; ++i) {
            texts.push_back(base[size_t(i) % base.size()]);
            for (unsigned char c : texts.back()) chars += (c & 0xC0) != 0x80;
        }

        json results = json::array();
        TrainedEmbedderOptions o;
        TrainedEmbedder trained(o);
        results.push_back(timeEmbedder(trained, texts, chars));
        auto bert = loadEmbedder(data + "/models/tiny-bert");
        results.push_back(timeEmbedder(*bert, texts, chars));
        for (int i = 1; i + 1 < argc; ++i)
            if (std::string(argv[i]) == "--model") {
                auto e = loadEmbedder(argv[i + 1]);
                results.push_back(timeEmbedder(*e, texts, chars));
            }

        // Training speed: one epoch over the excerpt's QA + inverse cloze pairs.
        std::vector<TextPair> pairs = squadPairs(excerpt);
        const std::vector<TextPair> ict = inverseClozePairs(excerpt.passages, 1, 4);
        pairs.insert(pairs.end(), ict.begin(), ict.end());
        o.epochs = 2;
        TrainedEmbedder learner(o);
        const TrainReport r = learner.train(pairs);

        const json out = {{"bench", "embedder"},
                          {"threads", computeThreads()},
                          {"text_chars_mean", bench::round3(double(chars) / double(n))},
                          {"embed", results},
                          {"train",
                           {{"pairs", r.pairs},
                            {"epochs", o.epochs},
                            {"dim", o.dim},
                            {"buckets", o.features.buckets},
                            {"seconds", bench::round3(r.seconds)},
                            {"pairs_per_s", bench::round3(double(r.pairs * o.epochs) / r.seconds)}}},
                          {"peak_rss_mb", bench::round3(bench::peakRssMb())}};
        std::cout << out.dump(2) << "\n";
    } catch (const std::exception& e) {
        std::cerr << "bench_embedder: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
