#include "core/inspect/self_consistency.h"

#include "core/inspect/lexical.h"
#include "core/inspect/semantic.h"
#include "core/inspect/text_units.h"

#include <algorithm>

namespace wb::inspect {

std::vector<std::string> sampleAnswers(Generator& generator, const std::string& prompt, int n, uint64_t seed,
                                       GenerationOptions options)
{
    std::vector<std::string> out;
    for (int i = 0; i < n; ++i) {
        options.sampling.seed = seed + uint64_t(i);
        out.push_back(generator.generate(prompt, options).text);
    }
    return out;
}

double lexicalAgreement(const std::string& claim, const std::string& sample)
{
    const EvidenceIndex ix = indexEvidence({sample});
    double total = 0, found = 0;
    const std::vector<NumberMention> numbers = findNumbers(claim);
    for (const NumberMention& n : numbers) {
        total += 2;
        if (std::any_of(ix.numbers.begin(), ix.numbers.end(), [&](const NumberMention& e) { return sameNumber(n, e); }))
            found += 2;
    }
    const std::vector<TextUnit> units = textUnits(claim);
    for (size_t k = 0; k < units.size(); ++k) {
        const TextUnit& u = units[k];
        const bool inNumber = std::any_of(numbers.begin(), numbers.end(),
                                          [&](const NumberMention& n) { return u.begin >= n.begin && u.end <= n.end; });
        if (inNumber) continue;
        if (u.kind == UnitKind::Han) {
            if (isHanStopChar(u.norm)) continue;
            total += 1;
            const bool next = k + 1 < units.size() && units[k + 1].kind == UnitKind::Han && units[k + 1].begin == u.end;
            const bool prev = k > 0 && units[k - 1].kind == UnitKind::Han && units[k - 1].end == u.begin;
            if ((next && ix.hanBigrams.count(u.norm + units[k + 1].norm)) ||
                (prev && ix.hanBigrams.count(units[k - 1].norm + u.norm)) || (!next && !prev && ix.hanChars.count(u.norm)))
                found += 1;
        } else if (!u.stop) {
            total += 1;
            if (ix.words.count(u.norm)) found += 1;
        }
    }
    return total > 0 ? found / total : 1.0;
}

std::vector<double> consistencyRisk(const std::vector<Claim>& claims, const std::vector<std::string>& samples,
                                    Embedder* embedder)
{
    std::vector<double> risk(claims.size(), 0.0);
    if (samples.empty()) return risk;
    std::vector<std::string> claimTexts;
    for (const Claim& c : claims) claimTexts.push_back(c.text);
    for (size_t i = 0; i < claims.size(); ++i) {
        double sum = 0;
        for (const std::string& s : samples) sum += lexicalAgreement(claims[i].text, s);
        risk[i] = 1.0 - sum / double(samples.size());
    }
    if (embedder && !claims.empty()) {
        std::vector<double> semantic(claims.size(), 0.0);
        for (const std::string& s : samples) {
            const std::vector<SemanticMatch> m = semanticGrounding(*embedder, claimTexts, evidenceChunks({s}, 1));
            for (size_t i = 0; i < claims.size(); ++i) semantic[i] += std::clamp(m[i].similarity, 0.0, 1.0);
        }
        for (size_t i = 0; i < claims.size(); ++i)
            risk[i] = 0.5 * risk[i] + 0.5 * (1.0 - semantic[i] / double(samples.size()));
    }
    return risk;
}

} // namespace wb::inspect
