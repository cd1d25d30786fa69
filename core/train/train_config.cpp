#include "core/train/train_config.h"

#include "core/data/record.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <set>
#include <sstream>

namespace wb {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// Reads the fields of one JSON object, each by name, with errors that name
// the file and the field path ("lora.r"), and rejects fields it never read.
class Fields {
public:
    Fields(const json& j, std::string file, std::string prefix) : j_(j), file_(std::move(file)), prefix_(std::move(prefix))
    {
        if (!j_.is_object()) throw Error(file_ + ": " + where("") + "must be a JSON object");
    }

    bool has(const std::string& name) const { return j_.contains(name) && !j_.at(name).is_null(); }

    [[noreturn]] void fail(const std::string& name, const std::string& what) const
    {
        throw Error(file_ + ": " + where(name) + what);
    }

    void markSeen(const std::string& name) { seen_.insert(name); }

    const json& raw(const std::string& name)
    {
        seen_.insert(name);
        return j_.at(name);
    }

    std::string text(const std::string& name, const std::string& def = {})
    {
        seen_.insert(name);
        if (!has(name)) return def;
        if (!j_.at(name).is_string()) fail(name, "must be a string");
        return j_.at(name).get<std::string>();
    }

    bool flag(const std::string& name, bool def)
    {
        seen_.insert(name);
        if (!has(name)) return def;
        if (!j_.at(name).is_boolean()) fail(name, "must be true or false");
        return j_.at(name).get<bool>();
    }

    double number(const std::string& name, double def, double lo, double hi, bool loOpen = false)
    {
        seen_.insert(name);
        if (!has(name)) return def;
        if (!j_.at(name).is_number()) fail(name, "must be a number");
        const double v = j_.at(name).get<double>();
        if (!std::isfinite(v) || v < lo || v > hi || (loOpen && v == lo))
            fail(name, "must be " + range(lo, hi, loOpen) + " (got " + j_.at(name).dump() + ")");
        return v;
    }

    int64_t integer(const std::string& name, int64_t def, int64_t lo, int64_t hi)
    {
        seen_.insert(name);
        if (!has(name)) return def;
        const json& v = j_.at(name);
        if (!v.is_number_integer() && !(v.is_number_float() && std::floor(v.get<double>()) == v.get<double>()))
            fail(name, "must be a whole number");
        const double d = v.get<double>();
        if (d < double(lo) || d > double(hi))
            fail(name, "must be in [" + std::to_string(lo) + ", " + std::to_string(hi) + "] (got " + v.dump() + ")");
        return v.is_number_integer() ? v.get<int64_t>() : int64_t(d);
    }

    std::vector<std::string> texts(const std::string& name, const std::vector<std::string>& def)
    {
        seen_.insert(name);
        if (!has(name)) return def;
        const json& v = j_.at(name);
        if (!v.is_array()) fail(name, "must be a list of strings");
        std::vector<std::string> out;
        for (const json& e : v) {
            if (!e.is_string()) fail(name, "must be a list of strings");
            out.push_back(e.get<std::string>());
        }
        return out;
    }

    template <typename Enum>
    Enum choice(const std::string& name, Enum def, const std::vector<std::pair<std::string, Enum>>& options)
    {
        const std::string v = text(name, "");
        if (v.empty() && !has(name)) return def;
        std::string list;
        for (const auto& [n, e] : options) {
            if (n == v) return e;
            list += (list.empty() ? "" : ", ") + n;
        }
        fail(name, "\"" + v + "\" is not one of " + list);
    }

    // Unknown fields are errors: a typo must not silently train with a default.
    void finish() const
    {
        for (const auto& [key, value] : j_.items())
            if (!seen_.count(key) && key != "comment" && !key.starts_with("_"))
                fail(key, "is not a known field (see docs/TRAINING.md)");
    }

    std::string where(const std::string& name) const
    {
        if (name.empty()) return prefix_.empty() ? std::string() : "field \"" + prefix_ + "\": ";
        return "field \"" + (prefix_.empty() ? name : prefix_ + "." + name) + "\": ";
    }

private:
    static std::string num(double v)
    {
        std::ostringstream s;
        s << v;
        return s.str();
    }
    static std::string range(double lo, double hi, bool loOpen)
    {
        if (std::isinf(hi)) return (loOpen ? "> " : ">= ") + num(lo);
        return std::string(loOpen ? "in (" : "in [") + num(lo) + ", " + num(hi) + "]";
    }

    const json& j_;
    std::string file_;
    std::string prefix_;
    std::set<std::string> seen_;
};

constexpr double kInf = std::numeric_limits<double>::infinity();

std::string absolute(const std::string& path, const std::string& baseDir)
{
    if (path.empty()) return path;
    fs::path p(path);
    if (p.is_relative()) p = fs::path(baseDir) / p;
    return p.lexically_normal().string();
}

void parseModel(Fields& top, TrainConfig& c, const std::string& file, const std::string& baseDir)
{
    if (!top.has("model")) top.fail("model", "is missing (an HF model folder, or {\"new\": {...}, \"tokenizer\": PATH})");
    const json& m = top.raw("model");
    if (m.is_string()) {
        c.modelPath = absolute(m.get<std::string>(), baseDir);
        if (c.modelPath.empty()) top.fail("model", "is empty");
        return;
    }
    Fields f(m, file, "model");
    if (f.has("path") == f.has("new")) f.fail("", "give either \"path\" (an HF model folder) or \"new\" (a model from scratch)");
    if (f.has("path")) {
        c.modelPath = absolute(f.text("path"), baseDir);
        if (f.has("tokenizer")) f.fail("tokenizer", "only for new models (an HF folder has its own tokenizer)");
    } else {
        Fields n(f.raw("new"), file, "model.new");
        NewModelSpec spec;
        const std::string family = n.text("family", "llama");
        try {
            spec.family = modelFamilyFromString(family);
        } catch (const Error& e) {
            n.fail("family", e.what());
        }
        if (spec.family == ModelFamily::Bert) n.fail("family", "bert is not a causal language model");
        spec.preset = n.text("preset", "tiny");
        spec.hiddenSize = int(n.integer("hidden_size", 0, 0, 1 << 16));
        spec.numLayers = int(n.integer("num_layers", 0, 0, 1024));
        spec.numHeads = int(n.integer("num_heads", 0, 0, 1024));
        spec.numKvHeads = int(n.integer("num_kv_heads", 0, 0, 1024));
        spec.intermediateSize = int(n.integer("intermediate_size", 0, 0, 1 << 20));
        spec.maxPositionEmbeddings = int(n.integer("max_position_embeddings", 0, 0, 1 << 20));
        n.finish();
        c.newModel = spec;
        if (!f.has("tokenizer")) f.fail("tokenizer", "is missing: a new model needs a tokenizer (a tokenizer.json or a folder)");
        c.tokenizerPath = absolute(f.text("tokenizer"), baseDir);
    }
    f.finish();
}

void parseLora(Fields& top, TrainConfig& c, const std::string& file)
{
    top.markSeen("lora");
    if (!top.has("lora")) return;   // absent or null: full fine-tuning
    const json& j = top.raw("lora");
    if (j.is_boolean()) {
        if (j.get<bool>()) c.lora = LoraConfig{};
        return;
    }
    Fields f(j, file, "lora");
    LoraConfig l;
    l.rank = int(f.integer("r", l.rank, 1, 4096));
    l.alpha = f.number("alpha", l.alpha, 0, kInf, true);
    l.dropout = f.number("dropout", l.dropout, 0, 0.99);
    l.targetModules = f.texts("target_modules", {});
    f.finish();
    c.lora = l;
}

} // namespace

std::string toString(TrainMethod m) { return m == TrainMethod::Pretrain ? "pretrain" : "sft"; }

std::string toString(LrSchedule s)
{
    switch (s) {
    case LrSchedule::Cosine: return "cosine";
    case LrSchedule::Linear: return "linear";
    case LrSchedule::Constant: return "constant";
    }
    return "cosine";
}

std::string toString(TrainPrecision p) { return p == TrainPrecision::BF16 ? "bf16" : "fp32"; }
std::string toString(NanPolicy p) { return p == NanPolicy::Stop ? "stop" : "skip"; }

TrainConfig parseTrainConfig(const std::string& text, const std::string& file, const std::string& baseDir)
{
    const json j = json::parse(text, nullptr, false);
    if (j.is_discarded()) throw Error(file + ": not valid JSON");
    Fields f(j, file, "");
    TrainConfig c;
    c.name = f.text("name");
    parseModel(f, c, file, baseDir);

    c.project = absolute(f.text("project"), baseDir);
    if (c.project.empty()) f.fail("project", "is missing (the .llmwb project file with the dataset)");
    c.dataset = f.text("dataset");
    if (c.dataset.empty()) f.fail("dataset", "is missing (the name of a dataset in the project)");
    const std::vector<std::pair<std::string, std::string>> splits = {
        {"train", "train"}, {"validation", "validation"}, {"test", "test"}};
    c.trainSplit = f.choice<std::string>("train_split", "train", splits);
    if (j.contains("eval_split") && (j["eval_split"].is_null() || j["eval_split"] == "")) {
        f.raw("eval_split");   // null or "": no evaluation
        c.evalSplit.clear();
    } else {
        c.evalSplit = f.choice<std::string>("eval_split", "validation", splits);
    }
    c.excludeStatus = f.texts("exclude_status", c.excludeStatus);
    for (const std::string& s : c.excludeStatus) {
        try {
            reviewStatusFromString(s);
        } catch (const Error& e) {
            f.fail("exclude_status", e.what());
        }
    }
    c.method = f.choice<TrainMethod>("method", TrainMethod::Sft,
                                     {{"sft", TrainMethod::Sft}, {"pretrain", TrainMethod::Pretrain}});
    c.chatTemplate = f.text("template");
    c.trainOnPrompts = f.flag("train_on_prompts", false);
    c.packing = f.flag("packing", true);
    c.shuffle = f.flag("shuffle", true);
    c.eosToken = f.text("eos_token");
    c.seqLen = int(f.integer("seq_len", c.seqLen, 2, 1 << 20));

    parseLora(f, c, file);

    c.batchSize = int(f.integer("batch_size", c.batchSize, 1, 1 << 20));
    c.gradAccumSteps = int(f.integer("gradient_accumulation_steps", c.gradAccumSteps, 1, 1 << 20));
    c.epochs = f.number("epochs", c.epochs, 0, 1e6, true);
    c.maxSteps = f.integer("max_steps", 0, 0, int64_t(1) << 40);
    c.learningRate = f.number("learning_rate", c.learningRate, 0, 10, true);
    c.schedule = f.choice<LrSchedule>("lr_scheduler", LrSchedule::Cosine,
                                      {{"cosine", LrSchedule::Cosine},
                                       {"linear", LrSchedule::Linear},
                                       {"constant", LrSchedule::Constant}});
    c.warmupSteps = f.integer("warmup_steps", 0, 0, int64_t(1) << 40);
    c.minLrRatio = f.number("min_lr_ratio", c.minLrRatio, 0, 1);
    c.weightDecay = f.number("weight_decay", c.weightDecay, 0, 10);
    c.adamBeta1 = f.number("adam_beta1", c.adamBeta1, 0, 0.999999);
    c.adamBeta2 = f.number("adam_beta2", c.adamBeta2, 0, 0.999999999);
    c.adamEpsilon = f.number("adam_epsilon", c.adamEpsilon, 0, 1, true);
    c.maxGradNorm = f.number("max_grad_norm", c.maxGradNorm, 0, kInf);
    c.precision = f.choice<TrainPrecision>("precision", TrainPrecision::F32,
                                           {{"fp32", TrainPrecision::F32}, {"bf16", TrainPrecision::BF16}});
    c.gradientCheckpointing = f.flag("gradient_checkpointing", false);
    c.seed = uint64_t(f.integer("seed", int64_t(c.seed), 0, INT64_MAX));
    c.threads = int(f.integer("threads", 0, 0, 1024));

    c.evalEvery = f.integer("eval_every", 0, 0, int64_t(1) << 40);
    c.evalMaxBatches = f.integer("eval_max_batches", 0, 0, int64_t(1) << 40);
    c.earlyStoppingPatience = int(f.integer("early_stopping_patience", 0, 0, 1 << 20));
    c.earlyStoppingMinDelta = f.number("early_stopping_min_delta", 0, 0, kInf);
    c.saveEvery = f.integer("save_every", 0, 0, int64_t(1) << 40);
    c.keepLast = int(f.integer("keep_last", c.keepLast, 0, 1 << 20));
    c.onNan = f.choice<NanPolicy>("on_nan", NanPolicy::Skip, {{"skip", NanPolicy::Skip}, {"stop", NanPolicy::Stop}});
    c.maxNanSkips = int(f.integer("max_nan_skips", c.maxNanSkips, 1, 1 << 30));
    c.logEvery = f.integer("log_every", 1, 1, int64_t(1) << 40);
    c.memoryLimitMb = f.integer("memory_limit_mb", 0, 0, int64_t(1) << 40);
    f.finish();

    if (c.earlyStoppingPatience > 0 && c.evalSplit.empty())
        f.fail("early_stopping_patience", "needs an eval_split to evaluate on");
    if (c.method == TrainMethod::Pretrain && c.trainOnPrompts)
        f.fail("train_on_prompts", "only applies to method \"sft\"");
    return c;
}

TrainConfig loadTrainConfig(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(path + ": cannot open file");
    std::stringstream s;
    s << in.rdbuf();
    const std::string base = fs::absolute(path).parent_path().string();
    return parseTrainConfig(s.str(), path, base);
}

std::string toJson(const TrainConfig& c)
{
    json j = json::object();
    j["name"] = c.name;
    if (c.newModel) {
        const NewModelSpec& n = *c.newModel;
        json spec = {{"family", std::string(toString(n.family))}, {"preset", n.preset}};
        auto opt = [&](const char* key, int v) {
            if (v > 0) spec[key] = v;
        };
        opt("hidden_size", n.hiddenSize);
        opt("num_layers", n.numLayers);
        opt("num_heads", n.numHeads);
        opt("num_kv_heads", n.numKvHeads);
        opt("intermediate_size", n.intermediateSize);
        opt("max_position_embeddings", n.maxPositionEmbeddings);
        j["model"] = {{"new", spec}, {"tokenizer", c.tokenizerPath}};
    } else {
        j["model"] = c.modelPath;
    }
    j["project"] = c.project;
    j["dataset"] = c.dataset;
    j["train_split"] = c.trainSplit;
    j["eval_split"] = c.evalSplit.empty() ? json() : json(c.evalSplit);
    j["exclude_status"] = c.excludeStatus;
    j["method"] = toString(c.method);
    j["template"] = c.chatTemplate;
    j["train_on_prompts"] = c.trainOnPrompts;
    j["packing"] = c.packing;
    j["shuffle"] = c.shuffle;
    j["eos_token"] = c.eosToken;
    j["seq_len"] = c.seqLen;
    if (c.lora) {
        const LoraConfig& l = *c.lora;
        j["lora"] = {{"r", l.rank}, {"alpha", l.alpha}, {"dropout", l.dropout}, {"target_modules", l.targetModules}};
    } else {
        j["lora"] = nullptr;
    }
    j["batch_size"] = c.batchSize;
    j["gradient_accumulation_steps"] = c.gradAccumSteps;
    j["epochs"] = c.epochs;
    j["max_steps"] = c.maxSteps;
    j["learning_rate"] = c.learningRate;
    j["lr_scheduler"] = toString(c.schedule);
    j["warmup_steps"] = c.warmupSteps;
    j["min_lr_ratio"] = c.minLrRatio;
    j["weight_decay"] = c.weightDecay;
    j["adam_beta1"] = c.adamBeta1;
    j["adam_beta2"] = c.adamBeta2;
    j["adam_epsilon"] = c.adamEpsilon;
    j["max_grad_norm"] = c.maxGradNorm;
    j["precision"] = toString(c.precision);
    j["gradient_checkpointing"] = c.gradientCheckpointing;
    j["seed"] = c.seed;
    j["threads"] = c.threads;
    j["eval_every"] = c.evalEvery;
    j["eval_max_batches"] = c.evalMaxBatches;
    j["early_stopping_patience"] = c.earlyStoppingPatience;
    j["early_stopping_min_delta"] = c.earlyStoppingMinDelta;
    j["save_every"] = c.saveEvery;
    j["keep_last"] = c.keepLast;
    j["on_nan"] = toString(c.onNan);
    j["max_nan_skips"] = c.maxNanSkips;
    j["log_every"] = c.logEvery;
    j["memory_limit_mb"] = c.memoryLimitMb;
    return j.dump(2) + "\n";
}

} // namespace wb
