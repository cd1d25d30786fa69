#pragma once
// BERT WordPiece: BasicTokenizer (clean-up, lower-casing, accent stripping,
// CJK characters as single tokens, punctuation split) then greedy
// longest-match-first sub-words with a "##" continuation prefix. Lower-casing
// and accent stripping use compact tables (ASCII, Latin-1, Latin Extended-A,
// Greek, Cyrillic, full-width Latin, combining marks U+0300-036F), not full
// Unicode NFD.
#include "core/text/token_counter.h"

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace wb {

struct WordPieceOptions {
    bool lowerCase = true;
    std::optional<bool> stripAccents;   // unset: follows lowerCase, as in BERT
    bool splitChineseChars = true;
    bool cleanText = true;
    int maxInputCharsPerWord = 100;
    std::string unkToken = "[UNK]";
    std::string continuingPrefix = "##";
};

class WordPiece : public TokenCounter {
public:
    // One token per line, id = 0-based line number. Errors name file and line.
    static std::unique_ptr<WordPiece> loadVocabTxt(const std::string& path, WordPieceOptions options = {});
    // HF tokenizer.json with model.type "WordPiece" (BertNormalizer options are read).
    static std::unique_ptr<WordPiece> loadTokenizerJson(const std::string& path);
    static std::unique_ptr<WordPiece> fromTokenizerJson(std::string_view json, const std::string& nameForErrors);

    // BasicTokenizer output: normalized words and punctuation/CJK characters.
    std::vector<std::string> basicTokenize(std::string_view text) const;
    // Word pieces without [CLS]/[SEP].
    std::vector<int> encode(std::string_view text) const;
    // [CLS] text [SEP], or [CLS] a [SEP] b [SEP] for a pair.
    std::vector<int> encodeForModel(std::string_view text) const;
    std::vector<int> encodePair(std::string_view a, std::string_view b) const;
    // Tokens joined with spaces, "##" pieces glued to the previous one.
    std::string decode(const std::vector<int>& ids) const;

    size_t countTokens(std::string_view text) const override { return encode(text).size(); }
    std::string name() const override { return name_; }

    int vocabSize() const { return static_cast<int>(idToToken_.size()); }
    std::optional<int> tokenId(std::string_view token) const;
    const std::string& tokenText(int id) const;
    int unkId() const { return unkId_; }
    int clsId() const { return clsId_; }
    int sepId() const { return sepId_; }
    std::optional<int> padId() const { return tokenId("[PAD]"); }
    std::optional<int> maskId() const { return tokenId("[MASK]"); }

private:
    WordPiece() = default;
    void finish(const std::string& nameForErrors);
    void wordPieces(const std::string& word, std::vector<int>& out) const;

    std::string name_;
    WordPieceOptions options_;
    std::unordered_map<std::string, int> tokenToId_;
    std::vector<std::string> idToToken_;
    int unkId_ = -1;
    int clsId_ = -1;
    int sepId_ = -1;
};

} // namespace wb
