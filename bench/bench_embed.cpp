// Embedding throughput of the BERT TextEncoder (core/nn/text_encoder.h) on
// the CPU in fp32: texts/s and tokens/s.
//
// - "tiny": the test fixture tests/data/models/tiny-bert (32 wide, 2 layers),
//   embedTexts() on generated English and Chinese sentences, tokenizer
//   included; this mostly measures per-call overhead.
// - "base": a random model with bert-base-uncased's shapes (30522 x 768,
//   12 layers, 12 heads, 3072 inner, 110M parameters, 438 MB fp32), written
//   once into --workdir, embedIds() on random sequences of --seq tokens in
//   calls of --batch sequences. Also its load time and the process peak RSS.
// Each figure is the best of --runs passes. Prints one JSON object.
//
//   bench_embed [--threads N (0: all cores)] [--runs 3] [--tiny-texts 2000]
//               [--base-texts 64] [--seq 128] [--batch 32] [--workdir DIR] [--skip-base]
#include "bench/bench_util.h"

#include "core/nn/text_encoder.h"
#include "core/runtime/threads.h"
#include "core/weights/safetensors.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

using nlohmann::json;
namespace fs = std::filesystem;

namespace {

// xorshift64*: fast, deterministic weights without <random>'s cost at 110M values.
struct Rng {
    uint64_t s = 0x9E3779B97F4A7C15ull;
    uint64_t next()
    {
        s ^= s >> 12;
        s ^= s << 25;
        s ^= s >> 27;
        return s * 0x2545F4914F6CDD1Dull;
    }
    float uniform(float scale) { return (float(next() >> 40) / float(1 << 24) * 2.0f - 1.0f) * scale; }
};

// Writes a bert-base-shaped BertModel checkpoint (random weights) unless
// dir/model.safetensors exists already.
void writeBaseModel(const fs::path& dir)
{
    if (fs::exists(dir / "model.safetensors")) return;
    fs::create_directories(dir);
    const int64_t V = 30522, C = 768, L = 12, I = 3072, P = 512;
    const json config = {{"model_type", "bert"},   {"architectures", {"BertModel"}},
                         {"vocab_size", V},        {"hidden_size", C},
                         {"num_hidden_layers", L}, {"num_attention_heads", 12},
                         {"intermediate_size", I}, {"max_position_embeddings", P},
                         {"type_vocab_size", 2},   {"layer_norm_eps", 1e-12},
                         {"hidden_act", "gelu"},   {"pad_token_id", 0}};
    std::ofstream(dir / "config.json") << config.dump(2);

    std::vector<std::pair<std::string, std::vector<int64_t>>> shapes = {
        {"embeddings.word_embeddings.weight", {V, C}},
        {"embeddings.position_embeddings.weight", {P, C}},
        {"embeddings.token_type_embeddings.weight", {2, C}},
        {"embeddings.LayerNorm.weight", {C}},
        {"embeddings.LayerNorm.bias", {C}}};
    for (int l = 0; l < L; ++l) {
        const std::string b = "encoder.layer." + std::to_string(l) + ".";
        for (const char* proj : {"attention.self.query", "attention.self.key", "attention.self.value",
                                 "attention.output.dense"}) {
            shapes.push_back({b + proj + ".weight", {C, C}});
            shapes.push_back({b + proj + ".bias", {C}});
        }
        shapes.push_back({b + "attention.output.LayerNorm.weight", {C}});
        shapes.push_back({b + "attention.output.LayerNorm.bias", {C}});
        shapes.push_back({b + "intermediate.dense.weight", {I, C}});
        shapes.push_back({b + "intermediate.dense.bias", {I}});
        shapes.push_back({b + "output.dense.weight", {C, I}});
        shapes.push_back({b + "output.dense.bias", {C}});
        shapes.push_back({b + "output.LayerNorm.weight", {C}});
        shapes.push_back({b + "output.LayerNorm.bias", {C}});
    }
    Rng rng;
    std::vector<std::vector<float>> storage;
    std::vector<wb::TensorView> views;
    storage.reserve(shapes.size());
    for (const auto& [name, shape] : shapes) {
        int64_t n = 1;
        for (int64_t d : shape) n *= d;
        std::vector<float> data(size_t(n), 0.0f);
        if (name.ends_with("LayerNorm.weight"))
            std::fill(data.begin(), data.end(), 1.0f);
        else if (!name.ends_with("LayerNorm.bias"))
            for (float& x : data) x = rng.uniform(0.035f);   // about bert's N(0, 0.02) init
        storage.push_back(std::move(data));
        views.push_back({name, wb::DType::F32, shape, reinterpret_cast<const uint8_t*>(storage.back().data()),
                         uint64_t(n) * sizeof(float)});
    }
    wb::writeSafetensors((dir / "model.safetensors").string(), views);
}

template <typename Fn>
double bestSeconds(int runs, Fn&& fn)
{
    double best = 1e30;
    for (int r = 0; r < runs; ++r) {
        wb::bench::Stopwatch sw;
        fn();
        best = std::min(best, sw.seconds());
    }
    return best;
}

json benchTiny(int runs, int count)
{
    const std::vector<std::string> en = {"The rock layers of the earth are", "Hello, world! Deep models learn",
                                         "Cats are running in the water and", "Geology of data"};
    const std::vector<std::string> zh = {"深度学习模型是地质的", "青藏高原的岩石", "地质学习"};
    std::vector<std::string> texts;
    size_t bytes = 0;
    for (int n = 0; n < count; ++n) {
        std::string t = n % 3 == 2 ? zh[size_t(n) % zh.size()] : en[size_t(n) % en.size()];
        for (int k = 0; k < n % 5; ++k) t += n % 3 == 2 ? "青藏高原" : " cafe rocks";
        bytes += t.size();
        texts.push_back(std::move(t));
    }
    auto encoder = wb::TextEncoder::load(WB_SOURCE_DIR "/tests/data/models/tiny-bert");
    size_t tokens = 0;
    for (const std::string& t : texts) tokens += encoder->tokenize(t).size();
    const double s = bestSeconds(runs, [&] { encoder->embedTexts(texts); });
    using wb::bench::round3;
    return {{"model", "tiny-bert (fixture)"},    {"parameters", encoder->parameterCount()},
            {"texts", texts.size()},             {"tokens", tokens},
            {"mean_tokens", round3(double(tokens) / double(texts.size()))},
            {"seconds", round3(s)},              {"texts_per_s", round3(double(texts.size()) / s)},
            {"tokens_per_s", round3(double(tokens) / s)}};
}

json benchBase(int runs, int count, int seq, int batch, const fs::path& workdir)
{
    const fs::path dir = workdir / "bert-base-random";
    wb::bench::Stopwatch write;
    writeBaseModel(dir);
    const double writeSeconds = write.seconds();
    wb::bench::Stopwatch load;
    auto encoder = wb::TextEncoder::load(dir.string());
    const double loadSeconds = load.seconds();
    Rng rng;
    std::vector<std::vector<int>> seqs;
    for (int n = 0; n < count; ++n) {
        std::vector<int> ids{101};   // bert-base-uncased's [CLS] ... [SEP]
        for (int t = 0; t < seq - 2; ++t) ids.push_back(1000 + int(rng.next() % 29000));
        ids.push_back(102);
        seqs.push_back(std::move(ids));
    }
    const double s = bestSeconds(runs, [&] {
        for (size_t start = 0; start < seqs.size(); start += size_t(batch)) {
            const size_t end = std::min(seqs.size(), start + size_t(batch));
            encoder->embedIds(std::vector<std::vector<int>>(seqs.begin() + int64_t(start), seqs.begin() + int64_t(end)));
        }
    });
    using wb::bench::round3;
    return {{"model", "bert-base shapes, random"}, {"parameters", encoder->parameterCount()},
            {"file_mb", round3(double(fs::file_size(dir / "model.safetensors")) / 1e6)},
            {"write_seconds", round3(writeSeconds)}, {"load_seconds", round3(loadSeconds)},
            {"texts", count},                      {"tokens_per_text", seq},
            {"batch", batch},                      {"seconds", round3(s)},
            {"texts_per_s", round3(double(count) / s)},
            {"tokens_per_s", round3(double(count) * seq / s)}};
}

} // namespace

int main(int argc, char** argv)
{
    using wb::bench::option;
    const int threads = std::stoi(option(argc, argv, "threads", "0"));
    const int runs = std::max(1, std::stoi(option(argc, argv, "runs", "3")));
    const int tinyTexts = std::max(1, std::stoi(option(argc, argv, "tiny-texts", "2000")));
    const int baseTexts = std::max(1, std::stoi(option(argc, argv, "base-texts", "64")));
    const int seq = std::clamp(std::stoi(option(argc, argv, "seq", "128")), 2, 512);
    const int batch = std::max(1, std::stoi(option(argc, argv, "batch", "32")));
    const fs::path workdir = option(argc, argv, "workdir", (fs::temp_directory_path() / "wb-bench").string());
    wb::configureComputeThreads(threads);

    json out = {{"bench", "embed"}, {"threads", wb::computeThreads()}, {"runs", runs}};
    try {
        out["tiny"] = benchTiny(runs, tinyTexts);
        if (!wb::bench::flag(argc, argv, "skip-base")) out["base"] = benchBase(runs, baseTexts, seq, batch, workdir);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_embed: %s\n", e.what());
        return 1;
    }
    out["peak_rss_mb"] = wb::bench::round3(wb::bench::peakRssMb());
    std::cout << out.dump(1) << "\n";
    return 0;
}
