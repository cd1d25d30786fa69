#include "core/retrieval/document_text.h"

#include "core/data/record.h"
#include "core/text/utf8.h"

#include <nlohmann/json.hpp>
#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-global.h>
#include <poppler/cpp/poppler-page.h>

#include <algorithm>
#include <cctype>
#include <climits>
#include <memory>
#include <mutex>

namespace wb {

namespace {

std::string lower(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return s;
}

void requireUtf8(const std::string& path, std::string_view bytes)
{
    if (size_t bad = utf8::firstInvalid(bytes); bad != std::string_view::npos)
        throw Error(path + ": not valid UTF-8 text (invalid byte 0x" +
                    [&] {
                        static const char* hex = "0123456789ABCDEF";
                        const auto c = static_cast<unsigned char>(bytes[bad]);
                        return std::string{hex[c >> 4], hex[c & 15]};
                    }()
                    + " at byte offset " + std::to_string(bad) + ")");
}

std::string withoutBom(const std::string& bytes)
{
    return bytes.rfind("\xEF\xBB\xBF", 0) == 0 ? bytes.substr(3) : bytes;
}

// ---- HTML

bool isBlockTag(const std::string& name)
{
    static const char* blocks[] = {"p",  "div", "br", "li", "ul", "ol", "tr", "table", "h1", "h2", "h3", "h4",
                                   "h5", "h6", "section", "article", "header", "footer", "blockquote", "pre",
                                   "hr", "title", "dd", "dt", "dl", "nav", "aside", "main", "figure", "figcaption",
                                   "td", "th", "form", "body", "html", "head"};
    return std::find_if(std::begin(blocks), std::end(blocks), [&](const char* b) { return name == b; })
        != std::end(blocks);
}

std::optional<uint32_t> namedEntity(std::string_view name)
{
    static const std::pair<const char*, uint32_t> table[] = {
        {"amp", '&'},       {"lt", '<'},        {"gt", '>'},        {"quot", '"'},      {"apos", '\''},
        {"nbsp", ' '},      {"copy", 0xA9},     {"reg", 0xAE},      {"trade", 0x2122},  {"mdash", 0x2014},
        {"ndash", 0x2013},  {"hellip", 0x2026}, {"lsquo", 0x2018},  {"rsquo", 0x2019},  {"ldquo", 0x201C},
        {"rdquo", 0x201D},  {"middot", 0xB7},   {"times", 0xD7},    {"deg", 0xB0},      {"euro", 0x20AC},
        {"laquo", 0xAB},    {"raquo", 0xBB},    {"bull", 0x2022},   {"shy", 0xAD},      {"ensp", ' '},
        {"emsp", ' '},      {"thinsp", ' '},    {"plusmn", 0xB1},   {"micro", 0xB5},    {"para", 0xB6},
        {"sect", 0xA7},     {"divide", 0xF7},   {"minus", 0x2212},  {"le", 0x2264},     {"ge", 0x2265},
        {"ne", 0x2260},     {"alpha", 0x3B1},   {"beta", 0x3B2},    {"gamma", 0x3B3},   {"mu", 0x3BC},
        {"pi", 0x3C0},      {"sigma", 0x3C3},   {"eacute", 0xE9},   {"egrave", 0xE8},   {"agrave", 0xE0},
        {"ouml", 0xF6},     {"uuml", 0xFC},     {"auml", 0xE4},     {"szlig", 0xDF},    {"ccedil", 0xE7}};
    for (const auto& [n, cp] : table)
        if (name == n)
            return cp;
    return std::nullopt;
}

// Decodes the entity at html[p] == '&' into out; returns the bytes consumed (0: not an entity).
size_t decodeEntity(std::string_view html, size_t p, std::string& out)
{
    const size_t semi = html.find(';', p + 1);
    if (semi == std::string_view::npos || semi - p > 12)
        return 0;
    std::string_view body = html.substr(p + 1, semi - p - 1);
    if (body.empty())
        return 0;
    uint32_t cp = 0;
    if (body[0] == '#') {
        const bool hex = body.size() > 1 && (body[1] == 'x' || body[1] == 'X');
        std::string_view digits = body.substr(hex ? 2 : 1);
        if (digits.empty())
            return 0;
        for (char c : digits) {
            int v = -1;
            if (c >= '0' && c <= '9')
                v = c - '0';
            else if (hex && c >= 'a' && c <= 'f')
                v = c - 'a' + 10;
            else if (hex && c >= 'A' && c <= 'F')
                v = c - 'A' + 10;
            if (v < 0)
                return 0;
            cp = cp * (hex ? 16 : 10) + uint32_t(v);
            if (cp > 0x10FFFF)
                return 0;
        }
        if (cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF))
            cp = 0xFFFD;
    } else {
        auto named = namedEntity(body);
        if (!named)
            return 0;
        cp = *named;
    }
    utf8::append(out, cp);
    return semi - p + 1;
}

void tidyLines(std::string& text)
{
    // Trim spaces around line breaks and keep at most one blank line.
    std::string out;
    out.reserve(text.size());
    int newlines = 0;
    for (char c : text) {
        if (c == '\n') {
            while (!out.empty() && out.back() == ' ')
                out.pop_back();
            if (++newlines <= 2 && !out.empty())
                out += '\n';
            continue;
        }
        if (c == ' ' && (out.empty() || out.back() == '\n'))
            continue;
        newlines = 0;
        out += c;
    }
    while (!out.empty() && (out.back() == '\n' || out.back() == ' '))
        out.pop_back();
    text = std::move(out);
}

// ---- SQuAD

// Byte offset of code point `cp` in utf-8 text; -1 when past the end.
int64_t codePointToByte(std::string_view text, int64_t cp)
{
    if (cp < 0)
        return -1;
    size_t p = 0;
    for (int64_t i = 0; i < cp; ++i) {
        if (p >= text.size())
            return -1;
        size_t len = utf8::seqLen(reinterpret_cast<const unsigned char*>(text.data()), p, text.size());
        p += len ? len : 1;
    }
    return p <= text.size() ? int64_t(p) : -1;
}

const nlohmann::json& field(const nlohmann::json& j, const char* name, const std::string& path,
                            const std::string& where, nlohmann::json::value_t type)
{
    auto it = j.find(name);
    if (it == j.end())
        throw Error(path + ": " + where + "." + name + " is missing");
    const bool ok = type == nlohmann::json::value_t::number_integer ? it->is_number_integer() : it->type() == type;
    if (!ok)
        throw Error(path + ": " + where + "." + name + " has the wrong type (" + it->type_name() + ")");
    return *it;
}

} // namespace

std::string toString(DocumentKind k)
{
    switch (k) {
    case DocumentKind::Text: return "text";
    case DocumentKind::Markdown: return "markdown";
    case DocumentKind::Html: return "html";
    case DocumentKind::Pdf: return "pdf";
    case DocumentKind::Squad: return "squad";
    case DocumentKind::Record: return "record";
    }
    return "text";
}

DocumentKind documentKindFromString(const std::string& s)
{
    for (DocumentKind k : {DocumentKind::Text, DocumentKind::Markdown, DocumentKind::Html, DocumentKind::Pdf,
                           DocumentKind::Squad, DocumentKind::Record})
        if (toString(k) == s)
            return k;
    throw Error("unknown document kind '" + s + "'");
}

std::optional<DocumentKind> documentKindForPath(const std::string& path)
{
    const size_t dot = path.find_last_of('.');
    const size_t slash = path.find_last_of('/');
    if (dot == std::string::npos || (slash != std::string::npos && dot < slash))
        return std::nullopt;
    const std::string ext = lower(path.substr(dot + 1));
    if (ext == "txt" || ext == "text")
        return DocumentKind::Text;
    if (ext == "md" || ext == "markdown")
        return DocumentKind::Markdown;
    if (ext == "html" || ext == "htm")
        return DocumentKind::Html;
    if (ext == "pdf")
        return DocumentKind::Pdf;
    return std::nullopt;
}

std::string extractText(const std::string& path, DocumentKind kind, const std::string& bytes)
{
    switch (kind) {
    case DocumentKind::Pdf: return pdfToText(path, bytes);
    case DocumentKind::Html: {
        const std::string s = withoutBom(bytes);
        requireUtf8(path, s);
        return htmlToText(s);
    }
    case DocumentKind::Text:
    case DocumentKind::Markdown: {
        std::string s = withoutBom(bytes);
        requireUtf8(path, s);
        return s;
    }
    case DocumentKind::Squad:
    case DocumentKind::Record: break;
    }
    throw Error(path + ": " + toString(kind) + " documents are not read as files");
}

std::string htmlToText(std::string_view html)
{
    std::string out;
    out.reserve(html.size() / 2);
    bool pendingSpace = false;
    auto breakLine = [&](int n) {
        pendingSpace = false;
        int have = 0;
        for (auto it = out.rbegin(); it != out.rend() && *it == '\n' && have < n; ++it)
            ++have;
        if (!out.empty())
            out.append(size_t(n - have), '\n');
    };
    auto emitSpaceIfPending = [&] {
        if (pendingSpace && !out.empty() && out.back() != '\n')
            out += ' ';
        pendingSpace = false;
    };
    size_t p = 0;
    while (p < html.size()) {
        const char c = html[p];
        if (c == '<') {
            if (html.compare(p, 4, "<!--") == 0) {
                const size_t e = html.find("-->", p + 4);
                p = e == std::string_view::npos ? html.size() : e + 3;
                continue;
            }
            const size_t close = html.find('>', p + 1);
            if (close == std::string_view::npos) {
                p = html.size();   // an unterminated tag at the end: dropped
                continue;
            }
            size_t n = p + 1;
            const bool closing = n < html.size() && html[n] == '/';
            if (closing)
                ++n;
            size_t nameEnd = n;
            while (nameEnd < close && (std::isalnum(static_cast<unsigned char>(html[nameEnd]))))
                ++nameEnd;
            const std::string name = lower(std::string(html.substr(n, nameEnd - n)));
            if (name.empty() && !closing && html[p + 1] != '!' && html[p + 1] != '?') {
                // A literal '<' in text ("a < b").
                emitSpaceIfPending();
                out += '<';
                ++p;
                continue;
            }
            p = close + 1;
            if (!closing && (name == "script" || name == "style" || name == "noscript" || name == "template")) {
                const std::string endTag = "</" + name;
                size_t e = p;
                for (;;) {
                    e = html.find("</", e);
                    if (e == std::string_view::npos)
                        break;
                    if (lower(std::string(html.substr(e, endTag.size()))) == endTag)
                        break;
                    e += 2;
                }
                if (e == std::string_view::npos) {
                    p = html.size();
                } else {
                    const size_t gt = html.find('>', e);
                    p = gt == std::string_view::npos ? html.size() : gt + 1;
                }
                continue;
            }
            if (isBlockTag(name))
                breakLine(name == "br" || name == "li" || name == "tr" || name == "td" || name == "th" ? 1 : 2);
            else
                pendingSpace = pendingSpace || name == "img";
            continue;
        }
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
            pendingSpace = true;
            ++p;
            continue;
        }
        emitSpaceIfPending();
        if (c == '&') {
            if (size_t used = decodeEntity(html, p, out)) {
                p += used;
                continue;
            }
        }
        out += c;
        ++p;
    }
    // &nbsp; and friends decode to plain spaces; tidy runs of them.
    tidyLines(out);
    return out;
}

std::string pdfToText(const std::string& path, const std::string& bytes)
{
    static std::once_flag quiet;
    // Poppler prints syntax errors of broken files to stderr; we report them ourselves.
    std::call_once(quiet, [] { poppler::set_debug_error_function([](const std::string&, void*) {}, nullptr); });
    if (bytes.size() > size_t(INT_MAX))
        throw Error(path + ": PDF too large (" + std::to_string(bytes.size()) + " bytes)");
    if (bytes.rfind("%PDF-", 0) != 0)
        throw Error(path + ": not a PDF file (no %PDF- header)");
    std::unique_ptr<poppler::document> doc(poppler::document::load_from_raw_data(bytes.data(), int(bytes.size())));
    if (!doc)
        throw Error(path + ": cannot read the PDF (corrupt or unsupported)");
    if (doc->is_locked())
        throw Error(path + ": the PDF is password-protected");
    std::string text;
    const int pages = doc->pages();
    if (pages <= 0)
        throw Error(path + ": the PDF has no pages (corrupt?)");
    for (int i = 0; i < pages; ++i) {
        std::unique_ptr<poppler::page> page(doc->create_page(i));
        if (!page)
            throw Error(path + ": cannot read page " + std::to_string(i + 1) + " of the PDF");
        const poppler::byte_array utf8 = page->text().to_utf8();
        std::string pageText(utf8.begin(), utf8.end());
        // Form feeds between columns/pages are not text.
        std::replace(pageText.begin(), pageText.end(), '\f', '\n');
        if (!text.empty())
            text += "\n\n";
        text += pageText;
    }
    if (utf8::firstInvalid(text) != std::string_view::npos)
        throw Error(path + ": poppler returned text that is not valid UTF-8");
    return text;
}

std::vector<SquadContext> parseSquad(const std::string& path, const std::string& bytes)
{
    nlohmann::json root;
    try {
        root = nlohmann::json::parse(bytes);
    } catch (const nlohmann::json::parse_error& e) {
        throw Error(path + ": not valid JSON (byte " + std::to_string(e.byte) + "): " + e.what());
    }
    if (!root.is_object())
        throw Error(path + ": a SQuAD file is a JSON object with a \"data\" array");
    const auto& data = field(root, "data", path, "$", nlohmann::json::value_t::array);
    std::vector<SquadContext> out;
    for (size_t a = 0; a < data.size(); ++a) {
        const std::string aw = "data[" + std::to_string(a) + "]";
        if (!data[a].is_object())
            throw Error(path + ": " + aw + " is not an object");
        std::string title;
        if (auto t = data[a].find("title"); t != data[a].end() && t->is_string())
            title = t->get<std::string>();
        const auto& paragraphs = field(data[a], "paragraphs", path, aw, nlohmann::json::value_t::array);
        for (size_t p = 0; p < paragraphs.size(); ++p) {
            const std::string pw = aw + ".paragraphs[" + std::to_string(p) + "]";
            if (!paragraphs[p].is_object())
                throw Error(path + ": " + pw + " is not an object");
            SquadContext c;
            c.title = title;
            c.article = int(a);
            c.paragraph = int(p);
            c.context = field(paragraphs[p], "context", path, pw, nlohmann::json::value_t::string).get<std::string>();
            if (auto qas = paragraphs[p].find("qas"); qas != paragraphs[p].end() && qas->is_array()) {
                for (size_t q = 0; q < qas->size(); ++q) {
                    const std::string qw = pw + ".qas[" + std::to_string(q) + "]";
                    const auto& qa = (*qas)[q];
                    if (!qa.is_object())
                        throw Error(path + ": " + qw + " is not an object");
                    SquadQuestion sq;
                    const auto& id = field(qa, "id", path, qw, qa.contains("id") && qa["id"].is_number_integer()
                                                                   ? nlohmann::json::value_t::number_integer
                                                                   : nlohmann::json::value_t::string);
                    sq.id = id.is_string() ? id.get<std::string>() : std::to_string(id.get<int64_t>());
                    sq.question = field(qa, "question", path, qw, nlohmann::json::value_t::string).get<std::string>();
                    if (auto ans = qa.find("answers"); ans != qa.end() && ans->is_array() && !ans->empty()) {
                        const auto& first = (*ans)[0];
                        if (first.is_object()) {
                            if (auto t = first.find("text"); t != first.end() && t->is_string())
                                sq.answer = t->get<std::string>();
                            if (auto s = first.find("answer_start"); s != first.end() && s->is_number_integer())
                                sq.answerStartByte = codePointToByte(c.context, s->get<int64_t>());
                        }
                    }
                    c.questions.push_back(std::move(sq));
                }
            }
            out.push_back(std::move(c));
        }
    }
    return out;
}

} // namespace wb
