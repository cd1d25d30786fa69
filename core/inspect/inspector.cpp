#include "core/inspect/inspector.h"

#include "core/data/record.h"
#include "core/infer/generator.h"
#include "core/inspect/lexical.h"
#include "core/inspect/self_consistency.h"
#include "core/inspect/semantic.h"
#include "core/inspect/text_units.h"

#include <algorithm>
#include <cmath>

namespace wb::inspect {
namespace {

// Claims are clauses, so they are compared with evidence a sentence or two long
// (a whole passage dilutes a short claim's similarity).
constexpr size_t kChunkBytes = 200;

double squash(double z) { return 1.0 / (1.0 + std::exp(-z)); }

void checkCancel(const std::atomic<bool>* cancel)
{
    if (cancel && cancel->load()) throw Error("inspection cancelled");
}

} // namespace

double unweightedRisk(const std::map<std::string, double>& scores)
{
    double sum = 0;
    int n = 0;
    auto add = [&](const char* name, auto map) {
        if (const auto it = scores.find(name); it != scores.end()) {
            sum += std::clamp(map(it->second), 0.0, 1.0);
            ++n;
        }
    };
    // Lexical: a missing number or name is the most telling sign there is, so
    // it counts in full even when the rest of the claim is supported.
    if (scores.count(kLexical)) {
        double lexical = scores.at(kLexical);
        if (const auto it = scores.find(kLexicalNumbers); it != scores.end()) lexical = std::max(lexical, it->second);
        if (const auto it = scores.find(kLexicalEntities); it != scores.end())
            lexical = std::max(lexical, 0.8 * it->second);
        sum += std::clamp(lexical, 0.0, 1.0);
        ++n;
    }
    add(kSemantic, [](double v) { return v; });
    add(kModelPmi, [](double v) { return squash(v); });
    add(kConsistency, [](double v) { return v; });
    return n ? sum / n : 0.0;
}

InspectReport inspectAnswer(const InspectInput& in, const InspectTools& tools, const std::atomic<bool>* cancel)
{
    InspectReport r;
    const std::vector<Claim> claims = splitClaims(in.answer, tools.granularity);
    const EvidenceIndex ev = indexEvidence(in.evidence);
    for (const Claim& c : claims) {
        ClaimReport cr;
        cr.claim = c;
        const LexicalResult lex = lexicalGrounding(in.answer, c, ev);
        cr.scores[kLexical] = lex.risk;
        cr.scores[kLexicalNumbers] = lex.numberRisk;
        cr.scores[kLexicalEntities] = lex.entityRisk;
        r.spans.insert(r.spans.end(), lex.spans.begin(), lex.spans.end());
        r.claims.push_back(std::move(cr));
    }
    checkCancel(cancel);

    if (tools.embedder && !claims.empty()) {
        r.evidenceChunks = evidenceChunks(in.evidence, kChunkBytes);
        std::vector<std::string> texts;
        for (const Claim& c : claims) texts.push_back(c.text);
        const std::vector<SemanticMatch> m = semanticGrounding(*tools.embedder, texts, r.evidenceChunks);
        for (size_t i = 0; i < claims.size(); ++i) {
            r.claims[i].scores[kSemantic] = r.evidenceChunks.empty() ? 1.0 : 1.0 - m[i].similarity;
            r.claims[i].bestEvidence = m[i].bestChunk;
        }
        checkCancel(cancel);
    }

    if (tools.model && !claims.empty()) {
        if (!tools.tokenizer) throw Error("inspection: a model needs its tokenizer");
        ModelGroundingOptions mo;
        mo.chatTemplate = tools.chatTemplate;
        const ModelGroundingResult g =
            modelGrounding(*tools.model, *tools.tokenizer, {in.question, in.evidence, in.answer}, mo);
        r.tokens = g.tokens;
        r.evidenceTruncated = g.evidenceTruncated;
        for (size_t i = 0; i < claims.size(); ++i) {
            const ClaimModelScore s = claimModelScore(g.tokens, claims[i]);
            if (s.tokens == 0) continue;   // the claim was cut off the context
            r.claims[i].scores[kModelPmi] = -s.meanPmi;
            r.claims[i].scores[kModelSurprisal] = -s.meanLogpWith;
        }
        const std::vector<SpanScore> suspects = suspectTokenSpans(in.answer, g.tokens);
        r.spans.insert(r.spans.end(), suspects.begin(), suspects.end());
        checkCancel(cancel);

        r.samples = tools.samples;
        if (r.samples.empty() && tools.consistencySamples > 0) {
            Generator gen(*tools.model, *tools.tokenizer);
            GenerationOptions go;
            go.sampling.temperature = 1.0f;
            go.sampling.topK = 0;
            go.sampling.topP = 1.0f;
            go.maxTokens = tools.maxSampleTokens;
            if (tools.chatTemplate) go.stopStrings = tools.chatTemplate->stops;
            r.samples = sampleAnswers(gen, g.promptWith, tools.consistencySamples, tools.seed, go);
        }
    } else {
        r.samples = tools.samples;
    }
    if (!r.samples.empty()) {
        const std::vector<double> risk = consistencyRisk(claims, r.samples, tools.embedder);
        for (size_t i = 0; i < claims.size(); ++i) r.claims[i].scores[kConsistency] = risk[i];
    }

    // Answer level: each detector's riskiest claim.
    for (const ClaimReport& c : r.claims)
        for (const auto& [name, v] : c.scores)
            if (!r.answerScores.count(name) || v > r.answerScores[name]) r.answerScores[name] = v;
    r.combinerUsed = tools.combiner && tools.combiner->covers(r.answerScores);
    auto combine = [&](const std::map<std::string, double>& s) {
        return r.combinerUsed ? tools.combiner->predict(s) : unweightedRisk(s);
    };
    for (ClaimReport& c : r.claims) {
        // A claim can lack the model score when it did not fit the context; use the answer's then.
        std::map<std::string, double> s = c.scores;
        for (const auto& [name, v] : r.answerScores) s.emplace(name, v);
        c.combined = combine(s);
    }
    r.answerRisk = r.claims.empty() ? 0.0 : combine(r.answerScores);

    std::sort(r.spans.begin(), r.spans.end(), [](const SpanScore& a, const SpanScore& b) {
        return a.begin != b.begin ? a.begin < b.begin : a.end < b.end;
    });
    for (ClaimReport& c : r.claims) {
        const std::vector<const SpanScore*> inside = spansByRisk(r, c.claim);
        for (size_t k = 0; k < inside.size() && k < 5; ++k) c.reasons.push_back(inside[k]->reason);
    }
    return r;
}

std::vector<const SpanScore*> spansByRisk(const InspectReport& report, const Claim& claim)
{
    std::vector<const SpanScore*> inside;
    for (const SpanScore& s : report.spans)
        if (s.begin >= claim.begin && s.end <= claim.end && s.end > s.begin) inside.push_back(&s);
    std::stable_sort(inside.begin(), inside.end(), [](auto* a, auto* b) { return a->risk > b->risk; });
    return inside;
}

nlohmann::json toJson(const InspectReport& r, const std::string& answer)
{
    using nlohmann::json;
    auto offsets = [&](json& j, size_t b, size_t e) {
        j["begin"] = b;
        j["end"] = e;
        j["char_begin"] = codePointOffset(answer, b);
        j["char_end"] = codePointOffset(answer, e);
    };
    json claims = json::array();
    for (const ClaimReport& c : r.claims) {
        json j = {{"text", c.claim.text}, {"sentence", c.claim.sentence}, {"scores", c.scores},
                  {"combined", c.combined}, {"reasons", c.reasons}};
        offsets(j, c.claim.begin, c.claim.end);
        if (c.bestEvidence >= 0) {
            j["best_evidence"] = c.bestEvidence;
            j["best_evidence_text"] = r.evidenceChunks[size_t(c.bestEvidence)];
        }
        claims.push_back(j);
    }
    json spans = json::array();
    for (const SpanScore& s : r.spans) {
        json j = {{"text", answer.substr(s.begin, s.end - s.begin)}, {"risk", s.risk}, {"detector", s.detector},
                  {"kind", s.kind}, {"reason", s.reason}};
        offsets(j, s.begin, s.end);
        spans.push_back(j);
    }
    json tokens = json::array();
    for (const TokenScore& t : r.tokens) {
        json j = {{"id", t.id}, {"text", answer.substr(t.begin, t.end - t.begin)}, {"logp_with", t.logpWith},
                  {"logp_without", t.logpWithout}, {"pmi", t.pmi()}};
        offsets(j, t.begin, t.end);
        tokens.push_back(j);
    }
    json out = {{"answer", answer},           {"answer_risk", r.answerRisk}, {"answer_scores", r.answerScores},
                {"combiner", r.combinerUsed ? "fitted" : "unweighted-mean"}, {"claims", claims},
                {"spans", spans},             {"tokens", tokens},            {"evidence_truncated", r.evidenceTruncated},
                {"offsets", "begin/end: UTF-8 bytes; char_begin/char_end: code points"}};
    if (!r.samples.empty()) out["samples"] = r.samples;
    return out;
}

} // namespace wb::inspect
