// Single-thread encode throughput of GPT-2 byte-level BPE, as Gpt2Bpe
// (encoder.json + vocab.bpe) and as HfTokenizer (the same vocabulary written
// as a tokenizer.json), on English and Chinese text: the instruction, input
// and output strings of Alpaca-format datasets.
//
// Corpora: ../shared/datasets stanford-alpaca/alpaca_5000.json (English,
// 1.8 MB of text) and llama-factory-demo/alpaca_zh_demo.json (Chinese,
// 0.57 MB) when present, and always the small samples in datasets/sample
// (52 and 81 KB: fewer repeated words, so "cold" is harder there).
//
// "cold" is one pass over the corpus on a freshly loaded tokenizer: every
// word is encoded by BPE the first time it is seen (the word cache starts
// empty and fills during the pass). "warm" is a further pass on the same
// instance (words come from the cache). MB/s are given against thread CPU
// time (the build machines are shared, so wall time is noisy) and wall time;
// each figure is the best of --runs fresh instances / passes.
// Prints one JSON object.
//
//   bench_tokenizer [--runs 5] [--data DATASETS_SAMPLE_DIR] [--shared SHARED_DATASETS_DIR]
//                   [--only gpt2|hf] [--lang en|zh]   (a subset, for profiling)
#include "bench/bench_util.h"

#include "core/text/gpt2_bpe.h"
#include "core/text/hf_tokenizer.h"
#include "core/util/paths.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <sstream>

using nlohmann::json;

namespace {

std::string readAll(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        std::fprintf(stderr, "bench_tokenizer: cannot open %s\n", path.c_str());
        std::exit(1);
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::string alpacaText(const std::string& file)
{
    std::string text;
    for (const auto& rec : json::parse(readAll(file)))
        for (const char* key : {"instruction", "input", "output"})
            if (rec.contains(key) && rec[key].is_string() && !rec[key].get_ref<const std::string&>().empty())
                text += rec[key].get<std::string>() + "\n";
    return text;
}

double threadCpuSeconds()
{
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return double(t.tv_sec) + double(t.tv_nsec) * 1e-9;
}

struct Timing {
    double cpu = 1e30;
    double wall = 1e30;
    void keepBest(double c, double w)
    {
        cpu = std::min(cpu, c);
        wall = std::min(wall, w);
    }
};

template <typename Fn>
void timeOnce(Timing& t, Fn&& fn)
{
    wb::bench::Stopwatch sw;
    const double cpu0 = threadCpuSeconds();
    fn();
    t.keepBest(threadCpuSeconds() - cpu0, sw.seconds());
}

// tokenizer.json for GPT-2 as HF writes it, from OpenAI's two files.
std::string gpt2TokenizerJson(const std::string& encoderPath, const std::string& vocabPath)
{
    json merges = json::array();
    std::istringstream lines(readAll(vocabPath));
    for (std::string line; std::getline(lines, line);)
        if (!line.empty() && !line.starts_with("#version")) merges.push_back(line);
    const json byteLevel = {{"type", "ByteLevel"}, {"add_prefix_space", false}, {"trim_offsets", true}, {"use_regex", true}};
    return json{{"version", "1.0"},
                {"added_tokens", {{{"id", 50256}, {"content", "<|endoftext|>"}, {"special", true}}}},
                {"normalizer", nullptr},
                {"pre_tokenizer", byteLevel},
                {"decoder", byteLevel},
                {"model",
                 {{"type", "BPE"}, {"vocab", json::parse(readAll(encoderPath))}, {"merges", merges}}}}
        .dump();
}

// The 1-minute load average: the build machines are shared, and a load above
// the core count makes even CPU-time figures lower than on an idle machine.
double loadAverage()
{
    std::ifstream in("/proc/loadavg");
    double load = -1;
    in >> load;
    return load;
}

struct Corpus {
    std::string name;
    std::string text;
};

using Encoder = std::function<size_t(const std::string&)>;   // returns the token count
using Factory = std::function<Encoder()>;                      // a freshly loaded tokenizer

json measure(const Corpus& corpus, const Factory& fresh, int runs)
{
    Timing cold, warm;
    size_t tokens = 0;
    for (int r = 0; r < runs; ++r) {
        Encoder enc = fresh();
        size_t coldTokens = 0;
        timeOnce(cold, [&] { coldTokens = enc(corpus.text); });
        timeOnce(warm, [&] { tokens = enc(corpus.text); });
        if (tokens != coldTokens) {
            std::fprintf(stderr, "bench_tokenizer: %s: cold and warm token counts differ\n", corpus.name.c_str());
            std::exit(1);
        }
    }
    const double mb = double(corpus.text.size()) / 1e6;
    using wb::bench::round3;
    return {{"text", corpus.name},
            {"bytes", corpus.text.size()},
            {"tokens", tokens},
            {"bytes_per_token", round3(double(corpus.text.size()) / double(tokens))},
            {"cold_mb_s", round3(mb / cold.cpu)},
            {"cold_mb_s_wall", round3(mb / cold.wall)},
            {"warm_mb_s", round3(mb / warm.cpu)},
            {"warm_mb_s_wall", round3(mb / warm.wall)}};
}

} // namespace

int main(int argc, char** argv)
{
    const int runs = std::max(1, std::stoi(wb::bench::option(argc, argv, "runs", "5")));
    const std::string data = wb::bench::option(argc, argv, "data", WB_SOURCE_DIR "/datasets/sample");
    const std::string shared = wb::bench::option(argc, argv, "shared", WB_SOURCE_DIR "/../shared/datasets");
    namespace fs = std::filesystem;

    std::vector<Corpus> corpora;
    const std::string sharedEn = shared + "/stanford-alpaca/alpaca_5000.json";
    const std::string sharedZh = shared + "/llama-factory-demo/alpaca_zh_demo.json";
    if (fs::exists(sharedEn)) corpora.push_back({"en (shared alpaca_5000.json)", alpacaText(sharedEn)});
    if (fs::exists(sharedZh)) corpora.push_back({"zh (shared alpaca_zh_demo.json)", alpacaText(sharedZh)});
    corpora.push_back({"en (sample alpaca_en.json)", alpacaText(data + "/alpaca_en.json")});
    corpora.push_back({"zh (sample alpaca_zh.json)", alpacaText(data + "/alpaca_zh.json")});

    const std::string enc = wb::resourcePath("tokenizers/gpt2/encoder.json");
    const std::string bpe = wb::resourcePath("tokenizers/gpt2/vocab.bpe");
    const std::string hfJson = gpt2TokenizerJson(enc, bpe);

    wb::bench::Stopwatch loadGpt2;
    wb::Gpt2Bpe::load(enc, bpe);
    const double gpt2LoadS = loadGpt2.seconds();
    wb::bench::Stopwatch loadHf;
    wb::HfTokenizer::fromJson(hfJson, "gpt2 tokenizer.json");
    const double hfLoadS = loadHf.seconds();

    const Factory gpt2 = [&]() -> Encoder {
        std::shared_ptr<wb::Gpt2Bpe> t = wb::Gpt2Bpe::load(enc, bpe);
        return [t](const std::string& s) { return t->encode(s).size(); };
    };
    const Factory hf = [&]() -> Encoder {
        std::shared_ptr<wb::HfTokenizer> t = wb::HfTokenizer::fromJson(hfJson, "gpt2 tokenizer.json");
        return [t](const std::string& s) { return t->encode(s).size(); };
    };

    const std::string only = wb::bench::option(argc, argv, "only");
    const std::string lang = wb::bench::option(argc, argv, "lang");
    json gpt2Results = json::array(), hfResults = json::array();
    for (const Corpus& c : corpora) {
        if (!lang.empty() && !c.name.starts_with(lang)) continue;
        if (only.empty() || only == "gpt2") gpt2Results.push_back(measure(c, gpt2, runs));
        if (only.empty() || only == "hf") hfResults.push_back(measure(c, hf, runs));
    }
    using wb::bench::round3;
    json out{{"benchmark", "tokenizer"},
             {"threads", 1},
             {"runs", runs},
             {"note", "cold = one pass over the corpus on a freshly loaded tokenizer (empty word cache, every word BPE-encoded "
                      "when first seen); warm = a further pass on the same instance; MB/s against thread CPU time "
                      "(*_wall: wall time); best of runs"},
             {"tokenizers",
              {{{"tokenizer", "gpt2 (Gpt2Bpe)"}, {"load_s", round3(gpt2LoadS)}, {"results", gpt2Results}},
               {{"tokenizer", "gpt2 tokenizer.json (HfTokenizer)"}, {"load_s", round3(hfLoadS)}, {"results", hfResults}}}},
             {"peak_rss_mb", round3(wb::bench::peakRssMb())},
             {"load_average_1m", loadAverage()}};
    std::cout << out.dump(1) << "\n";
    return 0;
}
