#include "core/train/engine/trainer.h"

#include "core/data/record.h"
#include "core/nn/weights_to_torch.h"
#include "core/train/engine/adamw_kernel.h"
#include "core/train/engine/model_impl.h"
#include "core/train/lr_schedule.h"
#include "core/weights/safetensors.h"

#include <ATen/CPUGeneratorImpl.h>
#include <ATen/Parallel.h>
#include <c10/util/strides.h>
#include <torch/torch.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <limits>
#include <mutex>

namespace wb {
namespace {

namespace fs = std::filesystem;

// Trainable tensors that share one flat buffer each for values, gradients
// and the AdamW moments.
struct ParamGroup {
    bool decay = false;
    std::vector<std::string> names;
    std::vector<at::Tensor> params;      // views of `flat`
    std::vector<int64_t> offsets;
    at::Tensor flat, grad, expAvg, expAvgSq;   // [n]
};

TensorView viewOf(const std::string& name, const at::Tensor& t)
{
    TensorView v;
    v.name = name;
    v.dtype = DType::F32;
    v.shape.assign(t.sizes().begin(), t.sizes().end());
    v.data = static_cast<const uint8_t*>(t.data_ptr());
    v.nbytes = size_t(t.numel()) * sizeof(float);
    return v;
}

} // namespace

struct Trainer::Impl {
    TrainableModel& model;
    TrainConfig config;
    int64_t totalSteps = 1;
    int64_t step = 0;         // steps done (skipped ones included)
    int64_t adamStep = 0;     // updates done (for AdamW's bias correction)
    std::vector<ParamGroup> groups;

    Impl(TrainableModel& m, const TrainConfig& c, int64_t total) : model(m), config(c), totalSteps(std::max<int64_t>(1, total)) {}

    void flatten()
    {
        TrainableModel::Impl& mi = model.impl();
        const std::vector<std::string> names = mi.trainableNames();
        const std::vector<at::Tensor> params = mi.trainable();
        ParamGroup decay, noDecay;
        decay.decay = true;
        for (size_t i = 0; i < params.size(); ++i) {
            // Matrices and embeddings decay; norms and biases do not (nanoGPT, HF).
            ParamGroup& g = params[i].dim() >= 2 ? decay : noDecay;
            g.names.push_back(names[i]);
            g.params.push_back(params[i]);
        }
        torch::NoGradGuard noGrad;
        for (ParamGroup* g : {&decay, &noDecay}) {
            if (g->params.empty()) continue;
            int64_t total = 0;
            for (const at::Tensor& p : g->params) total += p.numel();
            g->flat = torch::empty({total}, torch::kFloat32);
            g->grad = torch::zeros({total}, torch::kFloat32);
            g->expAvg = torch::zeros({total}, torch::kFloat32);
            g->expAvgSq = torch::zeros({total}, torch::kFloat32);
            int64_t offset = 0;
            for (at::Tensor& p : g->params) {
                const int64_t n = p.numel();
                const std::vector<int64_t> shape(p.sizes().begin(), p.sizes().end());
                g->flat.narrow(0, offset, n).copy_(p.reshape({-1}));
                // The model's tensor now lives in the flat buffer (every holder sees it).
                p.set_(g->flat.storage(), offset, shape, c10::contiguous_strides(shape));
                p.mutable_grad() = g->grad.narrow(0, offset, n).view(shape);
                g->offsets.push_back(offset);
                offset += n;
            }
            groups.push_back(std::move(*g));
        }
    }

    double gradNorm() const
    {
        double sum = 0;
        for (const ParamGroup& g : groups) {
            const double n = g.grad.norm().item<double>();   // a reduction, no temporary copy
            sum += n * n;
        }
        return std::sqrt(sum);
    }

    void zeroGrad()
    {
        for (ParamGroup& g : groups) g.grad.zero_();
    }

    // PyTorch's AdamW update, fused into one pass over the flat buffers (the
    // per-tensor version reads and writes every buffer several times, and the
    // step is memory bound). `gradScale` applies the clipping coefficient.
    void adamw(double lr, double gradScale)
    {
        ++adamStep;
        AdamwStep s;
        s.beta1 = float(config.adamBeta1);
        s.beta2 = float(config.adamBeta2);
        s.eps = float(config.adamEpsilon);
        s.bias2Sqrt = float(std::sqrt(1.0 - std::pow(config.adamBeta2, double(adamStep))));
        s.stepSize = float(lr) / float(1.0 - std::pow(config.adamBeta1, double(adamStep)));
        s.gradScale = float(gradScale);
        for (ParamGroup& g : groups) {
            s.decay = g.decay ? float(1.0 - lr * config.weightDecay) : 1.0f;
            float* p = g.flat.data_ptr<float>();
            float* grad = g.grad.data_ptr<float>();
            float* m = g.expAvg.data_ptr<float>();
            float* v = g.expAvgSq.data_ptr<float>();
            at::parallel_for(0, g.flat.numel(), 1 << 14, [&](int64_t begin, int64_t end) {
                adamwUpdate(s, p + begin, grad + begin, m + begin, v + begin, end - begin);
            });
        }
    }
};

Trainer::Trainer(TrainableModel& model, const TrainConfig& config, int64_t totalSteps)
    : d(std::make_unique<Impl>(model, config, totalSteps))
{
    d->flatten();
    if (d->groups.empty()) throw Error("trainer: the model has no trainable tensors");
}

Trainer::~Trainer() = default;

int64_t Trainer::stepsDone() const { return d->step; }

StepResult Trainer::step(const std::vector<Batch>& microBatches)
{
    StepResult r;
    r.learningRate = learningRateAt(d->config, d->step, d->totalSteps);
    for (const Batch& b : microBatches) {
        r.trainedTokens += b.trainedTokens();
        for (int s : b.segments) r.tokens += s >= 0 ? 1 : 0;
    }
    ++d->step;
    r.step = d->step;
    if (r.trainedTokens == 0) {
        r.skipped = true;
        r.problem = "the step's rows have no labelled tokens";
        r.loss = std::numeric_limits<double>::quiet_NaN();
        return r;
    }
    TrainableModel::Impl& m = d->model.impl();
    m.training = true;
    d->zeroGrad();
    double loss = 0;
    using Clock = std::chrono::steady_clock;
    auto since = [](Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); };
    for (const Batch& b : microBatches) {
        if (b.trainedTokens() == 0) continue;
        auto t0 = Clock::now();
        const BatchTensors t = toTensors(b);
        at::Tensor part;
        {
            AutocastScope autocast(m.bf16);
            part = m.lossSum(t) / double(r.trainedTokens);
        }
        const double value = part.item<double>();
        r.forwardSeconds += since(t0);
        loss += value;
        if (!std::isfinite(value)) break;   // no point in a backward pass
        t0 = Clock::now();
        part.backward();
        r.backwardSeconds += since(t0);
    }
    const auto optimizerStart = Clock::now();
    m.lastForward.reset();
    m.training = false;
    r.loss = loss;
    if (!std::isfinite(loss)) {
        r.skipped = true;
        r.problem = std::string("loss is ") + (std::isnan(loss) ? "nan" : "inf");
        r.gradNorm = std::numeric_limits<double>::quiet_NaN();
        d->zeroGrad();
        return r;
    }
    r.gradNorm = d->gradNorm();
    if (!std::isfinite(r.gradNorm)) {
        r.skipped = true;
        r.problem = std::string("gradient norm is ") + (std::isnan(r.gradNorm) ? "nan" : "inf");
        d->zeroGrad();
        return r;
    }
    double coef = 1.0;
    if (d->config.maxGradNorm > 0 && r.gradNorm > d->config.maxGradNorm)
        coef = d->config.maxGradNorm / (r.gradNorm + 1e-6);   // torch.nn.utils.clip_grad_norm_'s coefficient
    d->adamw(r.learningRate, coef);
    r.optimizerSeconds = since(optimizerStart);
    return r;
}

double Trainer::evaluate(const std::vector<Batch>& batches)
{
    torch::NoGradGuard noGrad;
    TrainableModel::Impl& m = d->model.impl();
    m.training = false;
    double sum = 0;
    int64_t tokens = 0;
    for (const Batch& b : batches) {
        const int64_t n = b.trainedTokens();
        if (n == 0) continue;
        const BatchTensors t = toTensors(b);
        AutocastScope autocast(m.bf16);
        sum += m.lossSum(t).item<double>();
        tokens += n;
    }
    if (tokens == 0) throw Error("evaluate: the batches have no labelled tokens");
    return sum / double(tokens);
}

void Trainer::save(const std::string& dir) const
{
    std::vector<TensorView> views;
    std::vector<at::Tensor> keep;
    for (const ParamGroup& g : d->groups)
        for (size_t i = 0; i < g.params.size(); ++i) {
            const int64_t n = g.params[i].numel();
            const at::Tensor m = g.expAvg.narrow(0, g.offsets[i], n).view(g.params[i].sizes());
            const at::Tensor v = g.expAvgSq.narrow(0, g.offsets[i], n).view(g.params[i].sizes());
            views.push_back(viewOf(g.names[i] + ".exp_avg", m));
            views.push_back(viewOf(g.names[i] + ".exp_avg_sq", v));
        }
    writeSafetensors((fs::path(dir) / "optimizer.safetensors").string(), views,
                     {{"step", std::to_string(d->step)}, {"adam_step", std::to_string(d->adamStep)}});

    at::Generator& gen = const_cast<at::Generator&>(at::detail::getDefaultCPUGenerator());
    at::Tensor state;
    {
        std::lock_guard<std::mutex> lock(gen.mutex());
        state = gen.get_state().contiguous();
    }
    TensorView rng;
    rng.name = "torch_cpu_generator";
    rng.dtype = DType::U8;
    rng.shape = {state.numel()};
    rng.data = state.data_ptr<uint8_t>();
    rng.nbytes = size_t(state.numel());
    writeSafetensors((fs::path(dir) / "rng.safetensors").string(), {rng});
}

void Trainer::load(const std::string& dir)
{
    const std::string path = (fs::path(dir) / "optimizer.safetensors").string();
    const SafetensorsFile file = SafetensorsFile::open(path);
    torch::NoGradGuard noGrad;
    size_t expected = 0;
    for (ParamGroup& g : d->groups)
        for (size_t i = 0; i < g.params.size(); ++i) {
            const int64_t n = g.params[i].numel();
            const std::vector<int64_t> shape(g.params[i].sizes().begin(), g.params[i].sizes().end());
            for (const auto& [suffix, buffer] : {std::pair<const char*, at::Tensor*>{".exp_avg", &g.expAvg},
                                                 std::pair<const char*, at::Tensor*>{".exp_avg_sq", &g.expAvgSq}}) {
                const std::string name = g.names[i] + suffix;
                const TensorView* v = file.find(name);
                if (!v) throw Error(path + ": missing tensor \"" + name + "\"");
                if (v->dtype != DType::F32 || v->shape != shape)
                    throw Error(path + ": tensor \"" + name + "\" is " + std::string(dtypeName(v->dtype)) + " " +
                                shapeString(v->shape) + ", expected F32 " + shapeString(shape));
                buffer->narrow(0, g.offsets[i], n).copy_(toTorch(*v, true).reshape({-1}));
                ++expected;
            }
        }
    if (file.tensors().size() != expected)
        throw Error(path + ": holds " + std::to_string(file.tensors().size()) + " tensors, the optimizer has " +
                    std::to_string(expected));
    auto counter = [&](const char* key) {
        auto it = file.metadata().find(key);
        if (it == file.metadata().end()) throw Error(path + ": metadata \"" + key + "\" is missing");
        try {
            return int64_t(std::stoll(it->second));
        } catch (const std::exception&) {
            throw Error(path + ": metadata \"" + std::string(key) + "\" is not a number");
        }
    };
    d->step = counter("step");
    d->adamStep = counter("adam_step");

    const std::string rngPath = (fs::path(dir) / "rng.safetensors").string();
    const SafetensorsFile rngFile = SafetensorsFile::open(rngPath);
    const TensorView* rng = rngFile.find("torch_cpu_generator");
    if (!rng || rng->dtype != DType::U8) throw Error(rngPath + ": missing U8 tensor \"torch_cpu_generator\"");
    at::Generator& gen = const_cast<at::Generator&>(at::detail::getDefaultCPUGenerator());
    std::lock_guard<std::mutex> lock(gen.mutex());
    gen.set_state(toTorch(*rng, true));
}

} // namespace wb
