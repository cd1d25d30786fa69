// Single-thread encode throughput of the GPT-2 byte-level BPE (Gpt2Bpe) on
// English and Chinese text: the instruction/input/output strings of the
// sample Alpaca datasets, repeated to about --mb megabytes (default 20).
// "cold" is the first encode on a freshly loaded tokenizer (empty word cache;
// the cache fills during the pass), "warm" a second pass on the same instance,
// "cold_unique" one copy of the unrepeated text on a fresh instance.
// Prints one JSON object.
//
//   bench_tokenizer [--mb 20] [--data DATASETS_SAMPLE_DIR]
#include "bench/bench_util.h"

#include "core/text/gpt2_bpe.h"
#include "core/util/paths.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

using nlohmann::json;

namespace {

std::string sampleText(const std::string& file)
{
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        std::fprintf(stderr, "bench_tokenizer: cannot open %s\n", file.c_str());
        std::exit(1);
    }
    std::ostringstream raw;
    raw << in.rdbuf();
    std::string text;
    for (const auto& rec : json::parse(raw.str()))
        for (const char* key : {"instruction", "input", "output"})
            if (rec.contains(key) && rec[key].is_string() && !rec[key].get_ref<const std::string&>().empty())
                text += rec[key].get<std::string>() + "\n";
    return text;
}

std::string repeatTo(const std::string& unit, size_t bytes)
{
    std::string out;
    out.reserve(bytes + unit.size());
    while (out.size() < bytes)
        out += unit;
    return out;
}

json measure(const std::string& name, const std::string& unitText, size_t targetBytes)
{
    const std::string text = repeatTo(unitText, targetBytes);
    const std::string enc = wb::resourcePath("tokenizers/gpt2/encoder.json");
    const std::string bpe = wb::resourcePath("tokenizers/gpt2/vocab.bpe");

    wb::bench::Stopwatch load;
    auto tok = wb::Gpt2Bpe::load(enc, bpe);
    const double loadS = load.seconds();

    wb::bench::Stopwatch cold;
    const size_t coldTokens = tok->encode(text).size();
    const double coldS = cold.seconds();

    // Best of three warm passes.
    double warmS = 1e30;
    size_t warmTokens = 0;
    for (int i = 0; i < 3; ++i) {
        wb::bench::Stopwatch warm;
        warmTokens = tok->encode(text).size();
        warmS = std::min(warmS, warm.seconds());
    }
    // The repeated text hits the word cache after its first copy, so also time
    // one copy of the unique text on fresh instances: every word a cache miss.
    double uniqueS = 1e30;
    for (int i = 0; i < 5; ++i) {
        auto fresh = wb::Gpt2Bpe::load(enc, bpe);
        wb::bench::Stopwatch sw;
        fresh->encode(unitText);
        uniqueS = std::min(uniqueS, sw.seconds());
    }
    if (warmTokens != coldTokens) {
        std::fprintf(stderr, "bench_tokenizer: %s: cold and warm token counts differ\n", name.c_str());
        std::exit(1);
    }
    const double mb = double(text.size()) / 1e6;
    return {{"text", name},
            {"unique_bytes", unitText.size()},
            {"bytes", text.size()},
            {"tokens", coldTokens},
            {"bytes_per_token", wb::bench::round3(double(text.size()) / double(coldTokens))},
            {"load_s", wb::bench::round3(loadS)},
            {"cold_s", wb::bench::round3(coldS)},
            {"cold_mb_s", wb::bench::round3(mb / coldS)},
            {"cold_unique_mb_s", wb::bench::round3(double(unitText.size()) / 1e6 / uniqueS)},
            {"warm_s", wb::bench::round3(warmS)},
            {"warm_mb_s", wb::bench::round3(mb / warmS)},
            {"warm_mtokens_s", wb::bench::round3(double(coldTokens) / warmS / 1e6)}};
}

} // namespace

int main(int argc, char** argv)
{
    const double mb = std::stod(wb::bench::option(argc, argv, "mb", "20"));
    const std::string data = wb::bench::option(argc, argv, "data", WB_SOURCE_DIR "/datasets/sample");
    const size_t target = static_cast<size_t>(mb * 1e6);

    json out{{"benchmark", "tokenizer"},
             {"tokenizer", "gpt2 (Gpt2Bpe)"},
             {"threads", 1},
             {"note", "cold = first encode on a fresh instance (empty word cache); warm = best of 3 further passes; cold_unique = one copy of the unrepeated text on a fresh instance (all cache misses), best of 5"},
             {"results", json::array({measure("en (alpaca_en.json)", sampleText(data + "/alpaca_en.json"), target),
                                      measure("zh (alpaca_zh.json)", sampleText(data + "/alpaca_zh.json"), target)})},
             {"peak_rss_mb", wb::bench::round3(wb::bench::peakRssMb())}};
    std::cout << out.dump(1) << "\n";
    return 0;
}
