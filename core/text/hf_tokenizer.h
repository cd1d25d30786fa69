#pragma once
// Hugging Face tokenizer.json with a BPE model: byte-level BPE (GPT-2,
// RoBERTa, Llama 3, Qwen2: ByteLevel, Split with the GPT-2, Llama 3 / cl100k
// or Qwen2 regex, Digits, the NFC normalizer) and SentencePiece-style BPE with
// byte_fallback (Llama 2, Mistral: Metaspace or Prepend/Replace normalizers).
// Unsupported components are load errors that name the field and value, never
// silently different tokenization.
#include "core/text/token_counter.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wb {

class HfTokenizer : public TokenCounter {
public:
    // Throws wb::Error naming the file (and line/column or JSON field).
    static std::unique_ptr<HfTokenizer> load(const std::string& tokenizerJsonPath);
    // Same from text; `nameForErrors` prefixes every error and is name().
    static std::unique_ptr<HfTokenizer> fromJson(std::string_view json, const std::string& nameForErrors);
    ~HfTokenizer() override;

    // Added tokens that are not special are always matched in the text;
    // special ones only with allowSpecial (otherwise they are ordinary text).
    std::vector<int> encode(std::string_view text, bool allowSpecial = false) const;
    // Concatenates the tokens' bytes (special tokens as their text). Throws
    // wb::Error for an unknown id. For byte-level models decode(encode(t)) == t
    // for any bytes; with byte_fallback for any valid UTF-8.
    std::string decode(const std::vector<int>& ids) const;

    size_t countTokens(std::string_view text) const override;
    std::string name() const override { return name_; }

    int vocabSize() const { return static_cast<int>(idToBytes_.size()); }
    // Token strings as written in tokenizer.json (byte-level alphabet, "▁", ...).
    std::optional<int> tokenId(std::string_view token) const;
    std::string tokenText(int id) const;
    bool isSpecial(int id) const;
    bool isByteLevel() const { return byteLevel_; }

    // The bytes one token contributes to decoded text, except that decode()
    // also drops the first leading space where the decoder strips it.
    const std::string& tokenBytes(int id) const;
    bool stripsLeadingSpace() const { return stripLeadingSpace_; }

private:
    HfTokenizer();
    struct Impl;
    friend struct HfTokenizerLoader;

    void encodeOrdinary(std::string_view text, std::vector<int>& out) const;
    void splitAndEncode(size_t step, std::string_view piece, std::vector<int>& out) const;
    void encodeWord(std::string_view word, std::vector<int>& out) const;
    void bpe(std::vector<int>& symbols) const;

    std::string name_;
    bool byteLevel_ = true;
    bool stripLeadingSpace_ = false;
    std::vector<std::string> idToBytes_;   // decoded bytes per id ("" and !present_ for gaps)
    std::vector<std::string> idToToken_;   // as in tokenizer.json
    std::vector<uint8_t> present_;
    std::vector<uint8_t> special_;
    std::unique_ptr<Impl> d_;
};

// Turns a stream of token ids into text without ever splitting a UTF-8
// character: bytes of an incomplete character wait for the next token.
class StreamingDecoder {
public:
    explicit StreamingDecoder(const HfTokenizer& tokenizer) : tok_(tokenizer) {}
    // Text completed by this token (possibly empty). Throws for an unknown id.
    std::string push(int id);
    // Whatever is still buffered (an incomplete or invalid sequence), as is.
    std::string finish();
    void reset();

private:
    const HfTokenizer& tok_;
    std::string pending_;
    bool atStart_ = true;
};

// Length of the longest prefix of `bytes` that does not end inside a UTF-8
// sequence that could still be completed by more bytes.
size_t completeUtf8Prefix(std::string_view bytes);

// Raw bytes in GPT-2's byte-to-unicode alphabet, as byte-level BPE
// vocabularies and merges are written in tokenizer.json ("Ġ" for ' ').
std::string bytesToByteLevel(std::string_view bytes);

} // namespace wb
