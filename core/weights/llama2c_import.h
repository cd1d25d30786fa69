#pragma once
// llama2.c legacy `.bin` -> a Hugging Face Llama model (config + f32 tensors).
#include "core/model/model_weights.h"
#include "core/weights/llama2c.h"

namespace wb {

// The configuration llama2.c's run.c implies (RMSNorm eps 1e-5, RoPE theta
// 10000, SiLU, bos 1 / eos 2 of its Llama 2 SentencePiece vocabulary,
// max_position_embeddings = seq_len), and the tensors under HF names.
//
// Decision on the RoPE layout: llama2.c's model.py and run.c rotate
// interleaved pairs (x0,x1),(x2,x3)... as Meta's checkpoints do, and its
// export.py applies `permute_reverse` when it reads an HF model (the inverse
// of HF's permute in convert_llama_weights_to_hf.py). So a `.bin` holds wq/wk
// in the interleaved layout, and its rows are un-permuted here
// (unpermuteRopeRows, per head; k_proj per key/value head) to run in the
// rotate_half Llama of core/nn/llama.cpp and in transformers.
ModelWeights importLlama2c(const Llama2cCheckpoint& checkpoint);

} // namespace wb
