#pragma once
// GPT-2 byte-level BPE (OpenAI's encoder.json + vocab.bpe). Works on raw bytes
// internally, so any byte sequence, valid UTF-8 or not, encodes and decodes
// back exactly.
#include "core/text/token_counter.h"

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace wb {

class Gpt2Bpe : public TokenCounter {
public:
    // Throws wb::Error naming the file (and line/column or token) at fault.
    static std::unique_ptr<Gpt2Bpe> load(const std::string& encoderJsonPath,
                                         const std::string& vocabBpePath);
    ~Gpt2Bpe() override;

    // With allowSpecial, "<|endoftext|>" in the text becomes its single id;
    // otherwise it is encoded as ordinary text.
    std::vector<int> encode(std::string_view text, bool allowSpecial = false) const;
    // Throws wb::Error for an id outside the vocabulary.
    std::string decode(const std::vector<int>& ids) const;

    size_t countTokens(std::string_view text) const override;
    std::string name() const override { return "gpt2"; }

    int vocabSize() const { return static_cast<int>(idToBytes_.size()); }
    int endOfTextId() const { return endOfTextId_; }

    // Splits text into the pieces the GPT-2 pre-tokenizer regex
    // 's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+
    // would produce. Invalid UTF-8 bytes count as one "other" character each.
    static std::vector<std::string_view> preTokenize(std::string_view text);

private:
    Gpt2Bpe();

    class MergeTable;
    class WordCache;

    template <typename Sink>
    void encodeOrdinary(std::string_view text, Sink&& sink) const;
    template <typename Sink>
    void encodeWithSpecial(std::string_view text, bool allowSpecial, Sink&& sink) const;
    void bpe(std::string_view word, std::vector<int>& out) const;

    std::vector<std::string> idToBytes_;   // id -> raw bytes
    int byteToId_[256] = {};
    std::unique_ptr<MergeTable> merges_;
    int endOfTextId_ = -1;

    mutable std::mutex cacheMutex_;
    std::unique_ptr<WordCache> cache_;   // guarded by cacheMutex_
};

// The Unicode classes behind preTokenize(), for other regex-style
// pre-tokenizers: \p{L}, \p{N} and \s (White_Space).
bool isUnicodeLetter(char32_t c);
bool isUnicodeNumber(char32_t c);
bool isUnicodeWhitespace(char32_t c);

} // namespace wb
