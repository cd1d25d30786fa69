#pragma once
// Self-consistency, SelfCheckGPT style: sample N further answers to the same
// prompt and score each claim by how well they agree with it. A claim the
// model made up tends to differ between samples; a grounded one repeats.
// Sampling uses the Generator interface (core/infer); scoring is separate
// and model-free. Qt-free, LibTorch-free header and source.
#include "core/infer/generator.h"
#include "core/inspect/claims.h"
#include "core/retrieval/embedder.h"

#include <cstdint>
#include <string>
#include <vector>

namespace wb::inspect {

// n answers to `prompt` (already rendered through a chat template), sample i
// with seed + i, so the set is reproducible.
std::vector<std::string> sampleAnswers(Generator& generator, const std::string& prompt, int n, uint64_t seed,
                                       GenerationOptions options);

// Agreement of one claim with one sample, [0, 1]: the share of the claim's
// content (words, numbers, Han bigrams) that the sample also contains.
double lexicalAgreement(const std::string& claim, const std::string& sample);

// Risk per claim: 1 - mean agreement over the samples. With an embedder,
// agreement is the best cosine similarity (clamped to [0, 1]) between the
// claim and the sample's sentences, averaged with the lexical agreement.
// Without samples every risk is 0.
std::vector<double> consistencyRisk(const std::vector<Claim>& claims, const std::vector<std::string>& samples,
                                    Embedder* embedder = nullptr);

} // namespace wb::inspect
