#pragma once
// Writes a Hugging Face model folder that transformers (and CausalLM::load)
// reads: model.safetensors (or shards + model.safetensors.index.json),
// config.json, generation_config.json and the tokenizer files. Every file is
// written as a .tmp and renamed into place. Qt-free and LibTorch-free.
#include "core/model/config.h"
#include "core/weights/tensor_view.h"

#include <cstdint>
#include <string>
#include <vector>

namespace wb {

struct HfExportOptions {
    // Float tensors are stored in this type (F32, F16 or BF16); a tensor
    // already in it is copied byte for byte. Integer tensors stay as they are.
    DType dtype = DType::F32;
    // Checkpoints with more data than this are split into shards.
    uint64_t maxShardBytes = 5'000'000'000ull;
    // Tokenizer files to copy (tokenizerFileNames() that exist there); "" for none.
    std::string tokenizerSourceDir;
    // Or the text of a tokenizer.json to write (used when tokenizerSourceDir is "").
    std::string tokenizerJson;
};

// The tokenizer files a model folder can carry, in the order they are looked for.
const std::vector<std::string>& tokenizerFileNames();

// HF config.json: toJson(config) plus "torch_dtype" for `dtype`.
std::string hfConfigJson(const ModelConfig& config, DType dtype);
// generation_config.json: bos/eos/pad token ids from the config.
std::string generationConfigJson(const ModelConfig& config);

// Writes the folder `dir` (created if needed). For the causal families the
// tensors are checked against the config first (checkWeights). A stale
// single-file or sharded checkpoint of the other layout is removed after the
// new one is in place. Returns the paths written. Throws wb::Error naming the
// file or tensor at fault.
std::vector<std::string> writeHfModel(const std::string& dir, const ModelConfig& config,
                                      const std::vector<TensorView>& tensors, const HfExportOptions& options = {});

// Copies the tokenizer files of `fromDir` into `toDir`; returns the paths written.
std::vector<std::string> copyTokenizerFiles(const std::string& fromDir, const std::string& toDir);

// Writes `text` to `path` through a .tmp file and a rename.
void writeTextFileAtomic(const std::string& path, const std::string& text);

} // namespace wb
