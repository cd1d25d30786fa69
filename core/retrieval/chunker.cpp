#include "core/retrieval/chunker.h"

#include "core/data/record.h"
#include "core/text/cjk_segment.h"
#include "core/text/utf8.h"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace wb {

namespace {

// One code point at text[p]; `len` >= 1 (an invalid byte decodes as U+FFFD, length 1).
char32_t decodeAt(std::string_view text, size_t p, size_t& len)
{
    const auto* s = reinterpret_cast<const unsigned char*>(text.data());
    len = utf8::seqLen(s, p, text.size());
    if (len == 0) {
        len = 1;
        return 0xFFFD;
    }
    if (len == 1)
        return s[p];
    char32_t cp = s[p] & (0x7F >> len);
    for (size_t i = 1; i < len; ++i)
        cp = (cp << 6) | (s[p + i] & 0x3F);
    return cp;
}

bool isSpace(char32_t cp)
{
    return cp == ' ' || (cp >= 0x09 && cp <= 0x0D) || cp == 0xA0 || cp == 0x3000 || cp == 0x2028 || cp == 0x2029
        || (cp >= 0x2000 && cp <= 0x200B);
}

// Letters and digits that join into one "word" token.
bool isWordChar(char32_t cp)
{
    if (cp < 0x80)
        return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || cp == '_';
    if (isCjkCodePoint(cp) || isSpace(cp) || cp == 0xFFFD)
        return false;
    if ((cp >= 0x2010 && cp <= 0x206F) || (cp >= 0xFF00 && cp <= 0xFF0F) || (cp >= 0xA1 && cp <= 0xBF))
        return false;   // general punctuation, fullwidth punctuation, Latin-1 symbols
    return true;
}

// [b, e) with leading and trailing whitespace removed (may become empty: b == e).
std::pair<size_t, size_t> trim(std::string_view text, size_t b, size_t e)
{
    while (b < e) {
        size_t len = 0;
        if (!isSpace(decodeAt(text, b, len)))
            break;
        b += len;
    }
    while (e > b) {
        size_t start = e - 1;
        while (start > b && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80)
            --start;
        size_t len = 0;
        const char32_t cp = decodeAt(text, start, len);
        if (start + len != e || !isSpace(cp))
            break;
        e = start;
    }
    return {b, e};
}

using Spans = std::vector<std::pair<size_t, size_t>>;

// Token windows over [b, e), appended to out.
void splitByTokens(std::string_view text, size_t b, size_t e, const ChunkOptions& o, const std::string& heading,
                   std::vector<ChunkSpan>& out)
{
    Spans toks = approximateTokens(text.substr(b, e - b));
    if (toks.empty())
        return;
    const size_t n = toks.size(), max = size_t(o.maxTokens), overlap = size_t(o.overlapTokens);
    for (size_t i = 0;;) {
        const size_t j = std::min(n, i + max);
        out.push_back({b + toks[i].first, b + toks[j - 1].second, heading});
        if (j == n)
            break;
        i = j - overlap;
    }
}

// A piece that becomes one chunk, or several when it has more than maxTokens tokens.
void addPiece(std::string_view text, size_t b, size_t e, const ChunkOptions& o, const std::string& heading,
              std::vector<ChunkSpan>& out)
{
    std::tie(b, e) = trim(text, b, e);
    if (b == e)
        return;
    if (approximateTokens(text.substr(b, e - b)).size() <= size_t(o.maxTokens))
        out.push_back({b, e, heading});
    else
        splitByTokens(text, b, e, o, heading, out);
}

// Lines as [begin, end) without the '\n'.
Spans lines(std::string_view text)
{
    Spans out;
    size_t b = 0;
    while (b <= text.size()) {
        size_t nl = text.find('\n', b);
        if (nl == std::string_view::npos) {
            if (b < text.size())
                out.push_back({b, text.size()});
            break;
        }
        out.push_back({b, nl});
        b = nl + 1;
    }
    return out;
}

bool blank(std::string_view text, std::pair<size_t, size_t> line)
{
    auto [b, e] = trim(text, line.first, line.second);
    return b == e;
}

std::vector<ChunkSpan> byParagraph(std::string_view text, const ChunkOptions& o)
{
    std::vector<ChunkSpan> out;
    size_t start = std::string_view::npos;
    size_t lastEnd = 0;
    for (const auto& line : lines(text)) {
        if (blank(text, line)) {
            if (start != std::string_view::npos)
                addPiece(text, start, lastEnd, o, {}, out);
            start = std::string_view::npos;
            continue;
        }
        if (start == std::string_view::npos)
            start = line.first;
        lastEnd = line.second;
    }
    if (start != std::string_view::npos)
        addPiece(text, start, lastEnd, o, {}, out);
    return out;
}

// "## Title ##" -> "Title"; "" when the line is not an ATX heading.
std::string headingText(std::string_view line)
{
    size_t i = 0;
    while (i < line.size() && i < 3 && line[i] == ' ')
        ++i;
    size_t hashes = 0;
    while (i + hashes < line.size() && line[i + hashes] == '#')
        ++hashes;
    if (hashes == 0 || hashes > 6)
        return {};
    i += hashes;
    if (i < line.size() && line[i] != ' ' && line[i] != '\t')
        return {};
    std::string_view rest = line.substr(std::min(i, line.size()));
    while (!rest.empty() && (rest.back() == ' ' || rest.back() == '\t' || rest.back() == '\r'))
        rest.remove_suffix(1);
    while (!rest.empty() && rest.back() == '#')
        rest.remove_suffix(1);
    while (!rest.empty() && (rest.front() == ' ' || rest.front() == '\t'))
        rest.remove_prefix(1);
    while (!rest.empty() && (rest.back() == ' ' || rest.back() == '\t'))
        rest.remove_suffix(1);
    return rest.empty() ? std::string(1, '#') : std::string(rest);   // "#" alone is an empty heading
}

std::vector<ChunkSpan> byHeading(std::string_view text, const ChunkOptions& o)
{
    std::vector<ChunkSpan> out;
    bool inFence = false;
    size_t sectionStart = 0;
    std::string heading;
    for (const auto& [b, e] : lines(text)) {
        std::string_view line = text.substr(b, e - b);
        std::string_view stripped = line.substr(std::min(line.find_first_not_of(' '), line.size()));
        if (stripped.rfind("```", 0) == 0 || stripped.rfind("~~~", 0) == 0) {
            inFence = !inFence;
            continue;
        }
        if (inFence)
            continue;
        std::string h = headingText(line);
        if (h.empty())
            continue;
        addPiece(text, sectionStart, b, o, heading, out);
        sectionStart = b;
        heading = h == "#" ? std::string() : h;
    }
    addPiece(text, sectionStart, text.size(), o, heading, out);
    return out;
}

bool isSentenceEnd(char32_t cp)
{
    return cp == 0x3002 /*。*/ || cp == 0xFF01 /*！*/ || cp == 0xFF1F /*？*/ || cp == 0xFF1B /*；*/
        || cp == '!' || cp == '?' || cp == 0x2026 /*…*/;
}

bool isClosing(char32_t cp)
{
    return cp == '"' || cp == '\'' || cp == ')' || cp == ']' || cp == 0x201D || cp == 0x2019 || cp == 0xFF09
        || cp == 0x300D || cp == 0x300F || cp == 0x3011;
}

// Sentence spans (untrimmed, covering the text).
Spans sentences(std::string_view text)
{
    Spans out;
    size_t start = 0, p = 0;
    while (p < text.size()) {
        size_t len = 0;
        const char32_t cp = decodeAt(text, p, len);
        size_t next = p + len;
        bool end = false;
        if (isSentenceEnd(cp)) {
            end = true;
        } else if (cp == '.') {
            // ". Next" ends a sentence; "e.g. next", "3.5" and "x.y" do not.
            size_t l2 = 0, q = next;
            if (next >= text.size() || isClosing(decodeAt(text, next, l2))) {
                end = true;
            } else if (isSpace(decodeAt(text, next, l2))) {
                while (q < text.size() && (text[q] == ' ' || text[q] == '\t'))
                    ++q;
                end = q >= text.size() || !((text[q] >= 'a' && text[q] <= 'z') || (text[q] >= '0' && text[q] <= '9'));
            }
        } else if (cp == '\n') {
            // A blank line ends a sentence (headings, lists, paragraphs without final punctuation).
            size_t q = next;
            while (q < text.size() && (text[q] == ' ' || text[q] == '\t' || text[q] == '\r'))
                ++q;
            end = q < text.size() && text[q] == '\n';
        }
        if (end) {
            // Take repeated terminators and closing quotes with the sentence.
            while (next < text.size()) {
                size_t l2 = 0;
                const char32_t c2 = decodeAt(text, next, l2);
                if (!isClosing(c2) && !isSentenceEnd(c2) && c2 != '.')
                    break;
                next += l2;
            }
            out.push_back({start, next});
            start = next;
        }
        p = next;
    }
    if (start < text.size())
        out.push_back({start, text.size()});
    return out;
}

std::vector<ChunkSpan> bySentence(std::string_view text, const ChunkOptions& o)
{
    std::vector<ChunkSpan> out;
    size_t packBegin = 0, packEnd = 0, packTokens = 0;
    bool open = false;
    auto flush = [&] {
        if (open)
            out.push_back({packBegin, packEnd, {}});
        open = false;
        packTokens = 0;
    };
    for (auto [sb, se] : sentences(text)) {
        auto [b, e] = trim(text, sb, se);
        if (b == e)
            continue;
        const size_t tokens = approximateTokens(text.substr(b, e - b)).size();
        if (tokens > size_t(o.maxTokens)) {
            flush();
            splitByTokens(text, b, e, o, {}, out);
            continue;
        }
        if (open && packTokens + tokens > size_t(o.maxTokens))
            flush();
        if (!open) {
            packBegin = b;
            open = true;
        }
        packEnd = e;
        packTokens += tokens;
    }
    flush();
    return out;
}

} // namespace

std::string toString(ChunkStrategy s)
{
    switch (s) {
    case ChunkStrategy::Tokens: return "tokens";
    case ChunkStrategy::Paragraph: return "paragraph";
    case ChunkStrategy::Heading: return "heading";
    case ChunkStrategy::Sentence: return "sentence";
    }
    return "tokens";
}

ChunkStrategy chunkStrategyFromString(const std::string& s)
{
    for (ChunkStrategy c : {ChunkStrategy::Tokens, ChunkStrategy::Paragraph, ChunkStrategy::Heading,
                            ChunkStrategy::Sentence})
        if (toString(c) == s)
            return c;
    throw Error("unknown chunking strategy '" + s + "' (expected tokens, paragraph, heading or sentence)");
}

std::string chunkOptionsToJson(const ChunkOptions& o)
{
    return nlohmann::json{{"strategy", toString(o.strategy)},
                          {"max_tokens", o.maxTokens},
                          {"overlap_tokens", o.overlapTokens}}
        .dump();
}

ChunkOptions chunkOptionsFromJson(const std::string& json)
{
    ChunkOptions o;
    if (json.empty())
        return o;
    nlohmann::json j = nlohmann::json::parse(json, nullptr, false);
    if (!j.is_object())
        throw Error("chunking options: not a JSON object: " + json);
    try {
        if (j.contains("strategy"))
            o.strategy = chunkStrategyFromString(j.at("strategy").get<std::string>());
        if (j.contains("max_tokens"))
            o.maxTokens = j.at("max_tokens").get<int>();
        if (j.contains("overlap_tokens"))
            o.overlapTokens = j.at("overlap_tokens").get<int>();
    } catch (const nlohmann::json::exception& e) {
        throw Error(std::string("chunking options: bad field: ") + e.what());
    }
    return o;
}

std::vector<std::pair<size_t, size_t>> approximateTokens(std::string_view text)
{
    Spans out;
    size_t p = 0;
    bool inWord = false;
    while (p < text.size()) {
        size_t len = 0;
        const char32_t cp = decodeAt(text, p, len);
        if (isSpace(cp)) {
            inWord = false;
        } else if (isWordChar(cp)) {
            if (inWord)
                out.back().second = p + len;
            else
                out.push_back({p, p + len});
            inWord = true;
        } else {
            out.push_back({p, p + len});
            inWord = false;
        }
        p += len;
    }
    return out;
}

std::vector<ChunkSpan> chunkText(std::string_view text, const ChunkOptions& o)
{
    if (o.maxTokens < 1)
        throw Error("chunking: max tokens must be at least 1 (got " + std::to_string(o.maxTokens) + ")");
    if (o.overlapTokens < 0 || o.overlapTokens >= o.maxTokens)
        throw Error("chunking: overlap tokens must be in [0, max tokens) (got " + std::to_string(o.overlapTokens)
                    + " with max " + std::to_string(o.maxTokens) + ")");
    switch (o.strategy) {
    case ChunkStrategy::Tokens: {
        std::vector<ChunkSpan> out;
        splitByTokens(text, 0, text.size(), o, {}, out);
        return out;
    }
    case ChunkStrategy::Paragraph: return byParagraph(text, o);
    case ChunkStrategy::Heading: return byHeading(text, o);
    case ChunkStrategy::Sentence: return bySentence(text, o);
    }
    return {};
}

} // namespace wb
