#include "ui/knowledge/match_highlight.h"

#include <QStringList>
#include <QVector>

namespace wb {

namespace {

bool isCjk(char32_t c)
{
    return (c >= 0x3040 && c <= 0x30FF)      // kana
           || (c >= 0x3400 && c <= 0x4DBF)   // CJK extension A
           || (c >= 0x4E00 && c <= 0x9FFF)   // CJK unified
           || (c >= 0xAC00 && c <= 0xD7AF)   // hangul
           || (c >= 0xF900 && c <= 0xFAFF)   // compatibility ideographs
           || (c >= 0x20000 && c <= 0x2FA1F);
}

bool isWordChar(char32_t c)
{
    return !isCjk(c) && QChar::isLetterOrNumber(c);
}

struct Terms {
    QStringList words;   // lower-case, whole-word matches
    QStringList cjk;     // substrings (pairs, or single characters)
};

Terms queryTerms(const QString& query)
{
    Terms t;
    const QList<uint> cps = query.toUcs4();
    for (qsizetype i = 0; i < cps.size();) {
        const char32_t c = cps[i];
        if (isCjk(c)) {
            qsizetype j = i;
            while (j < cps.size() && isCjk(cps[j]))
                ++j;
            if (j - i == 1)
                t.cjk << QString::fromUcs4(&c, 1);
            for (qsizetype k = i; k + 1 < j; ++k) {
                const char32_t pair[2] = {char32_t(cps[k]), char32_t(cps[k + 1])};
                t.cjk << QString::fromUcs4(pair, 2);
            }
            i = j;
        } else if (isWordChar(c)) {
            qsizetype j = i;
            while (j < cps.size() && isWordChar(cps[j]))
                ++j;
            if (j - i >= 2) {
                QVector<char32_t> w;
                for (qsizetype k = i; k < j; ++k)
                    w << char32_t(cps[k]);
                t.words << QString::fromUcs4(w.constData(), w.size()).toLower();
            }
            i = j;
        } else {
            ++i;
        }
    }
    t.words.removeDuplicates();
    t.cjk.removeDuplicates();
    return t;
}

// The code point starting at UTF-16 index i of s (and whether it is a word character).
bool wordCharAt(const QString& s, qsizetype i)
{
    if (i < 0 || i >= s.size())
        return false;
    char32_t c = s[i].unicode();
    if (s[i].isLowSurrogate() && i > 0 && s[i - 1].isHighSurrogate())
        c = QChar::surrogateToUcs4(s[i - 1], s[i]);
    else if (s[i].isHighSurrogate() && i + 1 < s.size() && s[i + 1].isLowSurrogate())
        c = QChar::surrogateToUcs4(s[i], s[i + 1]);
    return isWordChar(c);
}

} // namespace

QList<std::pair<qsizetype, qsizetype>> matchRanges(const QString& text, const QString& query)
{
    const Terms terms = queryTerms(query);
    QVector<bool> marked(text.size(), false);
    auto mark = [&marked](qsizetype at, qsizetype len) {
        for (qsizetype k = at; k < at + len; ++k)
            marked[k] = true;
    };
    for (const QString& w : terms.words)
        for (qsizetype at = text.indexOf(w, 0, Qt::CaseInsensitive); at >= 0;
             at = text.indexOf(w, at + 1, Qt::CaseInsensitive))
            if (!wordCharAt(text, at - 1) && !wordCharAt(text, at + w.size()))
                mark(at, w.size());
    for (const QString& c : terms.cjk)
        for (qsizetype at = text.indexOf(c); at >= 0; at = text.indexOf(c, at + 1))
            mark(at, c.size());
    QList<std::pair<qsizetype, qsizetype>> out;
    for (qsizetype i = 0; i < marked.size();) {
        if (!marked[i]) {
            ++i;
            continue;
        }
        qsizetype j = i;
        while (j < marked.size() && marked[j])
            ++j;
        out.push_back({i, j - i});
        i = j;
    }
    return out;
}

QString highlightMatches(const QString& text, const QString& query)
{
    QString html;
    qsizetype at = 0;
    auto plain = [](const QString& s) { return s.toHtmlEscaped().replace(QLatin1Char('\n'), QLatin1String("<br>")); };
    for (const auto& [pos, len] : matchRanges(text, query)) {
        html += plain(text.mid(at, pos - at));
        html += QLatin1String("<b style=\"background-color:#ffe066;\">") + plain(text.mid(pos, len))
                + QLatin1String("</b>");
        at = pos + len;
    }
    html += plain(text.mid(at));
    return html;
}

} // namespace wb
