#include "ui/inspector/evidence_match.h"

#include "core/inspect/numbers.h"
#include "core/inspect/semantic.h"
#include "core/inspect/text_units.h"

#include <algorithm>
#include <unordered_set>

namespace wb {
namespace {

bool isContent(const inspect::TextUnit& u)
{
    switch (u.kind) {
    case inspect::UnitKind::Digits: return true;
    case inspect::UnitKind::Han: return !inspect::isHanStopChar(u.norm);
    case inspect::UnitKind::Word: return !u.stop;
    }
    return false;
}

bool overlapsAny(const std::vector<ByteRange>& ranges, size_t b, size_t e)
{
    for (const ByteRange& r : ranges)
        if (b < r.second && r.first < e) return true;
    return false;
}

// Sorted, merged ranges.
std::vector<ByteRange> merged(std::vector<ByteRange> r)
{
    std::sort(r.begin(), r.end());
    std::vector<ByteRange> out;
    for (const ByteRange& x : r) {
        if (!out.empty() && x.first <= out.back().second) out.back().second = std::max(out.back().second, x.second);
        else out.push_back(x);
    }
    return out;
}

} // namespace

WordAlignment alignWords(std::string_view claim, std::string_view passage)
{
    WordAlignment a;
    // Numbers first, by value: their digit runs are not compared as words.
    const std::vector<inspect::NumberMention> cn = inspect::findNumbers(claim);
    const std::vector<inspect::NumberMention> pn = inspect::findNumbers(passage);
    std::vector<ByteRange> claimNumbers, passageNumbers;
    for (const auto& c : cn) {
        bool found = false;
        for (const auto& p : pn)
            if (inspect::sameNumber(c, p)) {
                found = true;
                a.inPassage.push_back({p.begin, p.end});
            }
        ++a.claimUnits;
        if (found) {
            ++a.sharedUnits;
            a.inClaim.push_back({c.begin, c.end});
        }
        claimNumbers.push_back({c.begin, c.end});
    }
    for (const auto& p : pn) passageNumbers.push_back({p.begin, p.end});

    std::unordered_set<std::string> claimNorms, passageNorms;
    const std::vector<inspect::TextUnit> cu = inspect::textUnits(claim);
    const std::vector<inspect::TextUnit> pu = inspect::textUnits(passage);
    for (const auto& u : pu)
        if (isContent(u) && !overlapsAny(passageNumbers, u.begin, u.end)) passageNorms.insert(u.norm);
    for (const auto& u : cu) {
        if (!isContent(u) || overlapsAny(claimNumbers, u.begin, u.end)) continue;
        claimNorms.insert(u.norm);
        ++a.claimUnits;
        if (passageNorms.count(u.norm)) {
            ++a.sharedUnits;
            a.inClaim.push_back({u.begin, u.end});
        }
    }
    for (const auto& u : pu)
        if (isContent(u) && !overlapsAny(passageNumbers, u.begin, u.end) && claimNorms.count(u.norm))
            a.inPassage.push_back({u.begin, u.end});
    a.inClaim = merged(std::move(a.inClaim));
    a.inPassage = merged(std::move(a.inPassage));
    return a;
}

EvidenceForClaim bestEvidence(const inspect::InspectReport& report, const std::vector<std::string>& evidence,
                              size_t claimIndex)
{
    EvidenceForClaim out;
    if (claimIndex >= report.claims.size()) return out;
    const inspect::ClaimReport& claim = report.claims[claimIndex];
    const std::vector<std::string> chunks =
        report.evidenceChunks.empty() ? inspect::evidenceChunks(evidence) : report.evidenceChunks;
    if (chunks.empty()) return out;
    if (claim.bestEvidence >= 0 && size_t(claim.bestEvidence) < chunks.size() && !report.evidenceChunks.empty()) {
        out.chunk = claim.bestEvidence;
        out.bySemantic = true;
        out.alignment = alignWords(claim.claim.text, chunks[size_t(out.chunk)]);
    } else {
        // Most shared content units; ties go to the earlier chunk.
        for (size_t i = 0; i < chunks.size(); ++i) {
            WordAlignment a = alignWords(claim.claim.text, chunks[i]);
            if (out.chunk < 0 || a.sharedUnits > out.alignment.sharedUnits) {
                out.chunk = int(i);
                out.alignment = std::move(a);
            }
        }
    }
    out.passage = chunks[size_t(out.chunk)];
    return out;
}

} // namespace wb
