// Loading a 1.1B-parameter Llama-shaped bf16 safetensors checkpoint (random
// weights, TinyLlama-1.1B's shape: hidden 2048, 22 layers, 32 heads with 4
// K/V heads, intermediate 5632, vocab 32000, untied head; 2.2 GB) with
// CausalLM::load, each measurement in a fresh child process (this binary
// started again with --child), so nothing the parent allocated counts.
//
// Per run: load time, the time of the first token (a batch-1 decode step,
// which reads every matrix once and so brings the mapping into memory; the
// embedding table only by row), and the child's peak RSS over the file size:
// VmHWM of the child, its peak since exec. getrusage's ru_maxrss (from wait4)
// is reported too; Linux carries the pre-exec peak into it, so it is at least
// the parent's RSS at fork. The
// issue's target is peak RSS <= 1.2x the file size for dtype BF16: the weights
// alias the read-only mapping (zero copy), so the file's pages are the model's
// memory. Runs:
//  - bf16_cold: dtype BF16 after evicting the file from the page cache
//    (posix_fadvise DONTNEED on this file only), so the first token reads
//    the file from disk;
//  - bf16_warm: dtype BF16 with the file cached;
//  - f32_warm: dtype F32, which converts every weight to a new fp32 tensor
//    (reported, expected ~2x plus the pages read during the conversion).
// RSS is also split into file-backed and anonymous pages (/proc/self/status):
// with zero copy the anonymous part stays near the process's baseline.
//
// The model folder is written once into WORK_DIR/llama-1.1b-random-bf16 (by
// core/model/init.h and writeHfModel, ~2.2 GB of RAM while writing) and
// reused. LibTorch runs with its default single thread. Prints one JSON
// object.
//
//   bench_model_load [--workdir DIR] [--layers 22] [--runs bf16_cold,bf16_warm,f32_warm]
//   bench_model_load --child MODEL_DIR --dtype bf16|f32     (internal)
#include "bench/bench_util.h"

#include "core/data/record.h"
#include "core/model/config.h"
#include "core/model/init.h"
#include "core/model/model_export.h"
#include "core/nn/causal_lm.h"

#include <nlohmann/json.hpp>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

using nlohmann::json;
namespace fs = std::filesystem;

namespace {

constexpr double kMb = 1024.0 * 1024.0;

wb::ModelConfig llama1bConfig(int layers)
{
    wb::ModelConfig c = wb::presetConfig(wb::ModelFamily::Llama, "small");
    c.hiddenSize = 2048;
    c.numLayers = layers;
    c.numHeads = 32;
    c.numKvHeads = 4;
    c.headDim = 64;
    c.intermediateSize = 5632;
    c.vocabSize = 32000;
    c.maxPositionEmbeddings = 2048;
    c.tieWordEmbeddings = false;
    return c;
}

// Writes the model folder unless it is there; returns the seconds spent (0 when reused).
double ensureModel(const std::string& dir, const wb::ModelConfig& config)
{
    if (fs::exists(fs::path(dir) / "model.safetensors") && fs::exists(fs::path(dir) / "config.json")) return 0;
    std::fprintf(stderr, "bench_model_load: writing %s\n", dir.c_str());
    wb::bench::Stopwatch sw;
    // One tensor at a time in fp32 while it is drawn, all of them in bf16 (1x the file) until written.
    const std::vector<wb::OwnedTensor> tensors = wb::initWeights(config, 1100, wb::DType::BF16);
    std::vector<wb::TensorView> views;
    for (const wb::OwnedTensor& t : tensors) views.push_back(t.view());
    wb::HfExportOptions options;
    options.dtype = wb::DType::BF16;
    options.maxShardBytes = ~0ull;   // one model.safetensors
    wb::writeHfModel(dir, config, views, options);
    return sw.seconds();
}

// VmRSS / RssFile / RssAnon of this process, in KiB.
struct Rss {
    long total = 0, file = 0, anon = 0;
    long peak = 0;   // VmHWM: peak since exec
};

Rss currentRss()
{
    Rss r;
    std::ifstream in("/proc/self/status");
    // Lines such as "VmRSS:\t  123456 kB".
    for (std::string line; std::getline(in, line);) {
        const size_t colon = line.find(':');
        if (colon == std::string::npos) continue;
        const std::string key = line.substr(0, colon);
        long* field = key == "VmRSS"     ? &r.total
                      : key == "RssFile" ? &r.file
                      : key == "RssAnon" ? &r.anon
                      : key == "VmHWM"   ? &r.peak
                                         : nullptr;
        if (field) *field = std::strtol(line.c_str() + colon + 1, nullptr, 10);
    }
    return r;
}

// The child: load, one token, report. Prints one JSON line.
int runChild(const std::string& dir, const std::string& dtype)
{
    json out;
    const Rss base = currentRss();
    wb::LoadOptions options;
    options.dtype = wb::computeDTypeFromString(dtype);
    wb::bench::Stopwatch sw;
    std::unique_ptr<wb::CausalLM> model = wb::CausalLM::load(dir, options);
    out["load_s"] = wb::bench::round3(sw.seconds());
    const Rss loaded = currentRss();

    sw.restart();
    auto cache = model->newCache(1);
    const std::vector<float> logits = model->step({1}, *cache);
    out["first_token_s"] = wb::bench::round3(sw.seconds());
    const Rss after = currentRss();
    if (logits.size() != size_t(model->config().vocabSize)) throw wb::Error("first token: wrong logit count");

    auto mb = [](long kb) { return wb::bench::round3(double(kb) / 1024.0); };
    out["baseline_rss_mb"] = mb(base.total);
    out["rss_after_load_mb"] = mb(loaded.total);
    out["peak_rss_after_load_mb"] = mb(loaded.peak);
    out["rss_after_first_token_mb"] = mb(after.total);
    out["rss_file_after_first_token_mb"] = mb(after.file);
    out["rss_anon_after_first_token_mb"] = mb(after.anon);
    out["anon_growth_mb"] = mb(after.anon - base.anon);
    out["peak_rss_mb"] = mb(after.peak);
    out["weight_bytes"] = model->weightBytes();
    out["parameters"] = model->parameterCount();
    std::cout << out.dump() << std::endl;
    return 0;
}

// Drops this file's pages from the page cache (after flushing any dirty ones).
void evictFromPageCache(const std::string& path)
{
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw wb::Error(path + ": cannot open: " + std::strerror(errno));
    ::fdatasync(fd);
    ::posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
    ::close(fd);
}

// Starts this binary with --child, returns its JSON plus the peak RSS the
// kernel reports for it (wait4's rusage).
json spawnChild(const std::string& dir, const std::string& dtype)
{
    int pipeFd[2];
    if (::pipe(pipeFd) != 0) throw wb::Error(std::string("pipe: ") + std::strerror(errno));
    const std::string self = fs::read_symlink("/proc/self/exe").string();
    const pid_t pid = ::fork();
    if (pid < 0) throw wb::Error(std::string("fork: ") + std::strerror(errno));
    if (pid == 0) {
        ::dup2(pipeFd[1], STDOUT_FILENO);
        ::close(pipeFd[0]);
        ::close(pipeFd[1]);
        const char* argv[] = {self.c_str(), "--child", dir.c_str(), "--dtype", dtype.c_str(), nullptr};
        ::execv(self.c_str(), const_cast<char* const*>(argv));
        _exit(127);
    }
    ::close(pipeFd[1]);
    std::string text;
    char buf[4096];
    ssize_t n;
    while ((n = ::read(pipeFd[0], buf, sizeof buf)) > 0) text.append(buf, size_t(n));
    ::close(pipeFd[0]);
    int status = 0;
    rusage usage{};
    ::wait4(pid, &status, 0, &usage);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        throw wb::Error("child (" + dtype + ") failed with status " + std::to_string(status));
    json j = json::parse(text);
    j["child_ru_maxrss_mb"] = wb::bench::round3(double(usage.ru_maxrss) / 1024.0);
    return j;
}

std::vector<std::string> splitCommas(const std::string& s)
{
    std::vector<std::string> out;
    std::stringstream ss(s);
    for (std::string item; std::getline(ss, item, ',');)
        if (!item.empty()) out.push_back(item);
    return out;
}

} // namespace

int main(int argc, char** argv)
{
    try {
        const std::string childDir = wb::bench::option(argc, argv, "child");
        if (!childDir.empty()) return runChild(childDir, wb::bench::option(argc, argv, "dtype", "bf16"));

        const char* tmp = std::getenv("TMPDIR");
        const std::string work =
            wb::bench::option(argc, argv, "workdir", (fs::path(tmp ? tmp : "/tmp") / "wb-bench").string());
        const int layers = std::stoi(wb::bench::option(argc, argv, "layers", "22"));
        const std::vector<std::string> runs =
            splitCommas(wb::bench::option(argc, argv, "runs", "bf16_cold,bf16_warm,f32_warm"));

        const wb::ModelConfig config = llama1bConfig(layers);
        const std::string dir =
            (fs::path(work) / (layers == 22 ? std::string("llama-1.1b-random-bf16")
                                            : "llama-2048x" + std::to_string(layers) + "-random-bf16"))
                .string();
        fs::create_directories(work);
        const double generatedS = ensureModel(dir, config);
        const std::string file = (fs::path(dir) / "model.safetensors").string();
        const double fileBytes = double(fs::file_size(file));

        json out;
        out["benchmark"] = "model_load";
        out["model"] = {{"shape", "llama: hidden 2048, " + std::to_string(layers) +
                                      " layers, 32 heads (4 kv), intermediate 5632, vocab 32000, untied"},
                        {"file_mb", wb::bench::round3(fileBytes / kMb)},
                        {"dir", dir},
                        {"generated_s", wb::bench::round3(generatedS)}};
        out["target_peak_rss_over_file_bf16"] = 1.2;
        for (const std::string& run : runs) {
            const std::string dtype = run.substr(0, run.find('_'));
            if (run.ends_with("_cold")) evictFromPageCache(file);
            std::fprintf(stderr, "bench_model_load: %s\n", run.c_str());
            const double parentRssMb = double(currentRss().total) / 1024.0;
            json j = spawnChild(dir, dtype);
            if (!out["model"].contains("parameters")) out["model"]["parameters"] = j["parameters"];
            // ru_maxrss keeps the pre-exec peak, i.e. the parent's RSS at fork; VmHWM is the child's own.
            j["parent_rss_at_fork_mb"] = wb::bench::round3(parentRssMb);
            j["peak_rss_over_file"] = wb::bench::round3(j["peak_rss_mb"].get<double>() * kMb / fileBytes);
            j["peak_growth_over_file"] = wb::bench::round3(
                (j["peak_rss_mb"].get<double>() - j["baseline_rss_mb"].get<double>()) * kMb / fileBytes);
            out[run] = j;
        }
        std::cout << out.dump(1) << std::endl;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_model_load: %s\n", e.what());
        return 1;
    }
    return 0;
}
