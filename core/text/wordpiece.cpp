// BERT WordPiece, following Google's tokenization.py (BasicTokenizer +
// WordpieceTokenizer) with compact character tables.
#include "core/text/wordpiece.h"
#include "core/text/utf8.h"

#include "core/data/record.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

namespace wb {
namespace {

// Decodes one code point; an invalid byte is returned as U+FFFD with length 1.
char32_t nextChar(std::string_view s, size_t& i)
{
    const auto b0 = static_cast<unsigned char>(s[i]);
    size_t len;
    char32_t cp;
    if (b0 < 0x80) { ++i; return b0; }
    if ((b0 & 0xE0) == 0xC0) { len = 2; cp = b0 & 0x1F; }
    else if ((b0 & 0xF0) == 0xE0) { len = 3; cp = b0 & 0x0F; }
    else if ((b0 & 0xF8) == 0xF0) { len = 4; cp = b0 & 0x07; }
    else { ++i; return 0xFFFD; }
    if (i + len > s.size()) { ++i; return 0xFFFD; }
    for (size_t k = 1; k < len; ++k) {
        const auto b = static_cast<unsigned char>(s[i + k]);
        if ((b & 0xC0) != 0x80) { ++i; return 0xFFFD; }
        cp = (cp << 6) | (b & 0x3F);
    }
    i += len;
    return cp;
}


bool isWhitespace(char32_t c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A)
        || c == 0x202F || c == 0x205F || c == 0x3000;
}

// Categories C* that BERT drops (controls and common format characters).
bool isControl(char32_t c)
{
    if (c == '\t' || c == '\n' || c == '\r') return false;
    return c < 0x20 || (c >= 0x7F && c < 0xA0) || c == 0xAD || (c >= 0x200B && c <= 0x200F)
        || (c >= 0x202A && c <= 0x202E) || (c >= 0x2060 && c <= 0x2064) || c == 0xFEFF;
}

// ASCII symbols count as punctuation in BERT; elsewhere the common P* ranges.
bool isPunctuation(char32_t c)
{
    if ((c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126)) return true;
    if (c == 0xA1 || c == 0xA7 || c == 0xAB || c == 0xB6 || c == 0xB7 || c == 0xBB || c == 0xBF) return true;
    if ((c >= 0x2010 && c <= 0x2027) || (c >= 0x2030 && c <= 0x205E)) return true;
    if ((c >= 0x3001 && c <= 0x3003) || (c >= 0x3008 && c <= 0x3011) || (c >= 0x3014 && c <= 0x301F) || c == 0x30FB)
        return true;
    if ((c >= 0xFF01 && c <= 0xFF03) || (c >= 0xFF05 && c <= 0xFF0A) || (c >= 0xFF0C && c <= 0xFF0F)
        || c == 0xFF1A || c == 0xFF1B || c == 0xFF1F || c == 0xFF20 || (c >= 0xFF3B && c <= 0xFF3D) || c == 0xFF3F
        || c == 0xFF5B || c == 0xFF5D || (c >= 0xFF5F && c <= 0xFF65))
        return true;
    return false;
}

bool isCjk(char32_t c)
{
    return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x20000 && c <= 0x2A6DF)
        || (c >= 0x2A700 && c <= 0x2CEAF) || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x2F800 && c <= 0x2FA1F);
}

// Base letter of precomposed Latin letters U+00C0..U+017F ('.': no decomposition).
constexpr std::string_view kLatinBase =
    "AAAAAA.CEEEEIIII.NOOOOO..UUUUY.."   // C0-DF
    "aaaaaa.ceeeeiiii.nooooo..uuuuy.y"   // E0-FF
    "AaAaAaCcCcCcCcDd..EeEeEeEeEeGgGg"   // 100-11F
    "GgGgHh..IiIiIiIiI...JjKk.LlLlLl."   // 120-13F
    "...NnNnNn...OoOoOo..RrRrRrSsSsSs"   // 140-15F
    "SsTtTt..UuUuUuUuUuUuWwYyYZzZzZz.";  // 160-17F

char32_t stripAccent(char32_t c)
{
    if (c >= 0xC0 && c <= 0x17F) {
        const char b = kLatinBase[c - 0xC0];
        if (b != '.') return char32_t(b);
    }
    return c;
}

bool isCombiningMark(char32_t c)
{
    return c >= 0x300 && c <= 0x36F;
}

char32_t toLower(char32_t c)
{
    if (c < 0x80) return (c >= 'A' && c <= 'Z') ? c + 32 : c;
    if (c >= 0xC0 && c <= 0xDE && c != 0xD7) return c + 0x20;
    if (c >= 0x100 && c <= 0x17F) {
        if (c == 0x130) return 'i';
        if (c == 0x178) return 0xFF;
        const bool oddUpper = (c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E);
        if (c == 0x138 || c == 0x149 || c == 0x17F) return c;
        return (oddUpper ? (c % 2 == 1) : (c % 2 == 0)) ? c + 1 : c;
    }
    if (c >= 0x391 && c <= 0x3A9 && c != 0x3A2) return c + 0x20;
    if (c >= 0x410 && c <= 0x42F) return c + 0x20;
    if (c >= 0x400 && c <= 0x40F) return c + 0x50;
    if (c >= 0xFF21 && c <= 0xFF3A) return c + 0x20;
    return c;
}

} // namespace

void WordPiece::finish(const std::string& nameForErrors)
{
    name_ = nameForErrors;
    const auto unk = tokenToId_.find(options_.unkToken);
    if (unk == tokenToId_.end()) throw Error(nameForErrors + ": unknown token \"" + options_.unkToken + "\" is not in the vocabulary");
    unkId_ = unk->second;
    clsId_ = tokenId("[CLS]").value_or(-1);
    sepId_ = tokenId("[SEP]").value_or(-1);
    if (options_.maxInputCharsPerWord <= 0)
        throw Error(nameForErrors + ": max_input_chars_per_word must be positive");
}

std::unique_ptr<WordPiece> WordPiece::loadVocabTxt(const std::string& path, WordPieceOptions options)
{
    std::ifstream f(path, std::ios::binary);
    if (!f) throw Error(path + ": cannot open file");
    std::unique_ptr<WordPiece> wp(new WordPiece);
    wp->options_ = std::move(options);
    std::string line;
    int lineNo = 0;
    while (std::getline(f, line)) {
        ++lineNo;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty()) throw Error(path + ":" + std::to_string(lineNo) + ": empty token");
        const int id = int(wp->idToToken_.size());
        if (!wp->tokenToId_.emplace(line, id).second)
            throw Error(path + ":" + std::to_string(lineNo) + ": duplicate token \"" + line + "\"");
        wp->idToToken_.push_back(line);
    }
    if (f.bad()) throw Error(path + ": read error");
    if (wp->idToToken_.empty()) throw Error(path + ": empty vocabulary");
    wp->finish(path);
    return wp;
}

std::unique_ptr<WordPiece> WordPiece::fromTokenizerJson(std::string_view text, const std::string& name)
{
    using nlohmann::json;
    json root;
    try {
        root = json::parse(text);
    } catch (const json::parse_error& e) {
        throw Error(name + ": " + e.what());
    }
    try {
        if (!root.is_object() || !root.contains("model") || !root["model"].is_object())
            throw Error(name + ": model: missing or not an object");
        const json& model = root["model"];
        const std::string type = model.value("type", std::string());
        if (type != "WordPiece")
            throw Error(name + ": model.type: expected \"WordPiece\", got \"" + type + "\"");
        std::unique_ptr<WordPiece> wp(new WordPiece);
        WordPieceOptions& o = wp->options_;
        o.unkToken = model.value("unk_token", o.unkToken);
        o.continuingPrefix = model.value("continuing_subword_prefix", o.continuingPrefix);
        o.maxInputCharsPerWord = model.value("max_input_chars_per_word", o.maxInputCharsPerWord);
        const json n = root.value("normalizer", json());
        if (!n.is_null()) {
            if (n.value("type", std::string()) != "BertNormalizer")
                throw Error(name + ": normalizer: unsupported type " + n.value("type", std::string("?"))
                            + " (supported: BertNormalizer)");
            o.lowerCase = n.value("lowercase", true);
            o.cleanText = n.value("clean_text", true);
            o.splitChineseChars = n.value("handle_chinese_chars", true);
            if (n.contains("strip_accents") && !n["strip_accents"].is_null()) o.stripAccents = n["strip_accents"].get<bool>();
        }
        if (!model.contains("vocab") || !model["vocab"].is_object()) throw Error(name + ": model.vocab: missing or not an object");
        for (const auto& [token, value] : model["vocab"].items()) {
            if (!value.is_number_integer() || value.get<int64_t>() < 0 || value.get<int64_t>() > 10'000'000)
                throw Error(name + ": model.vocab[\"" + token + "\"]: id is not a valid integer");
            const int id = value.get<int>();
            if (size_t(id) >= wp->idToToken_.size()) wp->idToToken_.resize(id + 1);
            if (!wp->idToToken_[id].empty())
                throw Error(name + ": model.vocab[\"" + token + "\"]: duplicate id " + std::to_string(id));
            wp->idToToken_[id] = token;
            wp->tokenToId_[token] = id;
        }
        for (size_t id = 0; id < wp->idToToken_.size(); ++id)
            if (wp->idToToken_[id].empty()) throw Error(name + ": model.vocab: no token has id " + std::to_string(id));
        wp->finish(name);
        return wp;
    } catch (const json::exception& e) {
        throw Error(name + ": " + e.what());
    }
}

std::unique_ptr<WordPiece> WordPiece::loadTokenizerJson(const std::string& path)
{
    std::ifstream f(path, std::ios::binary);
    if (!f) throw Error(path + ": cannot open file");
    std::ostringstream ss;
    ss << f.rdbuf();
    return fromTokenizerJson(ss.str(), path);
}

std::optional<int> WordPiece::tokenId(std::string_view token) const
{
    const auto it = tokenToId_.find(std::string(token));
    if (it == tokenToId_.end()) return std::nullopt;
    return it->second;
}

const std::string& WordPiece::tokenText(int id) const
{
    if (id < 0 || id >= vocabSize()) throw Error(name_ + ": token id " + std::to_string(id) + " outside the vocabulary");
    return idToToken_[id];
}

std::vector<std::string> WordPiece::basicTokenize(std::string_view text) const
{
    const bool strip = options_.stripAccents.value_or(options_.lowerCase);
    std::vector<std::string> out;
    std::string word;
    auto flush = [&] {
        if (!word.empty()) out.push_back(std::move(word));
        word.clear();
    };
    for (size_t i = 0; i < text.size();) {
        char32_t c = nextChar(text, i);
        if (options_.cleanText && (c == 0 || c == 0xFFFD || isControl(c))) continue;
        if (isWhitespace(c)) {
            flush();
            continue;
        }
        if (options_.lowerCase) c = toLower(c);
        if (strip) {
            if (isCombiningMark(c)) continue;
            c = stripAccent(c);
            if (options_.lowerCase) c = toLower(c);
        }
        if ((options_.splitChineseChars && isCjk(c)) || isPunctuation(c)) {
            flush();
            std::string single;
            utf8::append(single, c);
            out.push_back(std::move(single));
            continue;
        }
        utf8::append(word, c);
    }
    flush();
    return out;
}

void WordPiece::wordPieces(const std::string& word, std::vector<int>& out) const
{
    // Character boundaries, for the length limit and for sub-word ends.
    std::vector<size_t> bounds;
    for (size_t i = 0; i < word.size();) {
        bounds.push_back(i);
        nextChar(word, i);
    }
    bounds.push_back(word.size());
    const size_t chars = bounds.size() - 1;
    if (chars > size_t(options_.maxInputCharsPerWord)) {
        out.push_back(unkId_);
        return;
    }
    const size_t mark = out.size();
    std::string candidate;
    for (size_t start = 0; start < chars;) {
        int found = -1;
        size_t end = chars;
        for (; end > start; --end) {
            candidate = start > 0 ? options_.continuingPrefix : std::string();
            candidate.append(word, bounds[start], bounds[end] - bounds[start]);
            const auto it = tokenToId_.find(candidate);
            if (it != tokenToId_.end()) {
                found = it->second;
                break;
            }
        }
        if (found < 0) {   // no piece fits: the whole word is unknown
            out.resize(mark);
            out.push_back(unkId_);
            return;
        }
        out.push_back(found);
        start = end;
    }
}

std::vector<int> WordPiece::encode(std::string_view text) const
{
    std::vector<int> ids;
    for (const std::string& w : basicTokenize(text)) wordPieces(w, ids);
    return ids;
}

std::vector<int> WordPiece::encodeForModel(std::string_view text) const
{
    if (clsId_ < 0 || sepId_ < 0) throw Error(name_ + ": vocabulary lacks [CLS] or [SEP]");
    std::vector<int> ids{clsId_};
    for (int id : encode(text)) ids.push_back(id);
    ids.push_back(sepId_);
    return ids;
}

std::vector<int> WordPiece::encodePair(std::string_view a, std::string_view b) const
{
    std::vector<int> ids = encodeForModel(a);
    for (int id : encode(b)) ids.push_back(id);
    ids.push_back(sepId_);
    return ids;
}

std::string WordPiece::decode(const std::vector<int>& ids) const
{
    std::string out;
    for (int id : ids) {
        const std::string& t = tokenText(id);
        if (t.starts_with(options_.continuingPrefix) && !out.empty()) {
            out.append(t, options_.continuingPrefix.size());
        } else {
            if (!out.empty()) out += ' ';
            out += t;
        }
    }
    return out;
}

} // namespace wb
