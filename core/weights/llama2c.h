#pragma once
// llama2.c legacy checkpoints (run.c's `.bin`): 7 int32 header, then fp32
// weights in run.c's order. Exposed as zero-copy views under Hugging Face
// Llama names. NOTE: q_proj/k_proj rows keep llama2.c's layout, whose RoPE
// rotates interleaved pairs (x0,x1),(x2,x3)...; HF's Llama rotates halves, so a
// converter to HF layout must permute those rows (see config.ropeInterleaved;
// importLlama2c() in llama2c_import.h does).
#include "core/weights/mapped_file.h"
#include "core/weights/tensor_view.h"

#include <memory>
#include <span>
#include <string>
#include <vector>

namespace wb {

struct Llama2cConfig {
    int dim = 0;
    int hiddenDim = 0;
    int nLayers = 0;
    int nHeads = 0;
    int nKvHeads = 0;
    int vocabSize = 0;   // always positive here
    int seqLen = 0;
    bool tiedEmbeddings = true; // header vocab_size > 0: lm_head shares embed_tokens
    bool ropeInterleaved = true;
    int headSize() const { return dim / nHeads; }
};

class Llama2cCheckpoint {
public:
    // Views point into `bytes`, which must outlive the result. Errors are
    // wb::Error starting with nameForErrors.
    static Llama2cCheckpoint parse(std::span<const uint8_t> bytes, std::string nameForErrors);
    static Llama2cCheckpoint open(const std::string& path);
    // Exact byte size of a checkpoint with this config (header included).
    static uint64_t expectedBytes(const Llama2cConfig& c);

    const Llama2cConfig& config() const { return config_; }
    // In file order: model.embed_tokens.weight, per layer
    // input_layernorm, self_attn.{q,k,v,o}_proj, post_attention_layernorm,
    // mlp.{gate,down,up}_proj, then model.norm.weight and (untied only)
    // lm_head.weight. All F32, shapes [out, in] as in PyTorch Linear.
    const std::vector<TensorView>& tensors() const { return tensors_; }
    const TensorView* find(std::string_view name) const;
    const TensorView& at(std::string_view name) const; // throws wb::Error

private:
    std::string name_;
    std::shared_ptr<const MappedFile> file_;
    Llama2cConfig config_;
    std::vector<TensorView> tensors_;
};

} // namespace wb
