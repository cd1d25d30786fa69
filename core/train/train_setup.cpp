#include "core/train/train_setup.h"

#include "core/model/init.h"
#include "core/util/cpu_features.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace wb {
namespace {

namespace fs = std::filesystem;

[[noreturn]] void fieldError(const std::string& field, const std::string& what)
{
    throw Error("field \"" + field + "\": " + what);
}

std::string joined(const std::vector<std::string>& v)
{
    std::string s;
    for (const std::string& x : v) s += (s.empty() ? "" : ", ") + x;
    return s;
}

std::string gib(uint64_t bytes)
{
    std::ostringstream s;
    s.precision(bytes >= (uint64_t(10) << 30) ? 0 : 2);
    s << std::fixed << double(bytes) / double(1ull << 30) << " GiB";
    return s.str();
}

// The first of `names` the tokenizer knows.
std::optional<int> firstToken(const Tokenizer& tok, std::initializer_list<const char*> names)
{
    for (const char* n : names)
        if (auto id = tok.tokenId(n)) return id;
    return std::nullopt;
}

void resolveModel(const TrainConfig& c, TrainSetup& s)
{
    if (!c.newModel) {
        if (!fs::is_directory(c.modelPath)) fieldError("model", c.modelPath + ": model folder not found");
        if (!fs::exists(fs::path(c.modelPath) / "config.json"))
            fieldError("model", c.modelPath + ": not an HF model folder (no config.json)");
        try {
            s.model = loadConfig((fs::path(c.modelPath) / "config.json").string());
        } catch (const Error& e) {
            fieldError("model", e.what());
        }
        if (s.model.family == ModelFamily::Bert)
            fieldError("model", c.modelPath + ": model_type bert is not a causal language model");
        try {
            s.tokenizer = loadTokenizer(c.modelPath);
        } catch (const Error& e) {
            fieldError("model", e.what());
        }
        s.tokenizerDir = c.modelPath;
        return;
    }
    const NewModelSpec& n = *c.newModel;
    try {
        if (fs::is_directory(c.tokenizerPath)) {
            s.tokenizer = loadTokenizer(c.tokenizerPath);
            s.tokenizerDir = c.tokenizerPath;
        } else {
            if (!fs::exists(c.tokenizerPath)) throw Error(c.tokenizerPath + ": file not found");
            s.tokenizer = loadTokenizerFile(c.tokenizerPath);
            s.tokenizerFile = c.tokenizerPath;
            s.tokenizerDir = fs::path(c.tokenizerPath).parent_path().string();
        }
    } catch (const Error& e) {
        fieldError("model.tokenizer", e.what());
    }
    try {
        s.model = presetConfig(n.family, n.preset);
    } catch (const Error& e) {
        fieldError("model.new.preset", e.what());
    }
    ModelConfig& m = s.model;
    if (n.hiddenSize > 0) m.hiddenSize = n.hiddenSize;
    if (n.numLayers > 0) m.numLayers = n.numLayers;
    if (n.numHeads > 0) m.numHeads = n.numHeads;
    if (n.numKvHeads > 0) m.numKvHeads = n.numKvHeads;
    else if (n.numHeads > 0 && (m.family == ModelFamily::Gpt2 || m.numKvHeads > n.numHeads || n.numHeads % m.numKvHeads))
        m.numKvHeads = n.numHeads;
    if (m.family == ModelFamily::Gpt2) m.numKvHeads = m.numHeads;
    if (n.hiddenSize > 0 || n.numHeads > 0) m.headDim = m.numHeads > 0 ? m.hiddenSize / m.numHeads : 0;
    if (n.intermediateSize > 0) m.intermediateSize = n.intermediateSize;
    else if (n.hiddenSize > 0)
        m.intermediateSize = m.family == ModelFamily::Gpt2 ? 4 * m.hiddenSize : (m.hiddenSize * 8 / 3 + 63) / 64 * 64;
    if (n.maxPositionEmbeddings > 0) m.maxPositionEmbeddings = n.maxPositionEmbeddings;
    if (m.family == ModelFamily::Mistral) m.slidingWindow = m.maxPositionEmbeddings;
    m.vocabSize = s.tokenizer->vocabSize();
    // Special ids from the tokenizer: the preset's are placeholders.
    const auto eos = firstToken(*s.tokenizer, {"<|endoftext|>", "</s>", "<|end_of_text|>", "<eos>", "<|im_end|>", "<|eot_id|>"});
    const auto bos = firstToken(*s.tokenizer, {"<|begin_of_text|>", "<s>", "<bos>"});
    m.eosTokenIds.clear();
    if (eos) m.eosTokenIds.push_back(*eos);
    m.bosTokenId = bos ? bos : eos;
    try {
        validateConfig(m, "new model");
    } catch (const Error& e) {
        fieldError("model.new", e.what());
    }
}

int64_t countSplit(ProjectStore& store, int64_t datasetId, const std::string& split,
                   const std::vector<std::string>& excluded)
{
    RecordQuery q;
    q.datasetId = datasetId;
    q.split = splitFromString(split);
    int64_t n = store.count(q);
    for (const std::string& status : excluded) {
        q.status = reviewStatusFromString(status);
        n -= store.count(q);
    }
    return n;
}

bool excludedStatus(const TrainConfig& c, ReviewStatus s)
{
    return std::find(c.excludeStatus.begin(), c.excludeStatus.end(), std::string(toString(s))) != c.excludeStatus.end();
}

std::vector<TokenSequence> renderSplit(const TrainSetup& s, ProjectStore& store, const std::string& split,
                                       std::vector<std::string>& warnings)
{
    std::vector<TokenSequence> seqs;
    const TextRenderer renderer = s.renderer();
    RecordQuery q;
    q.datasetId = s.dataset.id;
    q.split = splitFromString(split);
    std::vector<int64_t> empty;
    store.forEach(q, [&](const Record& r) {
        if (excludedStatus(s.config, r.status)) return true;
        TokenSequence seq = renderRecord(r, renderer);
        if (seq.ids.empty()) empty.push_back(r.id);
        else seqs.push_back(std::move(seq));
        return true;
    });
    if (!empty.empty()) {
        std::string ids;
        for (size_t i = 0; i < empty.size() && i < 10; ++i) ids += (i ? ", " : "") + std::to_string(empty[i]);
        if (empty.size() > 10) ids += ", ...";
        warnings.push_back(std::to_string(empty.size()) + " record(s) of split " + split +
                           " have no text and are left out (ids " + ids + ")");
    }
    return seqs;
}

} // namespace

std::vector<std::string> loraModuleNames(ModelFamily family)
{
    if (family == ModelFamily::Gpt2) return {"c_attn", "c_proj", "c_fc"};
    return {"q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"};
}

std::vector<LoraTarget> loraTargets(const ModelConfig& m, const std::vector<std::string>& requested)
{
    std::vector<std::string> names = requested;
    if (names.empty()) names = m.family == ModelFamily::Gpt2 ? std::vector<std::string>{"c_attn"}
                                                             : std::vector<std::string>{"q_proj", "v_proj"};
    const int64_t C = m.hiddenSize, I = m.intermediateSize;
    const int64_t D = m.headDim > 0 ? m.headDim : C / m.numHeads;
    const int64_t Q = m.numHeads * D, KV = m.numKvHeads * D;
    std::vector<LoraTarget> all;
    for (int l = 0; l < m.numLayers; ++l) {
        const std::string n = std::to_string(l);
        if (m.family == ModelFamily::Gpt2) {
            const std::string b = "h." + n + ".";
            all.push_back({"transformer." + b + "attn.c_attn", b + "attn.c_attn.weight", C, 3 * C, true});
            all.push_back({"transformer." + b + "attn.c_proj", b + "attn.c_proj.weight", C, C, true});
            all.push_back({"transformer." + b + "mlp.c_fc", b + "mlp.c_fc.weight", C, I, true});
            all.push_back({"transformer." + b + "mlp.c_proj", b + "mlp.c_proj.weight", I, C, true});
        } else {
            const std::string b = "model.layers." + n + ".";
            all.push_back({b + "self_attn.q_proj", b + "self_attn.q_proj.weight", C, Q, false});
            all.push_back({b + "self_attn.k_proj", b + "self_attn.k_proj.weight", C, KV, false});
            all.push_back({b + "self_attn.v_proj", b + "self_attn.v_proj.weight", C, KV, false});
            all.push_back({b + "self_attn.o_proj", b + "self_attn.o_proj.weight", Q, C, false});
            all.push_back({b + "mlp.gate_proj", b + "mlp.gate_proj.weight", C, I, false});
            all.push_back({b + "mlp.up_proj", b + "mlp.up_proj.weight", C, I, false});
            all.push_back({b + "mlp.down_proj", b + "mlp.down_proj.weight", I, C, false});
        }
    }
    // PEFT's rule: a name matches a module whose path equals it or ends with "." + name.
    auto matches = [](const std::string& module, const std::string& name) {
        return module == name || module.ends_with("." + name);
    };
    std::vector<LoraTarget> out;
    for (const std::string& name : names) {
        if (name.empty()) fieldError("lora.target_modules", "an empty module name");
        bool any = false;
        for (const LoraTarget& t : all) any = any || matches(t.module, name);
        if (!any)
            fieldError("lora.target_modules", "\"" + name + "\" matches no module of a " +
                                                  std::string(toString(m.family)) + " model (" +
                                                  joined(loraModuleNames(m.family)) + ")");
    }
    for (const LoraTarget& t : all)
        for (const std::string& name : names)
            if (matches(t.module, name)) {
                out.push_back(t);
                break;
            }
    return out;
}

MemoryEstimate estimateTrainingMemory(const ModelConfig& m, const TrainConfig& c)
{
    MemoryEstimate e;
    for (const WeightSpec& w : expectedWeights(m)) {
        uint64_t n = 1;
        for (int64_t d : w.shape) n *= uint64_t(d);
        e.parameters += n;
    }
    if (c.lora) {
        for (const LoraTarget& t : loraTargets(m, c.lora->targetModules))
            e.trainableParameters += uint64_t(c.lora->rank) * uint64_t(t.in + t.out);
    } else {
        e.trainableParameters = e.parameters;
    }
    e.weightBytes = (e.parameters + (c.lora ? e.trainableParameters : 0)) * 4;
    e.gradientBytes = e.trainableParameters * 4;
    e.optimizerBytes = e.trainableParameters * 8;
    // Values kept for backward per token and layer: about 10 C + 4 I for the
    // projections, norms and MLP, and 2 H L for attention scores and
    // probabilities. bf16 keeps the matmul inputs in half the bytes.
    const double B = c.batchSize, L = c.seqLen, C = m.hiddenSize, I = m.intermediateSize, H = m.numHeads;
    const double bytes = c.precision == TrainPrecision::BF16 ? 3.0 : 4.0;
    const double perLayer = (10 * C + 4 * I + 2 * H * L) * bytes;
    const double layers = c.gradientCheckpointing ? (m.numLayers * C * 4 / perLayer + 1) : m.numLayers;
    const double logits = double(m.vocabSize) * 12;   // logits, log-softmax and its gradient, fp32
    e.activationBytes = uint64_t(B * L * (layers * perLayer + logits + 4 * C));
    e.totalBytes = uint64_t(double(e.weightBytes + e.gradientBytes + e.optimizerBytes + e.activationBytes) * 1.1);
    return e;
}

uint64_t availableMemoryBytes()
{
    std::ifstream in("/proc/meminfo");
    std::string key;
    uint64_t value = 0;
    std::string unit;
    while (in >> key >> value >> unit)
        if (key == "MemAvailable:") return value * 1024;
    return 0;
}

double trainingFlopsPerToken(const ModelConfig& m, int seqLen)
{
    uint64_t n = 0;
    for (const WeightSpec& w : expectedWeights(m)) {
        if (w.kind == WeightSpec::Kind::Embedding) continue;
        uint64_t k = 1;
        for (int64_t d : w.shape) k *= uint64_t(d);
        n += k;
    }
    if (m.tieWordEmbeddings) n += uint64_t(m.vocabSize) * uint64_t(m.hiddenSize);   // the head still multiplies
    const double D = m.headDim > 0 ? m.headDim : double(m.hiddenSize) / m.numHeads;
    return 6.0 * double(n) + 12.0 * m.numLayers * m.numHeads * D * seqLen;
}

TextRenderer TrainSetup::renderer() const
{
    TextRenderer r;
    r.tokenizer = tokenizer.get();
    r.chatTemplate = chatTemplate;
    r.eosId = eosId;
    r.sft = config.method == TrainMethod::Sft;
    r.trainOnPrompts = config.trainOnPrompts;
    return r;
}

TrainSetup prepareTraining(const TrainConfig& c)
{
    TrainSetup s;
    s.config = c;
    resolveModel(c, s);
    const Tokenizer& tok = *s.tokenizer;
    if (tok.vocabSize() > s.model.vocabSize)
        fieldError("model", "the tokenizer has " + std::to_string(tok.vocabSize()) + " tokens but the model's vocab_size is " +
                                std::to_string(s.model.vocabSize));
    if (c.seqLen > s.model.maxPositionEmbeddings)
        fieldError("seq_len", std::to_string(c.seqLen) + " exceeds the model's max_position_embeddings (" +
                                  std::to_string(s.model.maxPositionEmbeddings) + ")");

    // EOS: the configured token, the model's, or the tokenizer's usual end token.
    if (!c.eosToken.empty()) {
        const auto id = tok.tokenId(c.eosToken);
        if (!id) fieldError("eos_token", "\"" + c.eosToken + "\" is not a token of the tokenizer");
        s.eosId = *id;
    } else if (!s.model.eosTokenIds.empty()) {
        s.eosId = s.model.eosTokenIds.front();
    } else if (auto id = firstToken(tok, {"<|endoftext|>", "</s>", "<|end_of_text|>", "<eos>"})) {
        s.eosId = *id;
    } else if (c.method == TrainMethod::Pretrain) {
        fieldError("eos_token", "the model names no eos_token_id and the tokenizer has no usual end token: set one");
    }

    // Chat template: named, else the model's (or the tokenizer folder's).
    if (!c.chatTemplate.empty()) {
        try {
            s.chatTemplate = makeChatTemplate(chatTemplateFromString(c.chatTemplate));
        } catch (const Error& e) {
            fieldError("template", e.what());
        }
        // The model's own token texts where the template uses them.
        if (auto detected = detectChatTemplate(s.tokenizerDir); detected && detected->kind == s.chatTemplate->kind)
            s.chatTemplate = detected;
    } else {
        s.chatTemplate = detectChatTemplate(s.tokenizerDir);
        if (!s.chatTemplate && c.method == TrainMethod::Sft)
            fieldError("template", "the model has no chat template we know (tokenizer_config.json): set one of "
                                   "chatml, llama3, llama2, alpaca, vicuna, plain");
    }
    if (s.chatTemplate && c.method == TrainMethod::Sft)
        for (const std::string& marker : {std::string("<|im_start|>"), std::string("<|start_header_id|>")})
            if (s.chatTemplate->renderPrompt({{"user", "x"}}).find(marker) != std::string::npos && !tok.tokenId(marker))
                s.warnings.push_back("the tokenizer has no special token " + marker +
                                     ": the template's markers are trained as plain text");

    if (c.lora) loraTargets(s.model, c.lora->targetModules);   // names every target that matches nothing

    // Project, dataset and splits.
    if (!fs::exists(c.project)) fieldError("project", c.project + ": project file not found");
    std::unique_ptr<ProjectStore> store;
    try {
        store = ProjectStore::open(c.project);
    } catch (const Error& e) {
        fieldError("project", e.what());
    }
    std::optional<DatasetInfo> ds = store->datasetByName(c.dataset);
    if (!ds && !c.dataset.empty() && std::all_of(c.dataset.begin(), c.dataset.end(), ::isdigit))
        ds = store->dataset(std::stoll(c.dataset));
    if (!ds) {
        std::vector<std::string> names;
        for (const DatasetInfo& d : store->datasets()) names.push_back(d.name);
        fieldError("dataset", "no dataset \"" + c.dataset + "\" in " + c.project +
                                  (names.empty() ? std::string(" (it has none)") : " (datasets: " + joined(names) + ")"));
    }
    s.dataset = *ds;
    if (c.method == TrainMethod::Sft && s.dataset.kind == DatasetKind::Text)
        fieldError("dataset", "\"" + s.dataset.name + "\" holds text records: method \"sft\" needs sft, chat or "
                              "preference records (use method \"pretrain\" for text)");
    if (s.dataset.recordCount == 0) fieldError("dataset", "\"" + s.dataset.name + "\" is empty");
    const std::string left = c.excludeStatus.empty() ? "" : " (leaving out " + joined(c.excludeStatus) + ")";
    s.trainRecords = countSplit(*store, s.dataset.id, c.trainSplit, c.excludeStatus);
    if (s.trainRecords == 0)
        fieldError("train_split", "dataset \"" + s.dataset.name + "\" has no records in split \"" + c.trainSplit + "\"" + left);
    if (!c.evalSplit.empty()) {
        s.evalRecords = countSplit(*store, s.dataset.id, c.evalSplit, c.excludeStatus);
        if (s.evalRecords == 0)
            fieldError("eval_split", "dataset \"" + s.dataset.name + "\" has no records in split \"" + c.evalSplit + "\"" +
                                         left + ": split the dataset, or set \"eval_split\": null");
    }

    if (c.precision == TrainPrecision::BF16 && !cpuHasNativeBf16())
        s.warnings.push_back("precision bf16: this CPU has no native bf16 (AVX512-BF16 or AMX), so bf16 matmuls run "
                             "much slower than fp32; fp32 is faster here");

    // Memory: refuse a batch that cannot fit before loading anything.
    s.memory = estimateTrainingMemory(s.model, c);
    const uint64_t limit = c.memoryLimitMb > 0 ? uint64_t(c.memoryLimitMb) << 20 : availableMemoryBytes();
    if (limit > 0 && s.memory.totalBytes > limit)
        fieldError("batch_size", "batch_size " + std::to_string(c.batchSize) + " at seq_len " + std::to_string(c.seqLen) +
                                     " needs about " + gib(s.memory.totalBytes) + " but " + gib(limit) +
                                     (c.memoryLimitMb > 0 ? " is the memory_limit_mb" : " is available") +
                                     ": lower batch_size or seq_len (use gradient_accumulation_steps), "
                                     "or turn on gradient_checkpointing");
    return s;
}

TrainingData loadTrainingData(const TrainSetup& s)
{
    TrainingData d;
    std::unique_ptr<ProjectStore> store = ProjectStore::open(s.config.project);
    PackOptions pack;
    pack.seqLen = s.config.seqLen;
    pack.packing = s.config.packing;
    pack.splitLong = s.config.method == TrainMethod::Pretrain;
    int64_t cut = 0;
    d.train = packSequences(renderSplit(s, *store, s.config.trainSplit, d.warnings), pack, &cut);
    d.truncated += cut;
    if (!s.config.evalSplit.empty()) {
        d.eval = packSequences(renderSplit(s, *store, s.config.evalSplit, d.warnings), pack, &cut);
        d.truncated += cut;
    }
    if (d.truncated > 0)
        d.warnings.push_back(std::to_string(d.truncated) + " example(s) longer than seq_len " +
                             std::to_string(s.config.seqLen) + " were truncated");
    if (d.train.empty()) fieldError("train_split", "no training tokens in split \"" + s.config.trainSplit + "\"");
    if (!s.config.evalSplit.empty() && d.eval.empty())
        fieldError("eval_split", "no tokens in split \"" + s.config.evalSplit + "\"");
    return d;
}

int64_t stepsPerEpoch(int64_t rows, const TrainConfig& c)
{
    const int64_t perStep = int64_t(c.batchSize) * c.gradAccumSteps;
    return std::max<int64_t>(1, (rows + perStep - 1) / perStep);
}

int64_t totalTrainingSteps(int64_t rows, const TrainConfig& c)
{
    if (c.maxSteps > 0) return c.maxSteps;
    return std::max<int64_t>(1, int64_t(std::ceil(c.epochs * double(stepsPerEpoch(rows, c)) - 1e-9)));
}

std::vector<PreviewSample> previewTraining(const TrainSetup& s, int maxSamples)
{
    std::vector<PreviewSample> out;
    std::unique_ptr<ProjectStore> store = ProjectStore::open(s.config.project);
    const TextRenderer renderer = s.renderer();
    RecordQuery q;
    q.datasetId = s.dataset.id;
    q.split = splitFromString(s.config.trainSplit);
    store->forEach(q, [&](const Record& r) {
        if (int(out.size()) >= maxSamples) return false;
        if (excludedStatus(s.config, r.status)) return true;
        TokenSequence seq = renderRecord(r, renderer);
        PreviewSample p;
        p.recordId = r.id;
        p.truncated = s.config.method == TrainMethod::Sft && int(seq.ids.size()) > s.config.seqLen;
        if (p.truncated) {
            seq.ids.resize(size_t(s.config.seqLen));
            seq.trained.resize(size_t(s.config.seqLen));
        }
        p.tokens = previewTokens(seq, *s.tokenizer);
        out.push_back(std::move(p));
        return true;
    });
    return out;
}

} // namespace wb
