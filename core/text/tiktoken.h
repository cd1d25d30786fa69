#pragma once
// OpenAI tiktoken BPE rank files (`*.tiktoken`: one "base64(token bytes) rank"
// per line, the rank doubling as the token id). Encoding splits text with the
// pre-tokenizer regex, then merges byte pairs, lowest rank first, like
// tiktoken's CoreBPE. Works on raw bytes: decode(encode(t)) == t for any t
// whose single bytes all have ranks.
#include "core/text/token_counter.h"

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace wb {

class Tiktoken : public TokenCounter {
public:
    enum class Pattern {
        // cl100k_base (and Llama 3), pretok::Pattern::Cl100k: (?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|
        // \p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+
        Cl100k,
        // r50k_base / p50k_base: the GPT-2 regex (pretok::Pattern::Gpt2).
        Gpt2,
    };
    using SpecialTokens = std::vector<std::pair<std::string, int>>;

    // Throws wb::Error naming the file and line for a malformed line (missing
    // rank, bad base64, bad or duplicate rank, duplicate token) and the file
    // for a special token whose id is already a rank.
    static std::unique_ptr<Tiktoken> load(const std::string& path, Pattern pattern = Pattern::Cl100k,
                                          const SpecialTokens& special = {});
    // Same from text; `nameForErrors` prefixes every error and is name().
    static std::unique_ptr<Tiktoken> fromText(std::string_view text, const std::string& nameForErrors,
                                              Pattern pattern = Pattern::Cl100k,
                                              const SpecialTokens& special = {});
    ~Tiktoken() override;

    // Special tokens in the text become their ids only with allowSpecial;
    // otherwise they are ordinary text. Throws wb::Error when a byte of the
    // text has no rank of its own (an incomplete rank file).
    std::vector<int> encode(std::string_view text, bool allowSpecial = false) const;
    // Throws wb::Error for an id that is neither a rank nor a special token.
    std::string decode(const std::vector<int>& ids) const;

    size_t countTokens(std::string_view text) const override;
    std::string name() const override { return name_; }

    // One past the largest rank or special id.
    int vocabSize() const { return static_cast<int>(idToBytes_.size()); }
    Pattern pattern() const { return pattern_; }

    static std::vector<std::string_view> preTokenize(std::string_view text, Pattern pattern);

private:
    Tiktoken();
    struct Impl;

    void encodeOrdinary(std::string_view text, std::vector<int>& out) const;
    void encodePiece(std::string_view piece, std::vector<int>& out) const;

    std::string name_;
    Pattern pattern_ = Pattern::Cl100k;
    std::vector<std::string> idToBytes_;
    std::vector<unsigned char> present_;   // 0 gap, 1 rank, 2 special
    std::unique_ptr<Impl> d_;
};

// Strict standard base64 (RFC 4648 alphabet, '=' padding required).
// Returns false for anything else.
bool decodeBase64(std::string_view in, std::string& out);

} // namespace wb
