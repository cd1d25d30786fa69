#pragma once
// Whole models in GGUF, laid out as llama.cpp's convert_hf_to_gguf.py writes
// them, so an export runs in llama.cpp and Ollama: tensor names
// (token_embd.weight, blk.N.attn_q.weight, ...), "<arch>.*" hyper-parameters,
// tokenizer metadata, and llama.cpp's row order for Llama's q/k projections.
// The importer reads such files back into Hugging Face names and layout (f32).
#include "core/model/model_weights.h"
#include "core/weights/gguf.h"
#include "core/weights/gguf_tokenizer.h"

#include <optional>
#include <span>
#include <string>
#include <vector>

namespace wb {

// general.architecture: "gpt2", "llama" (Llama and Mistral), "qwen2".
// Throws wb::Error for BERT.
std::string ggufArchitecture(ModelFamily family);

// llama.cpp tensor name for an HF one, and back (nullopt when there is none).
// GPT-2 HF names may carry the "transformer." prefix; ggufToHfName() returns
// them without it.
std::optional<std::string> hfToGgufName(ModelFamily family, const std::string& hfName);
std::optional<std::string> ggufToHfName(ModelFamily family, const std::string& ggufName);

// Rows of a q/k projection ([heads * headDim, cols] row-major, cols 1 for a
// bias), between HF's rotate_half RoPE layout (each head's first half pairs
// with its second half) and GGML's interleaved one (pairs (0,1), (2,3) ...).
// permute is llama.cpp's LlamaModel.permute(); unpermute is its inverse.
std::vector<float> permuteRopeRows(std::span<const float> w, int64_t rows, int64_t cols, int heads);
std::vector<float> unpermuteRopeRows(std::span<const float> w, int64_t rows, int64_t cols, int heads);

struct GgufExportOptions {
    // F32, F16 or Q8_0 for 2-D weights; norms, biases and position
    // embeddings stay F32 as llama.cpp keeps them.
    DType dtype = DType::F16;
    std::string name;   // general.name
};

// The GGUF tensor type `hfName` gets with `requested` (F32 for 1-D tensors,
// norms, biases and position embeddings). Throws wb::Error naming the tensor
// when Q8_0 is requested for a row that is not a multiple of 32.
DType ggufTensorType(const std::string& ggufName, const std::vector<int64_t>& shape, DType requested);

// Writes `tensors` (HF names, any float dtype, checked against `config`) to a
// GGUF file at `path` (.tmp + rename). `vocab` adds the tokenizer metadata;
// llama.cpp needs it to run the file. Throws wb::Error naming the tensor or
// setting at fault.
void exportGguf(const std::string& path, const ModelConfig& config, const std::vector<TensorView>& tensors,
                const std::optional<GgufVocab>& vocab, const GgufExportOptions& options = {});

// The configuration and HF-named f32 tensors of a GGUF file written by
// exportGguf() or llama.cpp's converter (gpt2, llama, qwen2): names mapped
// back, GPT-2 weights transposed back to Conv1D, q/k rows un-permuted, F16
// and Q8_0 dequantised. Throws wb::Error naming the file and the key or tensor.
ModelWeights importGguf(const GgufFile& file);

} // namespace wb
