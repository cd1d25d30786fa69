#include "core/inspect/text_units.h"

#include "core/text/unicode_props.h"

#include <algorithm>
#include <array>

namespace wb::inspect {

bool isHan(char32_t cp)
{
    return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
           (cp >= 0x20000 && cp <= 0x3134F);
}

std::string asciiLower(std::string_view s)
{
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
    return out;
}

namespace {

bool endsWith(const std::string& s, std::string_view suffix)
{
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool isAsciiUpper(char32_t cp) { return cp >= 'A' && cp <= 'Z'; }

// Letters of words: every Unicode letter except Han (each Han character is its own unit).
bool isWordLetter(char32_t cp) { return !isHan(cp) && unicode::classOf(cp) == unicode::CharClass::Letter; }

} // namespace

std::string normaliseWord(std::string_view word)
{
    std::string w = asciiLower(word);
    // Curly apostrophe to straight, so "Arthur’s" and "Arthur's" agree.
    for (size_t p; (p = w.find("\xE2\x80\x99")) != std::string::npos;) w.replace(p, 3, "'");
    if (endsWith(w, "'s")) w.resize(w.size() - 2);
    if (endsWith(w, "'")) w.pop_back();
    if (w.size() > 4 && endsWith(w, "ies")) w.replace(w.size() - 3, 3, "y");
    else if (endsWith(w, "sses")) w.resize(w.size() - 2);
    else if (w.size() > 3 && endsWith(w, "s") && !endsWith(w, "ss") && !endsWith(w, "us") && !endsWith(w, "is"))
        w.pop_back();
    if (w.size() > 5 && endsWith(w, "ing")) w.resize(w.size() - 3);
    else if (w.size() > 4 && endsWith(w, "ed")) w.resize(w.size() - 2);
    if (w.size() > 3 && endsWith(w, "e")) w.pop_back();
    return w;
}

namespace {

// `stem` is normaliseWord(word), which the caller usually has already.
bool isStopwordWithStem(std::string_view word, std::string_view stem)
{
    // Function words and the filler of answers, as written (lower case).
    static constexpr std::string_view kForms[] = {
        "a", "an", "the", "and", "or", "but", "if", "of", "in", "on", "at", "to", "for", "from", "by", "with",
        "about", "as", "into", "onto", "over", "under", "than", "then", "that", "this", "these", "those", "it",
        "its", "it's", "is", "are", "was", "were", "be", "been", "being", "am", "has", "have", "had", "do", "does",
        "did", "done", "not", "no", "nor", "so", "such", "too", "very", "can", "could", "will", "would", "shall",
        "should", "may", "might", "must", "he", "she", "they", "them", "their", "his", "her", "him", "we", "us",
        "our", "you", "your", "i", "me", "my", "who", "whom", "whose", "which", "what", "when", "where", "why",
        "how", "there", "here", "also", "both", "each", "all", "any", "some", "more", "most", "other", "only",
        "own", "same", "just", "yes", "out", "up", "down", "off", "again", "further", "once", "while", "during",
        "before", "after", "above", "below", "between", "through", "because", "until", "against", "among", "per",
        "via", "one", "however", "therefore", "thus", "hence", "well", "like", "many", "much", "few", "several",
        "first", "second", "new", "old", "use", "used", "uses", "using", "call", "called", "calls"};
    // Stems (see normaliseWord) of answer filler in any inflection and case:
    // "based", "provides", "mentioned", "stating", "passages", "made", ...
    static constexpr std::string_view kStems[] = {
        "answer", "question", "bas", "provid", "information", "informat", "know", "known", "accord", "mention",
        "stat", "text", "passag", "mad", "mak", "includ"};
    std::string lower = asciiLower(word);
    for (size_t p; (p = lower.find("\xE2\x80\x99")) != std::string::npos;) lower.replace(p, 3, "'");   // it’s
    auto in = [](const auto& list, std::string_view w) { return std::find(std::begin(list), std::end(list), w) != std::end(list); };
    if (in(kForms, lower)) return true;
    if (in(kStems, stem)) return true;
    // Inflected function words ("others", "ours") count in lower case only: a
    // capitalised word whose stem is one ("Andes" -> "and") is a name.
    const bool capitalised = !word.empty() && word[0] >= 'A' && word[0] <= 'Z';
    return !capitalised && in(kForms, stem);
}

} // namespace

bool isStopword(std::string_view word) { return isStopwordWithStem(word, normaliseWord(word)); }

bool isHanStopChar(std::string_view c)
{
    static constexpr std::string_view kStop[] = {
        "的", "了", "是", "在", "和", "与", "及", "也", "都", "就", "而", "或", "被", "把", "这", "那",
        "个", "之", "为", "以", "于", "其", "有", "并", "由", "对", "从", "将", "中", "上", "下", "他",
        "她", "它", "们", "我", "你", "该", "此", "等"};
    return std::find(std::begin(kStop), std::end(kStop), c) != std::end(kStop);
}

std::vector<TextUnit> textUnits(std::string_view text)
{
    std::vector<TextUnit> units;
    size_t i = 0;
    while (i < text.size()) {
        const unicode::Decoded d = unicode::decodeUtf8(text, i);
        if (d.valid && isHan(d.cp)) {
            units.push_back({i, i + d.len, UnitKind::Han, std::string(text.substr(i, d.len)), false});
            i += d.len;
            continue;
        }
        if (d.cp >= '0' && d.cp <= '9') {
            size_t j = i;
            while (j < text.size() && text[j] >= '0' && text[j] <= '9') ++j;
            units.push_back({i, j, UnitKind::Digits, std::string(text.substr(i, j - i)), false});
            i = j;
            continue;
        }
        if (d.valid && isWordLetter(d.cp)) {
            size_t j = i + d.len;
            while (j < text.size()) {
                const unicode::Decoded e = unicode::decodeUtf8(text, j);
                if (e.valid && (isWordLetter(e.cp) || (e.cp >= '0' && e.cp <= '9'))) {
                    j += e.len;
                    continue;
                }
                // An inner apostrophe or hyphen joins ("Arthur's", "well-known") when a letter follows.
                if (e.cp == '\'' || e.cp == 0x2019 || e.cp == '-') {
                    const size_t k = j + e.len;
                    if (k < text.size()) {
                        const unicode::Decoded f = unicode::decodeUtf8(text, k);
                        if (f.valid && isWordLetter(f.cp)) {
                            j = k;
                            continue;
                        }
                    }
                }
                break;
            }
            const bool upper = isAsciiUpper(d.cp) || (d.cp >= 0xC0 && d.cp <= 0xDE && d.cp != 0xD7);
            const std::string_view word = text.substr(i, j - i);
            std::string stem = normaliseWord(word);
            const bool stop = isStopwordWithStem(word, stem);
            units.push_back({i, j, UnitKind::Word, std::move(stem), upper, stop});
            i = j;
            continue;
        }
        i += d.len;
    }
    return units;
}

size_t codePointOffset(std::string_view text, size_t byteOffset)
{
    size_t n = 0;
    for (size_t i = 0; i < std::min(byteOffset, text.size());) {
        i += unicode::decodeUtf8(text, i).len;
        ++n;
    }
    return n;
}

size_t byteOffsetOfCodePoint(std::string_view text, size_t cp)
{
    size_t i = 0;
    for (size_t n = 0; n < cp && i < text.size(); ++n) i += unicode::decodeUtf8(text, i).len;
    return i;
}

} // namespace wb::inspect
