// llmwb inspect: which parts of an answer the evidence supports (core/inspect),
// and `llmwb inspect eval` on labelled data. Part of the llmwb_compute module,
// because the model-based detectors and embedders use LibTorch.
#include "cli/command.h"
#include "cli/common.h"
#include "cli/compute/compute_commands.h"

#include "core/data/record.h"
#include "core/infer/chat_template.h"
#include "core/inspect/evaluation.h"
#include "core/inspect/inspection_store.h"
#include "core/inspect/inspector.h"
#include "core/inspect/labelled_data.h"
#include "core/nn/causal_lm.h"
#include "core/retrieval/embedder.h"
#include "core/runtime/threads.h"
#include "core/text/tokenizer.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>
#include <sstream>

namespace wb::cli {
namespace {

using nlohmann::json;
using namespace wb::inspect;

const char* kUsage =
    "usage: llmwb inspect --answer TEXT --evidence FILE... [options]\n"
    "       llmwb inspect eval --data FILE --format halueval|ragtruth [options]\n"
    "\n"
    "Hallucination inspector. The first form splits the answer into claims and scores\n"
    "each claim and span against the evidence; the second evaluates the detectors on\n"
    "labelled answers with cross-validated combiner weights.\n"
    "\n"
    "inspect:\n"
    "  --answer TEXT            the answer to check (or --answer-file FILE)\n"
    "  --answer-file FILE       read the answer from FILE\n"
    "  --question TEXT          the question it answers (for the model-based detector)\n"
    "  --evidence FILE          a passage of evidence, one per file (repeatable)\n"
    "  --combiner FILE          fitted weights (JSON written by 'inspect eval --save-combiner')\n"
    "\n"
    "eval:\n"
    "  --data FILE              HaluEval QA JSON Lines, or RAGTruth-shaped JSON Lines\n"
    "  --format NAME            halueval or ragtruth\n"
    "  --limit N                only the first N records\n"
    "  --folds K                cross-validation folds (default 5)\n"
    "  --l2 X                   L2 penalty of the combiner (default 1)\n"
    "  --save-combiner FILE     write the weights fitted on all the data as JSON\n"
    "\n"
    "both:\n"
    "  --model DIR              local model: model-based grounding (and --samples)\n"
    "  --embedder DIR           embedding model: semantic grounding\n"
    "  --samples N              self-consistency: N answers sampled from --model (default 0)\n"
    "  --seed N                 sampling and fold seed (default 0)\n"
    "  --template NAME          chat template for --model (default: the model's own, else plain text)\n"
    "  --dtype f32|bf16         model weights in memory (default f32)\n"
    "  --threads N              compute threads (default: all cores)\n"
    "  --project FILE           read (inspect) or save (eval) combiner weights in a project\n"
    "  --combiner-name NAME     their name in the project (default \"default\")\n"
    "  --sentences              claims are whole sentences (default: clauses)\n"
    "  --json                   print one JSON document\n"
    "\n"
    "Offsets in the JSON: begin/end are UTF-8 bytes, char_begin/char_end code points.\n";

std::string readFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(path + ": cannot open file");
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

struct Tools {
    std::unique_ptr<CausalLM> model;
    std::unique_ptr<Tokenizer> tokenizer;
    std::unique_ptr<Embedder> embedder;
    std::optional<LogisticModel> combiner;
    InspectTools tools;
};

void loadTools(const ParsedArgs& a, Tools& t)
{
    configureComputeThreads(a.has("threads") ? int(toInt("threads", a.value("threads"), 1, 1024)) : 0);
    if (a.has("model")) {
        const std::string dir = a.value("model");
        LoadOptions o;
        o.dtype = computeDTypeFromString(a.value("dtype", "f32"));
        t.model = CausalLM::load(dir, o);
        t.tokenizer = loadTokenizer(dir);
        const std::string name = a.value("template");
        if (name.empty()) t.tools.chatTemplate = detectChatTemplate(dir);
        else if (name != "raw") t.tools.chatTemplate = makeChatTemplate(chatTemplateFromString(name));
        t.tools.model = t.model.get();
        t.tools.tokenizer = t.tokenizer.get();
    } else if (a.has("samples")) {
        throw UsageError("--samples needs --model");
    }
    if (a.has("embedder")) {
        t.embedder = loadEmbedder(a.value("embedder"));
        t.tools.embedder = t.embedder.get();
    }
    t.tools.consistencySamples = int(toInt("samples", a.value("samples", "0"), 0, 64));
    t.tools.seed = uint64_t(toInt("seed", a.value("seed", "0"), 0, INT64_MAX));
    t.tools.granularity = a.has("sentences") ? ClaimGranularity::Sentence : ClaimGranularity::Clause;
}

void printHuman(const InspectReport& r)
{
    std::printf("answer risk %.3f (%s)\n", r.answerRisk, r.combinerUsed ? "fitted combiner" : "unweighted mean");
    for (const ClaimReport& c : r.claims) {
        std::printf("\n[%.3f] %s\n", c.combined, c.claim.text.c_str());
        std::string scores;
        for (const auto& [name, v] : c.scores) scores += (scores.empty() ? "" : ", ") + name + " " + std::to_string(v);
        std::printf("        %s\n", scores.c_str());
        for (const std::string& reason : c.reasons) std::printf("        - %s\n", reason.c_str());
    }
}

int runInspect(const ParsedArgs& a)
{
    if (!a.has("answer") && !a.has("answer-file")) throw UsageError("give --answer TEXT or --answer-file FILE");
    InspectInput in;
    in.answer = a.has("answer-file") ? readFile(a.value("answer-file")) : a.value("answer");
    in.question = a.value("question");
    for (const std::string& f : a.values("evidence")) in.evidence.push_back(readFile(f));
    if (in.evidence.empty()) std::fprintf(stderr, "llmwb: warning: no --evidence: every claim is unsupported\n");
    Tools t;
    loadTools(a, t);
    if (a.has("combiner")) {
        const std::string path = a.value("combiner");
        json j;
        try {
            j = json::parse(readFile(path));
        } catch (const json::parse_error& e) {
            throw Error(path + ": invalid JSON: " + e.what());
        }
        t.combiner = LogisticModel::fromJson(j.contains("combiner") ? j["combiner"] : j, path);
    } else if (a.has("project")) {
        auto store = openProject(a.value("project"));
        t.combiner = InspectionStore(*store).combiner(a.value("combiner-name", "default"));
        if (!t.combiner)
            throw Error(a.value("project") + ": no combiner named '" + a.value("combiner-name", "default") + "'");
    }
    if (t.combiner) t.tools.combiner = &*t.combiner;
    const InspectReport r = inspectAnswer(in, t.tools);
    if (a.has("json")) {
        json j = toJson(r, in.answer);
        j["detectors"] = json::array();
        for (const auto& kv : r.answerScores) j["detectors"].push_back(kv.first);
        printJson(j);
    } else {
        printHuman(r);
    }
    return kExitOk;
}

int runEval(const ParsedArgs& a)
{
    if (!a.has("data")) throw UsageError("--data FILE is required");
    if (!a.has("format")) throw UsageError("--format halueval|ragtruth is required");
    const size_t limit = size_t(toInt("limit", a.value("limit", "0"), 0, INT64_MAX));
    const std::vector<LabelledAnswer> examples = loadLabelled(a.value("data"), a.value("format"), limit);
    Tools t;
    loadTools(a, t);
    EvalOptions o;
    o.folds = int(toInt("folds", a.value("folds", "5"), 2, 100));
    o.seed = t.tools.seed;
    o.l2 = toDouble("l2", a.value("l2", "1"), 1e-9, 1e9);
    std::vector<InspectReport> reports;
    ProgressLine progress("inspecting");
    for (size_t i = 0; i < examples.size(); ++i) {
        if (interrupted()) throw Error("interrupted");
        const LabelledAnswer& e = examples[i];
        try {
            reports.push_back(inspectAnswer({e.question, e.answer, e.evidence}, t.tools));
        } catch (const Error& err) {
            throw Error(e.id + ": " + err.what());
        }
        progress.update(int64_t(i + 1), int64_t(examples.size()), " answers");
    }
    progress.finish();
    const EvalReport r = evaluate(examples, reports, o);
    json j = r.toJson();
    j["data"] = a.value("data");
    j["format"] = a.value("format");
    j["model"] = a.value("model");
    j["embedder"] = a.value("embedder");
    j["samples"] = t.tools.consistencySamples;
    j["folds"] = o.folds;
    if (a.has("save-combiner")) {
        std::ofstream out(a.value("save-combiner"), std::ios::binary);
        if (!out) throw Error(a.value("save-combiner") + ": cannot write file");
        out << json{{"combiner", r.model.toJson()}, {"threshold", r.threshold}}.dump(1) << "\n";
    }
    if (a.has("project")) {
        auto store = openProject(a.value("project"));
        InspectionStore(*store).saveCombiner(a.value("combiner-name", "default"), r.model,
                                             {{"data", a.value("data")}, {"held_out", j["held_out"]}, {"threshold", r.threshold}});
    }
    if (a.has("json")) {
        printJson(j);
    } else {
        std::printf("%zu answers (%zu hallucinated), detectors: ", r.examples, r.hallucinated);
        for (const std::string& f : r.features) std::printf("%s (AUROC %.3f) ", f.c_str(), r.detectorAuroc.at(f));
        std::printf("\nheld-out combined: precision %.3f recall %.3f F1 %.3f AUROC %.3f\n", r.heldOut.precision,
                    r.heldOut.recall, r.heldOut.f1, r.heldOutAuroc);
        if (r.spans) std::printf("span level: precision %.3f recall %.3f F1 %.3f\n", r.spans->precision,
                                 r.spans->recall, r.spans->f1);
    }
    return kExitOk;
}

int runInspectOrEval(const ParsedArgs& a)
{
    if (a.positional.empty()) return runInspect(a);
    if (a.positional[0] == "eval") return runEval(a);
    throw UsageError("unknown argument '" + a.positional[0] + "' (did you mean 'eval'?)");
}

} // namespace

CommandGroup inspectCommands()
{
    const std::vector<OptionSpec> options = {
        {"answer", true},       {"answer-file", true}, {"question", true},       {"evidence", true, true},
        {"combiner", true},     {"data", true},        {"format", true},         {"limit", true},
        {"folds", true},        {"l2", true},          {"save-combiner", true},  {"model", true},
        {"embedder", true},     {"samples", true},     {"seed", true},           {"template", true},
        {"dtype", true},        {"threads", true},     {"project", true},        {"combiner-name", true},
        {"sentences", false},   {"json", false}};
    CommandGroup g{"inspect", "check which parts of an answer the evidence supports", {}, true};
    g.commands.push_back({"inspect", "check which parts of an answer the evidence supports", kUsage, options, 0, 1,
                          &runInspectOrEval});
    return g;
}

} // namespace wb::cli
