// Hallucination inspector on HaluEval QA (../shared/datasets/halueval-qa):
// answer-level precision, recall, F1 and AUROC of the combined score with
// cross-validated weights, each detector's AUROC, with and without the
// model-based detectors, and the time per answer. Prints JSON.
//   bench_inspect [--data FILE] [--limit N] [--model DIR|none] [--embedder DIR] [--samples N] [--folds K]
// The model defaults to the tiny-chat test fixture (random weights: its
// model-based scores carry no knowledge; pass --model for a real one, as
// bench/inspect_halueval.sh does, or "none" for the model-free run only).
#include "bench_util.h"

#include "core/infer/chat_template.h"
#include "core/inspect/evaluation.h"
#include "core/nn/causal_lm.h"
#include "core/retrieval/embedder.h"
#include "core/runtime/threads.h"
#include "core/text/tokenizer.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>

using namespace wb;
using namespace wb::inspect;
using nlohmann::json;

namespace {

json run(const std::vector<LabelledAnswer>& examples, const InspectTools& tools, int folds, const char* label)
{
    bench::Stopwatch watch;
    std::vector<InspectReport> reports;
    for (const LabelledAnswer& e : examples) reports.push_back(inspectAnswer({e.question, e.answer, e.evidence}, tools));
    const double seconds = watch.seconds();
    EvalOptions o;
    o.folds = folds;
    const EvalReport r = evaluate(examples, reports, o);
    json j = r.toJson();
    j["run"] = label;
    j["seconds"] = bench::round3(seconds);
    j["ms_per_answer"] = bench::round3(1000.0 * seconds / double(examples.size()));
    std::fprintf(stderr, "%s: F1 %.3f AUROC %.3f (%.1f ms/answer)\n", label, r.heldOut.f1, r.heldOutAuroc,
                 1000.0 * seconds / double(examples.size()));
    return j;
}

} // namespace

int main(int argc, char** argv)
{
    try {
        const std::string data = bench::option(argc, argv, "data",
                                               std::string(WB_SOURCE_DIR) + "/../shared/datasets/halueval-qa/qa_one-turn_data.json");
        if (!std::filesystem::exists(data)) {
            std::printf("{\"skipped\": \"%s not found\"}\n", data.c_str());
            return 0;
        }
        const size_t limit = size_t(std::stoul(bench::option(argc, argv, "limit", "0")));
        const int folds = std::stoi(bench::option(argc, argv, "folds", "5"));
        const std::string modelDir =
            bench::option(argc, argv, "model", std::string(WB_SOURCE_DIR) + "/tests/data/models/tiny-chat");
        const int samples = std::stoi(bench::option(argc, argv, "samples", "0"));
        configureComputeThreads(0);
        const std::vector<LabelledAnswer> examples = loadHaluEvalQa(data, limit);

        json out = {{"benchmark", "inspect"}, {"data", data}, {"answers", examples.size()}, {"folds", folds}};
        InspectTools lexicalOnly;
        std::unique_ptr<Embedder> embedder;
        if (const std::string e = bench::option(argc, argv, "embedder"); !e.empty()) {
            embedder = loadEmbedder(e);
            lexicalOnly.embedder = embedder.get();
            out["embedder"] = e;
        }
        out["without_model"] = run(examples, lexicalOnly, folds, "without model");
        if (modelDir == "none") {
            std::printf("%s\n", out.dump(1).c_str());
            return 0;
        }

        auto model = CausalLM::load(modelDir);
        auto tokenizer = loadTokenizer(modelDir);
        InspectTools withModel = lexicalOnly;
        withModel.model = model.get();
        withModel.tokenizer = tokenizer.get();
        withModel.chatTemplate = detectChatTemplate(modelDir);
        withModel.consistencySamples = samples;
        withModel.maxSampleTokens = 48;
        out["model"] = modelDir;
        out["model_parameters"] = model->parameterCount();
        out["samples"] = samples;
        out["with_model"] = run(examples, withModel, folds, "with model");
        out["peak_rss_mb"] = bench::round3(bench::peakRssMb());
        out["reference_points"] = "RAGTruth example-level F1: GPT-4 prompting 63.4, LettuceDetect 76.8-79.2 (not the same data)";
        std::printf("%s\n", out.dump(1).c_str());
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_inspect: %s\n", e.what());
        return 1;
    }
    return 0;
}
