#pragma once
// SentencePiece `tokenizer.model` files (Llama 1/2, Mistral, T5, ...) through
// libsentencepiece. The library stays behind a pimpl so its headers never
// reach callers.
#include "core/text/token_counter.h"

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace wb {

class SentencePieceTokenizer : public TokenCounter {
public:
    // Throws wb::Error naming the file when it is missing or not a model.
    static std::unique_ptr<SentencePieceTokenizer> load(const std::string& modelPath);
    ~SentencePieceTokenizer() override;

    // Ids without BOS/EOS; callers add bosId()/eosId() where a model wants them.
    std::vector<int> encode(std::string_view text) const;
    std::vector<std::string> pieces(std::string_view text) const;
    // Throws wb::Error for an id outside the vocabulary.
    std::string decode(const std::vector<int>& ids) const;

    size_t countTokens(std::string_view text) const override;
    std::string name() const override { return name_; }

    int vocabSize() const;
    // -1 where the model has no such token.
    int bosId() const;
    int eosId() const;
    int unkId() const;
    std::string pieceText(int id) const;   // throws for an id outside the vocabulary
    int pieceId(std::string_view piece) const;   // unkId() when absent

private:
    SentencePieceTokenizer();
    struct Impl;
    std::unique_ptr<Impl> d_;
    std::string name_;
};

// Trains a model with SentencePieceTrainer flags ("--input=... --model_prefix=...").
// Throws wb::Error with the trainer's message on failure.
void trainSentencePieceModel(const std::string& flags);

} // namespace wb
