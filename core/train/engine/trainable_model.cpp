// Loading, LoRA, saving and merging of TrainableModel; the forward pass is in
// model_forward.cpp.
#include "core/train/engine/model_impl.h"

#include "core/data/record.h"
#include "core/model/init.h"
#include "core/model/model_export.h"
#include "core/nn/weights_to_torch.h"
#include "core/train/train_setup.h"
#include "core/weights/safetensors.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <cmath>
#include <numbers>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace wb {
namespace {

namespace fs = std::filesystem;

at::Tensor fromOwned(const OwnedTensor& t)
{
    if (t.dtype != DType::F32) throw Error(t.name + ": expected F32 weights");
    std::vector<int64_t> shape(t.shape.begin(), t.shape.end());
    return torch::from_blob(const_cast<uint8_t*>(t.bytes.data()), shape, torch::kFloat32).clone();
}

OwnedTensor toOwned(const std::string& name, const at::Tensor& t)
{
    at::Tensor c = t.detach().to(torch::kFloat32).contiguous();
    std::vector<int64_t> shape(c.sizes().begin(), c.sizes().end());
    return OwnedTensor::fromFloats(name, shape, std::span<const float>(c.data_ptr<float>(), size_t(c.numel())));
}

// HF's inverse frequencies 1 / theta^(2i/D), with linear or llama3 scaling
// (the same formula as core/nn/llama.cpp).
at::Tensor inverseFrequencies(const ModelConfig& c, int64_t D)
{
    at::Tensor invFreq = 1.0 / torch::pow(c.ropeTheta, torch::arange(0, D, 2, torch::kFloat64) / double(D));
    const RopeScaling& s = c.ropeScaling;
    if (s.type == RopeScalingType::Linear) {
        invFreq = invFreq / s.factor;
    } else if (s.type == RopeScalingType::Llama3) {
        const double oldContext = s.originalMaxPositionEmbeddings;
        const double lowFreqWavelen = oldContext / s.lowFreqFactor;
        const double highFreqWavelen = oldContext / s.highFreqFactor;
        at::Tensor wavelen = 2.0 * std::numbers::pi / invFreq;
        at::Tensor scaled = torch::where(wavelen > lowFreqWavelen, invFreq / s.factor, invFreq);
        at::Tensor smooth = (oldContext / wavelen - s.lowFreqFactor) / (s.highFreqFactor - s.lowFreqFactor);
        at::Tensor smoothed = (1.0 - smooth) * scaled / s.factor + smooth * scaled;
        at::Tensor medium = (wavelen >= highFreqWavelen).logical_and(wavelen <= lowFreqWavelen);
        invFreq = torch::where(medium, smoothed, scaled);
    }
    return invFreq.to(torch::kFloat32);   // [D/2]
}

std::string peftName(const std::string& module, const char* which)
{
    return "base_model.model." + module + ".lora_" + which + ".weight";
}

} // namespace

TrainableModel::TrainableModel(std::unique_ptr<Impl> impl) : d(std::move(impl)) {}
TrainableModel::~TrainableModel() = default;

std::unique_ptr<TrainableModel> TrainableModel::load(const std::string& modelDir)
{
    const std::string configPath = (fs::path(modelDir) / "config.json").string();
    ModelConfig config = loadConfig(configPath);
    if (config.family == ModelFamily::Bert)
        throw Error(configPath + ": field \"model_type\": bert is not a causal language model");
    ShardedCheckpoint ckpt = ShardedCheckpoint::open(modelDir);
    WeightLoader w(ckpt, modelDir, [](const std::string& n) {
        return n.ends_with(".attn.bias") || n.ends_with(".attn.masked_bias") || n.ends_with(".rotary_emb.inv_freq");
    });
    // Checkpoints saved from GPT2LMHeadModel prefix "transformer."; OpenAI's conversions do not.
    const std::string prefix =
        config.family == ModelFamily::Gpt2 && ckpt.find("transformer.wte.weight") ? "transformer." : "";
    std::vector<std::pair<std::string, at::Tensor>> tensors;
    for (const WeightSpec& spec : expectedWeights(config)) {
        const std::string stored = spec.name == "lm_head.weight" ? spec.name : prefix + spec.name;
        tensors.emplace_back(spec.name, w.take(stored, spec.shape).clone());   // owned: it will be trained
    }
    if (config.tieWordEmbeddings && w.has("lm_head.weight"))
        w.take("lm_head.weight", {config.vocabSize, config.hiddenSize});   // a saved copy of the tied embedding
    w.finish();
    auto impl = std::make_unique<Impl>();
    impl->config = std::move(config);
    impl->build(std::move(tensors));
    return std::unique_ptr<TrainableModel>(new TrainableModel(std::move(impl)));
}

std::unique_ptr<TrainableModel> TrainableModel::create(const ModelConfig& config, uint64_t seed)
{
    if (config.family == ModelFamily::Bert) throw Error("bert is not a causal language model");
    std::vector<std::pair<std::string, at::Tensor>> tensors;
    for (const OwnedTensor& t : initWeights(config, seed, DType::F32)) tensors.emplace_back(t.name, fromOwned(t));
    auto impl = std::make_unique<Impl>();
    impl->config = config;
    impl->build(std::move(tensors));
    return std::unique_ptr<TrainableModel>(new TrainableModel(std::move(impl)));
}

void TrainableModel::Impl::build(std::vector<std::pair<std::string, at::Tensor>> tensors)
{
    weights = std::move(tensors);
    for (auto& [name, t] : weights) {
        t.requires_grad_(true);
        byName[name] = t;
    }
    auto get = [&](const std::string& name) {
        auto it = byName.find(name);
        if (it == byName.end()) throw Error("trainable model: no tensor \"" + name + "\"");
        return it->second;
    };
    auto proj = [&](const std::string& name, bool conv1d, bool bias) {
        Projection p;
        p.weight = get(name + ".weight");
        if (bias) p.bias = get(name + ".bias");
        p.conv1d = conv1d;
        return p;
    };
    const ModelConfig& c = config;
    blocks.clear();
    if (c.family == ModelFamily::Gpt2) {
        embed = get("wte.weight");
        wpe = get("wpe.weight");
        for (int l = 0; l < c.numLayers; ++l) {
            const std::string b = "h." + std::to_string(l) + ".";
            TrainBlock k;
            k.ln1Weight = get(b + "ln_1.weight");
            k.ln1Bias = get(b + "ln_1.bias");
            k.attn = proj(b + "attn.c_attn", true, true);
            k.attnProj = proj(b + "attn.c_proj", true, true);
            k.ln2Weight = get(b + "ln_2.weight");
            k.ln2Bias = get(b + "ln_2.bias");
            k.fc = proj(b + "mlp.c_fc", true, true);
            k.fcProj = proj(b + "mlp.c_proj", true, true);
            blocks.push_back(std::move(k));
        }
        finalNorm = get("ln_f.weight");
        finalNormBias = get("ln_f.bias");
    } else {
        embed = get("model.embed_tokens.weight");
        for (int l = 0; l < c.numLayers; ++l) {
            const std::string b = "model.layers." + std::to_string(l) + ".";
            TrainBlock k;
            k.inputNorm = get(b + "input_layernorm.weight");
            k.q = proj(b + "self_attn.q_proj", false, c.attentionBias);
            k.k = proj(b + "self_attn.k_proj", false, c.attentionBias);
            k.v = proj(b + "self_attn.v_proj", false, c.attentionBias);
            k.o = proj(b + "self_attn.o_proj", false, false);
            k.postNorm = get(b + "post_attention_layernorm.weight");
            k.gate = proj(b + "mlp.gate_proj", false, false);
            k.up = proj(b + "mlp.up_proj", false, false);
            k.down = proj(b + "mlp.down_proj", false, false);
            blocks.push_back(std::move(k));
        }
        finalNorm = get("model.norm.weight");
        invFreq = inverseFrequencies(c, c.headDim > 0 ? c.headDim : c.hiddenSize / c.numHeads);
    }
    lmHead = c.tieWordEmbeddings ? embed : get("lm_head.weight");
}

static Projection* findProjection(TrainableModel::Impl& m, const std::string& weightName)
{
    for (TrainBlock& b : m.blocks)
        for (Projection* p : {&b.q, &b.k, &b.v, &b.o, &b.gate, &b.up, &b.down, &b.attn, &b.attnProj, &b.fc, &b.fcProj})
            if (p->weight.defined() && p->weight.is_same(m.byName.at(weightName))) return p;
    return nullptr;
}

std::vector<at::Tensor> TrainableModel::Impl::trainable() const
{
    std::vector<at::Tensor> out;
    if (lora) {
        for (const auto& [name, t] : adapters) out.push_back(t);
    } else {
        for (const auto& [name, t] : weights) out.push_back(t);
    }
    return out;
}

std::vector<std::string> TrainableModel::Impl::trainableNames() const
{
    std::vector<std::string> out;
    for (const auto& [name, t] : lora ? adapters : weights) out.push_back(name);
    return out;
}

const ModelConfig& TrainableModel::config() const { return d->config; }

uint64_t TrainableModel::parameterCount() const
{
    uint64_t n = 0;
    for (const auto& [name, t] : d->weights) n += uint64_t(t.numel());
    return n;
}

uint64_t TrainableModel::trainableParameterCount() const
{
    uint64_t n = 0;
    for (const at::Tensor& t : d->trainable()) n += uint64_t(t.numel());
    return n;
}

void TrainableModel::addLora(const LoraConfig& lora, uint64_t seed)
{
    if (d->lora) throw Error("trainable model: LoRA adapters are already added");
    const std::vector<LoraTarget> targets = loraTargets(d->config, lora.targetModules);
    torch::NoGradGuard noGrad;
    for (auto& [name, t] : d->weights) t.requires_grad_(false);
    // Its own generator: adding adapters does not move the global RNG.
    at::Generator gen = at::detail::createCPUGenerator(seed);
    for (const LoraTarget& target : targets) {
        Projection* p = findProjection(*d, target.weight);
        if (!p) throw Error("trainable model: no projection " + target.weight);
        // PEFT's init: A kaiming-uniform with a = sqrt(5), i.e. U(-1/sqrt(in), 1/sqrt(in)); B zero.
        const double bound = 1.0 / std::sqrt(double(target.in));
        p->loraA = torch::empty({lora.rank, target.in}, torch::kFloat32);
        p->loraA.uniform_(-bound, bound, gen);
        p->loraB = torch::zeros({target.out, lora.rank}, torch::kFloat32);
        p->loraA.requires_grad_(true);
        p->loraB.requires_grad_(true);
        p->loraScale = lora.scale();
        p->loraDropout = lora.dropout;
        p->module = target.module;
        d->adapters.emplace_back(peftName(target.module, "A"), p->loraA);
        d->adapters.emplace_back(peftName(target.module, "B"), p->loraB);
        d->byName[peftName(target.module, "A")] = p->loraA;
        d->byName[peftName(target.module, "B")] = p->loraB;
    }
    d->lora = lora;
    if (d->lora->targetModules.empty())
        d->lora->targetModules = d->config.family == ModelFamily::Gpt2 ? std::vector<std::string>{"c_attn"}
                                                                        : std::vector<std::string>{"q_proj", "v_proj"};
}

bool TrainableModel::hasLora() const { return d->lora.has_value(); }

const LoraConfig& TrainableModel::loraConfig() const
{
    if (!d->lora) throw Error("trainable model: no LoRA adapters");
    return *d->lora;
}

void TrainableModel::setTraining(bool on) { d->training = on; }
void TrainableModel::setGradientCheckpointing(bool on) { d->checkpointing = on; }

void TrainableModel::setBf16(bool on)
{
    if (on && !bf16Supported()) throw Error("bf16 autocast is not supported by this LibTorch on the CPU");
    d->bf16 = on;
}

std::vector<std::string> TrainableModel::trainableNames() const { return d->trainableNames(); }

std::vector<float> TrainableModel::tensorValues(const std::string& name) const
{
    auto it = d->byName.find(name);
    if (it == d->byName.end()) throw Error("trainable model: no tensor \"" + name + "\"");
    at::Tensor c = it->second.detach().contiguous();
    return std::vector<float>(c.data_ptr<float>(), c.data_ptr<float>() + c.numel());
}

void TrainableModel::setTensorValues(const std::string& name, const std::vector<float>& values)
{
    auto it = d->byName.find(name);
    if (it == d->byName.end()) throw Error("trainable model: no tensor \"" + name + "\"");
    at::Tensor& t = it->second;
    if (int64_t(values.size()) != t.numel())
        throw Error("trainable model: tensor \"" + name + "\" has " + std::to_string(t.numel()) + " values, not " +
                    std::to_string(values.size()));
    torch::NoGradGuard noGrad;
    t.copy_(torch::from_blob(const_cast<float*>(values.data()), t.sizes(), torch::kFloat32));
}

std::vector<OwnedTensor> TrainableModel::mergedWeights() const
{
    torch::NoGradGuard noGrad;
    std::vector<OwnedTensor> out;
    for (const auto& [name, t] : d->weights) {
        at::Tensor w = t;
        if (d->lora) {
            if (Projection* p = findProjection(const_cast<Impl&>(*d), name); p && p->loraA.defined()) {
                at::Tensor delta = torch::matmul(p->loraB, p->loraA) * p->loraScale;   // [out, in]
                w = w + (p->conv1d ? delta.t() : delta);
            }
        }
        out.push_back(toOwned(name, w));
    }
    return out;
}

void TrainableModel::saveModel(const std::string& dir, const std::string& tokenizerDir, const std::string& tokenizerFile) const
{
    const std::vector<OwnedTensor> tensors = mergedWeights();
    std::vector<TensorView> views;
    for (const OwnedTensor& t : tensors) views.push_back(t.view());
    HfExportOptions options;
    if (!tokenizerFile.empty() && fs::path(tokenizerFile).filename() != "tokenizer.json") {
        std::ifstream in(tokenizerFile, std::ios::binary);
        if (!in) throw Error(tokenizerFile + ": cannot open file");
        std::stringstream s;
        s << in.rdbuf();
        options.tokenizerJson = s.str();
    } else {
        options.tokenizerSourceDir = tokenizerDir;
    }
    writeHfModel(dir, d->config, views, options);
}

void TrainableModel::saveAdapter(const std::string& dir, const std::string& baseModel) const
{
    const LoraConfig& l = loraConfig();
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) throw Error(dir + ": cannot create folder: " + ec.message());
    std::vector<OwnedTensor> tensors;
    for (const auto& [name, t] : d->adapters) tensors.push_back(toOwned(name, t));
    std::vector<TensorView> views;
    for (const OwnedTensor& t : tensors) views.push_back(t.view());
    writeSafetensors((fs::path(dir) / "adapter_model.safetensors").string(), views, {{"format", "pt"}});
    const nlohmann::json config = {
        {"peft_type", "LORA"},
        {"task_type", "CAUSAL_LM"},
        {"base_model_name_or_path", baseModel},
        {"r", l.rank},
        {"lora_alpha", l.alpha},
        {"lora_dropout", l.dropout},
        {"target_modules", l.targetModules},
        {"bias", "none"},
        {"fan_in_fan_out", d->config.family == ModelFamily::Gpt2},   // HF GPT-2 uses Conv1D
        {"inference_mode", true},
        {"modules_to_save", nullptr},
    };
    writeTextFileAtomic((fs::path(dir) / "adapter_config.json").string(), config.dump(2) + "\n");
}

void TrainableModel::loadAdapter(const std::string& dir)
{
    if (!d->lora) throw Error("trainable model: add the LoRA adapters before loading them");
    const std::string path = (fs::path(dir) / "adapter_model.safetensors").string();
    const SafetensorsFile file = SafetensorsFile::open(path);
    torch::NoGradGuard noGrad;
    for (auto& [name, t] : d->adapters) {
        const TensorView* v = file.find(name);
        if (!v) throw Error(path + ": missing tensor \"" + name + "\"");
        const std::vector<int64_t> want(t.sizes().begin(), t.sizes().end());
        if (v->shape != want)
            throw Error(path + ": tensor \"" + name + "\" has shape " + shapeString(v->shape) + ", expected " +
                        shapeString(want));
        t.copy_(toTorch(*v, true).to(torch::kFloat32));
    }
    if (file.tensors().size() != d->adapters.size())
        throw Error(path + ": holds " + std::to_string(file.tensors().size()) + " tensors, the adapter has " +
                    std::to_string(d->adapters.size()));
}

void TrainableModel::seedGlobalRng(uint64_t seed)
{
    torch::manual_seed(seed);
}

bool TrainableModel::bf16Supported()
{
    // CPU autocast to bf16 exists since LibTorch 1.10; check that a matmul
    // really runs in bf16 under it.
    try {
        AutocastScope scope(true);
        at::Tensor a = torch::ones({2, 2});
        return torch::matmul(a, a).scalar_type() == torch::kBFloat16;
    } catch (const std::exception&) {
        return false;
    }
}

} // namespace wb
