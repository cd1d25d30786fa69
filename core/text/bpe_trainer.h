#pragma once
// Trains a byte-level BPE (GPT-2 style) on a corpus and writes it as an HF
// tokenizer.json that HfTokenizer loads. Ids: 0..255 are the raw bytes, then
// one id per new merged token, then the special tokens.
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace wb {

struct BpeTrainerOptions {
    int vocabSize = 8192;                            // bytes + merged tokens + special tokens
    std::vector<std::string> specialTokens = {"<|endoftext|>"};
    int64_t minPairFrequency = 2;                    // stop when the best pair is rarer than this
};

struct BpeModel {
    std::vector<std::string> tokens;                 // id -> raw bytes (special tokens as their text)
    std::vector<std::pair<int, int>> merges;         // in rank order
    std::vector<int> specialIds;
};

class BpeTrainer {
public:
    // Throws wb::Error if vocabSize cannot hold the 256 bytes and the specials.
    explicit BpeTrainer(BpeTrainerOptions options);

    // Counts the words of `text` (GPT-2 pre-tokenizer; special tokens in the
    // text are cut out, never learned from).
    void addText(std::string_view text);
    // A UTF-8 text file, read in blocks of lines. Throws wb::Error naming the file.
    void addFile(const std::string& path);

    // Deterministic for the same counted words and options.
    BpeModel train() const;

    size_t distinctWords() const { return wordCounts_.size(); }

private:
    BpeTrainerOptions options_;
    std::unordered_map<std::string, int64_t> wordCounts_;
};

// HF tokenizer.json (BPE model, ByteLevel pre-tokenizer and decoder).
std::string toTokenizerJson(const BpeModel& model);
// Writes toTokenizerJson(); throws wb::Error naming the file on failure.
void saveTokenizerJson(const BpeModel& model, const std::string& path);

} // namespace wb
