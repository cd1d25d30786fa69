#pragma once
// Where the in-app embedder's training pairs come from: SQuAD-style JSON
// (question -> its context), JSONL pair files, dataset records (instruction ->
// output) and, with no labels at all, "inverse cloze" pairs cut from a corpus
// of passages (one sentence -> the rest of its passage). Qt-free, LibTorch-free.
#include "core/data/record.h"

#include <cstdint>
#include <string>
#include <vector>

namespace wb::embed {

// A query and the text it should retrieve. `group` marks pairs whose positives
// are the same text (several questions about one passage): training never uses
// one of them as a negative for another. 0 = a group of its own.
struct TextPair {
    std::string query;
    std::string positive;
    uint64_t group = 0;
};

// A SQuAD v1/v2 file (CMRC 2018, DRCD, ...): its passages and, for each
// question, the index of its passage.
struct SquadQuestion {
    std::string id;
    std::string question;
    int64_t passage = 0;
};
struct SquadData {
    std::vector<std::string> passages;
    std::vector<SquadQuestion> questions;
};
// Throws wb::Error naming the file and the JSON path of a bad field
// ("data[3].paragraphs[0].qas[2].question").
SquadData readSquad(const std::string& path);
// question -> context pairs, grouped by passage.
std::vector<TextPair> squadPairs(const SquadData& data);

// One pair per line: {"query": ..., "positive": ...} (also accepted:
// "question"/"context", "anchor"/"positive", "instruction"/"output").
// Throws wb::Error naming the file, line and field. Blank lines are skipped.
std::vector<TextPair> readPairsJsonl(const std::string& path);
// A .json file with a top-level "data" array is read as SQuAD, anything else
// as JSONL pairs.
std::vector<TextPair> readPairsFile(const std::string& path);

// Pairs from records: SFT instruction (+ input) -> output; preference prompt ->
// chosen; chat: each user turn -> the assistant reply after it. Text records
// give none (use inverseClozePairs on their text). Records with an empty side
// are left out and counted in *skipped when given.
std::vector<TextPair> recordPairs(const std::vector<Record>& records, int64_t* skipped = nullptr);

// Sentences of a passage: cut after 。！？；!?; and after ". " / newline,
// trimmed, empty ones dropped.
std::vector<std::string> splitSentences(const std::string& text);

// Up to perPassage pairs per passage with at least 2 sentences: a random
// sentence -> the passage without it (with probability keepProbability the
// sentence stays in, as in Lee et al. 2019, so lexical overlap still counts).
// Deterministic for a seed. Pairs of one passage share a group.
std::vector<TextPair> inverseClozePairs(const std::vector<std::string>& passages, uint64_t seed,
                                        int perPassage = 2, double keepProbability = 0.1);

} // namespace wb::embed
