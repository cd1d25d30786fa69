#include "core/inspect/lexical.h"

#include "core/inspect/text_units.h"

#include <algorithm>
#include <array>

namespace wb::inspect {
namespace {

constexpr double kNumberWeight = 3, kEntityWeight = 2, kWordWeight = 1, kHanWeight = 1, kHanStopWeight = 0.2;

std::string quoted(std::string_view s) { return "'" + std::string(s) + "'"; }

struct Accumulator {
    double weight = 0, weightedRisk = 0;
    double numbers = 0, numbersMissing = 0;
    double entities = 0, entitiesMissing = 0;
    void add(double w, double risk)
    {
        weight += w;
        weightedRisk += w * risk;
    }
};

// Quoted terms: 《书名》, 「」, 『』, “”, and ASCII double quotes. Byte ranges of the inner text.
std::vector<std::pair<size_t, size_t>> quotedTerms(std::string_view s)
{
    static const std::array<std::pair<std::string_view, std::string_view>, 5> kPairs = {
        {{"《", "》"}, {"「", "」"}, {"『", "』"}, {"“", "”"}, {"\"", "\""}}};
    std::vector<std::pair<size_t, size_t>> out;
    for (const auto& [open, close] : kPairs) {
        size_t from = 0;
        for (;;) {
            const size_t a = s.find(open, from);
            if (a == std::string_view::npos) break;
            const size_t b = s.find(close, a + open.size());
            if (b == std::string_view::npos) break;
            if (b > a + open.size()) out.push_back({a + open.size(), b});
            from = b + close.size();
        }
    }
    return out;
}

} // namespace

EvidenceIndex indexEvidence(const std::vector<std::string>& passages)
{
    EvidenceIndex ix;
    for (const std::string& p : passages) {
        if (!ix.lowerText.empty()) ix.lowerText += '\n';
        ix.lowerText += asciiLower(p);
        const std::vector<TextUnit> units = textUnits(p);
        for (size_t k = 0; k < units.size(); ++k) {
            const TextUnit& u = units[k];
            if (u.kind == UnitKind::Han) {
                ix.hanChars.insert(u.norm);
                if (k + 1 < units.size() && units[k + 1].kind == UnitKind::Han && units[k + 1].begin == u.end)
                    ix.hanBigrams.insert(u.norm + units[k + 1].norm);
            } else {
                ix.words.insert(u.norm);
                if (u.norm.size() >= 5) ix.prefixes.insert(u.norm.substr(0, 5));
            }
        }
        for (const NumberMention& n : findNumbers(p)) ix.numbers.push_back(n);
    }
    return ix;
}

LexicalResult lexicalGrounding(std::string_view answer, const Claim& claim, const EvidenceIndex& ev)
{
    LexicalResult result;
    Accumulator acc;
    const std::string_view text = answer.substr(claim.begin, claim.end - claim.begin);
    const size_t base = claim.begin;
    std::vector<bool> handled(text.size() + 1, false);   // bytes already scored by a number or a quoted term
    auto markHandled = [&](size_t b, size_t e) { std::fill(handled.begin() + long(b), handled.begin() + long(e), true); };
    auto addSpan = [&](size_t b, size_t e, double risk, const char* kind, std::string reason) {
        result.spans.push_back({base + b, base + e, risk, "lexical", kind, std::move(reason)});
    };

    for (const NumberMention& n : findNumbers(text)) {
        markHandled(n.begin, n.end);
        const bool found = std::any_of(ev.numbers.begin(), ev.numbers.end(),
                                       [&](const NumberMention& e) { return sameNumber(n, e); });
        acc.add(kNumberWeight, found ? 0 : 1);
        acc.numbers += 1;
        if (!found) {
            acc.numbersMissing += 1;
            addSpan(n.begin, n.end, 1.0, "number",
                    "number " + quoted(text.substr(n.begin, n.end - n.begin)) + " not in the evidence");
        }
    }
    for (const auto& [b, e] : quotedTerms(text)) {
        if (handled[b]) continue;
        markHandled(b, e);
        const std::string_view term = text.substr(b, e - b);
        const bool found = ev.lowerText.find(asciiLower(term)) != std::string::npos;
        acc.add(kEntityWeight, found ? 0 : 1);
        acc.entities += 1;
        if (!found) {
            acc.entitiesMissing += 1;
            addSpan(b, e, 1.0, "quoted", "quoted term " + quoted(term) + " not in the evidence");
        }
    }

    const std::vector<TextUnit> units = textUnits(text);
    for (size_t k = 0; k < units.size();) {
        const TextUnit& u = units[k];
        if (handled[u.begin]) {
            ++k;
            continue;
        }
        if (u.kind == UnitKind::Han) {
            // A run of adjacent Han characters.
            size_t last = k;
            while (last + 1 < units.size() && units[last + 1].kind == UnitKind::Han &&
                   units[last + 1].begin == units[last].end && !handled[units[last + 1].begin])
                ++last;
            const size_t n = last - k + 1;
            std::vector<bool> covered(n, false);
            for (size_t i = 0; i < n; ++i) {
                const TextUnit& c = units[k + i];
                // A unit right after a number ("1905年") stands alone: its number was scored already.
                const bool afterNumber = i == 0 && c.begin > 0 && handled[c.begin - 1];
                if (n == 1 || afterNumber || isHanStopChar(c.norm)) covered[i] = ev.hanChars.count(c.norm) > 0;
                else
                    covered[i] = (i > 0 && ev.hanBigrams.count(units[k + i - 1].norm + c.norm)) ||
                                 (i + 1 < n && ev.hanBigrams.count(c.norm + units[k + i + 1].norm));
            }
            // Missing stretches of non-stop characters become spans.
            for (size_t i = 0; i < n;) {
                const bool stop = isHanStopChar(units[k + i].norm);
                if (covered[i] || stop) {
                    acc.add(stop ? kHanStopWeight : kHanWeight, covered[i] ? 0 : 1);
                    ++i;
                    continue;
                }
                size_t j = i;
                while (j < n && !covered[j] && !isHanStopChar(units[k + j].norm)) ++j;
                const size_t len = j - i;
                const double risk = len >= 2 ? 0.8 : 0.6;
                for (size_t t = i; t < j; ++t) acc.add(kHanWeight, risk);
                const size_t b = units[k + i].begin, e = units[k + j - 1].end;
                if (len >= 2) {
                    acc.entities += 1;
                    acc.entitiesMissing += 1;
                }
                addSpan(b, e, risk, "han", quoted(text.substr(b, e - b)) + " not in the evidence");
                i = j;
            }
            k = last + 1;
            continue;
        }
        if (u.kind == UnitKind::Word && u.capitalised) {
            // A name: capitalised words separated by single spaces; leading stopwords ("The") dropped.
            size_t last = k;
            while (last + 1 < units.size() && units[last + 1].kind == UnitKind::Word && units[last + 1].capitalised &&
                   units[last + 1].begin == units[last].end + 1 && text[units[last].end] == ' ')
                ++last;
            size_t first = k;
            while (first <= last && units[first].stop) ++first;
            if (first <= last) {
                int words = 0, missing = 0;
                for (size_t t = first; t <= last; ++t) {
                    if (units[t].stop) continue;
                    ++words;
                    if (!ev.words.count(units[t].norm)) ++missing;
                }
                const size_t b = units[first].begin, e = units[last].end;
                const std::string_view name = text.substr(b, e - b);
                double risk = 0;
                const char* kind = "entity";
                std::string reason;
                if (missing > 0) {
                    risk = 0.5 + 0.5 * double(missing) / std::max(words, 1);
                    reason = "name " + quoted(name) + " not in the evidence";
                } else if (last > first && ev.lowerText.find(asciiLower(name)) == std::string::npos) {
                    risk = 0.5;
                    kind = "entity-apart";
                    reason = "the words of " + quoted(name) + " appear in the evidence, but not together";
                }
                acc.add(kEntityWeight, risk);
                acc.entities += 1;
                acc.entitiesMissing += risk;
                if (risk > 0) addSpan(b, e, risk, kind, reason);
            }
            k = last + 1;
            continue;
        }
        // A content word (or digits glued to letters).
        if (!u.stop && u.norm.size() >= 2) {
            double risk = 0;
            if (!ev.words.count(u.norm))
                risk = u.norm.size() >= 5 && ev.prefixes.count(u.norm.substr(0, 5)) ? 0.3 : 0.6;
            acc.add(kWordWeight, risk);
            if (risk > 0)
                addSpan(u.begin, u.end, risk, "word",
                        "word " + quoted(text.substr(u.begin, u.end - u.begin)) + " not in the evidence");
        }
        ++k;
    }
    result.risk = acc.weight > 0 ? acc.weightedRisk / acc.weight : 0;
    result.numberRisk = acc.numbers > 0 ? acc.numbersMissing / acc.numbers : 0;
    result.entityRisk = acc.entities > 0 ? acc.entitiesMissing / acc.entities : 0;
    std::sort(result.spans.begin(), result.spans.end(),
              [](const SpanScore& a, const SpanScore& b) { return a.begin < b.begin; });
    return result;
}

} // namespace wb::inspect
