// llmwb embed: train the in-app embedder (core/embed/trained_embedder.h) on
// question/answer pairs or a corpus, and encode texts with any embedder folder
// (trained, BERT-family or decoder). Part of the llmwb_compute module (LibTorch).
#include "cli/command.h"
#include "cli/common.h"
#include "cli/compute/compute_commands.h"

#include "core/data/record.h"
#include "core/embed/trained_embedder.h"
#include "core/embed/training_pairs.h"
#include "core/retrieval/embedder.h"
#include "core/runtime/threads.h"

#include <nlohmann/json.hpp>

#include <atomic>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <sstream>

namespace wb::cli {

CommandGroup embedCommands();

namespace {

using nlohmann::json;
using namespace wb::embed;

// Passages for inverse-cloze pairs: a SQuAD .json (its contexts), a .jsonl
// with "text" fields, or plain text with passages separated by blank lines.
std::vector<std::string> readCorpus(const std::string& path)
{
    if (path.ends_with(".json")) return readSquad(path).passages;
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(path + ": cannot be opened");
    std::vector<std::string> passages;
    std::string line, current;
    int64_t lineNo = 0;
    const bool jsonl = path.ends_with(".jsonl");
    while (std::getline(in, line)) {
        ++lineNo;
        if (jsonl) {
            if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
            json j;
            try {
                j = json::parse(line);
            } catch (const json::exception& e) {
                throw Error(path + ":" + std::to_string(lineNo) + ": not valid JSON (" + e.what() + ")");
            }
            if (!j.is_object() || !j.contains("text") || !j["text"].is_string())
                throw Error(path + ":" + std::to_string(lineNo) + ": field \"text\" is missing or not a string");
            passages.push_back(j["text"].get<std::string>());
        } else if (line.find_first_not_of(" \t\r") == std::string::npos) {
            if (!current.empty()) passages.push_back(current);
            current.clear();
        } else {
            current += (current.empty() ? "" : "\n") + line;
        }
    }
    if (!current.empty()) passages.push_back(current);
    return passages;
}

int runTrain(const ParsedArgs& a)
{
    installInterruptHandler();
    if (!a.has("out")) throw UsageError("give --out DIR (the embedder folder to write)");
    if (!a.has("pairs") && !a.has("project") && !a.has("corpus"))
        throw UsageError("give --pairs FILE, --project P --dataset D, or --corpus FILE");
    if (a.has("project") != a.has("dataset")) throw UsageError("--project and --dataset go together");
    configureComputeThreads();

    TrainedEmbedderOptions o;
    o.epochs = int(toInt("epochs", a.value("epochs", std::to_string(o.epochs)), 1, 1000));
    o.dim = int(toInt("dim", a.value("dim", std::to_string(o.dim)), 8, 4096));
    o.features.buckets = toInt("buckets", a.value("buckets", std::to_string(o.features.buckets)), 1024, int64_t(1) << 26);
    o.batchSize = int(toInt("batch-size", a.value("batch-size", std::to_string(o.batchSize)), 2, 4096));
    o.learningRate = toDouble("lr", a.value("lr", std::to_string(o.learningRate)), 1e-6, 10);
    o.temperature = toDouble("temperature", a.value("temperature", std::to_string(o.temperature)), 1e-3, 10);
    o.seed = uint64_t(toInt("seed", a.value("seed", std::to_string(o.seed)), 0, INT64_MAX));
    o.name = a.value("name");

    std::vector<TextPair> pairs;
    int64_t labelled = 0, cloze = 0, skipped = 0;
    for (const std::string& file : a.values("pairs")) {
        std::vector<TextPair> p = readPairsFile(file);
        pairs.insert(pairs.end(), p.begin(), p.end());
    }
    if (a.has("project")) {
        auto store = openProject(a.value("project"));
        const DatasetInfo ds = resolveDataset(*store, a.value("dataset"));
        RecordQuery q;
        q.datasetId = ds.id;
        std::vector<Record> records;
        store->forEach(q, [&](const Record& r) {
            records.push_back(r);
            return true;
        });
        std::vector<TextPair> p = recordPairs(records, &skipped);
        pairs.insert(pairs.end(), p.begin(), p.end());
        // Text records have no pairs of their own: inverse cloze over their text.
        std::vector<std::string> texts;
        for (const Record& r : records)
            if (r.kind == DatasetKind::Text) texts.push_back(r.text);
        std::vector<TextPair> ict = inverseClozePairs(texts, o.seed, 2);
        cloze += int64_t(ict.size());
        pairs.insert(pairs.end(), ict.begin(), ict.end());
    }
    labelled = int64_t(pairs.size()) - cloze;
    for (const std::string& file : a.values("corpus")) {
        std::vector<TextPair> ict = inverseClozePairs(readCorpus(file), o.seed, 2);
        cloze += int64_t(ict.size());
        pairs.insert(pairs.end(), ict.begin(), ict.end());
    }
    if (pairs.size() < 2)
        throw Error("embed train: " + std::to_string(pairs.size()) + " training pairs; at least 2 are needed");

    TrainedEmbedder embedder(o);
    ProgressLine line("training");
    double lastLoss = 0;
    std::atomic<bool> cancel{false};
    const TrainReport r = embedder.train(pairs, [&](int64_t step, int64_t total, double loss) {
        lastLoss = loss;
        line.update(step, total, " steps");
        if (interrupted()) cancel = true;
    }, &cancel);
    line.finish();
    if (r.cancelled) {
        std::fprintf(stderr, "llmwb embed train: interrupted after %lld steps; nothing written\n",
                     static_cast<long long>(r.steps));
        return kExitError;
    }
    const std::string out = a.value("out");
    embedder.save(out);
    const auto loaded = loadEmbedder(out);   // what users will load, and its key
    if (a.has("json")) {
        printJson({{"out", out},
                   {"key", loaded->key()},
                   {"dim", o.dim},
                   {"buckets", o.features.buckets},
                   {"pairs", r.pairs},
                   {"labelled_pairs", labelled},
                   {"inverse_cloze_pairs", cloze},
                   {"records_without_pairs", skipped},
                   {"steps", r.steps},
                   {"first_epoch_loss", r.firstEpochLoss},
                   {"last_epoch_loss", r.lastEpochLoss},
                   {"last_step_loss", lastLoss},
                   {"seconds", r.seconds}});
    } else {
        std::printf("%s\n", out.c_str());
        std::fprintf(stderr, "%lld pairs (%lld labelled, %lld inverse cloze), %lld steps, loss %.3f -> %.3f, %.1f s\n",
                     static_cast<long long>(r.pairs), static_cast<long long>(labelled), static_cast<long long>(cloze),
                     static_cast<long long>(r.steps), r.firstEpochLoss, r.lastEpochLoss, r.seconds);
    }
    return kExitOk;
}

int runEncode(const ParsedArgs& a)
{
    std::vector<std::string> texts = a.values("text");
    if (a.has("file")) {
        std::ifstream in(a.value("file"), std::ios::binary);
        if (!in) throw Error(a.value("file") + ": cannot be opened");
        std::string line;
        while (std::getline(in, line)) texts.push_back(line);
    }
    if (texts.empty()) throw UsageError("give --text TEXT (repeatable) or --file FILE (one text per line)");
    configureComputeThreads();
    auto embedder = loadEmbedder(a.positional.at(0));
    const std::vector<float> v = embedder->embed(texts);
    const size_t dim = size_t(embedder->dim());
    if (a.has("json")) {
        json vectors = json::array();
        for (size_t i = 0; i < texts.size(); ++i)
            vectors.push_back(std::vector<float>(v.begin() + long(i * dim), v.begin() + long((i + 1) * dim)));
        printJson({{"key", embedder->key()}, {"name", embedder->displayName()}, {"dim", dim}, {"vectors", vectors}});
    } else {
        for (size_t i = 0; i < texts.size(); ++i) {
            std::ostringstream row;
            for (size_t c = 0; c < dim; ++c) row << (c ? " " : "") << v[i * dim + c];
            std::printf("%s\n", row.str().c_str());
        }
    }
    return kExitOk;
}

} // namespace

CommandGroup embedCommands()
{
    CommandGroup g{"embed", "train an embedder in the app, encode texts with an embedder folder", {}, false};
    g.commands.push_back(
        {"train", "train an embedder on question/answer pairs or a corpus",
         "usage: llmwb embed train --out DIR [--pairs FILE]... [--project P --dataset D] [--corpus FILE]...\n"
         "                         [--epochs N] [--dim N] [--buckets N] [--batch-size N] [--lr X]\n"
         "                         [--temperature X] [--seed N] [--name NAME] [--json]\n\n"
         "Trains the workbench embedder (hashed character/word n-grams, contrastive with in-batch\n"
         "negatives) and writes DIR/embedder.json and DIR/weights.safetensors, loadable wherever\n"
         "an embedder folder is asked for. Works for Chinese and English; a few minutes on 2 cores.\n\n"
         "  --pairs FILE      JSONL pairs ({\"query\",\"positive\"}; also question/context,\n"
         "                    anchor/positive, instruction/output) or SQuAD JSON (question -> context)\n"
         "  --project P --dataset D   pairs from a dataset: instruction -> output, prompt -> chosen,\n"
         "                    user -> assistant; text records give inverse-cloze pairs\n"
         "  --corpus FILE     passages without labels (SQuAD JSON contexts, JSONL \"text\", or text\n"
         "                    with blank lines between passages): a sentence -> the rest of its passage\n"
         "  --epochs N        passes over the pairs (default 4)\n"
         "  --dim N           vector size (default 128)\n"
         "  --buckets N       hashed feature rows (default 131072; the folder holds buckets x dim floats)\n"
         "  --seed N          same seed and data, same weights (default 1234)\n"
         "  --json            print the training report as JSON\n\n"
         "Exit codes: 0 written, 1 error or interrupted (nothing written), 2 usage.\n",
         {{"out", true},
          {"pairs", true, true},
          {"project", true},
          {"dataset", true},
          {"corpus", true, true},
          {"epochs", true},
          {"dim", true},
          {"buckets", true},
          {"batch-size", true},
          {"lr", true},
          {"temperature", true},
          {"seed", true},
          {"name", true},
          {"json", false}},
         0,
         0,
         &runTrain});
    g.commands.push_back({"encode", "print the vectors of texts",
                          "usage: llmwb embed encode FOLDER (--text TEXT)... [--file FILE] [--json]\n\n"
                          "FOLDER is an embedder trained with `llmwb embed train`, a BERT-family model\n"
                          "(mean or CLS pooling from 1_Pooling) or a decoder model (mean of its hidden states).\n"
                          "Prints one line of numbers per text, or with --json {key, name, dim, vectors}.\n",
                          {{"text", true, true}, {"file", true}, {"json", false}},
                          1,
                          1,
                          &runEncode});
    return g;
}

} // namespace wb::cli
