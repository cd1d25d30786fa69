#include "ui/training/run_check.h"

#include "core/data/record.h"
#include "core/train/train_setup.h"
#include "core/util/cpu_features.h"

#include <QRegularExpression>

#include <algorithm>
#include <cmath>

namespace wb {

QString errorField(const QString& errorText)
{
    static const QRegularExpression re(QStringLiteral("field \"([^\"]+)\""));
    const QRegularExpressionMatch m = re.match(errorText);
    return m.hasMatch() ? m.captured(1) : QString();
}

double assumedTrainingFlops(uint64_t parameters, TrainPrecision precision, bool nativeBf16)
{
    // Measured here: the demo model (0.2 M weights) trains at ~1 GFLOP/s on 2
    // shared cores; a 6-layer, 384-wide model at ~100 GFLOP/s in fp32. bf16
    // without native CPU support multiplies ~20x slower than fp32.
    double gflops = parameters < 5'000'000 ? 1.0 : 100.0;
    if (precision == TrainPrecision::BF16 && !nativeBf16) gflops = std::min(gflops, 3.0);
    return gflops * 1e9;
}

namespace {

QString previewHtml(const std::vector<PreviewSample>& samples, int* trained, int* total)
{
    QString html;
    for (const PreviewSample& s : samples) {
        html += QStringLiteral("<p style='white-space:pre-wrap; font-family:monospace'>");
        html += QStringLiteral("<span style='color:gray'>#%1</span> ").arg(s.recordId);
        for (const PreviewToken& t : s.tokens) {
            ++*total;
            QString text = QString::fromUtf8(t.text.data(), int(t.text.size())).toHtmlEscaped();
            text.replace(QLatin1Char('\n'), QStringLiteral("↵<br>"));
            if (t.trained) {
                ++*trained;
                html += QStringLiteral("<span style='background-color:#b7e4b0; color:#0b3d02'>") + text + QStringLiteral("</span>");
            } else {
                html += QStringLiteral("<span style='color:#666666'>") + text + QStringLiteral("</span>");
            }
        }
        if (s.truncated) html += QStringLiteral(" <span style='color:#b00020'>[…]</span>");
        html += QStringLiteral("</p>");
    }
    return html;
}

} // namespace

RunCheck checkRun(const TrainConfig& input, int previewSamples)
{
    RunCheck r;
    try {
        // Exactly what `llmwb train --config run.json` will read.
        const TrainConfig c = parseTrainConfig(toJson(input), "run.json", "/");
        const TrainSetup s = prepareTraining(c);
        for (const std::string& w : s.warnings) r.warnings << QString::fromStdString(w);
        r.parameters = s.memory.parameters;
        r.trainableParameters = s.memory.trainableParameters;
        r.memoryBytes = s.memory.totalBytes;
        r.availableBytes = availableMemoryBytes();
        r.trainRecords = s.trainRecords;
        r.evalRecords = s.evalRecords;

        // The preview's examples give the tokens per record; packed rows hold seq_len tokens each.
        const int sampleCount = int(std::min<int64_t>(std::max(previewSamples, 32), s.trainRecords));
        const std::vector<PreviewSample> samples = previewTraining(s, sampleCount);
        double tokens = 0;
        for (const PreviewSample& p : samples) tokens += double(std::min<size_t>(p.tokens.size(), size_t(c.seqLen)));
        const double perRecord = samples.empty() ? c.seqLen : tokens / double(samples.size());
        const int64_t rows = c.packing ? std::max<int64_t>(1, int64_t(std::ceil(perRecord * double(s.trainRecords) / c.seqLen)))
                                       : s.trainRecords;
        r.estimatedSteps = totalTrainingSteps(rows, c);
        r.estimatedTokens = double(r.estimatedSteps) * c.batchSize * c.gradAccumSteps * c.seqLen;
        r.flopsPerToken = trainingFlopsPerToken(s.model, c.seqLen);
        r.assumedFlops = assumedTrainingFlops(r.parameters, c.precision, cpuHasNativeBf16());
        r.estimatedSeconds = r.estimatedTokens * r.flopsPerToken / r.assumedFlops;

        const std::vector<PreviewSample> shown(samples.begin(), samples.begin() + std::min<size_t>(samples.size(), size_t(previewSamples)));
        r.previewHtml = previewHtml(shown, &r.previewTrainedTokens, &r.previewTokens);
        r.ok = true;
    } catch (const std::exception& e) {
        r.error = QString::fromUtf8(e.what());
        r.errorField = errorField(r.error);
    }
    return r;
}

} // namespace wb
