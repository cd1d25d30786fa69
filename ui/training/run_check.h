#pragma once
// What the new-run dialog checks off the GUI thread: the configuration as
// run.json would hold it (parseTrainConfig(toJson(c))), every check of
// prepareTraining(), a memory and time estimate, and the token-mask preview.
#include "core/train/train_config.h"

#include <QString>
#include <QStringList>

#include <cstdint>

namespace wb {

struct RunCheck {
    bool ok = false;
    QString error;            // the wb::Error text
    QString errorField;       // the run.json field it names ("seq_len", "model.tokenizer"), "" when none
    QStringList warnings;
    uint64_t parameters = 0, trainableParameters = 0;
    uint64_t memoryBytes = 0, availableBytes = 0;
    int64_t trainRecords = 0, evalRecords = 0;
    int64_t estimatedSteps = 0;
    double estimatedTokens = 0;      // trained tokens in the whole run
    double flopsPerToken = 0;        // trainingFlopsPerToken
    double assumedFlops = 0;         // the throughput the time estimate assumes (FLOP/s)
    double estimatedSeconds = 0;
    QString previewHtml;             // the first examples, trained tokens highlighted
    int previewTrainedTokens = 0, previewTokens = 0;
};

// Runs all checks. Never throws: errors land in RunCheck::error.
RunCheck checkRun(const TrainConfig& config, int previewSamples = 3);

// The run.json field a wb::Error text names ("field \"x\": ..."), or "".
QString errorField(const QString& errorText);

// The throughput the time estimate assumes for a model of `parameters`
// weights: measured on 2 CPU cores (OpenBLAS, fp32). Tiny models are bound by
// per-operation overhead, not by matmul speed.
double assumedTrainingFlops(uint64_t parameters, TrainPrecision precision, bool nativeBf16);

} // namespace wb
