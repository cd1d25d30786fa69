#pragma once
// Trains a byte-level BPE tokenizer on a dataset's text (the same trainer as
// `llmwb tokenizer train`), for models built from scratch. ChatML's markers
// are special tokens, so SFT with the ChatML template costs one token each.
#include <atomic>
#include <cstdint>
#include <string>

namespace wb {

// Reads every record of the dataset (its own store connection), trains and
// writes tokenizer.json to outPath (folders created). Returns the vocabulary
// size. Throws wb::Error naming the file or dataset.
int trainDatasetTokenizer(const std::string& projectPath, int64_t datasetId, int vocabSize, const std::string& outPath,
                          const std::atomic<bool>* cancel = nullptr);

} // namespace wb
