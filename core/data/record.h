#pragma once
// The record model shared by every layer: what a dataset row is, independent
// of the file format it came from or the table it is stored in.
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace wb {

// Errors that name the file, line, field or tensor at fault. Every layer throws
// this (or a subclass) for bad input; nothing is silently skipped.
class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

enum class DatasetKind { Sft, Chat, Preference, Text };
enum class ReviewStatus { Unreviewed, Accepted, Rejected, NeedsFix };
enum class Split { Train, Validation, Test };

// Stable lower-case names used in the database, the CLI and JSON:
// "sft" "chat" "preference" "text"; "unreviewed" "accepted" "rejected"
// "needs-fix"; "train" "validation" "test".
std::string_view toString(DatasetKind k);
std::string_view toString(ReviewStatus s);
std::string_view toString(Split s);
// Throw wb::Error naming the bad value.
DatasetKind datasetKindFromString(std::string_view s);
ReviewStatus reviewStatusFromString(std::string_view s);
Split splitFromString(std::string_view s);

struct Message {
    std::string role;     // "system" | "user" | "assistant" | "tool" ...
    std::string content;
    bool operator==(const Message&) const = default;
};

// One record. Which fields are meaningful depends on `kind`:
//  Sft:        system, instruction, input, output, category
//  Chat:       system, messages (alternating user/assistant, may start with system)
//  Preference: system, messages (earlier turns, optional), prompt, chosen, rejected
//  Text:       text
// `extra` holds fields of the source object we do not model, as a compact JSON
// object text ("" when none), so an import/export round trip is lossless.
struct Record {
    int64_t id = 0;
    int64_t datasetId = 0;
    DatasetKind kind = DatasetKind::Sft;

    std::string system;
    std::string instruction;
    std::string input;
    std::string output;
    std::string category;
    std::vector<Message> messages;
    std::string prompt;
    std::string chosen;
    std::string rejected;
    std::string text;
    std::string extra;

    std::string sourceFile;   // file the record was imported from ("" if typed in)
    int64_t sourceLine = 0;   // 1-based line of the record's start in that file
    std::string contentHash;  // see contentHash() below; set by the store on write
    std::vector<std::string> tags;
    ReviewStatus status = ReviewStatus::Unreviewed;
    int rating = 0;           // 0 = unrated, else 1..5
    Split split = Split::Train;
    int64_t createdAt = 0;    // unix milliseconds
    int64_t updatedAt = 0;

    // Content equality (ignores id, provenance, hash, review metadata and times).
    bool sameContent(const Record& o) const;
};

// All user-visible text of a record joined with '\n' in a fixed field order
// (system, instruction, input, output, prompt, chosen, rejected, text, then
// messages as "role: content"). Used for search, quality checks and dedup.
std::string recordText(const Record& r);

// Normalised form used for exact-duplicate detection: NFC is not attempted;
// lower-cases ASCII, collapses every run of Unicode whitespace to one space,
// trims, and drops ASCII punctuation.
std::string normalizeForHash(std::string_view text);

// 16 hex digits of a 64-bit hash of normalizeForHash(recordText(r)) together
// with the kind. Equal for records that differ only in case/space/punctuation.
std::string contentHash(const Record& r);

int64_t nowMillis();

} // namespace wb
