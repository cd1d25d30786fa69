#pragma once
// One interface over every tokenizer a model folder can carry, for generation,
// training and templates: HF tokenizer.json (byte-level BPE or byte-fallback
// BPE), SentencePiece tokenizer.model, GPT-2 encoder.json + vocab.bpe.
// Qt-free and LibTorch-free.
#include "core/text/token_counter.h"

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wb {

class Tokenizer : public TokenCounter {
public:
    // Special tokens written in the text ("<|im_end|>") become their ids only
    // with allowSpecial; otherwise they are ordinary text. No BOS is added.
    virtual std::vector<int> encode(std::string_view text, bool allowSpecial = false) const = 0;
    // Throws wb::Error for an id outside the vocabulary.
    virtual std::string decode(const std::vector<int>& ids) const = 0;
    virtual int vocabSize() const = 0;
    // The id of a token written as in the vocabulary ("<|im_end|>", "</s>").
    virtual std::optional<int> tokenId(std::string_view token) const = 0;
    virtual bool isSpecial(int id) const = 0;
    // "hf-bpe", "sentencepiece", "gpt2".
    virtual std::string kind() const = 0;
    // The file it was loaded from (tokenizer.json, tokenizer.model, encoder.json).
    virtual std::string path() const = 0;

    size_t countTokens(std::string_view text) const override { return encode(text).size(); }
};

// Finds and loads the tokenizer in a model folder: tokenizer.json, else
// tokenizer.model, else encoder.json + vocab.bpe (or vocab.json + merges.txt).
// Throws wb::Error naming the folder when none is there, or the file at fault.
std::unique_ptr<Tokenizer> loadTokenizer(const std::string& modelDir);
// Loads one file by its name (tokenizer.json / *.model / encoder.json).
std::unique_ptr<Tokenizer> loadTokenizerFile(const std::string& path);

// Streaming decode that never splits a UTF-8 character: push() returns the
// text completed by each new id; an incomplete character waits for the next
// one. Works for every Tokenizer (it decodes the ids of the current word
// window, so SentencePiece's leading-space rules are respected).
class TextStream {
public:
    explicit TextStream(const Tokenizer& tokenizer) : tok_(tokenizer) {}
    std::string push(int id);
    // What is still held back (bytes of an incomplete or invalid character).
    std::string finish();
    const std::string& text() const { return emitted_; }   // everything returned so far

private:
    const Tokenizer& tok_;
    std::vector<int> ids_;
    std::string emitted_;
    size_t decodedBytes_ = 0;   // bytes of decode(ids_) already emitted
};

} // namespace wb
