// HF model <-> GGUF, after llama.cpp's convert_hf_to_gguf.py (GPT2Model,
// LlamaModel, Qwen2Model) and gguf-py's tensor names.
#include "core/weights/gguf_model.h"

#include "core/data/record.h"
#include "core/model/init.h"
#include "core/weights/dtype_convert.h"

#include <cctype>
#include <climits>
#include <cmath>
#include <cstring>
#include <map>
#include <numbers>

namespace wb {

namespace {

struct NamePair {
    const char* hf;
    const char* gguf;
};

// Per-layer names: HF "model.layers.N." / "h.N." + hf <-> "blk.N." + gguf.
constexpr NamePair kLlamaLayer[] = {
    {"input_layernorm.weight", "attn_norm.weight"},
    {"self_attn.q_proj.weight", "attn_q.weight"},
    {"self_attn.q_proj.bias", "attn_q.bias"},
    {"self_attn.k_proj.weight", "attn_k.weight"},
    {"self_attn.k_proj.bias", "attn_k.bias"},
    {"self_attn.v_proj.weight", "attn_v.weight"},
    {"self_attn.v_proj.bias", "attn_v.bias"},
    {"self_attn.o_proj.weight", "attn_output.weight"},
    {"post_attention_layernorm.weight", "ffn_norm.weight"},
    {"mlp.gate_proj.weight", "ffn_gate.weight"},
    {"mlp.up_proj.weight", "ffn_up.weight"},
    {"mlp.down_proj.weight", "ffn_down.weight"},
};
constexpr NamePair kLlamaGlobal[] = {
    {"model.embed_tokens.weight", "token_embd.weight"},
    {"model.norm.weight", "output_norm.weight"},
    {"lm_head.weight", "output.weight"},
};
constexpr NamePair kGpt2Layer[] = {
    {"ln_1.weight", "attn_norm.weight"},      {"ln_1.bias", "attn_norm.bias"},
    {"attn.c_attn.weight", "attn_qkv.weight"}, {"attn.c_attn.bias", "attn_qkv.bias"},
    {"attn.c_proj.weight", "attn_output.weight"}, {"attn.c_proj.bias", "attn_output.bias"},
    {"ln_2.weight", "ffn_norm.weight"},       {"ln_2.bias", "ffn_norm.bias"},
    {"mlp.c_fc.weight", "ffn_up.weight"},     {"mlp.c_fc.bias", "ffn_up.bias"},
    {"mlp.c_proj.weight", "ffn_down.weight"}, {"mlp.c_proj.bias", "ffn_down.bias"},
};
constexpr NamePair kGpt2Global[] = {
    {"wte.weight", "token_embd.weight"},
    {"wpe.weight", "position_embd.weight"},
    {"ln_f.weight", "output_norm.weight"},
    {"ln_f.bias", "output_norm.bias"},
    {"lm_head.weight", "output.weight"},
};

const char* kHfConfigKey = "workbench.hf_config";   // our own key: the full config.json, for a lossless round trip

bool isGpt2(ModelFamily f) { return f == ModelFamily::Gpt2; }

// "prefix" + digits + "." + rest -> (layer, rest).
std::optional<std::pair<int, std::string>> splitLayer(const std::string& name, const std::string& prefix)
{
    if (!name.starts_with(prefix)) return std::nullopt;
    size_t i = prefix.size(), j = i;
    while (j < name.size() && j - i < 6 && std::isdigit(static_cast<unsigned char>(name[j]))) ++j;
    if (j == i || j >= name.size() || name[j] != '.') return std::nullopt;
    return std::make_pair(std::stoi(name.substr(i, j - i)), name.substr(j + 1));
}

std::optional<std::string> mapName(const std::string& name, std::span<const NamePair> layer,
                                   std::span<const NamePair> global, const std::string& fromPrefix,
                                   const std::string& toPrefix, bool hfToGguf)
{
    for (const NamePair& p : global)
        if (name == (hfToGguf ? p.hf : p.gguf)) return std::string(hfToGguf ? p.gguf : p.hf);
    if (auto split = splitLayer(name, fromPrefix))
        for (const NamePair& p : layer)
            if (split->second == (hfToGguf ? p.hf : p.gguf))
                return toPrefix + std::to_string(split->first) + "." + (hfToGguf ? p.gguf : p.hf);
    return std::nullopt;
}

// GPT-2's Conv1D weights are [in, out]; llama.cpp wants them as Linear [out, in].
bool isConv1dWeight(const std::string& hfName)
{
    return hfName.ends_with(".attn.c_attn.weight") || hfName.ends_with(".attn.c_proj.weight") ||
           hfName.ends_with(".mlp.c_fc.weight") || hfName.ends_with(".mlp.c_proj.weight");
}

// Llama's q/k rows are reordered for GGML's interleaved RoPE; llama.cpp runs
// Qwen2 with the NEOX (rotate_half) RoPE, so its rows stay as they are.
std::optional<bool> ropeProjection(ModelFamily f, const std::string& hfName)   // true: q, false: k
{
    if (f != ModelFamily::Llama && f != ModelFamily::Mistral) return std::nullopt;
    if (hfName.ends_with(".self_attn.q_proj.weight") || hfName.ends_with(".self_attn.q_proj.bias")) return true;
    if (hfName.ends_with(".self_attn.k_proj.weight") || hfName.ends_with(".self_attn.k_proj.bias")) return false;
    return std::nullopt;
}

std::vector<float> transpose2d(std::span<const float> w, int64_t rows, int64_t cols)
{
    std::vector<float> out(w.size());
    for (int64_t r = 0; r < rows; ++r)
        for (int64_t c = 0; c < cols; ++c) out[size_t(c * rows + r)] = w[size_t(r * cols + c)];
    return out;
}

int64_t headDimOf(const ModelConfig& c) { return c.headDim > 0 ? c.headDim : c.hiddenSize / c.numHeads; }

uint32_t fileType(DType t)
{
    switch (t) {
    case DType::F32: return 0;   // LlamaFileType.ALL_F32
    case DType::F16: return 1;   // MOSTLY_F16
    case DType::Q8_0: return 7;  // MOSTLY_Q8_0
    default: return 0;
    }
}

// llama.cpp's rope_freqs factors for Llama 3 rope scaling (one per frequency).
std::vector<float> llama3RopeFactors(const ModelConfig& c, const RopeScaling& s)
{
    const int64_t D = headDimOf(c);
    const double lowWavelen = s.originalMaxPositionEmbeddings / s.lowFreqFactor;
    const double highWavelen = s.originalMaxPositionEmbeddings / s.highFreqFactor;
    std::vector<float> out;
    for (int64_t i = 0; i < D; i += 2) {
        const double freq = 1.0 / std::pow(c.ropeTheta, double(i) / double(D));
        const double wavelen = 2.0 * std::numbers::pi / freq;
        if (wavelen < highWavelen) out.push_back(1.0f);
        else if (wavelen > lowWavelen) out.push_back(float(s.factor));
        else {
            const double smooth = (s.originalMaxPositionEmbeddings / wavelen - s.lowFreqFactor) /
                                  (s.highFreqFactor - s.lowFreqFactor);
            out.push_back(float(1.0 / ((1.0 - smooth) / s.factor + smooth)));
        }
    }
    return out;
}

bool ignorableExtra(const ModelConfig& c, const std::string& name)
{
    if (isGpt2(c.family)) return name.ends_with(".attn.bias") || name.ends_with(".attn.masked_bias");
    return name.ends_with(".rotary_emb.inv_freq");
}

} // namespace

std::string ggufArchitecture(ModelFamily family)
{
    switch (family) {
    case ModelFamily::Gpt2: return "gpt2";
    case ModelFamily::Llama:
    case ModelFamily::Mistral: return "llama";   // llama.cpp converts MistralForCausalLM as llama
    case ModelFamily::Qwen2: return "qwen2";
    case ModelFamily::Bert: break;
    }
    throw Error("GGUF export supports gpt2, llama, qwen2 and mistral models, not " + std::string(toString(family)));
}

std::optional<std::string> hfToGgufName(ModelFamily family, const std::string& hfName)
{
    if (isGpt2(family)) {
        const std::string n = hfName.starts_with("transformer.") ? hfName.substr(12) : hfName;
        return mapName(n, kGpt2Layer, kGpt2Global, "h.", "blk.", true);
    }
    return mapName(hfName, kLlamaLayer, kLlamaGlobal, "model.layers.", "blk.", true);
}

std::optional<std::string> ggufToHfName(ModelFamily family, const std::string& ggufName)
{
    if (isGpt2(family)) return mapName(ggufName, kGpt2Layer, kGpt2Global, "blk.", "h.", false);
    return mapName(ggufName, kLlamaLayer, kLlamaGlobal, "blk.", "model.layers.", false);
}

std::vector<float> permuteRopeRows(std::span<const float> w, int64_t rows, int64_t cols, int heads)
{
    // HF row h*D + s*D/2 + i (s: which half) -> GGML row h*D + 2i + s.
    const int64_t D = rows / heads, half = D / 2;
    if (heads <= 0 || rows % heads != 0 || D % 2 != 0 || int64_t(w.size()) != rows * cols)
        throw Error("permuteRopeRows: " + std::to_string(rows) + " rows do not split into " + std::to_string(heads) +
                    " heads of even size");
    std::vector<float> out(w.size());
    for (int64_t h = 0; h < heads; ++h)
        for (int64_t s = 0; s < 2; ++s)
            for (int64_t i = 0; i < half; ++i)
                std::memcpy(&out[size_t((h * D + 2 * i + s) * cols)], &w[size_t((h * D + s * half + i) * cols)],
                            size_t(cols) * sizeof(float));
    return out;
}

std::vector<float> unpermuteRopeRows(std::span<const float> w, int64_t rows, int64_t cols, int heads)
{
    const int64_t D = rows / heads, half = D / 2;
    if (heads <= 0 || rows % heads != 0 || D % 2 != 0 || int64_t(w.size()) != rows * cols)
        throw Error("unpermuteRopeRows: " + std::to_string(rows) + " rows do not split into " +
                    std::to_string(heads) + " heads of even size");
    std::vector<float> out(w.size());
    for (int64_t h = 0; h < heads; ++h)
        for (int64_t s = 0; s < 2; ++s)
            for (int64_t i = 0; i < half; ++i)
                std::memcpy(&out[size_t((h * D + s * half + i) * cols)], &w[size_t((h * D + 2 * i + s) * cols)],
                            size_t(cols) * sizeof(float));
    return out;
}

DType ggufTensorType(const std::string& ggufName, const std::vector<int64_t>& shape, DType requested)
{
    if (requested != DType::F32 && requested != DType::F16 && requested != DType::Q8_0)
        throw Error("GGUF export dtype " + exportDTypeName(requested) + " is not supported (f32, f16, q8_0)");
    if (shape.size() <= 1 || ggufName.ends_with("_norm.weight") || !ggufName.ends_with(".weight") ||
        ggufName == "position_embd.weight")
        return DType::F32;
    if (requested == DType::Q8_0 && shape.back() % 32 != 0)
        throw Error("tensor '" + ggufName + "' " + shapeString(shape) + ": Q8_0 needs rows that are a multiple of 32 (" +
                    std::to_string(shape.back()) + " is not); use f16 or f32");
    return requested;
}

void exportGguf(const std::string& path, const ModelConfig& c, const std::vector<TensorView>& tensors,
                const std::optional<GgufVocab>& vocab, const GgufExportOptions& options)
{
    const std::string arch = ggufArchitecture(c.family);
    validateConfig(c, path);
    checkWeights(c, tensors, path);
    if (options.dtype != DType::F32 && options.dtype != DType::F16 && options.dtype != DType::Q8_0)
        throw Error(path + ": GGUF export dtype " + exportDTypeName(options.dtype) + " is not supported (f32, f16, q8_0)");

    // ---- metadata ----
    std::vector<GgufKV> kvs;
    auto key = [&](const std::string& suffix) { return arch + "." + suffix; };
    kvs.emplace_back("general.architecture", GgufValue::str(arch));
    if (!options.name.empty()) kvs.emplace_back("general.name", GgufValue::str(options.name));
    kvs.emplace_back("general.file_type", GgufValue::u32(fileType(options.dtype)));
    kvs.emplace_back("general.quantization_version", GgufValue::u32(2));
    kvs.emplace_back(key("context_length"), GgufValue::u32(uint32_t(c.maxPositionEmbeddings)));
    kvs.emplace_back(key("embedding_length"), GgufValue::u32(uint32_t(c.hiddenSize)));
    kvs.emplace_back(key("block_count"), GgufValue::u32(uint32_t(c.numLayers)));
    kvs.emplace_back(key("feed_forward_length"), GgufValue::u32(uint32_t(c.intermediateSize)));
    kvs.emplace_back(key("attention.head_count"), GgufValue::u32(uint32_t(c.numHeads)));
    if (isGpt2(c.family)) {
        kvs.emplace_back(key("attention.layer_norm_epsilon"), GgufValue::f32(float(c.normEps)));
    } else {
        const int64_t D = headDimOf(c);
        kvs.emplace_back(key("attention.head_count_kv"), GgufValue::u32(uint32_t(c.numKvHeads)));
        kvs.emplace_back(key("attention.layer_norm_rms_epsilon"), GgufValue::f32(float(c.normEps)));
        kvs.emplace_back(key("rope.freq_base"), GgufValue::f32(float(c.ropeTheta)));
        kvs.emplace_back(key("rope.dimension_count"), GgufValue::u32(uint32_t(D)));
        if (D * c.numHeads != c.hiddenSize) {
            kvs.emplace_back(key("attention.key_length"), GgufValue::u32(uint32_t(D)));
            kvs.emplace_back(key("attention.value_length"), GgufValue::u32(uint32_t(D)));
        }
        kvs.emplace_back(key("vocab_size"), GgufValue::u32(uint32_t(c.vocabSize)));
        if (c.ropeScaling.type == RopeScalingType::Linear) {
            kvs.emplace_back(key("rope.scaling.type"), GgufValue::str("linear"));
            kvs.emplace_back(key("rope.scaling.factor"), GgufValue::f32(float(c.ropeScaling.factor)));
        }
    }
    kvs.emplace_back(kHfConfigKey, GgufValue::str(toJson(c)));
    if (vocab)
        for (auto& kv : vocabToGgufKvs(*vocab)) kvs.push_back(std::move(kv));

    // ---- tensors ----
    std::vector<std::vector<float>> storage;   // converted data; the views below point into it
    storage.reserve(tensors.size() + 2);
    std::vector<TensorView> named;              // GGUF name, shape and data
    named.reserve(tensors.size() + 2);
    if (c.ropeScaling.type == RopeScalingType::Llama3) {
        storage.push_back(llama3RopeFactors(c, c.ropeScaling));
        const auto& f = storage.back();
        named.push_back({"rope_freqs.weight", DType::F32, {int64_t(f.size())},
                         reinterpret_cast<const uint8_t*>(f.data()), f.size() * 4});
    }
    for (const TensorView& src : tensors) {
        const std::string hf = isGpt2(c.family) && src.name.starts_with("transformer.") ? src.name.substr(12) : src.name;
        if (ignorableExtra(c, hf) || (c.tieWordEmbeddings && hf == "lm_head.weight")) continue;
        const auto gg = hfToGgufName(c.family, hf);
        if (!gg) throw Error(path + ": tensor '" + src.name + "' has no llama.cpp name");
        const bool transpose = isGpt2(c.family) && isConv1dWeight(hf);
        const auto rope = ropeProjection(c.family, hf);
        std::vector<int64_t> shape = src.shape;
        if (transpose) std::swap(shape[0], shape[1]);
        DType type;
        try {
            type = ggufTensorType(*gg, shape, options.dtype);
        } catch (const Error& e) {
            throw Error(path + ": " + e.what());
        }
        if (!transpose && !rope && (src.dtype == DType::F32 || src.dtype == type)) {
            named.push_back({*gg, src.dtype, shape, src.data, src.nbytes});
        } else {
            std::vector<float> x = toFloat32(src);
            if (transpose) x = transpose2d(x, src.shape[0], src.shape[1]);
            if (rope) {
                const int64_t cols = shape.size() == 2 ? shape[1] : 1;
                x = permuteRopeRows(x, shape[0], cols, *rope ? c.numHeads : c.numKvHeads);
            }
            storage.push_back(std::move(x));
            const auto& f = storage.back();
            named.push_back({*gg, DType::F32, shape, reinterpret_cast<const uint8_t*>(f.data()), f.size() * 4});
        }
        // GPT-2's output is the tied embedding; llama.cpp's converter writes it out.
        if (isGpt2(c.family) && c.tieWordEmbeddings && hf == "wte.weight") {
            TensorView out = named.back();
            out.name = "output.weight";
            named.push_back(out);
        }
    }
    std::vector<GgufTensorOut> outs;
    outs.reserve(named.size());
    for (const TensorView& v : named) outs.push_back({v, ggufTensorType(v.name, v.shape, options.dtype)});
    writeGguf(path, kvs, outs);
}

ModelWeights importGguf(const GgufFile& f)
{
    const std::string& file = f.name();
    auto where = [&](const std::string& k) { return file + ": metadata '" + k + "'"; };
    const GgufValue* archValue = f.find("general.architecture");
    if (!archValue) throw Error(where("general.architecture") + ": missing");
    const std::string arch = archValue->asString();
    ModelConfig c;
    if (arch == "gpt2") c.family = ModelFamily::Gpt2;
    else if (arch == "llama") c.family = ModelFamily::Llama;
    else if (arch == "qwen2") c.family = ModelFamily::Qwen2;
    else throw Error(where("general.architecture") + ": \"" + arch + "\" is not imported (gpt2, llama, qwen2)");

    auto intKey = [&](const std::string& suffix, std::optional<int> def = std::nullopt) -> int {
        const std::string k = arch + "." + suffix;
        const GgufValue* v = f.find(k);
        if (!v) {
            if (def) return *def;
            throw Error(where(k) + ": missing");
        }
        int64_t x = 0;
        try {
            x = v->asInt();
        } catch (const Error& e) {
            throw Error(where(k) + ": " + e.what());
        }
        if (x <= 0 || x > INT32_MAX) throw Error(where(k) + ": " + std::to_string(x) + " is out of range");
        return int(x);
    };
    auto floatKey = [&](const std::string& suffix, double def) -> double {
        const std::string k = arch + "." + suffix;
        const GgufValue* v = f.find(k);
        if (!v) return def;
        try {
            return v->asFloat();
        } catch (const Error& e) {
            throw Error(where(k) + ": " + e.what());
        }
    };

    c.hiddenSize = intKey("embedding_length");
    c.numLayers = intKey("block_count");
    c.numHeads = intKey("attention.head_count");
    c.intermediateSize = intKey("feed_forward_length");
    c.maxPositionEmbeddings = intKey("context_length");
    const TensorView* embed = f.findTensor("token_embd.weight");
    if (!embed || embed->shape.size() != 2) throw Error(file + ": tensor 'token_embd.weight': missing or not 2-D");
    c.vocabSize = intKey("vocab_size", int(embed->shape[0]));
    const TensorView* output = f.findTensor("output.weight");
    // A stored output equal to the embedding (GPT-2's converter writes one) is a tied head.
    const bool outputIsEmbedding = output && output->dtype == embed->dtype && output->shape == embed->shape &&
                                   output->nbytes == embed->nbytes &&
                                   std::memcmp(output->data, embed->data, embed->nbytes) == 0;
    c.tieWordEmbeddings = !output || outputIsEmbedding;
    if (isGpt2(c.family)) {
        c.numKvHeads = c.numHeads;
        c.headDim = c.hiddenSize / c.numHeads;
        c.normEps = floatKey("attention.layer_norm_epsilon", 1e-5);
        c.activation = "gelu_new";
        c.attentionBias = true;
    } else {
        c.numKvHeads = intKey("attention.head_count_kv", c.numHeads);
        c.headDim = intKey("attention.key_length", c.hiddenSize / c.numHeads);
        c.normEps = floatKey("attention.layer_norm_rms_epsilon", 1e-5);
        c.ropeTheta = floatKey("rope.freq_base", 10000.0);
        c.activation = "silu";
        c.attentionBias = f.findTensor("blk.0.attn_q.bias") != nullptr;
        if (const GgufValue* s = f.find(arch + ".rope.scaling.type"); s && s->asString() == "linear") {
            c.ropeScaling.type = RopeScalingType::Linear;
            c.ropeScaling.factor = floatKey("rope.scaling.factor", 1.0);
        }
    }
    if (const auto vocab = vocabFromGguf(f)) {
        c.bosTokenId = vocab->bos;
        if (vocab->eos) c.eosTokenIds = {*vocab->eos};
        c.padTokenId = vocab->pad;
    }

    // Our own exports carry the whole config.json: it restores what the
    // standard keys cannot say (Mistral, sliding window, Llama 3 rope scaling,
    // several eos ids), after checking it agrees with them.
    if (const GgufValue* hf = f.find(kHfConfigKey)) {
        const ModelConfig h = parseConfig(hf->asString(), where(kHfConfigKey));
        auto agree = [&](const char* k, int a, int b) {
            if (a != b)
                throw Error(where(kHfConfigKey) + ": " + std::to_string(b) + " disagrees with " + arch + "." + k +
                            " = " + std::to_string(a));
        };
        agree("embedding_length", c.hiddenSize, h.hiddenSize);
        agree("block_count", c.numLayers, h.numLayers);
        agree("attention.head_count", c.numHeads, h.numHeads);
        agree("attention.head_count_kv", c.numKvHeads, h.numKvHeads);
        agree("feed_forward_length", c.intermediateSize, h.intermediateSize);
        agree("vocab_size", c.vocabSize, h.vocabSize);
        if (ggufArchitecture(h.family) != arch)
            throw Error(where(kHfConfigKey) + ": model_type " + std::string(toString(h.family)) +
                        " disagrees with general.architecture " + arch);
        if (h.tieWordEmbeddings != c.tieWordEmbeddings)
            throw Error(file + ": tensor 'output.weight': " + (output ? "present" : "absent") + " but " +
                        kHfConfigKey + " has tie_word_embeddings " + (h.tieWordEmbeddings ? "true" : "false"));
        c = h;
    }
    validateConfig(c, file);

    std::map<std::string, OwnedTensor> byName;
    for (const TensorView& t : f.tensors()) {
        if (t.name == "rope_freqs.weight") {
            // Llama 3 rope scaling is only known from the factors llama.cpp stores.
            const std::vector<float> got = toFloat32(t);
            const std::vector<float> want = c.ropeScaling.type == RopeScalingType::Llama3
                                                ? llama3RopeFactors(c, c.ropeScaling) : std::vector<float>{};
            bool same = got.size() == want.size();
            for (size_t i = 0; same && i < got.size(); ++i) same = std::fabs(got[i] - want[i]) <= 1e-3f * std::fabs(want[i]);
            if (!same)
                throw Error(file + ": tensor 'rope_freqs.weight': rope scaling factors that the configuration does not "
                                   "describe (only files with " + kHfConfigKey + " restore Llama 3 rope scaling)");
            continue;
        }
        const auto hf = ggufToHfName(c.family, t.name);
        if (!hf) throw Error(file + ": tensor '" + t.name + "' has no Hugging Face name for " + arch);
        if (*hf == "lm_head.weight" && c.tieWordEmbeddings) continue;
        std::vector<float> x = toFloat32(t);
        std::vector<int64_t> shape = t.shape;
        if (isGpt2(c.family) && isConv1dWeight(*hf)) {
            if (shape.size() != 2) throw Error(file + ": tensor '" + t.name + "' is not 2-D");
            x = transpose2d(x, shape[0], shape[1]);
            std::swap(shape[0], shape[1]);
        }
        if (const auto rope = ropeProjection(c.family, *hf)) {
            const int64_t cols = shape.size() == 2 ? shape[1] : 1;
            try {
                x = unpermuteRopeRows(x, shape[0], cols, *rope ? c.numHeads : c.numKvHeads);
            } catch (const Error& e) {
                throw Error(file + ": tensor '" + t.name + "': " + e.what());
            }
        }
        byName.emplace(*hf, OwnedTensor::fromFloats(*hf, std::move(shape), x, DType::F32));
    }
    ModelWeights out;
    out.config = c;
    std::vector<TensorView> views;
    for (const auto& [name, t] : byName) views.push_back(t.view());
    checkWeights(c, views, file);
    for (const WeightSpec& s : expectedWeights(c)) out.tensors.push_back(std::move(byName.at(s.name)));
    return out;
}

} // namespace wb
