#pragma once
// Choosing the next token from logits. Qt-free, LibTorch-free.
#include <cstdint>
#include <random>
#include <span>
#include <string>
#include <vector>

namespace wb {

struct SamplingParams {
    bool greedy = false;            // argmax; every other field but the penalties is ignored
    float temperature = 0.8f;       // 0 means greedy
    int topK = 40;                  // 0 = off
    float topP = 0.95f;             // 1 = off
    float minP = 0.0f;              // 0 = off; keeps tokens with p >= minP * p_max
    float repetitionPenalty = 1.0f; // 1 = off; CTRL-style: logit / r if > 0 else logit * r, over seen tokens
    float presencePenalty = 0.0f;   // subtracted once from every token already generated
    float frequencyPenalty = 0.0f;  // subtracted per occurrence
    int penaltyWindow = 256;        // how many recent tokens the penalties look at (0 = all)
    uint64_t seed = 0;

    // Throws wb::Error naming the field for out-of-range values (temperature < 0,
    // topK < 0, topP or minP outside [0, 1], repetitionPenalty <= 0, ...).
    void validate() const;
};

class Sampler {
public:
    explicit Sampler(SamplingParams params);
    // `logits` is modified in place (penalties, temperature). `history` is the
    // token ids generated and prompted so far, for the penalties.
    int sample(std::span<float> logits, std::span<const int> history);
    const SamplingParams& params() const { return params_; }

private:
    SamplingParams params_;
    std::mt19937_64 rng_;
    std::vector<std::pair<float, int>> scratch_;
};

// Named presets shown in the chat panel: "precise" (greedy), "balanced",
// "creative". Throws wb::Error for an unknown name.
SamplingParams samplingPreset(const std::string& name);
std::vector<std::string> samplingPresetNames();

} // namespace wb
