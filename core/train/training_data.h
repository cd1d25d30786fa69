#pragma once
// Training text: records -> token sequences with a trained flag per token ->
// packed rows -> batches, and the per-epoch data order. Qt-free and
// LibTorch-free, so the training panel can preview masks without LibTorch.
//
// Packing. Continued pretraining concatenates documents, each followed by EOS,
// and cuts the stream into rows of seq_len tokens, so no compute is spent on
// padding. Every piece of a document in a row is its own segment: a token
// attends only to earlier tokens of its segment (a block-diagonal causal mask)
// and position ids restart at 0 in each segment, so packing gives exactly the
// logits each document would get alone (tested). SFT examples are packed
// whole (never split; an example longer than seq_len is truncated) with the
// same masks; with packing off every document or example gets its own row.
#include "core/data/record.h"
#include "core/infer/chat_template.h"
#include "core/text/tokenizer.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace wb {

// One document or example: its tokens and, per token, whether the model is
// trained to predict it (the loss at the previous position).
struct TokenSequence {
    int64_t recordId = 0;
    std::vector<int> ids;
    std::vector<uint8_t> trained;   // same length as ids
};

// How records become training text.
struct TextRenderer {
    const Tokenizer* tokenizer = nullptr;
    std::optional<ChatTemplate> chatTemplate;   // SFT and chat records (required for method sft)
    int eosId = -1;                             // appended to every pretraining document
    bool sft = true;                            // false: continued pretraining
    bool trainOnPrompts = false;
};

// The conversation of an SFT or chat record: system (when set), user
// (instruction, then a blank line and the input when there is one),
// assistant (output). Throws wb::Error naming the record for other kinds or
// a chat that does not end with an assistant message.
std::vector<ChatMessage> recordConversation(const Record& r);

// SFT: the record through the chat template; template segments are encoded
// one by one (special tokens allowed), so each token's flag is exact.
// Pretraining: a text record's text (other kinds: their training conversation
// as plain text), then EOS, every token trained. Throws wb::Error naming the
// record when it yields no tokens.
TokenSequence renderRecord(const Record& r, const TextRenderer& renderer);

// A row of at most seqLen tokens. labels[i] is the token to predict at
// position i (-100: no loss there); positions restart at 0 in every segment;
// a token attends to earlier tokens of the same segment only.
struct PackedRow {
    std::vector<int> ids;
    std::vector<int> labels;
    std::vector<int> positions;
    std::vector<int> segments;
    int64_t trainedTokens() const;
};

inline constexpr int kIgnoreLabel = -100;

struct PackOptions {
    int seqLen = 256;
    bool packing = true;       // several sequences per row
    bool splitLong = true;     // pretraining: a long document continues in the next row; SFT: truncated
};
// Rows in sequence order. `truncated` (if given) counts sequences cut at seqLen.
std::vector<PackedRow> packSequences(const std::vector<TokenSequence>& seqs, const PackOptions& options,
                                     int64_t* truncated = nullptr);

// Rows padded to the longest: [rows, length] row-major. Padding has id 0,
// label -100, position 0 and segment -1.
struct Batch {
    int64_t rows = 0;
    int64_t length = 0;
    std::vector<int> ids, labels, positions, segments;
    int64_t trainedTokens() const;   // labels != -100
};
Batch makeBatch(const std::vector<const PackedRow*>& rows);

// The order rows are visited in: a fresh permutation per epoch from (seed,
// epoch), so a resumed run needs only the step to continue in the same order.
std::vector<int64_t> epochOrder(int64_t rows, uint64_t seed, int64_t epoch, bool shuffle);

// A 64-bit fingerprint of the rows (ids and labels): a resumed run checks the
// data did not change under it.
uint64_t rowsFingerprint(const std::vector<PackedRow>& rows);

// For the mask preview: each token's text and flag.
struct PreviewToken {
    int id = 0;
    std::string text;   // the token decoded on its own (may be part of a UTF-8 character)
    bool trained = false;
};
std::vector<PreviewToken> previewTokens(const TokenSequence& seq, const Tokenizer& tokenizer);

} // namespace wb
