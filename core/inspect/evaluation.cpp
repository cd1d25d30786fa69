#include "core/inspect/evaluation.h"

#include "core/data/record.h"
#include "core/inspect/text_units.h"

#include <algorithm>
#include <random>
#include <iterator>
#include <set>

namespace wb::inspect {
namespace {

std::vector<double> row(const std::map<std::string, double>& scores, const std::vector<std::string>& features)
{
    std::vector<double> r;
    for (const std::string& f : features) r.push_back(scores.at(f));
    return r;
}

// Fold of each example: groups shuffled with the seed, dealt round-robin.
std::vector<int> foldOf(const std::vector<LabelledAnswer>& examples, int folds, uint64_t seed)
{
    std::vector<int64_t> groups;
    for (const LabelledAnswer& e : examples) groups.push_back(e.group);
    std::sort(groups.begin(), groups.end());
    groups.erase(std::unique(groups.begin(), groups.end()), groups.end());
    std::mt19937_64 rng(seed);
    for (size_t i = groups.size(); i > 1; --i) std::swap(groups[i - 1], groups[size_t(rng() % i)]);   // Fisher-Yates
    std::map<int64_t, int> fold;
    for (size_t i = 0; i < groups.size(); ++i) fold[groups[i]] = int(i % size_t(folds));
    std::vector<int> out;
    for (const LabelledAnswer& e : examples) out.push_back(fold[e.group]);
    return out;
}

std::map<std::string, double> withAnswerScores(const ClaimReport& c, const InspectReport& r)
{
    std::map<std::string, double> s = c.scores;
    for (const auto& [name, v] : r.answerScores) s.emplace(name, v);
    return s;
}

} // namespace

Ranges predictedRanges(const InspectReport& report, const std::string& answer, const LogisticModel& model,
                       double threshold)
{
    Ranges out;
    for (const ClaimReport& c : report.claims) {
        if (model.predict(withAnswerScores(c, report)) < threshold) continue;
        bool any = false;
        for (const SpanScore& s : report.spans) {
            if (s.begin < c.claim.begin || s.end > c.claim.end || s.risk < 0.5 || s.end <= s.begin) continue;
            out.push_back({codePointOffset(answer, s.begin), codePointOffset(answer, s.end)});
            any = true;
        }
        if (!any) out.push_back({codePointOffset(answer, c.claim.begin), codePointOffset(answer, c.claim.end)});
    }
    return out;
}

EvalReport evaluate(const std::vector<LabelledAnswer>& examples, const std::vector<InspectReport>& reports,
                    const EvalOptions& options)
{
    if (examples.size() != reports.size())
        throw Error("evaluation: " + std::to_string(examples.size()) + " examples but " +
                    std::to_string(reports.size()) + " inspections");
    if (options.folds < 2) throw Error("evaluation: at least 2 folds are needed");
    EvalReport ev;
    ev.examples = examples.size();
    std::vector<int> labels;
    for (const LabelledAnswer& e : examples) {
        labels.push_back(e.hallucinated ? 1 : 0);
        ev.hallucinated += e.hallucinated ? 1 : 0;
    }
    ev.features = options.features;
    if (ev.features.empty()) {
        // Every score that every report has, in a fixed order.
        std::set<std::string> common;
        for (size_t i = 0; i < reports.size(); ++i) {
            std::set<std::string> names;
            for (const auto& kv : reports[i].answerScores) names.insert(kv.first);
            if (i == 0) common = names;
            else {
                std::set<std::string> both;
                std::set_intersection(common.begin(), common.end(), names.begin(), names.end(),
                                      std::inserter(both, both.begin()));
                common = both;
            }
        }
        ev.features.assign(common.begin(), common.end());
    }
    std::vector<std::vector<double>> rows;
    for (size_t i = 0; i < reports.size(); ++i) {
        for (const std::string& f : ev.features)
            if (!reports[i].answerScores.count(f))
                throw Error("evaluation: " + examples[i].id + " lacks the detector score '" + f + "'");
        rows.push_back(row(reports[i].answerScores, ev.features));
    }
    for (size_t j = 0; j < ev.features.size(); ++j) {
        std::vector<double> column;
        for (const auto& r : rows) column.push_back(r[j]);
        ev.detectorAuroc[ev.features[j]] = auroc(column, labels);
    }

    LogisticFitOptions fit;
    fit.l2 = options.l2;
    const std::vector<int> fold = foldOf(examples, options.folds, options.seed);
    ev.heldOutScores.assign(examples.size(), 0.0);
    std::vector<int> heldOutPredicted(examples.size(), 0);
    std::vector<Ranges> predicted, gold;
    for (int f = 0; f < options.folds; ++f) {
        std::vector<std::vector<double>> trainRows;
        std::vector<int> trainLabels;
        for (size_t i = 0; i < rows.size(); ++i)
            if (fold[i] != f) {
                trainRows.push_back(rows[i]);
                trainLabels.push_back(labels[i]);
            }
        if (trainRows.size() == rows.size() || trainRows.empty()) continue;   // an empty fold (few groups)
        const LogisticModel m = fitLogistic(ev.features, trainRows, trainLabels, fit);
        std::vector<double> trainScores;
        for (const auto& r : trainRows) trainScores.push_back(m.predict(r));
        const double threshold = bestF1Threshold(trainScores, trainLabels);
        for (size_t i = 0; i < rows.size(); ++i) {
            if (fold[i] != f) continue;
            ev.heldOutScores[i] = m.predict(rows[i]);
            heldOutPredicted[i] = ev.heldOutScores[i] >= threshold;
            if (examples[i].hasSpans) {
                predicted.push_back(predictedRanges(reports[i], examples[i].answer, m, threshold));
                Ranges g;
                for (const auto& [b, e] : examples[i].spans)
                    g.push_back({codePointOffset(examples[i].answer, b), codePointOffset(examples[i].answer, e)});
                gold.push_back(g);
            }
        }
    }
    // Held-out predictions were made at each fold's own threshold: count them directly.
    std::vector<double> asScores(heldOutPredicted.begin(), heldOutPredicted.end());
    ev.heldOut = binaryMetrics(asScores, labels, 0.5);
    ev.heldOut.threshold = -1;   // per fold
    ev.heldOutAuroc = auroc(ev.heldOutScores, labels);
    if (!gold.empty()) ev.spans = spanMetrics(predicted, gold);

    ev.model = fitLogistic(ev.features, rows, labels, fit);
    std::vector<double> all;
    for (const auto& r : rows) all.push_back(ev.model.predict(r));
    ev.threshold = bestF1Threshold(all, labels);
    return ev;
}

nlohmann::json EvalReport::toJson() const
{
    nlohmann::json j = {{"examples", examples},
                        {"hallucinated", hallucinated},
                        {"features", features},
                        {"detector_auroc", detectorAuroc},
                        {"held_out",
                         {{"precision", heldOut.precision},
                          {"recall", heldOut.recall},
                          {"f1", heldOut.f1},
                          {"accuracy", heldOut.accuracy},
                          {"auroc", heldOutAuroc},
                          {"tp", heldOut.tp},
                          {"fp", heldOut.fp},
                          {"fn", heldOut.fn},
                          {"tn", heldOut.tn}}},
                        {"combiner", model.toJson()},
                        {"threshold", threshold}};
    if (spans)
        j["span_level"] = {{"precision", spans->precision}, {"recall", spans->recall}, {"f1", spans->f1},
                           {"predicted_chars", spans->predicted}, {"gold_chars", spans->gold},
                           {"overlap_chars", spans->overlap}};
    return j;
}

} // namespace wb::inspect
