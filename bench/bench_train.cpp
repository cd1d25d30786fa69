// Training throughput of the LibTorch trainer (core/train/engine) beside an
// equivalent nanoGPT-style eager Python loop (bench/peers/train_python.py,
// Debian's python3-torch), same shapes, threads and precision:
//   (a) GPT-2 blocks, 6 layers, 384 wide, 6 heads, T = 256, vocab 8192, batch 4
//   (b) GPT-2 124M shape, T = 256, batch 4
// Each step is a full optimizer step: forward, backward, clipping, AdamW.
// Reports tokens/s (mean over --steps after --warmup), the ratio to Python,
// and MFU: model FLOPs per token (6 N + 12 L C T, nanoGPT's estimate) times
// tokens/s over the matmul peak Python measures at the same thread count, for
// the run's precision ("mfu") and for bf16 ("mfu_vs_bf16_peak"). bf16 runs
// only on CPUs with native bf16 unless --force-bf16 (see cpuHasNativeBf16()).
// Prints one JSON object.
//
// Minor page faults per step are reported for both: LibTorch's training
// process reuses freed blocks (core/train/engine/cpu_allocator.h); with
// --allocator system it uses glibc like Python does.
//
// Like the workbench's own processes, the benchmark restarts itself with the
// thread-pool settings of core/util/thread_environment.h (set them yourself,
// e.g. GOMP_SPINCOUNT=300000 OPENBLAS_THREAD_TIMEOUT=28, to measure the
// libraries' defaults). The Python peer runs twice: as users run it, with the
// defaults ("python", the ratio "speedup_vs_python"), and with the same
// settings ("python_same_env", "speedup_vs_python_same_env").
//
//   bench_train [--threads 2] [--steps 5] [--warmup 2] [--configs a,b]
//               [--precisions fp32,bf16] [--allocator cache|system] [--force-bf16]
//               [--no-python] [--vocab N]
// --vocab replaces both configs' vocabulary (e.g. 151936, Qwen2's, to see the
// memory of the output layer and loss).
#include "bench/bench_util.h"

#include "core/model/config.h"
#include "core/runtime/threads.h"
#include "core/train/engine/cpu_allocator.h"
#include "core/train/engine/trainable_model.h"
#include "core/train/engine/trainer.h"
#include "core/train/train_setup.h"
#include "core/util/cpu_features.h"
#include "core/util/thread_environment.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>
#include <map>
#include <random>
#include <sstream>

#include <sys/resource.h>

using nlohmann::json;

namespace {

struct Shape {
    std::string name;
    std::string preset;
    int layers, hidden, heads, vocab;
};

std::vector<std::string> splitList(const std::string& s)
{
    std::vector<std::string> out;
    std::stringstream in(s);
    for (std::string item; std::getline(in, item, ',');)
        if (!item.empty()) out.push_back(item);
    return out;
}

long minorFaults()
{
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return u.ru_minflt;
}

wb::ModelConfig modelConfig(const Shape& s)
{
    wb::ModelConfig c = wb::presetConfig(wb::ModelFamily::Gpt2, s.preset);
    c.numLayers = s.layers;
    c.hiddenSize = s.hidden;
    c.numHeads = s.heads;
    c.numKvHeads = s.heads;
    c.headDim = s.hidden / s.heads;
    c.intermediateSize = 4 * s.hidden;
    c.vocabSize = s.vocab;
    return c;
}

wb::Batch randomBatch(int rows, int seq, int vocab)
{
    std::mt19937 gen(1);
    std::uniform_int_distribution<int> token(0, vocab - 1);
    std::vector<wb::PackedRow> packed(static_cast<size_t>(rows));
    for (wb::PackedRow& r : packed)
        for (int i = 0; i < seq; ++i) {
            r.ids.push_back(token(gen));
            r.labels.push_back(token(gen));
            r.positions.push_back(i);
            r.segments.push_back(0);
        }
    std::vector<const wb::PackedRow*> ptrs;
    for (const wb::PackedRow& r : packed) ptrs.push_back(&r);
    return wb::makeBatch(ptrs);
}

json runOurs(const Shape& s, bool bf16, int seq, int batch, int steps, int warmup)
{
    const wb::ModelConfig c = modelConfig(s);
    auto model = wb::TrainableModel::create(c, 0);
    model->setBf16(bf16);
    wb::TrainConfig tc;
    tc.learningRate = 3e-4;
    tc.adamBeta2 = 0.95;
    tc.weightDecay = 0.1;
    tc.maxGradNorm = 1.0;
    tc.schedule = wb::LrSchedule::Constant;
    wb::Trainer trainer(*model, tc, steps + warmup);
    const wb::Batch b = randomBatch(batch, seq, c.vocabSize);
    double total = 0, best = 1e300, first = 0, last = 0, forward = 0, backward = 0, optimizer = 0;
    long faults = 0;
    for (int i = 0; i < warmup + steps; ++i) {
        if (i == warmup) faults = minorFaults();
        wb::bench::Stopwatch w;
        const wb::StepResult r = trainer.step({b});
        const double t = w.seconds();
        if (i == 0) first = r.loss;
        last = r.loss;
        if (i >= warmup) {
            total += t;
            best = std::min(best, t);
            forward += r.forwardSeconds;
            backward += r.backwardSeconds;
            optimizer += r.optimizerSeconds;
        }
    }
    faults = minorFaults() - faults;
    const double tokens = double(batch) * seq;
    return {{"tokens_per_second", tokens * steps / total},
            {"page_faults_per_step", faults / steps},
            {"best_step_tokens_per_second", tokens / best},
            {"seconds_per_step", total / steps},
            {"forward_seconds", forward / steps},
            {"backward_seconds", backward / steps},
            {"optimizer_seconds", optimizer / steps},
            {"first_loss", first},
            {"last_loss", last},
            {"peak_rss_mb", wb::bench::round3(wb::bench::peakRssMb())}};
}

} // namespace

int main(int argc, char** argv)
{
    wb::restartWithComputeThreadEnvironment(argv);
    using namespace wb::bench;
    const int threads = std::stoi(option(argc, argv, "threads", "2"));
    const int steps = std::stoi(option(argc, argv, "steps", "5"));
    const int warmup = std::stoi(option(argc, argv, "warmup", "2"));
    const int seq = 256, batch = 4;
    const auto configs = splitList(option(argc, argv, "configs", "a,b"));
    const auto precisions = splitList(option(argc, argv, "precisions", "fp32,bf16"));
    const bool python = !flag(argc, argv, "no-python");
    // bf16 on a CPU without native bf16 is a slow fallback (about 20x slower
    // than fp32 on AVX2): measured only when asked with --force-bf16.
    const bool runBf16 = wb::cpuHasNativeBf16() || flag(argc, argv, "force-bf16");
    const std::string allocator = option(argc, argv, "allocator", "cache");
    wb::configureComputeThreads(threads);
    if (allocator == "cache") wb::installCachingCpuAllocator();

    std::vector<Shape> shapes = {{"a", "tiny", 6, 384, 6, 8192}, {"b", "gpt2-124m", 12, 768, 12, 50257}};
    if (const std::string v = option(argc, argv, "vocab", ""); !v.empty())
        for (Shape& s : shapes) s.vocab = std::stoi(v);
    json out = {{"benchmark", "train"},
                {"threads", threads},
                {"seq_len", seq},
                {"batch", batch},
                {"steps", steps},
                {"warmup", warmup},
                {"bf16_autocast_supported", wb::TrainableModel::bf16Supported()},
                {"cpu_native_bf16", wb::cpuHasNativeBf16()},
                {"allocator", allocator},
                {"thread_environment", wb::describeComputeThreadEnvironment()},
                {"configs", json::object()}};
    // Matmul GFLOP/s per precision, measured by both Python peers of the first
    // config; the best counts (one measurement on a shared machine can be low).
    std::map<std::string, double> peak;
    bool peakMeasured = false;
    std::vector<std::string> run;
    for (const std::string& p : precisions)
        if (p != "bf16" || runBf16) run.push_back(p);
    std::string runList;
    for (const std::string& p : run) runList += (runList.empty() ? "" : ",") + p;
    for (const Shape& s : shapes) {
        if (std::find(configs.begin(), configs.end(), s.name) == configs.end()) continue;
        const wb::ModelConfig c = modelConfig(s);
        const double flopsPerToken = wb::trainingFlopsPerToken(c, seq);
        json entry = {{"layers", s.layers}, {"hidden", s.hidden}, {"heads", s.heads}, {"vocab", s.vocab},
                      {"flops_per_token", flopsPerToken}, {"results", json::object()}};
        json py, pySame;
        if (python) {
            const bool measurePeak = !peakMeasured;
            auto runPeer = [&](const std::string& envPrefix) {
                std::ostringstream cmd;
                cmd << envPrefix << " /usr/bin/python3 "
                    << shellQuote(std::string(WB_SOURCE_DIR) + "/bench/peers/train_python.py") << " --layers "
                    << s.layers << " --hidden " << s.hidden << " --heads " << s.heads << " --vocab " << s.vocab
                    << " --seq " << seq << " --batch " << batch << " --threads " << threads << " --steps " << steps
                    << " --warmup " << warmup << " --precisions " << runList << (measurePeak ? "" : " --no-peak");
                std::fprintf(stderr, "bench_train: %s\n", cmd.str().c_str());
                json r = json::parse(capture(cmd.str()), nullptr, false);
                if (r.is_discarded()) r = json();
                if (r.contains("matmul_gflops")) {
                    for (const auto& [k, v] : r["matmul_gflops"].items()) peak[k] = std::max(peak[k], v.get<double>());
                    out["matmul_gflops_python"] = peak;
                    peakMeasured = true;
                }
                return r;
            };
            py = runPeer(peerEnvironment(false));
            pySame = runPeer(peerEnvironment(true));
        }
        // MFU against the matmul peak of the run's own precision, and against
        // the bf16 peak (the yardstick; meaningless without native bf16).
        auto addMfu = [&](json& r, const std::string& p) {
            const double achieved = r["tokens_per_second"].get<double>() * flopsPerToken / 1e9;
            r["model_gflops"] = round3(achieved);
            if (peak.count(p)) r["mfu"] = round3(achieved / peak[p]);
            if (peak.count("bf16")) r["mfu_vs_bf16_peak"] = round3(achieved / peak["bf16"]);
        };
        for (const std::string& p : precisions) {
            const bool bf16 = p == "bf16";
            if (bf16 && (!wb::TrainableModel::bf16Supported() || !runBf16)) {
                entry["results"][p] = {{"skipped", "no native bf16 on this CPU (AVX512-BF16/AMX): LibTorch's bf16 "
                                                   "matmul is a slow fallback; --force-bf16 measures it anyway"}};
                continue;
            }
            std::fprintf(stderr, "bench_train: config %s, %s\n", s.name.c_str(), p.c_str());
            json r = {{"llmwb", runOurs(s, bf16, seq, batch, steps, warmup)}};
            addMfu(r["llmwb"], p);
            for (const auto& [peer, key] : {std::pair{&py, std::string("python")}, {&pySame, "python_same_env"}}) {
                if (!peer->is_object() || !peer->contains("results") || !(*peer)["results"].contains(p)) continue;
                r[key] = (*peer)["results"][p];
                addMfu(r[key], p);
                r["speedup_vs_" + key] =
                    round3(r["llmwb"]["tokens_per_second"].get<double>() / r[key]["tokens_per_second"].get<double>());
            }
            entry["results"][p] = r;
        }
        out["configs"][s.name] = entry;
    }
    std::cout << out.dump(1) << std::endl;
    return 0;
}
