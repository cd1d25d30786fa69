#pragma once
// Evaluating the detectors on labelled answers: each detector's AUROC on its
// own, and the combined score with cross-validated logistic-regression
// weights (fit on k-1 folds, threshold chosen on those folds, scored on the
// held-out fold). Qt-free, LibTorch-free.
#include "core/inspect/combiner.h"
#include "core/inspect/inspector.h"
#include "core/inspect/labelled_data.h"
#include "core/inspect/metrics.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace wb::inspect {

struct EvalOptions {
    int folds = 5;                        // answers of one group stay in one fold
    uint64_t seed = 0;                    // fold assignment
    double l2 = 1.0;
    std::vector<std::string> features;    // empty: every detector score all reports have
};

struct EvalReport {
    size_t examples = 0, hallucinated = 0;
    std::vector<std::string> features;
    std::map<std::string, double> detectorAuroc;   // each feature alone (answer level)
    BinaryMetrics heldOut;                         // combined, at each fold's training-F1 threshold
    double heldOutAuroc = 0;
    std::vector<double> heldOutScores;             // per example
    std::optional<SpanMetrics> spans;              // where span labels exist
    LogisticModel model;                           // fitted on everything (what a project saves)
    double threshold = 0.5;                        // best-F1 threshold of that model on everything
    nlohmann::json toJson() const;
};

// reports[i] is the inspection of examples[i]. Throws wb::Error when the
// sizes differ, a feature is missing from a report, or a class is absent.
EvalReport evaluate(const std::vector<LabelledAnswer>& examples, const std::vector<InspectReport>& reports,
                    const EvalOptions& options = {});

// The predicted hallucinated ranges of one answer (code points): inside each
// claim whose combined score reaches the threshold, its detector spans of
// risk >= 0.5, or the whole claim when it has none.
Ranges predictedRanges(const InspectReport& report, const std::string& answer, const LogisticModel& model,
                       double threshold);

} // namespace wb::inspect
