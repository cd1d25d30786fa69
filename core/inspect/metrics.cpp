#include "core/inspect/metrics.h"

#include "core/data/record.h"

#include <algorithm>
#include <numeric>
#include <string>

namespace wb::inspect {
namespace {

void checkSizes(const std::vector<double>& scores, const std::vector<int>& labels)
{
    if (scores.size() != labels.size())
        throw Error("metrics: " + std::to_string(scores.size()) + " scores but " + std::to_string(labels.size()) +
                    " labels");
}

double ratio(double a, double b) { return b > 0 ? a / b : 0.0; }

Ranges merged(Ranges r)
{
    std::sort(r.begin(), r.end());
    Ranges out;
    for (const auto& x : r) {
        if (x.second <= x.first) continue;
        if (!out.empty() && x.first <= out.back().second) out.back().second = std::max(out.back().second, x.second);
        else out.push_back(x);
    }
    return out;
}

size_t length(const Ranges& r)
{
    size_t n = 0;
    for (const auto& x : r) n += x.second - x.first;
    return n;
}

size_t overlap(const Ranges& a, const Ranges& b)
{
    size_t n = 0;
    for (const auto& x : a)
        for (const auto& y : b) {
            const size_t lo = std::max(x.first, y.first), hi = std::min(x.second, y.second);
            if (hi > lo) n += hi - lo;
        }
    return n;
}

} // namespace

BinaryMetrics binaryMetrics(const std::vector<double>& scores, const std::vector<int>& labels, double threshold)
{
    checkSizes(scores, labels);
    BinaryMetrics m;
    m.threshold = threshold;
    for (size_t i = 0; i < scores.size(); ++i) {
        const bool predicted = scores[i] >= threshold, actual = labels[i] != 0;
        if (predicted && actual) ++m.tp;
        else if (predicted) ++m.fp;
        else if (actual) ++m.fn;
        else ++m.tn;
    }
    m.precision = ratio(m.tp, m.tp + m.fp);
    m.recall = ratio(m.tp, m.tp + m.fn);
    m.f1 = ratio(2.0 * m.precision * m.recall, m.precision + m.recall);
    m.accuracy = ratio(m.tp + m.tn, double(scores.size()));
    return m;
}

double auroc(const std::vector<double>& scores, const std::vector<int>& labels)
{
    checkSizes(scores, labels);
    // Rank-sum (Mann-Whitney U) with average ranks for ties.
    std::vector<size_t> order(scores.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return scores[a] < scores[b]; });
    double rankSumPos = 0;
    size_t pos = 0;
    for (size_t i = 0; i < order.size();) {
        size_t j = i;
        while (j + 1 < order.size() && scores[order[j + 1]] == scores[order[i]]) ++j;
        const double avgRank = (double(i) + double(j)) / 2.0 + 1.0;
        for (size_t k = i; k <= j; ++k)
            if (labels[order[k]]) {
                rankSumPos += avgRank;
                ++pos;
            }
        i = j + 1;
    }
    const size_t neg = scores.size() - pos;
    if (pos == 0 || neg == 0) throw Error("AUROC needs both hallucinated and grounded examples");
    return (rankSumPos - double(pos) * double(pos + 1) / 2.0) / (double(pos) * double(neg));
}

double bestF1Threshold(const std::vector<double>& scores, const std::vector<int>& labels)
{
    checkSizes(scores, labels);
    std::vector<double> candidates = scores;
    std::sort(candidates.begin(), candidates.end());
    candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
    double best = candidates.empty() ? 0.5 : candidates.back(), bestF1 = -1;
    for (auto it = candidates.rbegin(); it != candidates.rend(); ++it) {
        const double f1 = binaryMetrics(scores, labels, *it).f1;
        if (f1 > bestF1) {
            bestF1 = f1;
            best = *it;
        }
    }
    return best;
}

SpanMetrics spanMetrics(const std::vector<Ranges>& predicted, const std::vector<Ranges>& gold)
{
    if (predicted.size() != gold.size())
        throw Error("span metrics: " + std::to_string(predicted.size()) + " predictions but " +
                    std::to_string(gold.size()) + " gold examples");
    SpanMetrics m;
    for (size_t i = 0; i < gold.size(); ++i) {
        const Ranges p = merged(predicted[i]), g = merged(gold[i]);
        m.predicted += length(p);
        m.gold += length(g);
        m.overlap += overlap(p, g);
    }
    m.precision = ratio(double(m.overlap), double(m.predicted));
    m.recall = ratio(double(m.overlap), double(m.gold));
    m.f1 = ratio(2.0 * m.precision * m.recall, m.precision + m.recall);
    return m;
}

} // namespace wb::inspect
