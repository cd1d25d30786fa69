#pragma once
// Batch-1 decode without LibTorch: one token through GPT-2 or the Llama family
// with hand-written matrix-vector kernels (AVX2/FMA, scalar fallback) over the
// weights the families already hold and the TorchKvCache storage. One token is
// memory-bound (every weight is read once), and LibTorch's per-op overhead and
// single-row GEMMs cost more than the arithmetic; this path streams the
// weights once at close to the memory bandwidth.
//
// Internal to core/nn. Plain pointers only: at::Tensor is forward-declared and
// the tensor helpers are defined in fast_decode.cpp, so tests can include this
// header and call the kernels directly.
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

namespace at {
class Tensor;
}

namespace wb {

class TorchKvCache;

namespace fastdecode {

// A row-major matrix [rows, cols] of fp32 or bf16 (raw bits) weights.
struct Matrix {
    const void* data = nullptr;
    bool bf16 = false;
    int64_t rows = 0, cols = 0;
};

// ---- kernels (single-threaded over a range; exposed for tests) ----
struct Kernels {
    // y[r - r0] = W[r, :] . x (+ bias[r]) for r in [r0, r1); W is [out, in] (x: in floats).
    void (*dotRows)(const Matrix& w, const float* x, const float* bias, float* y, int64_t r0, int64_t r1);
    // y[c - c0] = sum_i x[i] W[i, c] (+ bias[c]) for c in [c0, c1); W is [in, out] (HF Conv1D).
    void (*axpyCols)(const Matrix& w, const float* x, const float* bias, float* y, int64_t c0, int64_t c1);
    void (*layerNorm)(const float* x, const float* weight, const float* bias, float eps, int64_t n, float* out);
    void (*rmsNorm)(const float* x, const float* weight, float eps, int64_t n, float* out);
    void (*geluTanh)(float* x, int64_t n);                 // in place, GPT-2's gelu_new
    void (*siluMul)(float* gate, const float* up, int64_t n); // gate = silu(gate) * up
    // One query head q[D] over keys/values rows j0 .. j1-1 of [*, D] (row j at
    // keys + j * D): softmax(q.k * scale) . v into out[D]; scores holds >= j1 - j0 floats.
    void (*attendHead)(const float* q, const float* keys, const float* values, int64_t j0, int64_t j1, int64_t D,
                       float scale, float* scores, float* out);
};

enum class KernelSet { Scalar, Avx2 };
// Whether this CPU runs the AVX2/FMA kernels (checked at run time).
bool avx2Available();
// The kernels of one set; Avx2 must only be called when avx2Available().
const Kernels& kernels(KernelSet set);

// Rounds to the nearest bf16 (ties to even), kept as fp32: what LibTorch's
// bf16 path does to the input of every matmul.
void roundToBf16(float* x, int64_t n);

// The path step() takes for one token: WB_DECODE_PATH=torch forces LibTorch,
// =scalar the fast path with the scalar kernels; anything else the fast path
// with the best kernels this CPU runs.
enum class DecodePath { Torch, FastScalar, FastBest };
DecodePath decodePath();

// ---- views of the families' weights ----
// Throw wb::Error naming `what` unless the tensor is contiguous fp32 (or bf16
// for matrices). floatsOf returns nullptr for an undefined tensor.
Matrix matrixOf(const at::Tensor& t, const char* what);
const float* floatsOf(const at::Tensor& t, const char* what);

// Shapes as HF's Conv1D stores them, [in, out]; transposed when
// Gpt2Weights::conv1dOutFirst.
struct Gpt2Layer {
    const float *ln1Weight = nullptr, *ln1Bias = nullptr;   // [C]
    Matrix attn;                                            // [C, 3C] (q | k | v)
    const float* attnBias = nullptr;                        // [3C]
    Matrix attnProj;                                        // [C, C]
    const float* attnProjBias = nullptr;                    // [C]
    const float *ln2Weight = nullptr, *ln2Bias = nullptr;   // [C]
    Matrix fc;                                              // [C, I]
    const float* fcBias = nullptr;                          // [I]
    Matrix fcProj;                                          // [I, C]
    const float* fcProjBias = nullptr;                      // [C]
};

struct Gpt2Weights {
    int64_t hidden = 0, heads = 0;
    float eps = 1e-5f;
    bool geluTanh = true;      // false: exact (erf) GELU
    bool conv1dOutFirst = false; // the layers' matrices are [out, in] (bf16 models), not Conv1D's [in, out]
    Matrix wte;                // [V, C]
    const float* wpe = nullptr; // [P, C]
    std::vector<Gpt2Layer> layers;
    const float *lnfWeight = nullptr, *lnfBias = nullptr; // [C]
    Matrix lmHead;             // [V, C]
};

struct LlamaLayer {
    const float* inputNorm = nullptr;                       // [C]
    Matrix q, k, v;                                         // [H*D, C], [KV*D, C], [KV*D, C]
    const float *qBias = nullptr, *kBias = nullptr, *vBias = nullptr; // Qwen2 only
    Matrix o;                                               // [C, H*D]
    const float* postNorm = nullptr;                        // [C]
    Matrix gate, up;                                        // [I, C]
    Matrix down;                                            // [C, I]
};

struct LlamaWeights {
    int64_t hidden = 0, heads = 0, kvHeads = 0, headDim = 0;
    float eps = 1e-6f;
    std::optional<int> window;          // sliding-window attention
    Matrix embed;                       // [V, C]
    std::vector<LlamaLayer> layers;
    const float* finalNorm = nullptr;   // [C]
    Matrix lmHead;                      // [V, C]
    const float* invFreq = nullptr;     // [D/2] RoPE inverse frequencies
};

// Runs one token at position cache.length(), appends its keys and values,
// commits, and returns the logits (vocab floats). The caller has checked the
// id and the cache (checkedCache). Splits the work over LibTorch's intra-op
// thread count with a small pool of its own (ATen's OpenMP parallel_for is
// only parallel in files built with -fopenmp). One step at a time uses the
// pool; a concurrent step on the same model runs on its caller's thread.
class FastDecoder {
public:
    FastDecoder();
    ~FastDecoder();
    FastDecoder(const FastDecoder&) = delete;
    FastDecoder& operator=(const FastDecoder&) = delete;

    std::vector<float> step(const Gpt2Weights& w, int id, TorchKvCache& cache);
    std::vector<float> step(const LlamaWeights& w, int id, TorchKvCache& cache);

private:
    struct State;
    std::unique_ptr<State> state_;
};

} // namespace fastdecode
} // namespace wb
