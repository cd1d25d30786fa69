// Loading a bf16 safetensors checkpoint with dtype BF16 keeps the weights in
// the read-only file mapping (zero copy): the process grows by about the file
// size once every weight has been read, not by a second copy.
//
// A random Llama-shaped bf16 model of 141 MiB is written into a temp dir; a
// child process (this test binary again, told what to do by the environment)
// warms LibTorch up on the tiny fixture, records its RSS, loads the model,
// runs one decode step (reads every weight through the mapping) and a 4-token
// prefill through LibTorch, and reports its peak RSS (VmHWM, reset after the
// warm-up) and its anonymous / file-backed RSS. The same measurement with dtype F32
// (every weight converted to a new fp32 tensor) must exceed the bound: the
// check sees a loader that copies or converts.
#include "common/model_fixtures.h"
#include "core/data/record.h"
#include "core/model/config.h"
#include "core/model/init.h"
#include "core/model/model_export.h"
#include "core/nn/causal_lm.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>

namespace fs = std::filesystem;

namespace {

constexpr const char* kChildDirEnv = "WB_MODEL_MEMORY_CHILD_DIR";
constexpr const char* kChildDTypeEnv = "WB_MODEL_MEMORY_CHILD_DTYPE";

// What the child may grow by beyond the weights' own pages: the KV cache of
// 5 tokens (14 layers x 4 heads x 64 x 2 x 4 B x 5 = 0.1 MB), the fp32 copies
// of the norms (29 x 512 x 4 B = 59 KB), activations and logits of 4 tokens
// (under 2 MB, the largest being the [4, 32000] fp32 logits and the [4, 1408]
// MLP rows), LibTorch's first-use allocations for ops the warm-up did not run,
// and malloc arena slack. Measured on the development machine: peak growth
// 111.7 MB for the 110 MB of matrices the steps read (the embedding table is
// only read by row), so 1.7 MB beyond the weights' pages; anonymous growth
// 0.6 MB. 32 MB leaves room for allocator and page-cache variation yet stays
// far below the 141 MB that a single bf16 copy of the weights would add (and
// the 315 MB peak growth measured with the fp32 conversion).
constexpr double kAllowanceMb = 32.0;

struct Rss {
    long totalKb = 0, fileKb = 0, anonKb = 0;
    long peakKb = 0;   // VmHWM: the peak since exec or since resetPeakRss()
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
        long* field = key == "VmRSS"     ? &r.totalKb
                      : key == "RssFile" ? &r.fileKb
                      : key == "RssAnon" ? &r.anonKb
                      : key == "VmHWM"   ? &r.peakKb
                                         : nullptr;
        if (field) *field = std::strtol(line.c_str() + colon + 1, nullptr, 10);
    }
    return r;
}

// Resets VmHWM to the current RSS (Linux >= 4.0). getrusage's ru_maxrss
// cannot be reset, and it starts with the RSS of the parent at fork (the
// kernel keeps the pre-exec peak), so it would count the test process.
bool resetPeakRss()
{
    std::ofstream f("/proc/self/clear_refs");
    f << "5";
    f.flush();
    return bool(f);
}

// A Llama shape of 74M parameters, 141 MiB in bf16 (44% of it the untied
// embedding and head, 2 x 32000 x 512).
wb::ModelConfig memoryTestConfig()
{
    wb::ModelConfig c = wb::presetConfig(wb::ModelFamily::Llama, "small");   // hidden 512, 8 heads (4 kv)
    c.numLayers = 14;
    c.tieWordEmbeddings = false;
    return c;
}

// The child's work; prints one JSON line on stdout. Returns the exit code.
int runChild(const std::string& dir, const std::string& dtype)
{
    try {
        {
            // Warm-up: LibTorch's kernels, BLAS and the decode thread pool
            // allocate on first use; that is not what is measured here.
            auto tiny = wb::CausalLM::load(fixtureDir("tiny-llama"), {wb::computeDTypeFromString(dtype), {}});
            tiny->logits({1, 2, 3, 4});
            auto cache = tiny->newCache(2);
            tiny->step({1}, *cache);
            tiny->step({2}, *cache);
        }
        if (!resetPeakRss()) throw std::runtime_error("cannot write /proc/self/clear_refs");
        const Rss base = currentRss();
        auto model = wb::CausalLM::load(dir, {wb::computeDTypeFromString(dtype), {}});
        const Rss loaded = currentRss();
        auto cache = model->newCache(5);
        model->step({1}, *cache);                     // batch-1 decode: every matrix read once
        const Rss decoded = currentRss();
        model->step({2, 3, 4, 5}, *cache, true);      // LibTorch's batched path
        const Rss after = currentRss();
        nlohmann::json out = {{"base_kb", base.totalKb},          {"base_anon_kb", base.anonKb},
                              {"base_file_kb", base.fileKb},      {"load_peak_kb", loaded.peakKb},
                              {"decode_peak_kb", decoded.peakKb}, {"peak_kb", after.peakKb},
                              {"after_kb", after.totalKb},        {"after_anon_kb", after.anonKb},
                              {"after_file_kb", after.fileKb},    {"weight_bytes", model->weightBytes()}};
        std::cout << out.dump() << std::endl;
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "child: " << e.what() << std::endl;
        return 1;
    }
}

} // namespace

class tst_model_memory : public QObject {
    Q_OBJECT

    QTemporaryDir tmp_;
    std::string modelDir_;
    double fileMb_ = 0;

    // Runs the child on the model with `dtype`; its JSON report, or an
    // object with "error" when it failed.
    nlohmann::json measure(const QString& dtype)
    {
        QProcess child;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(kChildDirEnv, QString::fromStdString(modelDir_));
        env.insert(kChildDTypeEnv, dtype);
        env.remove("WB_DECODE_PATH");   // the default decode path, as users run it
        child.setProcessEnvironment(env);
        child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        child.start(QCoreApplication::applicationFilePath(), {});
        if (!child.waitForFinished(300'000) || child.exitStatus() != QProcess::NormalExit || child.exitCode() != 0)
            return {{"error", "the measuring child failed (dtype " + dtype.toStdString() + ")"}};
        const std::string text = child.readAllStandardOutput().toStdString();
        qInfo("%s", text.c_str());
        nlohmann::json r = nlohmann::json::parse(text, nullptr, false);
        if (r.is_discarded() || !r.contains("peak_kb")) return {{"error", "unexpected child output: " + text}};
        return r;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(tmp_.isValid());
        modelDir_ = (fs::path(tmp_.path().toStdString()) / "llama-bf16").string();
        const wb::ModelConfig config = memoryTestConfig();
        const std::vector<wb::OwnedTensor> tensors = wb::initWeights(config, 7, wb::DType::BF16);
        std::vector<wb::TensorView> views;
        for (const wb::OwnedTensor& t : tensors) views.push_back(t.view());
        wb::HfExportOptions options;
        options.dtype = wb::DType::BF16;
        wb::writeHfModel(modelDir_, config, views, options);
        fileMb_ = double(fs::file_size(fs::path(modelDir_) / "model.safetensors")) / (1024.0 * 1024.0);
        QVERIFY2(fileMb_ > 130 && fileMb_ < 160, qPrintable(QString::number(fileMb_)));
    }

    void bf16LoadIsZeroCopy()
    {
        const nlohmann::json r = measure("bf16");
        QVERIFY2(!r.contains("error"), r.value("error", std::string()).c_str());
        QVERIFY(r["base_kb"].get<long>() > 0 && r["base_anon_kb"].get<long>() > 0);   // /proc/self/status was read
        const double growthMb = (r["peak_kb"].get<double>() - r["base_kb"].get<double>()) / 1024.0;
        const double anonGrowthMb = (r["after_anon_kb"].get<double>() - r["base_anon_kb"].get<double>()) / 1024.0;
        const double weightMb = r["weight_bytes"].get<double>() / (1024.0 * 1024.0);
        qInfo("bf16: file %.1f MB, weights held %.1f MB, peak RSS growth %.1f MB (%.3fx file), anonymous growth %.1f MB, "
              "file-backed RSS after %.1f MB",
              fileMb_, weightMb, growthMb, growthMb / fileMb_, anonGrowthMb, r["after_file_kb"].get<double>() / 1024.0);
        // Everything is held in bf16 (norms in fp32 are a few KB).
        QVERIFY2(weightMb < fileMb_ * 1.01, qPrintable(QString::number(weightMb)));
        QVERIFY2(growthMb <= 1.2 * fileMb_ + kAllowanceMb, qPrintable(QString::number(growthMb)));
        // The weights are not copied into anonymous memory at all.
        QVERIFY2(anonGrowthMb <= kAllowanceMb, qPrintable(QString::number(anonGrowthMb)));
    }

    // The control: converting to fp32 (what a loader that copies does) breaks the bound.
    void f32ConversionExceedsTheBound()
    {
        const nlohmann::json r = measure("f32");
        QVERIFY2(!r.contains("error"), r.value("error", std::string()).c_str());
        const double growthMb = (r["peak_kb"].get<double>() - r["base_kb"].get<double>()) / 1024.0;
        const double anonGrowthMb = (r["after_anon_kb"].get<double>() - r["base_anon_kb"].get<double>()) / 1024.0;
        qInfo("f32: peak RSS growth %.1f MB (%.3fx file), anonymous growth %.1f MB", growthMb, growthMb / fileMb_,
              anonGrowthMb);
        QVERIFY2(growthMb > 1.2 * fileMb_ + kAllowanceMb, qPrintable(QString::number(growthMb)));
        QVERIFY2(anonGrowthMb > kAllowanceMb, qPrintable(QString::number(anonGrowthMb)));
    }
};

int main(int argc, char** argv)
{
    if (const char* dir = std::getenv(kChildDirEnv)) {
        const char* dtype = std::getenv(kChildDTypeEnv);
        return runChild(dir, dtype ? dtype : "bf16");
    }
    QCoreApplication app(argc, argv);
    tst_model_memory test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_model_memory.moc"
