// HF tokenizer.json (BPE model). Byte-level vocabularies are converted from
// the GPT-2 byte-to-unicode alphabet to raw bytes at load time, so encoding
// works on the input bytes directly: normalizer (NFC), pre-tokenizer steps
// (Split with a known regex, Digits, ByteLevel's own regex; pretokenize.h),
// then ByteLevelBpe, the merge engine Gpt2Bpe uses, in HF order. Merging
// follows the tokenizers crate: repeatedly merge the lowest-ranked adjacent
// pair, leftmost first.
#include "core/text/hf_tokenizer.h"
#include "core/text/utf8.h"

#include "core/data/record.h"
#include "core/text/gpt2_bpe.h"
#include "core/text/pretokenize.h"
#include "core/text/unicode_props.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <fstream>
#include <mutex>
#include <queue>
#include <sstream>
#include <unordered_map>

namespace wb {
namespace {

using nlohmann::json;

constexpr size_t kMaxCachedWordBytes = 64;
constexpr size_t kMaxCacheEntries = 1 << 16;

// OpenAI's bytes_to_unicode(): byte -> code point.
std::array<char32_t, 256> makeByteToUnicode()
{
    std::array<char32_t, 256> t{};
    char32_t next = 256;
    for (int b = 0; b < 256; ++b) {
        const bool printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
        t[b] = printable ? char32_t(b) : next++;
    }
    return t;
}


// Byte-level token text -> raw bytes; false if a character is outside the alphabet.
bool byteLevelToBytes(std::string_view token, std::string& out)
{
    static const std::array<int, 512> unicodeToByte = [] {
        std::array<int, 512> u;
        u.fill(-1);
        const auto b2u = makeByteToUnicode();
        for (int b = 0; b < 256; ++b) u[b2u[b]] = b;
        return u;
    }();
    out.clear();
    for (size_t i = 0; i < token.size();) {
        const auto b0 = static_cast<unsigned char>(token[i]);
        char32_t cp;
        if (b0 < 0x80) {
            cp = b0;
            i += 1;
        } else if ((b0 & 0xE0) == 0xC0 && i + 1 < token.size()) {
            cp = char32_t((b0 & 0x1F) << 6) | (static_cast<unsigned char>(token[i + 1]) & 0x3F);
            i += 2;
        } else {
            return false;
        }
        if (cp >= unicodeToByte.size() || unicodeToByte[cp] < 0) return false;
        out.push_back(static_cast<char>(unicodeToByte[cp]));
    }
    return !out.empty();
}

size_t utf8Len(unsigned char b0)
{
    if (b0 < 0x80) return 1;
    if ((b0 & 0xE0) == 0xC0) return 2;
    if ((b0 & 0xF0) == 0xE0) return 3;
    if ((b0 & 0xF8) == 0xF0) return 4;
    return 1;
}

void replaceAll(std::string& s, std::string_view from, std::string_view to)
{
    if (from.empty()) return;
    std::string out;
    size_t pos = 0;
    for (size_t hit; (hit = s.find(from, pos)) != std::string::npos; pos = hit + from.size()) {
        out.append(s, pos, hit - pos);
        out += to;
    }
    out.append(s, pos);
    s = std::move(out);
}

uint64_t pairKey(int l, int r)
{
    return (uint64_t(uint32_t(l)) << 32) | uint32_t(r);
}

std::string typeOf(const json& j)
{
    return j.is_object() && j.contains("type") && j["type"].is_string() ? j["type"].get<std::string>() : "";
}

} // namespace

struct AddedToken {
    std::string content;
    int id;
    bool special;
};

struct NormOp {
    enum Kind { Prepend, Replace, Nfc } kind;
    std::string a;  // prepend text, or pattern
    std::string b;  // replacement
};

// One pre-tokenizer of a Sequence that splits byte-level text: a Split with
// one of the known regexes, ByteLevel's own (GPT-2) regex, or Digits.
struct PreStep {
    bool digits;                // else a regex
    pretok::Pattern pattern;
    bool individualDigits;

    size_t matchLength(std::string_view text, size_t pos) const
    {
        return digits ? pretok::digitsMatchLength(individualDigits, text, pos) : pretok::matchLength(pattern, text, pos);
    }
};

struct HfTokenizer::Impl {
    std::unordered_map<std::string, int> pieceToId;   // raw bytes (byte-level) or token text
    std::unordered_map<std::string, int> tokenToId;   // token text as in the file
    std::unordered_map<uint64_t, std::pair<int, int>> merges;   // (left,right) -> (rank, merged)
    std::vector<AddedToken> added;
    std::array<int, 256> byteToId{};      // byte-level initial symbols
    std::array<int, 256> fallbackId{};    // <0xNN> tokens, -1 if absent
    bool byteFallback = false;
    std::optional<int> unkId;
    bool fuseUnk = false;
    bool ignoreMerges = false;
    // Byte-level pre-tokenizer steps, applied in order to each piece of the last.
    bool addPrefixSpace = false;
    std::vector<PreStep> steps;
    std::unique_ptr<ByteLevelBpe> byteBpe;
    // SentencePiece-style normalizer and Metaspace pre-tokenizer.
    std::vector<NormOp> normOps;
    bool metaspace = false;
    std::string metaReplacement = "\xE2\x96\x81";   // U+2581
    bool metaPrepend = false;
    bool metaSplit = false;

    mutable std::mutex cacheMutex;
    mutable std::unordered_map<std::string, std::vector<int>> cache;
};

// Reads tokenizer.json into an HfTokenizer; every error names the file and field.
struct HfTokenizerLoader {
    HfTokenizer& t;
    HfTokenizer::Impl& d;
    const std::string& name;

    [[noreturn]] void fail(const std::string& field, const std::string& what) const
    {
        throw Error(name + ": " + field + ": " + what);
    }

    void setToken(int id, const std::string& text, const std::string& bytes, const std::string& field)
    {
        if (id < 0) fail(field, "negative id " + std::to_string(id));
        if (id >= 50'000'000) fail(field, "id " + std::to_string(id) + " is implausibly large");
        if (size_t(id) >= t.idToBytes_.size()) {
            t.idToBytes_.resize(id + 1);
            t.idToToken_.resize(id + 1);
            t.present_.resize(id + 1, 0);
            t.special_.resize(id + 1, 0);
        }
        t.idToBytes_[id] = bytes;
        t.idToToken_[id] = text;
        t.present_[id] = 1;
    }

    void loadNormalizer(const json& n)
    {
        if (n.is_null()) return;
        const std::string type = typeOf(n);
        if (type == "Sequence") {
            const json& list = n.value("normalizers", json::array());
            for (const json& sub : list) loadNormalizer(sub);
        } else if (type == "NFC") {
            d.normOps.push_back({NormOp::Nfc, "", ""});
        } else if (type == "Prepend") {
            d.normOps.push_back({NormOp::Prepend, n.value("prepend", std::string()), ""});
        } else if (type == "Replace") {
            const json& p = n.value("pattern", json::object());
            if (!p.contains("String") || !p["String"].is_string())
                fail("normalizer.Replace.pattern", "only String patterns are supported, got " + p.dump());
            d.normOps.push_back({NormOp::Replace, p["String"].get<std::string>(), n.value("content", std::string())});
        } else {
            fail("normalizer", "unsupported normalizer type \"" + type + "\" (supported: NFC, Prepend, Replace, Sequence)");
        }
    }

    void loadPreTokenizer(const json& p, bool& sawByteLevel, bool& sawSplit)
    {
        if (p.is_null()) return;
        const std::string type = typeOf(p);
        if (type == "Sequence") {
            for (const json& sub : p.value("pretokenizers", json::array())) loadPreTokenizer(sub, sawByteLevel, sawSplit);
        } else if (type == "ByteLevel") {
            sawByteLevel = true;
            d.addPrefixSpace = p.value("add_prefix_space", false);
            // After a Split, ByteLevel's own regex is normally off (use_regex false).
            if (p.value("use_regex", true)) d.steps.push_back({false, pretok::Pattern::Gpt2, false});
        } else if (type == "Split") {
            const json& pat = p.value("pattern", json::object());
            // A {"String": ...} pattern is matched literally by HF, so only
            // {"Regex": ...} can name one of the known regexes.
            std::string pattern;
            if (pat.contains("Regex") && pat["Regex"].is_string()) pattern = pat["Regex"].get<std::string>();
            const std::optional<pretok::Pattern> known = pretok::patternForRegex(pattern);
            if (!known)
                fail("pre_tokenizer.Split.pattern",
                     "unsupported pattern " + pat.dump()
                         + " (supported: the GPT-2, Llama 3 / cl100k and Qwen2 regexes, exactly as written by HF)");
            const std::string behavior = p.value("behavior", std::string("Isolated"));
            if (behavior != "Isolated" || p.value("invert", false))
                fail("pre_tokenizer.Split", "unsupported behavior \"" + behavior + "\" (supported: Isolated, invert false)");
            d.steps.push_back({false, *known, false});
            sawSplit = true;
        } else if (type == "Digits") {
            d.steps.push_back({true, pretok::Pattern::Gpt2, p.value("individual_digits", false)});
            sawSplit = true;
        } else if (type == "Metaspace") {
            d.metaspace = true;
            d.metaReplacement = p.value("replacement", d.metaReplacement);
            const std::string scheme = p.value("prepend_scheme", std::string(p.value("add_prefix_space", true) ? "always" : "never"));
            if (scheme != "always" && scheme != "never" && scheme != "first")
                fail("pre_tokenizer.Metaspace.prepend_scheme", "unknown value \"" + scheme + "\"");
            d.metaPrepend = scheme != "never";
            d.metaSplit = p.value("split", true);
        } else {
            fail("pre_tokenizer", "unsupported pre-tokenizer type \"" + type
                                      + "\" (supported: ByteLevel, Split with a known regex, Digits, Metaspace, Sequence)");
        }
    }

    void loadDecoder(const json& dec)
    {
        if (dec.is_null()) return;
        const std::string type = typeOf(dec);
        if (type == "Sequence") {
            for (const json& sub : dec.value("decoders", json::array())) loadDecoder(sub);
        } else if (type == "Strip") {
            t.stripLeadingSpace_ = dec.value("start", 0) > 0 && dec.value("content", std::string(" ")) == " ";
        } else if (type == "Metaspace") {
            const std::string scheme = dec.value("prepend_scheme", std::string(dec.value("add_prefix_space", true) ? "always" : "never"));
            t.stripLeadingSpace_ = scheme != "never";
        }
        // ByteLevel, Replace(▁ -> space), ByteFallback and Fuse are what decode() does anyway.
    }

    std::string pieceBytes(const std::string& token) const
    {
        if (t.byteLevel_) {
            std::string bytes;
            return byteLevelToBytes(token, bytes) ? bytes : std::string();
        }
        if (d.byteFallback && token.size() == 6 && token.starts_with("<0x") && token.back() == '>') {
            const int v = std::stoi(token.substr(3, 2), nullptr, 16);
            return std::string(1, char(v));
        }
        std::string s = token;
        replaceAll(s, d.metaReplacement, " ");
        return s;
    }

    void load(const json& root)
    {
        if (!root.is_object()) throw Error(name + ": expected a JSON object");
        if (!root.contains("model") || !root["model"].is_object()) fail("model", "missing or not an object");
        const json& model = root["model"];
        const std::string type = model.value("type", std::string("BPE"));
        if (type != "BPE")
            fail("model.type", "unsupported model type \"" + type + "\" (supported: BPE; WordPiece has its own loader)");

        bool sawByteLevel = false, sawSplit = false;
        loadNormalizer(root.value("normalizer", json()));
        loadPreTokenizer(root.value("pre_tokenizer", json()), sawByteLevel, sawSplit);
        if (sawSplit && !sawByteLevel) fail("pre_tokenizer", "Split or Digits without ByteLevel is not supported");
        t.byteLevel_ = sawByteLevel;
        for (const NormOp& op : d.normOps)
            if (t.byteLevel_ && op.kind != NormOp::Nfc)
                fail("normalizer", "only NFC is supported together with a ByteLevel pre-tokenizer");
        if (t.byteLevel_ && d.metaspace) fail("pre_tokenizer", "Metaspace together with ByteLevel is not supported");
        loadDecoder(root.value("decoder", json()));

        for (const char* k : {"continuing_subword_prefix", "end_of_word_suffix"})
            if (model.contains(k) && !model[k].is_null() && model[k] != "")
                fail(std::string("model.") + k, "not supported, got " + model[k].dump());
        d.byteFallback = model.value("byte_fallback", false);
        d.fuseUnk = model.value("fuse_unk", false);
        d.ignoreMerges = model.value("ignore_merges", false);

        // Added tokens first: a vocabulary entry outside the byte alphabet is
        // allowed only when it is an added token.
        std::unordered_map<std::string, int> addedByText;
        if (root.contains("added_tokens") && !root["added_tokens"].is_null()) {
            const json& list = root["added_tokens"];
            if (!list.is_array()) fail("added_tokens", "expected an array");
            for (size_t i = 0; i < list.size(); ++i) {
                const std::string field = "added_tokens[" + std::to_string(i) + "]";
                const json& a = list[i];
                if (!a.is_object() || !a.contains("id") || !a["id"].is_number_integer() || !a.contains("content")
                    || !a["content"].is_string())
                    fail(field, "expected an object with integer \"id\" and string \"content\"");
                const std::string content = a["content"].get<std::string>();
                if (content.empty()) fail(field, "empty content");
                const int id = a["id"].get<int>();
                const bool special = a.value("special", false);
                setToken(id, content, content, field);
                t.special_[id] = special;
                d.added.push_back({content, id, special});
                addedByText[content] = id;
                d.tokenToId[content] = id;
            }
        }

        if (!model.contains("vocab") || !model["vocab"].is_object()) fail("model.vocab", "missing or not an object");
        d.fallbackId.fill(-1);
        for (const auto& [token, value] : model["vocab"].items()) {
            const std::string field = "model.vocab[\"" + token + "\"]";
            if (!value.is_number_integer()) fail(field, "id is not an integer");
            const int id = value.get<int>();
            if (size_t(id) < t.present_.size() && t.present_[id] && t.idToToken_[id] != token)
                fail(field, "id " + std::to_string(id) + " already used by \"" + t.idToToken_[id] + "\"");
            if (addedByText.count(token)) {
                d.tokenToId[token] = id;
                if (addedByText[token] != id) fail(field, "id differs from the added token's id");
                if (t.byteLevel_) {
                    std::string bytes;
                    if (byteLevelToBytes(token, bytes)) d.pieceToId.emplace(bytes, id);
                }
                continue;
            }
            const std::string bytes = pieceBytes(token);
            if (bytes.empty()) fail(field, "token uses a character outside the byte-level alphabet");
            setToken(id, token, bytes, field);
            d.tokenToId[token] = id;
            d.pieceToId.emplace(t.byteLevel_ ? bytes : token, id);
            if (!t.byteLevel_ && d.byteFallback && token.size() == 6 && token.starts_with("<0x"))
                d.fallbackId[static_cast<unsigned char>(bytes[0])] = id;
        }
        if (t.byteLevel_) {
            for (int b = 0; b < 256; ++b) {
                const auto it = d.pieceToId.find(std::string(1, char(b)));
                if (it == d.pieceToId.end()) fail("model.vocab", "no byte-level token for byte " + std::to_string(b));
                d.byteToId[b] = it->second;
            }
        }
        if (model.contains("unk_token") && !model["unk_token"].is_null()) {
            const std::string unk = model["unk_token"].get<std::string>();
            const auto it = d.tokenToId.find(unk);
            if (it == d.tokenToId.end()) fail("model.unk_token", "\"" + unk + "\" is not in the vocabulary");
            d.unkId = it->second;
        }

        const json& merges = model.value("merges", json::array());
        if (!merges.is_array()) fail("model.merges", "expected an array");
        if (t.byteLevel_) {
            d.byteBpe = std::make_unique<ByteLevelBpe>(ByteLevelBpe::Order::Hf, merges.size());
            for (int b = 0; b < 256; ++b) d.byteBpe->setByteId(static_cast<unsigned char>(b), d.byteToId[b]);
            if (d.ignoreMerges) {
                const auto* pieces = &d.pieceToId;
                d.byteBpe->setWholePieceLookup([pieces](std::string_view piece) -> std::optional<int> {
                    const auto it = pieces->find(std::string(piece));
                    if (it == pieces->end()) return std::nullopt;
                    return it->second;
                });
            }
        } else {
            d.merges.reserve(merges.size() * 2);
        }
        for (size_t i = 0; i < merges.size(); ++i) {
            const std::string field = "model.merges[" + std::to_string(i) + "]";
            const json& m = merges[i];
            std::string left, right;
            if (m.is_string()) {
                const std::string s = m.get<std::string>();
                const size_t sp = s.find(' ');
                if (sp == std::string::npos || sp == 0 || sp + 1 == s.size() || s.find(' ', sp + 1) != std::string::npos)
                    fail(field, "expected \"left right\", got \"" + s + "\"");
                left = s.substr(0, sp);
                right = s.substr(sp + 1);
            } else if (m.is_array() && m.size() == 2 && m[0].is_string() && m[1].is_string()) {
                left = m[0].get<std::string>();
                right = m[1].get<std::string>();
            } else {
                fail(field, "expected a \"left right\" string or a [left, right] pair, got " + m.dump());
            }
            const auto l = d.tokenToId.find(left), r = d.tokenToId.find(right), merged = d.tokenToId.find(left + right);
            if (l == d.tokenToId.end() || r == d.tokenToId.end() || merged == d.tokenToId.end())
                fail(field, "merge \"" + left + " " + right + "\" uses a token missing from model.vocab");
            bool added = false;
            try {
                added = d.byteBpe ? d.byteBpe->addMerge(l->second, r->second, int(i), merged->second)
                                  : d.merges.emplace(pairKey(l->second, r->second), std::make_pair(int(i), merged->second)).second;
            } catch (const Error& e) {
                fail(field, e.what());
            }
            if (!added) fail(field, "duplicate merge \"" + left + " " + right + "\"");
        }
        if (d.byteBpe) d.byteBpe->prepare();
        // Longest first, so that at one position the longest added token wins.
        std::stable_sort(d.added.begin(), d.added.end(),
                         [](const AddedToken& a, const AddedToken& b) { return a.content.size() > b.content.size(); });
    }
};

HfTokenizer::HfTokenizer() : d_(std::make_unique<Impl>()) {}
HfTokenizer::~HfTokenizer() = default;

std::unique_ptr<HfTokenizer> HfTokenizer::fromJson(std::string_view text, const std::string& nameForErrors)
{
    std::unique_ptr<HfTokenizer> t(new HfTokenizer);
    t->name_ = nameForErrors;
    {
        json root;
        try {
            root = json::parse(text);
        } catch (const json::parse_error& e) {
            throw Error(nameForErrors + ": " + e.what());
        }
        HfTokenizerLoader loader{*t, *t->d_, nameForErrors};
        try {
            loader.load(root);
        } catch (const json::exception& e) {   // a field of an unexpected JSON type
            throw Error(nameForErrors + ": " + e.what());
        }
    }   // the parsed JSON is freed here
    settleFreedLoaderMemory();
    return t;
}

std::unique_ptr<HfTokenizer> HfTokenizer::load(const std::string& path)
{
    std::ifstream f(path, std::ios::binary);
    if (!f) throw Error(path + ": cannot open file");
    std::ostringstream ss;
    ss << f.rdbuf();
    if (f.bad()) throw Error(path + ": read error");
    return fromJson(ss.str(), path);
}

std::optional<int> HfTokenizer::tokenId(std::string_view token) const
{
    const auto it = d_->tokenToId.find(std::string(token));
    if (it == d_->tokenToId.end()) return std::nullopt;
    return it->second;
}

std::string HfTokenizer::tokenText(int id) const
{
    if (id < 0 || id >= vocabSize() || !present_[id]) throw Error(name_ + ": token id " + std::to_string(id) + " not in the vocabulary");
    return idToToken_[id];
}

bool HfTokenizer::isSpecial(int id) const
{
    return id >= 0 && id < vocabSize() && special_[id];
}

const std::string& HfTokenizer::tokenBytes(int id) const
{
    if (id < 0 || id >= vocabSize() || !present_[id])
        throw Error(name_ + ": decode: token id " + std::to_string(id) + " not in the vocabulary");
    return idToBytes_[id];
}

// Heap-driven BPE over symbol ids, as the tokenizers crate's Word::merge_all.
void HfTokenizer::bpe(std::vector<int>& symbols) const
{
    const size_t n = symbols.size();
    if (n < 2) return;
    struct Cand {
        int rank;
        int pos;
        int merged;
        bool operator>(const Cand& o) const { return rank != o.rank ? rank > o.rank : pos > o.pos; }
    };
    std::vector<int> prev(n), next(n);
    for (size_t i = 0; i < n; ++i) {
        prev[i] = int(i) - 1;
        next[i] = i + 1 < n ? int(i + 1) : -1;
    }
    std::priority_queue<Cand, std::vector<Cand>, std::greater<Cand>> heap;
    auto consider = [&](int pos) {
        if (pos < 0 || next[pos] < 0) return;
        const auto it = d_->merges.find(pairKey(symbols[pos], symbols[next[pos]]));
        if (it != d_->merges.end()) heap.push({it->second.first, pos, it->second.second});
    };
    for (size_t i = 0; i + 1 < n; ++i) consider(int(i));
    std::vector<uint8_t> dead(n, 0);
    while (!heap.empty()) {
        const Cand c = heap.top();
        heap.pop();
        if (dead[c.pos] || next[c.pos] < 0) continue;
        // Stale if either side changed since the candidate was pushed.
        const auto it = d_->merges.find(pairKey(symbols[c.pos], symbols[next[c.pos]]));
        if (it == d_->merges.end() || it->second.first != c.rank) continue;
        const int right = next[c.pos];
        symbols[c.pos] = c.merged;
        dead[right] = 1;
        next[c.pos] = next[right];
        if (next[right] >= 0) prev[next[right]] = c.pos;
        consider(prev[c.pos]);
        consider(c.pos);
    }
    size_t w = 0;
    for (int i = 0; i >= 0; i = next[i]) symbols[w++] = symbols[i];
    symbols.resize(w);
}

void HfTokenizer::encodeWord(std::string_view word, std::vector<int>& out) const
{
    if (word.empty()) return;
    const Impl& d = *d_;
    if (byteLevel_) {
        d.byteBpe->encodePiece(word, out);
        return;
    }
    const bool cacheable = word.size() <= kMaxCachedWordBytes;
    std::string key;
    if (cacheable) {
        key.assign(word);
        std::lock_guard lock(d.cacheMutex);
        const auto it = d.cache.find(key);
        if (it != d.cache.end()) {
            out.insert(out.end(), it->second.begin(), it->second.end());
            return;
        }
    }
    std::vector<int> symbols;
    const auto whole = d.ignoreMerges ? d.pieceToId.find(std::string(word)) : d.pieceToId.end();
    if (whole != d.pieceToId.end()) {
        symbols.push_back(whole->second);
    } else {
        // One symbol per character; unknown ones become <0xNN> bytes or unk.
        bool lastUnk = false;
        for (size_t i = 0; i < word.size();) {
            const size_t len = std::min(utf8Len(static_cast<unsigned char>(word[i])), word.size() - i);
            const auto it = d.pieceToId.find(std::string(word.substr(i, len)));
            if (it != d.pieceToId.end()) {
                symbols.push_back(it->second);
                lastUnk = false;
            } else if (d.byteFallback && std::all_of(word.begin() + i, word.begin() + i + len, [&](char b) {
                           return d.fallbackId[static_cast<unsigned char>(b)] >= 0;
                       })) {
                for (size_t k = i; k < i + len; ++k) symbols.push_back(d.fallbackId[static_cast<unsigned char>(word[k])]);
                lastUnk = false;
            } else if (d.unkId) {
                if (!(d.fuseUnk && lastUnk)) symbols.push_back(*d.unkId);
                lastUnk = true;
            } else {
                throw Error(name_ + ": cannot encode character \"" + std::string(word.substr(i, len))
                            + "\": not in the vocabulary and no byte fallback or unk_token");
            }
            i += len;
        }
        bpe(symbols);
    }
    out.insert(out.end(), symbols.begin(), symbols.end());
    if (cacheable) {
        std::lock_guard lock(d.cacheMutex);
        if (d.cache.size() >= kMaxCacheEntries) d.cache.clear();
        d.cache.emplace(std::move(key), std::move(symbols));
    }
}

void HfTokenizer::encodeOrdinary(std::string_view text, std::vector<int>& out) const
{
    if (text.empty()) return;
    const Impl& d = *d_;
    if (byteLevel_) {
        std::string normalized;   // the only normalizer here is NFC
        if (!d.normOps.empty() && unicode::nfcQuickCheck(text) != std::string_view::npos) {
            normalized = unicode::toNfc(text);
            text = normalized;
        }
        std::string prefixed;
        if (d.addPrefixSpace && text.front() != ' ') {
            prefixed = " " + std::string(text);
            text = prefixed;
        }
        splitAndEncode(0, text, out);
        return;
    }
    std::string s(text);
    for (const NormOp& op : d.normOps) {
        if (op.kind == NormOp::Prepend) s = op.a + s;
        else if (op.kind == NormOp::Replace) replaceAll(s, op.a, op.b);
        else s = unicode::toNfc(s);
    }
    if (!d.metaspace) {
        encodeWord(s, out);
        return;
    }
    replaceAll(s, " ", d.metaReplacement);
    if (d.metaPrepend && !s.starts_with(d.metaReplacement)) s = d.metaReplacement + s;
    if (!d.metaSplit) {
        encodeWord(s, out);
        return;
    }
    // Split before each replacement character (it starts the next word).
    const std::string& r = d.metaReplacement;
    size_t start = 0;
    for (size_t hit = s.find(r, r.size()); hit != std::string::npos; hit = s.find(r, hit + r.size())) {
        if (hit > start) encodeWord(std::string_view(s).substr(start, hit - start), out);
        start = hit;
    }
    encodeWord(std::string_view(s).substr(start), out);
}

// Applies pre-tokenizer steps [step, end) to a piece, then BPE to each result.
void HfTokenizer::splitAndEncode(size_t step, std::string_view piece, std::vector<int>& out) const
{
    const std::vector<PreStep>& steps = d_->steps;
    if (step == steps.size()) {
        encodeWord(piece, out);
        return;
    }
    for (size_t i = 0; i < piece.size();) {
        const size_t n = steps[step].matchLength(piece, i);
        splitAndEncode(step + 1, piece.substr(i, n), out);
        i += n;
    }
}

std::vector<int> HfTokenizer::encode(std::string_view text, bool allowSpecial) const
{
    std::vector<int> out;
    out.reserve(text.size() / 3 + 1);
    std::vector<const AddedToken*> active;
    for (const AddedToken& a : d_->added)
        if (allowSpecial || !a.special) active.push_back(&a);
    if (active.empty()) {
        encodeOrdinary(text, out);
        return out;
    }
    // Next occurrence of each active token at or after pos (npos: none left).
    std::vector<size_t> nextHit(active.size());
    for (size_t k = 0; k < active.size(); ++k) nextHit[k] = text.find(active[k]->content);
    size_t pos = 0;
    while (pos < text.size()) {
        size_t best = std::string_view::npos;
        const AddedToken* bestTok = nullptr;
        for (size_t k = 0; k < active.size(); ++k) {
            if (nextHit[k] != std::string_view::npos && nextHit[k] < pos) nextHit[k] = text.find(active[k]->content, pos);
            // active is longest first, so strict < keeps the longest at a tie.
            if (nextHit[k] < best) {
                best = nextHit[k];
                bestTok = active[k];
            }
        }
        if (!bestTok) {
            encodeOrdinary(text.substr(pos), out);
            break;
        }
        encodeOrdinary(text.substr(pos, best - pos), out);
        out.push_back(bestTok->id);
        pos = best + bestTok->content.size();
    }
    return out;
}

size_t HfTokenizer::countTokens(std::string_view text) const
{
    return encode(text, false).size();
}

std::string HfTokenizer::decode(const std::vector<int>& ids) const
{
    std::string out;
    for (int id : ids) out += tokenBytes(id);
    if (stripLeadingSpace_ && !out.empty() && out.front() == ' ') out.erase(0, 1);
    return out;
}

std::string bytesToByteLevel(std::string_view bytes)
{
    static const std::array<char32_t, 256> b2u = makeByteToUnicode();
    std::string out;
    for (unsigned char b : bytes) utf8::append(out, b2u[b]);
    return out;
}

size_t completeUtf8Prefix(std::string_view s)
{
    // Look back at most 3 bytes for a lead byte whose sequence is unfinished.
    const size_t n = s.size();
    for (size_t back = 1; back <= 3 && back <= n; ++back) {
        const auto b = static_cast<unsigned char>(s[n - back]);
        if ((b & 0xC0) == 0x80) continue;   // continuation: keep looking
        const size_t len = utf8Len(b);
        return len > back ? n - back : n;
    }
    return n;
}

std::string StreamingDecoder::push(int id)
{
    pending_ += tok_.tokenBytes(id);
    if (atStart_ && !pending_.empty()) {
        if (tok_.stripsLeadingSpace() && pending_.front() == ' ') pending_.erase(0, 1);
        atStart_ = pending_.empty();
    }
    const size_t n = completeUtf8Prefix(pending_);
    std::string ready = pending_.substr(0, n);
    pending_.erase(0, n);
    return ready;
}

std::string StreamingDecoder::finish()
{
    std::string rest = std::move(pending_);
    reset();
    return rest;
}

void StreamingDecoder::reset()
{
    pending_.clear();
    atStart_ = true;
}

} // namespace wb
