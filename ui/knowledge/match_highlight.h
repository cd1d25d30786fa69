#pragma once
// Highlighting a query's matches in a chunk's text, CJK aware, the way BM25
// matched it: words of other scripts (two or more letters/digits, whole words,
// case-insensitive), and in Chinese/Japanese/Korean runs the query's character
// pairs (a lone CJK character matches alone).
#include <QList>
#include <QString>

#include <utility>

namespace wb {

// (position, length) in UTF-16 units of `text`, sorted, merged where they touch.
QList<std::pair<qsizetype, qsizetype>> matchRanges(const QString& text, const QString& query);
// `text` as HTML (escaped, line breaks kept) with the matches in <b><span style="background...">.
QString highlightMatches(const QString& text, const QString& query);

} // namespace wb
