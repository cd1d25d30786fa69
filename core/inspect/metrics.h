#pragma once
// Answer- and span-level metrics for hallucination detection. Qt-free.
#include <cstddef>
#include <utility>
#include <vector>

namespace wb::inspect {

struct BinaryMetrics {
    double threshold = 0.5;   // predicted hallucinated when score >= threshold
    int tp = 0, fp = 0, fn = 0, tn = 0;
    double precision = 0, recall = 0, f1 = 0, accuracy = 0;   // 0 where undefined (no predicted / no actual positives)
};

// labels: 1 = hallucinated. Throws wb::Error when the sizes differ.
BinaryMetrics binaryMetrics(const std::vector<double>& scores, const std::vector<int>& labels, double threshold);

// Area under the ROC curve: P(score of a positive > score of a negative), ties
// counting one half. Throws wb::Error without both classes.
double auroc(const std::vector<double>& scores, const std::vector<int>& labels);

// The threshold (one of the scores) that gives the best F1; ties go to the higher threshold.
double bestF1Threshold(const std::vector<double>& scores, const std::vector<int>& labels);

// Character-level span F1, micro-averaged: per example, predicted and gold
// ranges [begin, end) in code points; overlapping ranges within one list are merged.
struct SpanMetrics {
    size_t predicted = 0, gold = 0, overlap = 0;   // characters
    double precision = 0, recall = 0, f1 = 0;
};
using Ranges = std::vector<std::pair<size_t, size_t>>;
SpanMetrics spanMetrics(const std::vector<Ranges>& predicted, const std::vector<Ranges>& gold);

} // namespace wb::inspect
