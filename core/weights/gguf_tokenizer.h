#pragma once
// Tokenizer metadata in GGUF files, as llama.cpp's convert_hf_to_gguf.py
// writes it ("tokenizer.ggml.*"): built from the tokenizer files of a Hugging
// Face folder, read back from a GGUF file, and turned back into a
// tokenizer.json for byte-level BPE vocabularies.
#include "core/model/config.h"
#include "core/weights/gguf.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace wb {

// llama.cpp's token types (SentencePiece's, numbered from 1).
enum class GgufTokenType : int32_t { Normal = 1, Unknown = 2, Control = 3, UserDefined = 4, Unused = 5, Byte = 6 };

struct GgufVocab {
    std::string model;                // "gpt2" (byte-level BPE) or "llama" (SentencePiece)
    std::string pre;                  // pre-tokenizer name: "gpt-2", "llama-bpe", "qwen2", "default"
    std::vector<std::string> tokens;  // id -> token text as the vocabulary writes it
    std::vector<int32_t> types;       // GgufTokenType per id
    std::vector<float> scores;        // "llama" only
    std::vector<std::string> merges;  // "gpt2" only: "left right", in rank order
    std::optional<int> bos, eos, unk, pad;
    std::optional<bool> addBos, addEos;
    std::string source;               // the file it was read from
};

// The vocabulary of the tokenizer in `dir`: tokenizer.model (SentencePiece),
// else tokenizer.json (BPE), else vocab.json + merges.txt, else encoder.json +
// vocab.bpe; nullopt when none of them is there. Token ids missing from the
// files, and ids up to the model's vocab_size, become "[PAD<id>]" (unused),
// as llama.cpp's converter does. bos/eos/pad come from `config`, else from
// tokenizer_config.json. Throws wb::Error naming the file and field for a
// tokenizer with more tokens than vocab_size, a pre-tokenizer llama.cpp would
// split differently, or a model type other than BPE/SentencePiece.
std::optional<GgufVocab> vocabFromFolder(const std::string& dir, const ModelConfig& config);
// One file: a SentencePiece model (*.model) or an HF tokenizer.json (any
// name ending in .json); tokenizer_config.json beside it is read too.
GgufVocab vocabFromFile(const std::string& path, const ModelConfig& config);

// The tokenizer.ggml.* key/value pairs of `v`.
std::vector<GgufKV> vocabToGgufKvs(const GgufVocab& v);

// Reads tokenizer.ggml.* back; nullopt when the file has no token list.
// Throws wb::Error naming the file and key for inconsistent arrays.
std::optional<GgufVocab> vocabFromGguf(const GgufFile& file);

// An HF tokenizer.json (BPE, ByteLevel) for a "gpt2" vocabulary; control and
// user-defined tokens become added tokens, unused padding ids are left out.
// Throws wb::Error for a "llama" vocabulary (its merges are not stored in GGUF).
std::string vocabToTokenizerJson(const GgufVocab& v);

} // namespace wb
