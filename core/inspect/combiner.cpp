#include "core/inspect/combiner.h"

#include "core/data/record.h"

#include <algorithm>
#include <cmath>

namespace wb::inspect {
namespace {

double sigmoid(double z)
{
    return z >= 0 ? 1.0 / (1.0 + std::exp(-z)) : std::exp(z) / (1.0 + std::exp(z));
}

// Solves A x = b for a symmetric positive definite A (Gaussian elimination
// with partial pivoting; A is small: one row per feature plus the bias).
std::vector<double> solve(std::vector<std::vector<double>> A, std::vector<double> b)
{
    const size_t n = b.size();
    for (size_t c = 0; c < n; ++c) {
        size_t p = c;
        for (size_t r = c + 1; r < n; ++r)
            if (std::abs(A[r][c]) > std::abs(A[p][c])) p = r;
        std::swap(A[c], A[p]);
        std::swap(b[c], b[p]);
        if (std::abs(A[c][c]) < 1e-300) throw Error("logistic regression: singular Hessian (add an L2 penalty)");
        for (size_t r = c + 1; r < n; ++r) {
            const double f = A[r][c] / A[c][c];
            for (size_t k = c; k < n; ++k) A[r][k] -= f * A[c][k];
            b[r] -= f * b[c];
        }
    }
    std::vector<double> x(n);
    for (size_t i = n; i-- > 0;) {
        double s = b[i];
        for (size_t k = i + 1; k < n; ++k) s -= A[i][k] * x[k];
        x[i] = s / A[i][i];
    }
    return x;
}

std::vector<double> doubles(const nlohmann::json& j, const char* field, size_t n, const std::string& where)
{
    if (!j.contains(field) || !j[field].is_array() || j[field].size() != n)
        throw Error(where + ": field '" + field + "' must be an array of " + std::to_string(n) + " numbers");
    std::vector<double> v;
    for (const auto& x : j[field]) {
        if (!x.is_number()) throw Error(where + ": field '" + field + "' holds a value that is not a number");
        v.push_back(x.get<double>());
    }
    return v;
}

} // namespace

double LogisticModel::predict(const std::vector<double>& row) const
{
    double z = bias;
    for (size_t j = 0; j < weights.size() && j < row.size(); ++j) z += weights[j] * (row[j] - mean[j]) / scale[j];
    return sigmoid(z);
}

bool LogisticModel::covers(const std::map<std::string, double>& scores) const
{
    return std::all_of(features.begin(), features.end(), [&](const std::string& f) { return scores.count(f) > 0; });
}

double LogisticModel::predict(const std::map<std::string, double>& scores) const
{
    std::vector<double> row;
    for (const std::string& f : features) {
        const auto it = scores.find(f);
        if (it == scores.end()) throw Error("combined score: the detector score '" + f + "' is missing");
        row.push_back(it->second);
    }
    return predict(row);
}

nlohmann::json LogisticModel::toJson() const
{
    return {{"kind", "logistic"}, {"features", features}, {"mean", mean},  {"scale", scale},
            {"weights", weights}, {"bias", bias},         {"l2", l2}};
}

LogisticModel LogisticModel::fromJson(const nlohmann::json& j, const std::string& where)
{
    if (!j.is_object()) throw Error(where + ": a combiner must be a JSON object");
    if (j.value("kind", "") != "logistic") throw Error(where + ": field 'kind' must be \"logistic\"");
    LogisticModel m;
    if (!j.contains("features") || !j["features"].is_array()) throw Error(where + ": field 'features' must be an array");
    for (const auto& f : j["features"]) {
        if (!f.is_string()) throw Error(where + ": field 'features' holds a value that is not a string");
        m.features.push_back(f.get<std::string>());
    }
    const size_t n = m.features.size();
    m.mean = doubles(j, "mean", n, where);
    m.scale = doubles(j, "scale", n, where);
    m.weights = doubles(j, "weights", n, where);
    for (double s : m.scale)
        if (!(s > 0)) throw Error(where + ": field 'scale' must hold positive numbers");
    if (!j.contains("bias") || !j["bias"].is_number()) throw Error(where + ": field 'bias' must be a number");
    m.bias = j["bias"].get<double>();
    m.l2 = j.value("l2", 1.0);
    return m;
}

LogisticModel fitLogistic(const std::vector<std::string>& features, const std::vector<std::vector<double>>& rows,
                          const std::vector<int>& labels, const LogisticFitOptions& options)
{
    const size_t d = features.size(), n = rows.size();
    if (n == 0) throw Error("logistic regression: no training rows");
    if (labels.size() != n)
        throw Error("logistic regression: " + std::to_string(n) + " rows but " + std::to_string(labels.size()) + " labels");
    for (size_t i = 0; i < n; ++i)
        if (rows[i].size() != d)
            throw Error("logistic regression: row " + std::to_string(i) + " has " + std::to_string(rows[i].size()) +
                        " values, expected " + std::to_string(d));
    LogisticModel m;
    m.features = features;
    m.l2 = options.l2;
    m.mean.assign(d, 0.0);
    m.scale.assign(d, 1.0);
    if (options.standardise) {
        for (size_t j = 0; j < d; ++j) {
            double s = 0, s2 = 0;
            for (const auto& r : rows) s += r[j];
            m.mean[j] = s / double(n);
            for (const auto& r : rows) s2 += (r[j] - m.mean[j]) * (r[j] - m.mean[j]);
            const double sd = std::sqrt(s2 / double(n));
            m.scale[j] = sd > 1e-12 ? sd : 1.0;
        }
    }
    // x[i] = standardised row i followed by 1 (the bias column).
    std::vector<std::vector<double>> x(n, std::vector<double>(d + 1, 1.0));
    for (size_t i = 0; i < n; ++i)
        for (size_t j = 0; j < d; ++j) x[i][j] = (rows[i][j] - m.mean[j]) / m.scale[j];
    std::vector<double> theta(d + 1, 0.0);   // weights, then bias
    for (int it = 0; it < options.maxIterations; ++it) {
        std::vector<double> grad(d + 1, 0.0);
        std::vector<std::vector<double>> hess(d + 1, std::vector<double>(d + 1, 0.0));
        for (size_t i = 0; i < n; ++i) {
            double z = 0;
            for (size_t j = 0; j <= d; ++j) z += theta[j] * x[i][j];
            const double p = sigmoid(z), w = p * (1 - p), r = p - double(labels[i] != 0);
            for (size_t a = 0; a <= d; ++a) {
                grad[a] += r * x[i][a];
                for (size_t b = 0; b <= a; ++b) hess[a][b] += w * x[i][a] * x[i][b];
            }
        }
        for (size_t a = 0; a <= d; ++a)
            for (size_t b = 0; b < a; ++b) hess[b][a] = hess[a][b];
        for (size_t j = 0; j < d; ++j) {
            grad[j] += options.l2 * theta[j];
            hess[j][j] += options.l2;
        }
        const std::vector<double> step = solve(hess, grad);
        double largest = 0;
        for (size_t j = 0; j <= d; ++j) {
            theta[j] -= step[j];
            largest = std::max(largest, std::abs(step[j]));
        }
        if (largest < options.tolerance) break;
    }
    m.weights.assign(theta.begin(), theta.begin() + long(d));
    m.bias = theta[d];
    return m;
}

} // namespace wb::inspect
