#pragma once
// The pre-tokenizer regexes of byte-level BPE tokenizers, matched by hand
// (no regex engine): each function returns exactly what the regex, tried at
// a position with leftmost-alternative-first semantics (HF tokenizers'
// Oniguruma, tiktoken's fancy-regex, Python's `regex`), would match there.
// The patterns cover every character, so the matches tile the text.
//
// Works on bytes: a byte that is not valid UTF-8 is one character of its own
// that is neither \p{L}, \p{N} nor \s.
#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

namespace wb::pretok {

enum class Pattern {
    // GPT-2, RoBERTa, HF ByteLevel(use_regex), tiktoken r50k/p50k:
    // 's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+
    Gpt2,
    // tiktoken cl100k_base, Llama 3:
    // (?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+
    Cl100k,
    // Qwen2 (and Qwen2.5, Qwen3): Cl100k with \p{N} instead of \p{N}{1,3}.
    Qwen2,
};

// The regex as written in tokenizer.json files.
std::string_view regexOf(Pattern p);
// The pattern whose regex is exactly `regex`, if any.
std::optional<Pattern> patternForRegex(std::string_view regex);

// Byte length of the match at text[pos] (pos < text.size(); always >= 1).
size_t matchLength(Pattern p, std::string_view text, size_t pos);

template <typename Fn>
void forEachPiece(Pattern p, std::string_view text, Fn&& fn)
{
    for (size_t i = 0; i < text.size();) {
        const size_t n = matchLength(p, text, i);
        fn(text.substr(i, n));
        i += n;
    }
}

std::vector<std::string_view> split(Pattern p, std::string_view text);

// HF's Digits pre-tokenizer: runs of \p{N} (each one alone with
// individualDigits) are pieces of their own, as is the text between them.
size_t digitsMatchLength(bool individualDigits, std::string_view text, size_t pos);
std::vector<std::string_view> splitDigits(std::string_view text, bool individualDigits);

} // namespace wb::pretok
