#pragma once
// The combined hallucination score: logistic regression on the detectors'
// scores, fitted with an L2 penalty by Newton's method (deterministic: the
// same data gives the same weights, bit for bit). Stored with the project
// (schema v6, inspection_store.h) and as JSON. Qt-free, LibTorch-free.
#include <nlohmann/json.hpp>

#include <map>
#include <string>
#include <vector>

namespace wb::inspect {

struct LogisticModel {
    std::vector<std::string> features;   // detector score names, in column order
    std::vector<double> mean;            // subtracted from each feature (0 without standardisation)
    std::vector<double> scale;           // divides each centred feature (1 without standardisation)
    std::vector<double> weights;         // on the standardised features
    double bias = 0;
    double l2 = 1;                       // the penalty it was fitted with (sklearn C = 1 / l2)

    // P(hallucinated) for one row of features in `features` order.
    double predict(const std::vector<double>& row) const;
    // The same from named scores; throws wb::Error naming a missing feature.
    double predict(const std::map<std::string, double>& scores) const;
    bool covers(const std::map<std::string, double>& scores) const;   // has every feature

    nlohmann::json toJson() const;
    // Throws wb::Error naming `where` and the field at fault.
    static LogisticModel fromJson(const nlohmann::json& j, const std::string& where);
};

struct LogisticFitOptions {
    double l2 = 1.0;            // penalty on the weights (not the bias): 0.5 * l2 * |w|^2 + sum of log losses
    bool standardise = true;    // centre and scale features by the training data first
    int maxIterations = 100;
    double tolerance = 1e-10;   // stop when the largest Newton step is below it
};

// rows: n rows of features.size() values; labels: 1 = hallucinated. Throws
// wb::Error for ragged rows, a label count that differs, or no rows.
LogisticModel fitLogistic(const std::vector<std::string>& features, const std::vector<std::vector<double>>& rows,
                          const std::vector<int>& labels, const LogisticFitOptions& options = {});

} // namespace wb::inspect
