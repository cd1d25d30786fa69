#pragma once
// Curation operations over a dataset: duplicates, quality checks, splits,
// merging and statistics. Each has a pure in-memory core (testable, used by
// benchmarks) and a store-level entry point that works on a RecordQuery.
#include "core/data/record.h"
#include "core/store/project_store.h"

#include <atomic>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace wb {
class TokenCounter;
}

namespace wb::curation {

// Called on the calling thread; false = cancel (the operation then returns an empty result).
using Progress = std::function<bool(int64_t done, int64_t total)>;

// ---------- duplicates
struct DuplicateGroup {
    std::vector<int64_t> ids;      // record ids (store API) or indices (in-memory API); first = suggested keeper
    double similarity = 1.0;       // estimated Jaccard of the least similar pair to the first; 1 for exact
    bool exact = false;
};

std::vector<DuplicateGroup> exactDuplicates(const std::vector<std::string>& texts);
std::vector<DuplicateGroup> exactDuplicates(ProjectStore& store, const RecordQuery& q);

struct NearDupOptions {
    double threshold = 0.8;   // estimated Jaccard similarity on shingles, 0..1 (user-set)
    int numPerm = 64;         // MinHash signature length (bins of one-permutation hashing), 1..1024
    int shingleChars = 5;     // character n-gram shingles (works for CJK and English)
    uint64_t seed = 1;
    int threads = 0;          // 0 = hardware concurrency
};
// MinHash + LSH (bands chosen from threshold and numPerm), candidates verified
// on the signatures. Groups are connected components of verified pairs.
// Texts are normalised like normalizeForHash(); empty ones are never grouped.
// Returns {} when progress answers false (cancelled). Throws wb::Error on bad options.
std::vector<DuplicateGroup> nearDuplicates(const std::vector<std::string>& texts,
                                           const NearDupOptions& opt,
                                           const Progress& progress = {});
std::vector<DuplicateGroup> nearDuplicates(ProjectStore& store, const RecordQuery& q,
                                           const NearDupOptions& opt,
                                           const Progress& progress = {});

// Keep the first id of each group, delete the others in one edit group (undoable).
int64_t dropDuplicates(ProjectStore& store, const std::vector<DuplicateGroup>& groups);

// ---------- quality checks
enum class IssueKind {
    EmptyOutput,              // empty or whitespace-only output / chosen / text
    OutputRepeatsInstruction, // output equals or mostly repeats the instruction
    TooLongChars,
    TooLongTokens,
    RepeatedNgrams,           // degenerate repetition inside a field
    LanguageMismatch,         // language differs from the dataset's majority
    PersonalData,             // email, phone number, Chinese resident ID number
};
std::string_view toString(IssueKind k);   // "empty-output", "repeats-instruction", "too-long-chars",
                                          // "too-long-tokens", "repeated-ngrams", "language-mismatch", "personal-data"

struct QualityIssue {
    int64_t recordId = 0;      // or index for the in-memory API
    IssueKind kind = IssueKind::EmptyOutput;
    std::string field;         // "output", "instruction", ...
    std::string detail;        // human readable, e.g. "email a***@example.com at char 12"
};

struct QualityOptions {
    int64_t maxChars = 8000;
    int64_t maxTokens = 2048;
    int ngram = 4;                    // word n-grams (chars for CJK)
    double maxRepeatedNgramRatio = 0.3;
    const TokenCounter* tokens = nullptr;   // null: TooLongTokens is not checked
    std::string language;             // expected language ("en", "zh"...); "" = majority of the checked records
};

// Language id of a text: "zh", "ja", "ko", "en" (Latin script), "ru"
// (Cyrillic), "ar", "other", or "und" when there is too little text.
std::string detectLanguage(std::string_view text);

std::vector<QualityIssue> checkQuality(const std::vector<Record>& records, const QualityOptions& opt);
std::vector<QualityIssue> checkQuality(ProjectStore& store, const RecordQuery& q,
                                       const QualityOptions& opt, const Progress& progress = {});

// ---------- splits, merging
struct SplitOptions {
    double train = 0.8, validation = 0.1, test = 0.1;   // normalised if they do not sum to 1
    uint64_t seed = 42;
    bool stratifyByCategory = true;
};
struct SplitCounts { int64_t train = 0, validation = 0, test = 0; };

// The pure core of assignSplits: one Split per item, in the items' order.
// Items are ordered by (contentHash, id), shuffled per category with a seeded
// splitmix64 Fisher-Yates, and each category is cut in the requested
// proportions (largest-remainder rounding). Throws wb::Error on bad fractions.
struct SplitItem {
    int64_t id = 0;
    std::string contentHash;
    std::string category;
};
std::vector<Split> planSplits(const std::vector<SplitItem>& items, const SplitOptions& opt);
// Deterministic: the same records, options and seed give the same assignment
// regardless of insertion order (records are ordered by content hash, then id).
// One edit group (undoable).
SplitCounts assignSplits(ProjectStore& store, const RecordQuery& q, const SplitOptions& opt);

// Copy the records of several datasets (same kind) into a new dataset.
int64_t mergeDatasets(ProjectStore& store, const std::vector<int64_t>& sourceIds,
                      const std::string& newName, bool dropExactDuplicates);

// ---------- statistics
struct Histogram {
    std::vector<double> edges;      // bins+1 bin edges
    std::vector<int64_t> counts;    // per bin
};
struct DatasetStats {
    int64_t records = 0;
    std::map<std::string, int64_t> byStatus, byCategory, bySplit, byLanguage;   // byCategory[""]: no category
    // Per field, in chars (code points). Sft: instruction, input, output; chat:
    // user, assistant (one value per message); preference: prompt, chosen,
    // rejected; text: text. Every kind also has "record" (recordText()).
    std::map<std::string, Histogram> charLengths;
    std::map<std::string, double> meanChars;
};
DatasetStats computeStats(ProjectStore& store, int64_t datasetId, int bins = 30);
Histogram histogram(const std::vector<double>& values, int bins);

} // namespace wb::curation
