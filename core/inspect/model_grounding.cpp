#include "core/inspect/model_grounding.h"

#include "core/data/record.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace wb::inspect {
namespace {

std::string joinEvidence(const std::vector<std::string>& evidence)
{
    std::string s;
    for (const std::string& p : evidence) s += (s.empty() ? "" : "\n\n") + p;
    return s;
}

std::string render(const std::string& user, const std::optional<ChatTemplate>& tmpl)
{
    if (tmpl) return tmpl->renderPrompt({{"user", user}});
    return user + "\nAnswer: ";
}

std::string groundedUser(const std::string& evidence, const std::string& question)
{
    std::string u = "Answer using the documents.\n\nDocuments:\n" + evidence;
    if (!question.empty()) u += "\n\nQuestion: " + question;
    return u;
}

std::string ungroundedUser(const std::string& question)
{
    return question.empty() ? std::string("Answer.") : "Question: " + question;
}

// The first `n` bytes of s, cut back to a character boundary.
std::string utf8Prefix(const std::string& s, size_t n)
{
    if (n >= s.size()) return s;
    while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
    return s.substr(0, n);
}

// log p(ids[k] | ...) for each answer token from the logits rows predicting them.
std::vector<double> answerLogProbs(CausalLM& model, const std::vector<int>& promptIds, const std::vector<int>& answerIds)
{
    const int V = model.config().vocabSize;
    auto cache = model.newCache(int(promptIds.size() + answerIds.size()));
    // Prefill the prompt but its last token, then run that token and the answer
    // with all logits: row k predicts answer token k. [n, V]
    if (promptIds.size() > 1) model.step({promptIds.begin(), promptIds.end() - 1}, *cache);
    std::vector<int> rest{promptIds.back()};
    rest.insert(rest.end(), answerIds.begin(), answerIds.end() - 1);
    const std::vector<float> logits = model.step(rest, *cache, true);
    std::vector<double> out(answerIds.size());
    for (size_t k = 0; k < answerIds.size(); ++k) {
        const float* row = logits.data() + k * size_t(V);
        const float mx = *std::max_element(row, row + V);
        double sum = 0;
        for (int v = 0; v < V; ++v) sum += std::exp(double(row[v] - mx));
        out[k] = double(row[answerIds[k]] - mx) - std::log(sum);
    }
    return out;
}

// Byte spans of each answer token: the longest common prefix of the answer
// and the decoded tokens so far (a token that ends inside a character stops
// at that character's start).
std::vector<std::pair<size_t, size_t>> tokenSpans(const Tokenizer& tok, const std::vector<int>& ids,
                                                  const std::string& answer)
{
    std::vector<std::pair<size_t, size_t>> spans;
    size_t prev = 0;
    for (size_t k = 0; k < ids.size(); ++k) {
        const std::string d = tok.decode({ids.begin(), ids.begin() + long(k) + 1});
        size_t lcp = 0;
        while (lcp < d.size() && lcp < answer.size() && d[lcp] == answer[lcp]) ++lcp;
        // Never inside a character.
        while (lcp > 0 && lcp < answer.size() && (static_cast<unsigned char>(answer[lcp]) & 0xC0) == 0x80) --lcp;
        const size_t end = std::max(prev, lcp);
        spans.push_back({prev, end});
        prev = end;
    }
    return spans;
}

} // namespace

std::string groundedPrompt(const ModelGroundingInput& in, const std::optional<ChatTemplate>& tmpl)
{
    return render(groundedUser(joinEvidence(in.evidence), in.question), tmpl);
}

std::string ungroundedPrompt(const ModelGroundingInput& in, const std::optional<ChatTemplate>& tmpl)
{
    return render(ungroundedUser(in.question), tmpl);
}

ModelGroundingResult modelGrounding(CausalLM& model, const Tokenizer& tokenizer, const ModelGroundingInput& in,
                                    const ModelGroundingOptions& options)
{
    ModelGroundingResult r;
    const int maxContext = options.maxContext > 0 ? std::min(options.maxContext, model.config().maxPositionEmbeddings)
                                                  : model.config().maxPositionEmbeddings;
    std::vector<int> answerIds = tokenizer.encode(in.answer, false);
    if (answerIds.empty()) return r;

    r.promptWithout = ungroundedPrompt(in, options.chatTemplate);
    const std::vector<int> withoutIds = tokenizer.encode(r.promptWithout, true);
    const int room = maxContext - int(withoutIds.size());
    if (room < 4)
        throw Error("model grounding: the question alone takes " + std::to_string(withoutIds.size()) +
                    " tokens of a " + std::to_string(maxContext) + "-token context");
    // The answer may be cut to what fits; the evidence is cut before it.
    if (int(answerIds.size()) > room / 2) answerIds.resize(size_t(std::max(room / 2, 1)));

    std::string evidence = joinEvidence(in.evidence);
    std::vector<int> withIds;
    for (int attempt = 0;; ++attempt) {
        r.promptWith = render(groundedUser(evidence, in.question), options.chatTemplate);
        withIds = tokenizer.encode(r.promptWith, true);
        const int over = int(withIds.size() + answerIds.size()) - maxContext;
        if (over <= 0) break;
        if (evidence.empty() || attempt >= 12)
            throw Error("model grounding: the prompt does not fit the " + std::to_string(maxContext) +
                        "-token context even without evidence");
        // Cut the evidence by the share of tokens it is over, and a little more.
        const double keep = std::max(0.0, 1.0 - (double(over) / double(withIds.size())) * 1.1 - 0.02);
        evidence = utf8Prefix(evidence, size_t(double(evidence.size()) * keep));
        r.evidenceTruncated = true;
    }

    const std::vector<double> with = answerLogProbs(model, withIds, answerIds);
    const std::vector<double> without = answerLogProbs(model, withoutIds, answerIds);
    const auto spans = tokenSpans(tokenizer, answerIds, in.answer);
    for (size_t k = 0; k < answerIds.size(); ++k)
        r.tokens.push_back({spans[k].first, spans[k].second, answerIds[k], with[k], without[k]});
    return r;
}

ClaimModelScore claimModelScore(const std::vector<TokenScore>& tokens, const Claim& claim)
{
    ClaimModelScore s;
    for (const TokenScore& t : tokens) {
        if (t.end <= claim.begin || t.begin >= claim.end || t.end == t.begin) continue;
        s.meanPmi += t.pmi();
        s.meanLogpWith += t.logpWith;
        ++s.tokens;
    }
    if (s.tokens > 0) {
        s.meanPmi /= s.tokens;
        s.meanLogpWith /= s.tokens;
    }
    return s;
}

std::vector<SpanScore> suspectTokenSpans(const std::string& answer, const std::vector<TokenScore>& tokens)
{
    std::vector<SpanScore> out;
    for (const TokenScore& t : tokens) {
        if (t.end == t.begin || t.pmi() > 0) continue;
        const double risk = 1.0 / (1.0 + std::exp(t.pmi()));
        char buf[96];
        std::snprintf(buf, sizeof buf, "log p %.2f with the evidence, %.2f without (PMI %.2f)", t.logpWith,
                      t.logpWithout, t.pmi());
        out.push_back({t.begin, t.end, risk, "model", "token", std::string("'") + answer.substr(t.begin, t.end - t.begin) +
                                                                  "': " + buf});
    }
    return out;
}

} // namespace wb::inspect
