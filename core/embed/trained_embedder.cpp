// The in-app embedder: hashed n-gram table, trained with in-batch negatives.
// Inference is plain C++ (a sum of table rows); training uses LibTorch for the
// gradients of one batch's rows only.
#include "core/embed/trained_embedder.h"

#include "core/data/record.h"
#include "core/weights/safetensors.h"

#include <torch/torch.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <numeric>
#include <random>

namespace wb::embed {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr int kFormatVersion = 1;
constexpr const char* kScheme = "token-ngrams-fnv1a64";
constexpr const char* kWeightName = "embedding.weight";
constexpr int64_t kMaxBuckets = int64_t(1) << 26;
constexpr int kMaxDim = 4096;
constexpr int kEmbedBatch = 256;   // texts between progress calls

std::string hex64(uint64_t v)
{
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
    return buf;
}

// One batch of texts as EmbeddingBag input: concatenated feature ids and the
// offset where each text's ids start.
struct Bags {
    std::vector<int64_t> ids;
    std::vector<int64_t> offsets;
};

void appendBag(Bags& bags, const std::vector<int64_t>& features)
{
    bags.offsets.push_back(int64_t(bags.ids.size()));
    bags.ids.insert(bags.ids.end(), features.begin(), features.end());
}

torch::Tensor longTensor(const std::vector<int64_t>& v)
{
    return torch::from_blob(const_cast<int64_t*>(v.data()), {int64_t(v.size())}, torch::kInt64).clone();
}

// Symmetric InfoNCE: each query against every positive in the batch and each
// positive against every query; pairs of one group are not negatives of each other.
torch::Tensor infoNce(const torch::Tensor& q, const torch::Tensor& p, const std::vector<uint64_t>& groups,
                      double temperature)
{
    const int64_t B = q.size(0);
    torch::Tensor logits = q.matmul(p.t()) / temperature;   // [B, B]
    std::vector<uint8_t> same(size_t(B * B), 0);
    bool anySame = false;
    for (int64_t i = 0; i < B; ++i)
        for (int64_t j = 0; j < B; ++j)
            if (i != j && groups[size_t(i)] != 0 && groups[size_t(i)] == groups[size_t(j)]) {
                same[size_t(i * B + j)] = 1;
                anySame = true;
            }
    if (anySame) {
        torch::Tensor mask = torch::from_blob(same.data(), {B, B}, torch::kUInt8).to(torch::kBool);
        logits = logits.masked_fill(mask, -1e9);
    }
    torch::Tensor labels = torch::arange(B, torch::kInt64);
    return 0.5 * (torch::nn::functional::cross_entropy(logits, labels) +
                  torch::nn::functional::cross_entropy(logits.t(), labels));
}

const json& field(const json& j, const std::string& name, const std::string& where, bool (json::*isType)() const,
                  const char* typeName)
{
    auto it = j.find(name);
    if (it == j.end()) throw Error(where + ": field \"" + name + "\" is missing");
    if (!((*it).*isType)()) throw Error(where + ": field \"" + name + "\" must be " + typeName);
    return *it;
}

} // namespace

struct TrainedEmbedder::State {
    TrainedEmbedderOptions options;
    std::vector<float> table;   // [buckets, dim] row-major
    mutable std::string hashCache;

    int64_t buckets() const { return options.features.buckets; }

    std::string weightsHash() const
    {
        if (hashCache.empty()) {
            // FNV-1a over 32-bit words (4x fewer steps than bytewise; 67 MB in ~30 ms).
            uint64_t h = 14695981039346656037ull ^ uint64_t(options.dim);
            const uint32_t* words = reinterpret_cast<const uint32_t*>(table.data());
            for (size_t i = 0; i < table.size(); ++i) {
                h ^= words[i];
                h *= 1099511628211ull;
            }
            hashCache = hex64(h);
        }
        return hashCache;
    }

    // [n, dim] unit rows (not normalised when raw), no autograd.
    void embedInto(const std::vector<int64_t>& features, float* out) const
    {
        const int D = options.dim;
        std::fill(out, out + D, 0.0f);
        for (int64_t id : features) {
            const float* row = table.data() + id * D;
            for (int c = 0; c < D; ++c) out[c] += row[c];
        }
        double norm = 0;
        for (int c = 0; c < D; ++c) norm += double(out[c]) * out[c];
        if (norm <= 1e-24) {
            // No features (empty text, only punctuation): a fixed unit vector.
            std::fill(out, out + D, 0.0f);
            out[0] = 1.0f;
            return;
        }
        const float inv = float(1.0 / std::sqrt(norm));
        for (int c = 0; c < D; ++c) out[c] *= inv;
    }
};

TrainedEmbedder::TrainedEmbedder(std::unique_ptr<State> state) : d_(std::move(state)) {}

TrainedEmbedder::TrainedEmbedder(const TrainedEmbedderOptions& options) : d_(std::make_unique<State>())
{
    if (options.features.buckets < 1 || options.features.buckets > kMaxBuckets)
        throw Error("embedder: buckets " + std::to_string(options.features.buckets) + " outside [1, 2^26]");
    if (options.dim < 1 || options.dim > kMaxDim)
        throw Error("embedder: dim " + std::to_string(options.dim) + " outside [1, 4096]");
    d_->options = options;
    // N(0, 1/dim) rows: an untrained table is a random projection of n-gram counts.
    d_->table.resize(size_t(options.features.buckets) * size_t(options.dim));
    std::mt19937_64 rng(options.seed);
    std::normal_distribution<float> normal(0.0f, float(1.0 / std::sqrt(double(options.dim))));
    for (float& w : d_->table) w = normal(rng);
}

TrainedEmbedder::~TrainedEmbedder() = default;

const TrainedEmbedderOptions& TrainedEmbedder::options() const { return d_->options; }
const std::vector<float>& TrainedEmbedder::weights() const { return d_->table; }
int TrainedEmbedder::dim() const { return d_->options.dim; }

std::string TrainedEmbedder::key() const
{
    const std::string name = d_->options.name.empty() ? "unnamed" : d_->options.name;
    return "workbench:" + name + ":" + d_->weightsHash() + ":sum";
}

std::string TrainedEmbedder::displayName() const
{
    const std::string name = d_->options.name.empty() ? "workbench embedder" : d_->options.name;
    return name + " (workbench, " + std::to_string(d_->options.dim) + "d)";
}

std::vector<float> TrainedEmbedder::embed(const std::vector<std::string>& texts, const EmbedProgress& progress,
                                          const std::atomic<bool>* cancel)
{
    const int D = d_->options.dim;
    std::vector<float> out;
    out.reserve(texts.size() * size_t(D));
    for (size_t start = 0; start < texts.size(); start += kEmbedBatch) {
        if (cancel && cancel->load()) break;
        const size_t end = std::min(texts.size(), start + kEmbedBatch);
        for (size_t i = start; i < end; ++i) {
            out.resize(out.size() + size_t(D));
            d_->embedInto(hashedFeatures(texts[i], d_->options.features), out.data() + out.size() - size_t(D));
        }
        if (progress) progress(int64_t(end), int64_t(texts.size()));
    }
    return out;
}

namespace {

struct PreparedPairs {
    std::vector<std::vector<int64_t>> query, positive;   // feature ids per pair
    std::vector<uint64_t> groups;
};

PreparedPairs prepare(const std::vector<TextPair>& pairs, const FeatureOptions& features)
{
    PreparedPairs p;
    for (const TextPair& t : pairs) {
        p.query.push_back(hashedFeatures(t.query, features));
        p.positive.push_back(hashedFeatures(t.positive, features));
        p.groups.push_back(t.group);
    }
    return p;
}

// The batch's forward pass over a gathered sub-table: returns the loss, and
// (through sub) the rows whose gradient it has.
struct BatchForward {
    torch::Tensor rows;   // [U] unique bucket ids of the batch
    torch::Tensor sub;    // [U, D] their rows (a leaf when training)
    torch::Tensor loss;
};

BatchForward forwardBatch(const std::vector<float>& table, int dim, const PreparedPairs& data,
                          const std::vector<size_t>& members, double temperature, bool withGrad)
{
    Bags q, p;
    std::vector<uint64_t> groups;
    for (size_t m : members) {
        appendBag(q, data.query[m]);
        appendBag(p, data.positive[m]);
        groups.push_back(data.groups[m]);
    }
    std::vector<int64_t> all = q.ids;
    all.insert(all.end(), p.ids.begin(), p.ids.end());
    BatchForward f;
    torch::Tensor allT = longTensor(all);
    auto [unique, inverse] = torch::_unique(allT, /*sorted=*/true, /*return_inverse=*/true);
    f.rows = unique;
    const int64_t buckets = int64_t(table.size()) / dim;
    torch::Tensor full = torch::from_blob(const_cast<float*>(table.data()), {buckets, dim}, torch::kFloat32);
    f.sub = full.index_select(0, unique);   // [U, D] a copy
    if (withGrad) f.sub.requires_grad_(true);
    const int64_t nq = int64_t(q.ids.size());
    auto bag = [&](const torch::Tensor& ids, const std::vector<int64_t>& offsets) {
        torch::Tensor sums = std::get<0>(at::embedding_bag(f.sub, ids, longTensor(offsets), false, /*mode sum*/ 0));
        return sums / sums.norm(2, 1, true).clamp_min(1e-8);   // [B, D]
    };
    torch::Tensor qv = bag(inverse.narrow(0, 0, nq), q.offsets);
    torch::Tensor pv = bag(inverse.narrow(0, nq, int64_t(p.ids.size())), p.offsets);
    f.loss = infoNce(qv, pv, groups, temperature);
    return f;
}

} // namespace

double TrainedEmbedder::contrastiveLoss(const std::vector<TextPair>& pairs) const
{
    torch::NoGradGuard noGrad;
    const PreparedPairs data = prepare(pairs, d_->options.features);
    double total = 0;
    int64_t batches = 0;
    const size_t B = size_t(std::max(2, d_->options.batchSize));
    for (size_t start = 0; start + 1 < pairs.size(); start += B) {
        std::vector<size_t> members;
        for (size_t i = start; i < std::min(pairs.size(), start + B); ++i) members.push_back(i);
        if (members.size() < 2) break;
        total += forwardBatch(d_->table, d_->options.dim, data, members, d_->options.temperature, false)
                     .loss.item<double>();
        ++batches;
    }
    return batches ? total / double(batches) : 0.0;
}

TrainReport TrainedEmbedder::train(const std::vector<TextPair>& pairs, const TrainProgress& progress,
                                   const std::atomic<bool>* cancel)
{
    if (pairs.size() < 2) throw Error("embedder training: needs at least 2 pairs, got " + std::to_string(pairs.size()));
    const auto started = std::chrono::steady_clock::now();
    const TrainedEmbedderOptions& o = d_->options;
    const int D = o.dim;
    const size_t B = size_t(std::clamp(o.batchSize, 2, 4096));
    const PreparedPairs data = prepare(pairs, o.features);
    const int64_t stepsPerEpoch = int64_t((pairs.size() + B - 1) / B);

    TrainReport report;
    report.pairs = int64_t(pairs.size());
    report.totalSteps = stepsPerEpoch * std::max(0, o.epochs);

    // Lazy Adam: moments per table row, updated only for the rows a batch uses.
    std::vector<float> m1(d_->table.size(), 0.0f), m2(d_->table.size(), 0.0f);
    const int64_t buckets = d_->buckets();
    torch::Tensor table = torch::from_blob(d_->table.data(), {buckets, D}, torch::kFloat32);
    torch::Tensor mom1 = torch::from_blob(m1.data(), {buckets, D}, torch::kFloat32);
    torch::Tensor mom2 = torch::from_blob(m2.data(), {buckets, D}, torch::kFloat32);
    const double beta1 = 0.9, beta2 = 0.999, eps = 1e-8;

    std::mt19937_64 rng(o.seed ^ 0x9E3779B97F4A7C15ull);
    std::vector<size_t> order(pairs.size());
    std::iota(order.begin(), order.end(), size_t(0));
    for (int epoch = 0; epoch < o.epochs && !report.cancelled; ++epoch) {
        std::shuffle(order.begin(), order.end(), rng);
        double epochLoss = 0;
        int64_t epochSteps = 0;
        for (size_t start = 0; start < order.size(); start += B) {
            if (cancel && cancel->load()) {
                report.cancelled = true;
                break;
            }
            std::vector<size_t> members(order.begin() + long(start), order.begin() + long(std::min(order.size(), start + B)));
            if (members.size() < 2) continue;   // a lone pair has no negatives
            BatchForward f = forwardBatch(d_->table, D, data, members, o.temperature, true);
            f.loss.backward();
            {
                torch::NoGradGuard noGrad;
                const int64_t t = report.steps + 1;
                torch::Tensor g = f.sub.grad();                                   // [U, D]
                torch::Tensor a = mom1.index_select(0, f.rows).mul_(beta1).add_(g, 1 - beta1);
                torch::Tensor b = mom2.index_select(0, f.rows).mul_(beta2).addcmul_(g, g, 1 - beta2);
                mom1.index_copy_(0, f.rows, a);
                mom2.index_copy_(0, f.rows, b);
                const double stepSize = o.learningRate * std::sqrt(1 - std::pow(beta2, double(t))) /
                                        (1 - std::pow(beta1, double(t)));
                torch::Tensor update = a / (b.sqrt() + eps) * stepSize;
                table.index_copy_(0, f.rows, f.sub.detach() - update);
            }
            const double loss = f.loss.item<double>();
            epochLoss += loss;
            ++epochSteps;
            ++report.steps;
            if (progress) progress(report.steps, report.totalSteps, loss);
        }
        if (epochSteps > 0) {
            if (epoch == 0) report.firstEpochLoss = epochLoss / double(epochSteps);
            report.lastEpochLoss = epochLoss / double(epochSteps);
        }
    }
    d_->hashCache.clear();
    report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return report;
}

void TrainedEmbedder::save(const std::string& folder) const
{
    fs::create_directories(folder);
    const TrainedEmbedderOptions& o = d_->options;
    TensorView view;
    view.name = kWeightName;
    view.dtype = DType::F32;
    view.shape = {o.features.buckets, o.dim};
    view.data = reinterpret_cast<const uint8_t*>(d_->table.data());
    view.nbytes = d_->table.size() * sizeof(float);
    writeSafetensors((fs::path(folder) / "weights.safetensors").string(), {view});
    const json j = {{"kind", "workbench"},
                    {"version", kFormatVersion},
                    {"name", o.name.empty() ? fs::path(folder).filename().string() : o.name},
                    {"features",
                     {{"scheme", kScheme},
                      {"buckets", o.features.buckets},
                      {"unigrams", o.features.unigrams},
                      {"bigrams", o.features.bigrams},
                      {"max_tokens", o.features.maxTokens}}},
                    {"dim", o.dim},
                    {"pooling", "sum"},
                    {"normalize", true},
                    {"weights", "weights.safetensors"},
                    {"weights_hash", d_->weightsHash()},
                    {"training",
                     {{"seed", o.seed},
                      {"epochs", o.epochs},
                      {"batch_size", o.batchSize},
                      {"learning_rate", o.learningRate},
                      {"temperature", o.temperature}}}};
    const fs::path path = fs::path(folder) / "embedder.json";
    const fs::path tmp = path.string() + ".tmp";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        out << j.dump(2) << "\n";
        if (!out) throw Error(tmp.string() + ": cannot be written");
    }
    fs::rename(tmp, path);
}

std::unique_ptr<TrainedEmbedder> TrainedEmbedder::load(const std::string& folder)
{
    const std::string path = (fs::path(folder) / "embedder.json").string();
    json j;
    {
        std::ifstream in(path, std::ios::binary);
        if (!in) throw Error(path + ": cannot be opened");
        try {
            j = json::parse(in);
        } catch (const json::exception& e) {
            throw Error(path + ": not valid JSON (" + e.what() + ")");
        }
    }
    if (!j.is_object()) throw Error(path + ": expected a JSON object");
    const std::string kind = field(j, "kind", path, &json::is_string, "a string").get<std::string>();
    if (kind != "workbench") throw Error(path + ": field \"kind\": \"" + kind + "\" is not \"workbench\"");
    const int64_t version = field(j, "version", path, &json::is_number_integer, "an integer").get<int64_t>();
    if (version != kFormatVersion)
        throw Error(path + ": field \"version\": " + std::to_string(version) + " is not supported (1)");
    TrainedEmbedderOptions o;
    const json& f = field(j, "features", path, &json::is_object, "an object");
    const std::string fw = path + ": features";
    const std::string scheme = field(f, "scheme", fw, &json::is_string, "a string").get<std::string>();
    if (scheme != kScheme)
        throw Error(path + ": field \"features.scheme\": \"" + scheme + "\" is not supported (" + kScheme + ")");
    o.features.buckets = field(f, "buckets", fw, &json::is_number_integer, "an integer").get<int64_t>();
    if (o.features.buckets < 1 || o.features.buckets > kMaxBuckets)
        throw Error(path + ": field \"features.buckets\": " + std::to_string(o.features.buckets) +
                    " is outside [1, 2^26]");
    o.features.unigrams = field(f, "unigrams", fw, &json::is_boolean, "true or false").get<bool>();
    o.features.bigrams = field(f, "bigrams", fw, &json::is_boolean, "true or false").get<bool>();
    o.features.maxTokens = int(field(f, "max_tokens", fw, &json::is_number_integer, "an integer").get<int64_t>());
    if (o.features.maxTokens < 1) throw Error(path + ": field \"features.max_tokens\" must be at least 1");
    const int64_t dim = field(j, "dim", path, &json::is_number_integer, "an integer").get<int64_t>();
    if (dim < 1 || dim > kMaxDim)
        throw Error(path + ": field \"dim\": " + std::to_string(dim) + " is outside [1, 4096]");
    o.dim = int(dim);
    const std::string pooling = field(j, "pooling", path, &json::is_string, "a string").get<std::string>();
    if (pooling != "sum") throw Error(path + ": field \"pooling\": \"" + pooling + "\" is not supported (sum)");
    o.name = j.contains("name") && j["name"].is_string() ? j["name"].get<std::string>() : fs::path(folder).filename().string();
    if (j.contains("training") && j["training"].is_object()) {
        const json& t = j["training"];
        if (t.contains("seed") && t["seed"].is_number_unsigned()) o.seed = t["seed"].get<uint64_t>();
        if (t.contains("epochs") && t["epochs"].is_number_integer()) o.epochs = t["epochs"].get<int>();
        if (t.contains("batch_size") && t["batch_size"].is_number_integer()) o.batchSize = t["batch_size"].get<int>();
        if (t.contains("learning_rate") && t["learning_rate"].is_number()) o.learningRate = t["learning_rate"].get<double>();
        if (t.contains("temperature") && t["temperature"].is_number()) o.temperature = t["temperature"].get<double>();
    }
    std::string weightsFile = "weights.safetensors";
    if (j.contains("weights")) weightsFile = field(j, "weights", path, &json::is_string, "a string").get<std::string>();
    if (weightsFile.empty() || weightsFile.find('/') != std::string::npos || weightsFile.find('\\') != std::string::npos)
        throw Error(path + ": field \"weights\": \"" + weightsFile + "\" must be a file name in the folder");

    const std::string weightsPath = (fs::path(folder) / weightsFile).string();
    const SafetensorsFile st = SafetensorsFile::open(weightsPath);
    const TensorView* w = st.find(kWeightName);
    if (!w) throw Error(weightsPath + ": tensor \"" + std::string(kWeightName) + "\" is missing");
    const std::vector<int64_t> want = {o.features.buckets, o.dim};
    if (w->dtype != DType::F32)
        throw Error(weightsPath + ": tensor \"" + std::string(kWeightName) + "\": dtype " +
                    std::string(dtypeName(w->dtype)) + ", expected F32");
    if (w->shape != want)
        throw Error(weightsPath + ": tensor \"" + std::string(kWeightName) + "\": shape " + shapeString(w->shape) +
                    ", embedder.json says " + shapeString(want));
    auto state = std::make_unique<State>();
    state->options = o;
    state->table.resize(w->nbytes / sizeof(float));
    std::memcpy(state->table.data(), w->data, w->nbytes);
    if (j.contains("weights_hash")) {
        // Written at save time: a mismatch means the two files do not belong together.
        const std::string saved = field(j, "weights_hash", path, &json::is_string, "a string").get<std::string>();
        if (saved != state->weightsHash())
            throw Error(weightsPath + ": the weights do not match embedder.json (field \"weights_hash\" is " + saved +
                        ", the file hashes to " + state->weightsHash() + ")");
    }
    return std::unique_ptr<TrainedEmbedder>(new TrainedEmbedder(std::move(state)));
}

} // namespace wb::embed
