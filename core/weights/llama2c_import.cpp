#include "core/weights/llama2c_import.h"

#include "core/data/record.h"
#include "core/weights/dtype_convert.h"
#include "core/weights/gguf_model.h"

namespace wb {

ModelWeights importLlama2c(const Llama2cCheckpoint& checkpoint)
{
    const Llama2cConfig& l = checkpoint.config();
    ModelWeights out;
    ModelConfig& c = out.config;
    c.family = ModelFamily::Llama;
    c.hiddenSize = l.dim;
    c.numLayers = l.nLayers;
    c.numHeads = l.nHeads;
    c.numKvHeads = l.nKvHeads;
    c.headDim = l.headSize();
    c.intermediateSize = l.hiddenDim;
    c.vocabSize = l.vocabSize;
    c.maxPositionEmbeddings = l.seqLen;
    c.normEps = 1e-5;      // run.c's rmsnorm
    c.ropeTheta = 10000.0; // run.c's RoPE
    c.activation = "silu";
    c.tieWordEmbeddings = l.tiedEmbeddings;
    c.bosTokenId = 1;
    c.eosTokenIds = {2};

    for (const TensorView& t : checkpoint.tensors()) {
        std::vector<float> x = toFloat32(t);
        const bool q = t.name.ends_with(".self_attn.q_proj.weight"), k = t.name.ends_with(".self_attn.k_proj.weight");
        if (l.ropeInterleaved && (q || k)) x = unpermuteRopeRows(x, t.shape[0], t.shape[1], q ? l.nHeads : l.nKvHeads);
        out.tensors.push_back(OwnedTensor::fromFloats(t.name, t.shape, x, DType::F32));
    }
    return out;
}

} // namespace wb
