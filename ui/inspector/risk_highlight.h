#pragma once
// Colouring an answer by risk: the detectors report spans in UTF-8 byte
// offsets; a QTextDocument counts UTF-16 code units (an emoji is two, a Han
// character one). This turns the spans into non-overlapping QString ranges,
// each with the risk of the riskiest span that covers it, and paints them.
#include "core/inspect/span_score.h"

#include <QColor>
#include <QString>

#include <string>
#include <string_view>
#include <vector>

class QTextDocument;

namespace wb {

enum class RiskLevel { None, Low, Medium, High };

// High >= 0.8 (a missing number or name), Medium >= 0.5, Low >= 0.25.
RiskLevel riskLevel(double risk);
QColor riskColor(RiskLevel level);   // background colour; invalid for None

// The QString (UTF-16) position of a UTF-8 byte offset into `utf8`. An offset
// inside a character maps to that character's start; past the end, to the
// length. Invalid bytes count as one character each (as QString::fromUtf8
// turns each into one U+FFFD).
int utf16PosOfByte(std::string_view utf8, size_t byteOffset);

struct RiskSegment {
    int begin = 0;        // QString positions, [begin, end)
    int end = 0;
    double risk = 0;      // of the riskiest span covering it
    int span = -1;        // index of that span in the list given
};

// Non-overlapping segments in text order, one for each stretch of characters
// covered by the same riskiest span. Spans with risk below Low are left out,
// as are empty spans and spans past the end of the answer.
std::vector<RiskSegment> riskSegments(const std::string& answer, const std::vector<inspect::SpanScore>& spans);

// Clears `doc`'s character formats and gives each segment the background of
// its level. The document must hold QString::fromUtf8(answer).
void paintRiskSegments(QTextDocument* doc, const std::vector<RiskSegment>& segments);

// The segment containing QString position `pos`, or nullptr.
const RiskSegment* segmentAt(const std::vector<RiskSegment>& segments, int pos);

} // namespace wb
