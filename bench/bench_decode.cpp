// Batch-1 decode of a GPT-2 124M-shaped model (random weights) in fp32 and
// bf16 at 1 and 2 threads, side by side with an eager Python loop with a KV
// cache on the same weights (bench/peers/decode_python.py, Debian's
// python3-torch).
//
// Per dtype and thread count, best of --runs:
//  - decode tokens/s: --tokens greedy single-token steps after an 8-token
//    prompt (the fast path; also the LibTorch path, WB_DECODE_PATH=torch);
//  - time to first token of a --prompt-token prompt (batched prefill through
//    LibTorch and the argmax), and prefill tokens/s.
// The decode figure is set against the memory-bandwidth limit: every weight
// is read once per token, so tokens/s <= bandwidth / weight bytes. Bandwidth
// is measured here with a streaming-read loop at the same thread count, and
// the fixed 78 GB/s figure measured on this machine class is reported too.
//
// The model folder (safetensors, F32, ~500 MB) is written once into
// WORK_DIR/gpt2-124m-random and reused. Prints one JSON object.
//
//   bench_decode [--workdir DIR] [--runs 3] [--tokens 128] [--prompt 512]
//                [--threads 1,2] [--dtypes f32,bf16] [--no-python]
#include "bench/bench_util.h"

#include "core/model/config.h"
#include "core/model/init.h"
#include "core/model/model_export.h"
#include "core/nn/causal_lm.h"
#include "core/runtime/threads.h"
#include "core/util/thread_environment.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>
#include <thread>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

using nlohmann::json;
namespace fs = std::filesystem;

namespace {

constexpr double kReferenceBandwidth = 78e9;   // bytes/s, measured on this machine class (issue 4)

std::vector<int> promptIds(int n, int vocab)
{
    std::vector<int> ids;   // same formula as decode_python.py
    for (int i = 0; i < n; ++i) ids.push_back(int((int64_t(i) * 7919 + 13) % vocab));
    return ids;
}

int argmax(const std::vector<float>& v)
{
    return int(std::max_element(v.begin(), v.end()) - v.begin());
}

std::string writeModel(const std::string& workDir)
{
    const std::string dir = (fs::path(workDir) / "gpt2-124m-random").string();
    if (fs::exists(fs::path(dir) / "model.safetensors") && fs::exists(fs::path(dir) / "config.json")) return dir;
    std::fprintf(stderr, "bench_decode: writing %s\n", dir.c_str());
    const wb::ModelConfig config = wb::presetConfig(wb::ModelFamily::Gpt2, "gpt2-124m");
    const std::vector<wb::OwnedTensor> tensors = wb::initWeights(config, 124, wb::DType::F32);
    std::vector<wb::TensorView> views;
    for (const wb::OwnedTensor& t : tensors) views.push_back(t.view());
    wb::writeHfModel(dir, config, views);
    return dir;
}

// Streaming read of a buffer larger than the caches, split over `threads`;
// best of several passes, in bytes/s.
#if defined(__x86_64__)
__attribute__((target("avx2"))) uint64_t readSlice(const uint8_t* p, size_t n)
{
    __m256i a = _mm256_setzero_si256(), b = a, c = a, d = a;
    for (size_t i = 0; i + 128 <= n; i += 128) {
        a = _mm256_add_epi64(a, _mm256_load_si256(reinterpret_cast<const __m256i*>(p + i)));
        b = _mm256_add_epi64(b, _mm256_load_si256(reinterpret_cast<const __m256i*>(p + i + 32)));
        c = _mm256_add_epi64(c, _mm256_load_si256(reinterpret_cast<const __m256i*>(p + i + 64)));
        d = _mm256_add_epi64(d, _mm256_load_si256(reinterpret_cast<const __m256i*>(p + i + 96)));
    }
    a = _mm256_add_epi64(_mm256_add_epi64(a, b), _mm256_add_epi64(c, d));
    return uint64_t(_mm256_extract_epi64(a, 0) + _mm256_extract_epi64(a, 1) + _mm256_extract_epi64(a, 2) +
                    _mm256_extract_epi64(a, 3));
}
#else
uint64_t readSlice(const uint8_t* p, size_t n)
{
    uint64_t s = 0;
    for (size_t i = 0; i + 8 <= n; i += 8) s += *reinterpret_cast<const uint64_t*>(p + i);
    return s;
}
#endif

double readBandwidth(int threads, size_t bytes = size_t(512) << 20, int passes = 5)
{
    auto* buffer = static_cast<uint8_t*>(std::aligned_alloc(64, bytes));
    for (size_t i = 0; i < bytes; i += 4096) buffer[i] = uint8_t(i);   // touch every page
    std::fill(buffer, buffer + bytes, uint8_t(1));
    double best = 0;
    volatile uint64_t sink = 0;
    for (int pass = 0; pass < passes; ++pass) {
        std::vector<std::thread> workers;
        std::vector<uint64_t> sums(static_cast<size_t>(threads));
        const size_t slice = bytes / size_t(threads) / 128 * 128;
        wb::bench::Stopwatch sw;
        for (int t = 0; t < threads; ++t)
            workers.emplace_back([&, t] { sums[size_t(t)] = readSlice(buffer + size_t(t) * slice, slice); });
        for (std::thread& w : workers) w.join();
        best = std::max(best, double(slice) * threads / sw.seconds());
        for (uint64_t s : sums) sink = sink + s;
    }
    std::free(buffer);
    return best;
}

struct Measured {
    double decodeTokS = 0, torchDecodeTokS = 0, ttftS = 1e30, prefillTokS = 0;
    std::vector<int> greedy;   // the first 16 greedy ids, to check the peer runs the same model
};

double decodeTokensPerSecond(wb::CausalLM& model, int tokens, std::vector<int>* greedy = nullptr)
{
    const std::vector<int> prompt = promptIds(8, model.config().vocabSize);
    auto cache = model.newCache(int(prompt.size()) + tokens + 1);
    int next = argmax(model.step(prompt, *cache));
    std::vector<int> ids = {next};
    wb::bench::Stopwatch sw;
    for (int n = 0; n < tokens; ++n) ids.push_back(next = argmax(model.step({next}, *cache)));
    const double seconds = sw.seconds();
    if (greedy) *greedy = std::vector<int>(ids.begin(), ids.begin() + std::min<size_t>(16, ids.size()));
    return tokens / seconds;
}

Measured measure(wb::CausalLM& model, int tokens, int promptLen, int runs)
{
    Measured m;
    const std::vector<int> longPrompt = promptIds(promptLen, model.config().vocabSize);
    for (int r = 0; r < runs; ++r) {
        m.decodeTokS = std::max(m.decodeTokS, decodeTokensPerSecond(model, tokens, &m.greedy));
        setenv("WB_DECODE_PATH", "torch", 1);
        m.torchDecodeTokS = std::max(m.torchDecodeTokS, decodeTokensPerSecond(model, std::min(tokens, 32)));
        unsetenv("WB_DECODE_PATH");
        auto cache = model.newCache(promptLen + 1);
        wb::bench::Stopwatch sw;
        const std::vector<float> logits = model.step(longPrompt, *cache);
        const double prefill = sw.seconds();
        argmax(logits);
        m.ttftS = std::min(m.ttftS, sw.seconds());
        m.prefillTokS = std::max(m.prefillTokS, promptLen / prefill);
    }
    return m;
}

std::vector<std::string> split(const std::string& s)
{
    std::vector<std::string> out;
    std::stringstream ss(s);
    for (std::string item; std::getline(ss, item, ',');) out.push_back(item);
    return out;
}

json loadAverage()
{
    std::ifstream in("/proc/loadavg");
    double one = 0, five = 0;
    in >> one >> five;
    return {{"1min", one}, {"5min", five}};
}

} // namespace

int main(int argc, char** argv)
{
    // The thread-pool settings the workbench runs with (the Python peer runs
    // with the libraries' defaults, as users run it).
    wb::restartWithComputeThreadEnvironment(argv);
    using wb::bench::option;
    using wb::bench::round3;
    const char* tmp = std::getenv("TMPDIR");
    const std::string workDir = option(argc, argv, "workdir", std::string(tmp ? tmp : "/tmp") + "/wb-bench");
    const int runs = std::stoi(option(argc, argv, "runs", "3"));
    const int tokens = std::stoi(option(argc, argv, "tokens", "128"));
    const int promptLen = std::stoi(option(argc, argv, "prompt", "512"));
    const std::string threadList = option(argc, argv, "threads", "1,2");
    const std::string dtypeList = option(argc, argv, "dtypes", "f32,bf16");
    const bool python = !wb::bench::flag(argc, argv, "no-python");
    fs::create_directories(workDir);
    const std::string modelDir = writeModel(workDir);
    json out = {{"benchmark", "decode"},
                {"model", {{"shape", "gpt2-124m (random weights)"}, {"dir", modelDir}}},
                {"runs", runs},
                {"decode_tokens", tokens},
                {"prompt_tokens", promptLen},
                {"load_average_start", loadAverage()},
                {"note", "decode = greedy single-token steps after an 8-token prompt, best of runs; ttft = "
                         "prefill of the long prompt + argmax; limit = bandwidth / weight bytes per token"}};

    // Bandwidth at each thread count, before anything else holds the cores.
    std::map<int, double> bandwidth;
    for (const std::string& t : split(threadList)) bandwidth[std::stoi(t)] = readBandwidth(std::stoi(t));
    for (const auto& [t, bw] : bandwidth) out["bandwidth_gb_s"]["measured_" + std::to_string(t) + "_threads"] = round3(bw / 1e9);
    out["bandwidth_gb_s"]["reference"] = kReferenceBandwidth / 1e9;
    out["thread_environment"] = wb::describeComputeThreadEnvironment();

    json python_results = json::array();
    if (python) {
        const std::string script = std::string(WB_SOURCE_DIR) + "/bench/peers/decode_python.py";
        const std::string cmd = wb::bench::peerEnvironment(false) + " /usr/bin/python3 " + wb::bench::shellQuote(script) + " " +
                                wb::bench::shellQuote(modelDir) + " --dtypes " + dtypeList + " --threads " + threadList +
                                " --tokens " + std::to_string(tokens) + " --prompt " + std::to_string(promptLen) +
                                " --runs " + std::to_string(runs);
        std::fprintf(stderr, "bench_decode: %s\n", cmd.c_str());
        const std::string text = wb::bench::capture(cmd);
        try {
            const json peer = json::parse(text);
            python_results = peer["results"];
            out["python"] = {{"peer", peer["peer"]}, {"torch", peer["torch"]}};
        } catch (const std::exception& e) {
            std::fprintf(stderr, "bench_decode: the Python peer failed: %s\n", e.what());
        }
    }

    for (const std::string& dtypeName : split(dtypeList)) {
        wb::LoadOptions options;
        options.dtype = wb::computeDTypeFromString(dtypeName);
        wb::bench::Stopwatch loadSw;
        auto model = wb::CausalLM::load(modelDir, options);
        const double loadS = loadSw.seconds();
        const double weightBytes = double(model->weightBytes());
        for (const std::string& t : split(threadList)) {
            const int threads = std::stoi(t);
            wb::configureComputeThreads(threads);
            std::fprintf(stderr, "bench_decode: %s, %d thread(s)\n", dtypeName.c_str(), threads);
            const Measured m = measure(*model, tokens, promptLen, runs);
            const double limit = bandwidth[threads] / weightBytes, referenceLimit = kReferenceBandwidth / weightBytes;
            json r = {{"dtype", dtypeName},
                      {"threads", threads},
                      {"weight_mb", round3(weightBytes / 1e6)},
                      {"load_s", round3(loadS)},
                      {"workbench",
                       {{"decode_tok_s", round3(m.decodeTokS)},
                        {"libtorch_path_decode_tok_s", round3(m.torchDecodeTokS)},
                        {"ttft_s", round3(m.ttftS)},
                        {"prefill_tok_s", round3(m.prefillTokS)}}},
                      {"bandwidth_limit_tok_s", round3(limit)},
                      {"percent_of_bandwidth_limit", round3(100 * m.decodeTokS / limit)},
                      {"reference_limit_tok_s", round3(referenceLimit)},
                      {"percent_of_reference_limit", round3(100 * m.decodeTokS / referenceLimit)}};
            for (const json& p : python_results)
                if (p["dtype"] == dtypeName && p["threads"] == threads) {
                    r["python"] = p;
                    r["python"].erase("greedy_ids");
                    r["decode_ratio_vs_python"] = round3(m.decodeTokS / p["decode_tok_s"].get<double>());
                    r["same_greedy_ids_as_python"] = p["greedy_ids"].get<std::vector<int>>() == m.greedy;
                }
            out["results"].push_back(r);
        }
    }
    out["load_average_end"] = loadAverage();
    out["targets"] = {{"decode_ratio_vs_python", 2.5}, {"percent_of_bandwidth_limit", 70}};
    out["peak_rss_mb"] = round3(wb::bench::peakRssMb());
    std::cout << out.dump(1) << std::endl;
    return 0;
}
