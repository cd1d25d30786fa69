#include "core/embed/text_features.h"

#include "core/text/unicode_props.h"
#include "core/text/utf8.h"

namespace wb::embed {
namespace {

// Scripts written without spaces between words (CJK ideographs, kana, hangul,
// CJK compatibility): one character is one token.
bool isCharacterToken(char32_t cp)
{
    return (cp >= 0x2E80 && cp <= 0x9FFF) || (cp >= 0xAC00 && cp <= 0xD7AF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
           (cp >= 0x20000 && cp <= 0x3FFFF);
}

} // namespace

uint64_t fnv1a64(std::string_view bytes, uint64_t seed)
{
    uint64_t h = seed;
    for (unsigned char c : bytes) {
        h ^= c;
        h *= 1099511628211ull;
    }
    return h;
}

std::vector<FeatureToken> featureTokens(std::string_view text, int maxTokens)
{
    std::vector<FeatureToken> tokens;
    std::string word;
    bool phraseStart = true;   // the next token starts a phrase
    auto endWord = [&] {
        if (word.empty()) return;
        tokens.push_back({word, phraseStart});
        phraseStart = false;
        word.clear();
    };
    for (size_t i = 0; i < text.size() && int(tokens.size()) < maxTokens;) {
        const unicode::Decoded d = unicode::decodeUtf8(text, i);
        i += d.len;
        char32_t cp = d.cp;
        if (cp >= 0xFF01 && cp <= 0xFF5E) cp -= 0xFEE0;   // full-width ASCII
        const unicode::CharClass cls = d.valid ? unicode::classOf(cp) : unicode::CharClass::Other;
        if (cls == unicode::CharClass::Letter || cls == unicode::CharClass::Number) {
            if (isCharacterToken(cp)) {
                endWord();
                std::string ch;
                utf8::append(ch, uint32_t(cp));
                tokens.push_back({std::move(ch), phraseStart});
                phraseStart = false;
            } else {
                utf8::append(word, uint32_t(cp >= 'A' && cp <= 'Z' ? cp + 32 : cp));
            }
        } else if (cls == unicode::CharClass::Space) {
            endWord();
        } else {
            endWord();
            phraseStart = true;
        }
    }
    if (int(tokens.size()) < maxTokens) endWord();
    return tokens;
}

std::vector<int64_t> hashedFeatures(std::string_view text, const FeatureOptions& options)
{
    const std::vector<FeatureToken> tokens = featureTokens(text, options.maxTokens);
    std::vector<int64_t> ids;
    ids.reserve(tokens.size() * 2);
    const uint64_t buckets = uint64_t(options.buckets);
    for (size_t t = 0; t < tokens.size(); ++t) {
        if (options.unigrams) ids.push_back(int64_t(fnv1a64(tokens[t].text, fnv1a64("1")) % buckets));
        if (options.bigrams && t > 0 && !tokens[t].phraseStart) {
            const uint64_t h = fnv1a64(tokens[t].text, fnv1a64("\x1f", fnv1a64(tokens[t - 1].text, fnv1a64("2"))));
            ids.push_back(int64_t(h % buckets));
        }
    }
    return ids;
}

} // namespace wb::embed
