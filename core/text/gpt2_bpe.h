#pragma once
// GPT-2 byte-level BPE (OpenAI's encoder.json + vocab.bpe). Works on raw bytes
// internally, so any byte sequence, valid UTF-8 or not, encodes and decodes
// back exactly.
#include "core/text/token_counter.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wb {

// The byte-pair merging engine of byte-level BPE vocabularies (Gpt2Bpe and
// HfTokenizer's byte-level models): merges the bytes of one pre-tokenized
// piece into token ids, and caches the ids of pieces already seen. Safe to
// use from several threads once built.
class ByteLevelBpe {
public:
    // OpenAI's encoder.py merges every occurrence of the lowest-ranked pair
    // in one round; HF tokenizers merges one occurrence at a time (lowest
    // rank, then leftmost). They differ only for merge lists in which a merged
    // token takes part in a lower-ranked merge than its own.
    enum class Order { OpenAi, Hf };

    ByteLevelBpe(Order order, size_t expectedMerges);
    ~ByteLevelBpe();
    ByteLevelBpe(const ByteLevelBpe&) = delete;
    ByteLevelBpe& operator=(const ByteLevelBpe&) = delete;

    // The id of each single byte: the symbols merging starts from.
    void setByteId(unsigned char byte, int id) { byteToId_[byte] = id; }
    int byteId(unsigned char byte) const { return byteToId_[byte]; }
    // Returns false when the pair already has a merge.
    bool addMerge(int left, int right, int rank, int merged);
    // HF ignore_merges: a piece that is a token of its own is that token,
    // whatever the merges would make of it. Called on cache misses only.
    void setWholePieceLookup(std::function<std::optional<int>(std::string_view)> lookup)
    {
        wholePiece_ = std::move(lookup);
    }

    // Builds the lookup tables derived from the merges; call it once all
    // merges are in (otherwise the first encode does, and pays for it).
    void prepare() const;

    // Appends the ids of one pre-tokenized piece.
    void encodePiece(std::string_view piece, std::vector<int>& out) const;
    // Same without the word cache (for tests and benchmarks of the merge loop).
    void mergePiece(std::string_view piece, std::vector<int>& out) const;

private:
    class MergeTable;
    class WordCache;

    // Rank of each pair of single-byte tokens, [first byte * 256 + second],
    // built on first use (after all merges are in).
    const int* bytePairRanks() const;

    Order order_;
    int byteToId_[256] = {};
    std::unique_ptr<MergeTable> merges_;
    std::function<std::optional<int>(std::string_view)> wholePiece_;
    mutable std::once_flag bytePairOnce_;
    mutable std::vector<int> bytePairRank_;
    mutable std::mutex cacheMutex_;
    std::unique_ptr<WordCache> cache_;   // guarded by cacheMutex_
};

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
    // load() without settling the heap; its temporaries are gone when it returns.
    static std::unique_ptr<Gpt2Bpe> loadFiles(const std::string& encoderJsonPath, const std::string& vocabBpePath);

    void encodeOrdinary(std::string_view text, std::vector<int>& out) const;

    std::vector<std::string> idToBytes_;   // id -> raw bytes
    std::unique_ptr<ByteLevelBpe> bpe_;
    int endOfTextId_ = -1;
};

// Hands the small blocks a loader has just freed (a parsed JSON vocabulary:
// some 100k of them) back to the allocator in one go. Otherwise glibc does it
// on the next large allocation, which is the first encode: milliseconds of
// latency on a short text.
void settleFreedLoaderMemory();

// The Unicode classes behind preTokenize(), for other regex-style
// pre-tokenizers: \p{L}, \p{N} and \s (White_Space). See unicode_props.h.
bool isUnicodeLetter(char32_t c);
bool isUnicodeNumber(char32_t c);
bool isUnicodeWhitespace(char32_t c);

} // namespace wb
