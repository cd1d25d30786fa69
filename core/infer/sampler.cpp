#include "core/infer/sampler.h"

#include "core/data/record.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <unordered_map>

namespace wb {

void SamplingParams::validate() const
{
    auto fail = [](const std::string& field, const std::string& why) {
        throw Error("sampling: field \"" + field + "\": " + why);
    };
    if (!(temperature >= 0) || !std::isfinite(temperature)) fail("temperature", "must be a number >= 0");
    if (topK < 0) fail("top_k", "must be >= 0 (0 turns it off)");
    if (!(topP > 0 && topP <= 1)) fail("top_p", "must be in (0, 1]");
    if (!(minP >= 0 && minP <= 1)) fail("min_p", "must be in [0, 1]");
    if (!(repetitionPenalty > 0) || !std::isfinite(repetitionPenalty)) fail("repetition_penalty", "must be > 0");
    if (!std::isfinite(presencePenalty)) fail("presence_penalty", "must be a finite number");
    if (!std::isfinite(frequencyPenalty)) fail("frequency_penalty", "must be a finite number");
    if (penaltyWindow < 0) fail("penalty_window", "must be >= 0");
}

Sampler::Sampler(SamplingParams params) : params_(params), rng_(params.seed)
{
    params_.validate();
}

int Sampler::sample(std::span<float> logits, std::span<const int> history)
{
    const int V = int(logits.size());
    // Penalties over the recent window of seen tokens.
    const SamplingParams& p = params_;
    if (p.repetitionPenalty != 1.0f || p.presencePenalty != 0.0f || p.frequencyPenalty != 0.0f) {
        const size_t from = p.penaltyWindow > 0 && history.size() > size_t(p.penaltyWindow)
                                ? history.size() - size_t(p.penaltyWindow) : 0;
        std::unordered_map<int, int> counts;
        for (size_t i = from; i < history.size(); ++i)
            if (history[i] >= 0 && history[i] < V) ++counts[history[i]];
        for (const auto& [id, n] : counts) {
            float& l = logits[size_t(id)];
            if (p.repetitionPenalty != 1.0f) l = l > 0 ? l / p.repetitionPenalty : l * p.repetitionPenalty;
            l -= p.presencePenalty + p.frequencyPenalty * float(n);
        }
    }
    const auto argmax = [&] { return int(std::max_element(logits.begin(), logits.end()) - logits.begin()); };
    if (p.greedy || p.temperature == 0.0f) return argmax();

    // Candidates sorted by logit, cut by top-k, then softmax with temperature,
    // then top-p and min-p on the probabilities.
    scratch_.clear();
    scratch_.reserve(size_t(V));
    for (int i = 0; i < V; ++i)
        if (std::isfinite(logits[size_t(i)])) scratch_.emplace_back(logits[size_t(i)], i);
    if (scratch_.empty()) return argmax();
    const size_t k = p.topK > 0 ? std::min(scratch_.size(), size_t(p.topK)) : scratch_.size();
    std::partial_sort(scratch_.begin(), scratch_.begin() + std::ptrdiff_t(k), scratch_.end(),
                      [](const auto& a, const auto& b) { return a.first > b.first || (a.first == b.first && a.second < b.second); });
    scratch_.resize(k);
    const float top = scratch_.front().first;
    double sum = 0;
    for (auto& [l, id] : scratch_) {
        l = float(std::exp(double(l - top) / double(p.temperature)));
        sum += l;
    }
    for (auto& c : scratch_) c.first = float(c.first / sum);
    size_t keep = scratch_.size();
    if (p.topP < 1.0f) {
        double cumulative = 0;
        for (size_t i = 0; i < scratch_.size(); ++i) {
            cumulative += scratch_[i].first;
            if (cumulative >= p.topP) { keep = i + 1; break; }
        }
    }
    if (p.minP > 0.0f) {
        const float floor = p.minP * scratch_.front().first;
        size_t n = 0;
        while (n < keep && scratch_[n].first >= floor) ++n;
        keep = std::max<size_t>(1, n);
    }
    double mass = 0;
    for (size_t i = 0; i < keep; ++i) mass += scratch_[i].first;
    // Uniform draw from the 53 high bits: the same seed gives the same tokens everywhere.
    const double u = double(rng_() >> 11) * (1.0 / 9007199254740992.0) * mass;
    double acc = 0;
    for (size_t i = 0; i < keep; ++i) {
        acc += scratch_[i].first;
        if (u < acc) return scratch_[i].second;
    }
    return scratch_[keep - 1].second;
}

SamplingParams samplingPreset(const std::string& name)
{
    SamplingParams s;
    if (name == "precise") {
        s.greedy = true;
        s.temperature = 0;
        s.repetitionPenalty = 1.1f;
    } else if (name == "balanced") {
        s.temperature = 0.7f;
        s.topK = 40;
        s.topP = 0.9f;
        s.repetitionPenalty = 1.1f;
    } else if (name == "creative") {
        s.temperature = 1.0f;
        s.topK = 0;
        s.topP = 0.95f;
        s.minP = 0.05f;
    } else {
        throw Error("sampling preset \"" + name + "\" is unknown (precise, balanced, creative)");
    }
    return s;
}

std::vector<std::string> samplingPresetNames()
{
    return {"precise", "balanced", "creative"};
}

} // namespace wb
