#include "ui/inspector/risk_highlight.h"

#include <QTextCharFormat>
#include <QTextCursor>
#include <QTextDocument>

#include <algorithm>

namespace wb {

RiskLevel riskLevel(double risk)
{
    if (risk >= 0.8) return RiskLevel::High;
    if (risk >= 0.5) return RiskLevel::Medium;
    if (risk >= 0.25) return RiskLevel::Low;
    return RiskLevel::None;
}

QColor riskColor(RiskLevel level)
{
    switch (level) {
    case RiskLevel::High: return QColor(0xf4, 0x8f, 0x8f);     // red
    case RiskLevel::Medium: return QColor(0xf8, 0xc2, 0x7a);   // orange
    case RiskLevel::Low: return QColor(0xf7, 0xe9, 0x9c);      // yellow
    case RiskLevel::None: break;
    }
    return {};
}

int utf16PosOfByte(std::string_view utf8, size_t byteOffset)
{
    size_t b = std::min(byteOffset, utf8.size());
    // Back up to the start of the character the offset falls in (at most 3
    // continuation bytes), so the prefix decodes exactly as in the whole text.
    for (int k = 0; k < 3 && b > 0 && b < utf8.size() && (static_cast<unsigned char>(utf8[b]) & 0xC0) == 0x80; ++k)
        --b;
    return int(QString::fromUtf8(utf8.data(), qsizetype(b)).size());
}

std::vector<RiskSegment> riskSegments(const std::string& answer, const std::vector<inspect::SpanScore>& spans)
{
    const int length = int(QString::fromUtf8(answer.data(), qsizetype(answer.size())).size());
    // Per UTF-16 position: the riskiest span covering it (answers are short).
    std::vector<int> owner(size_t(length), -1);
    for (size_t i = 0; i < spans.size(); ++i) {
        const inspect::SpanScore& s = spans[i];
        if (riskLevel(s.risk) == RiskLevel::None || s.end <= s.begin || s.begin >= answer.size()) continue;
        const int b = utf16PosOfByte(answer, s.begin), e = utf16PosOfByte(answer, s.end);
        for (int p = b; p < e; ++p) {
            int& o = owner[size_t(p)];
            if (o < 0 || spans[size_t(o)].risk < s.risk) o = int(i);
        }
    }
    std::vector<RiskSegment> out;
    for (int p = 0; p < length;) {
        const int o = owner[size_t(p)];
        int q = p + 1;
        while (q < length && owner[size_t(q)] == o) ++q;
        if (o >= 0) out.push_back({p, q, spans[size_t(o)].risk, o});
        p = q;
    }
    return out;
}

void paintRiskSegments(QTextDocument* doc, const std::vector<RiskSegment>& segments)
{
    QTextCursor all(doc);
    all.select(QTextCursor::Document);
    all.setCharFormat(QTextCharFormat());
    for (const RiskSegment& s : segments) {
        QTextCursor c(doc);
        c.setPosition(s.begin);
        c.setPosition(s.end, QTextCursor::KeepAnchor);
        QTextCharFormat f;
        f.setBackground(riskColor(riskLevel(s.risk)));
        f.setToolTip(QString::number(s.risk, 'f', 2));
        c.mergeCharFormat(f);
    }
}

const RiskSegment* segmentAt(const std::vector<RiskSegment>& segments, int pos)
{
    auto it = std::upper_bound(segments.begin(), segments.end(), pos,
                               [](int p, const RiskSegment& s) { return p < s.begin; });
    if (it == segments.begin()) return nullptr;
    --it;
    return pos < it->end ? &*it : nullptr;
}

} // namespace wb
