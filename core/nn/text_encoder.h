#pragma once
// A text encoder for embedding models (BERT family, HF folders: config.json,
// model.safetensors or a sharded index, vocab.txt or tokenizer.json): texts or
// token ids in, one L2-normalised vector per text out. LibTorch-free header;
// the family lives in core/nn/bert.cpp and computes on the CPU in fp32.
#include "core/model/config.h"

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wb {

// How the last hidden states [T, C] of one text become its vector.
enum class Pooling {
    Mean,   // average over the real tokens (padding excluded), as sentence-transformers' mean pooling
    Cls,    // the [CLS] (first) position
};

std::string_view toString(Pooling p);                  // "mean" "cls"
Pooling poolingFromString(std::string_view s);         // throws wb::Error naming the value

// The pooling a sentence-transformers folder asks for in 1_Pooling/config.json
// (pooling_mode_cls_token / pooling_mode_mean_tokens), or nullopt when the
// folder has no such file. Throws wb::Error naming the file and field when it
// asks for a mode this encoder does not have (max, weighted mean, ...).
std::optional<Pooling> sentenceTransformersPooling(const std::string& modelDir);

class TextEncoder {
public:
    // Reads modelDir/config.json (model_type "bert", not a decoder, absolute
    // positions, hidden_act gelu / gelu_new / gelu_pytorch_tanh) and the
    // checkpoint. Tensor names are HF BertModel's, with or without the "bert."
    // prefix; pooler.* and the MLM/NSP heads (cls.*) are ignored, any other
    // unknown tensor is an error. The tokenizer (tokenizer.json, else
    // vocab.txt with tokenizer_config.json's do_lower_case) is optional: without
    // one only embedIds works. Throws wb::Error naming the file and the field or
    // tensor (with both shapes on a mismatch).
    static std::unique_ptr<TextEncoder> load(const std::string& modelDir, Pooling pooling = Pooling::Mean);

    virtual ~TextEncoder();

    // One vector per sequence: batch.size() * dim() floats, row-major
    // [batch, dim], each row of L2 norm 1. Sequences are run in padded
    // sub-batches of similar length with an attention mask, so a row does not
    // depend on what else is in the batch (up to float rounding). Token type
    // ids are all 0. Throws wb::Error naming the sequence for an empty one, an
    // id outside the vocabulary, or more ids than max_position_embeddings. An
    // empty batch gives an empty result.
    virtual std::vector<float> embedIds(const std::vector<std::vector<int>>& batch) = 0;

    // tokenize() then embedIds(). Throws wb::Error when the folder has no tokenizer.
    virtual std::vector<float> embedTexts(const std::vector<std::string>& texts) = 0;

    // [CLS] word pieces [SEP], the pieces cut so that the whole fits in
    // max_position_embeddings. Throws wb::Error when the folder has no tokenizer.
    virtual std::vector<int> tokenize(std::string_view text) const = 0;
    virtual bool hasTokenizer() const = 0;

    virtual int dim() const = 0;
    virtual Pooling pooling() const = 0;
    virtual const ModelConfig& config() const = 0;
    virtual uint64_t parameterCount() const = 0;
};

} // namespace wb
