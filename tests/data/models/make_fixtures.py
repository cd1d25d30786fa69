#!/usr/bin/python3
"""Writes the tiny model fixtures used by tests/torch/tst_gpt2_model.cpp and
tst_llama_model.cpp: per family a folder with config.json, model.safetensors
(written by hand: 8-byte little-endian header length, JSON header, raw fp32
data) and expected_logits.json for a fixed input.

The reference forward passes below are written independently in plain torch
following the Hugging Face formulas (transformers is not installed here).
Run with Debian's python: /usr/bin/python3 tests/data/models/make_fixtures.py
"""
import json
import math
import os
import struct

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
INPUT_IDS = [3, 17, 42, 5, 63, 0, 29]


def write_safetensors(path, tensors):
    """tensors: list of (name, float32 tensor) in data order."""
    header = {}
    offset = 0
    blobs = []
    for name, t in tensors:
        data = t.detach().contiguous().to(torch.float32).numpy().astype("<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
        blobs.append(data)
    header_bytes = json.dumps(header, separators=(",", ":"), sort_keys=True).encode("utf-8")
    header_bytes += b" " * ((8 - len(header_bytes) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(header_bytes)))
        f.write(header_bytes)
        for b in blobs:
            f.write(b)


def write_fixture(name, config, tensors, logits):
    folder = os.path.join(HERE, name)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "config.json"), "w") as f:
        json.dump(config, f, indent=2, sort_keys=True)
        f.write("\n")
    write_safetensors(os.path.join(folder, "model.safetensors"), tensors)
    with open(os.path.join(folder, "expected_logits.json"), "w") as f:
        json.dump({"input_ids": INPUT_IDS, "shape": list(logits.shape),
                   "logits": [[float("%.8g" % v) for v in row] for row in logits.tolist()]}, f)
        f.write("\n")


def causal_attention(q, k, v, window=None):
    """q: [H, T, D], k/v: [H, T, D] -> [H, T, D], masked softmax."""
    T = q.shape[1]
    scores = q @ k.transpose(1, 2) / math.sqrt(q.shape[-1])
    i = torch.arange(T).unsqueeze(1)
    j = torch.arange(T).unsqueeze(0)
    allowed = j <= i
    if window is not None:
        allowed = allowed & (j > i - window)
    scores = scores.masked_fill(~allowed, float("-inf"))
    return torch.softmax(scores, dim=-1) @ v


# ---------------------------------------------------------------- GPT-2

def gelu_new(x):
    return 0.5 * x * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * torch.pow(x, 3.0))))


def make_gpt2():
    g = torch.Generator().manual_seed(1234)
    V, C, L, H, P, I = 64, 32, 2, 4, 32, 128
    eps = 1e-5
    cfg = {"model_type": "gpt2", "vocab_size": V, "n_embd": C, "n_layer": L, "n_head": H,
           "n_positions": P, "n_inner": I, "layer_norm_epsilon": eps,
           "activation_function": "gelu_new", "tie_word_embeddings": True}

    def rnd(*shape, scale=0.2):
        return torch.randn(*shape, generator=g) * scale

    w = {}
    w["transformer.wte.weight"] = rnd(V, C)
    w["transformer.wpe.weight"] = rnd(P, C, scale=0.1)
    for l in range(L):
        p = "transformer.h.%d." % l
        w[p + "ln_1.weight"] = 1.0 + rnd(C, scale=0.1)
        w[p + "ln_1.bias"] = rnd(C, scale=0.1)
        w[p + "attn.c_attn.weight"] = rnd(C, 3 * C)   # Conv1D: [in, out]
        w[p + "attn.c_attn.bias"] = rnd(3 * C, scale=0.1)
        w[p + "attn.c_proj.weight"] = rnd(C, C)
        w[p + "attn.c_proj.bias"] = rnd(C, scale=0.1)
        w[p + "ln_2.weight"] = 1.0 + rnd(C, scale=0.1)
        w[p + "ln_2.bias"] = rnd(C, scale=0.1)
        w[p + "mlp.c_fc.weight"] = rnd(C, I)
        w[p + "mlp.c_fc.bias"] = rnd(I, scale=0.1)
        w[p + "mlp.c_proj.weight"] = rnd(I, C)
        w[p + "mlp.c_proj.bias"] = rnd(C, scale=0.1)
    w["transformer.ln_f.weight"] = 1.0 + rnd(C, scale=0.1)
    w["transformer.ln_f.bias"] = rnd(C, scale=0.1)

    ids = torch.tensor(INPUT_IDS)
    T = len(INPUT_IDS)
    D = C // H
    x = w["transformer.wte.weight"][ids] + w["transformer.wpe.weight"][torch.arange(T)]
    for l in range(L):
        p = "transformer.h.%d." % l
        h = torch.nn.functional.layer_norm(x, (C,), w[p + "ln_1.weight"], w[p + "ln_1.bias"], eps)
        qkv = h @ w[p + "attn.c_attn.weight"] + w[p + "attn.c_attn.bias"]
        q, k, v = qkv.split(C, dim=-1)
        q, k, v = [t.view(T, H, D).transpose(0, 1) for t in (q, k, v)]
        a = causal_attention(q, k, v).transpose(0, 1).reshape(T, C)
        x = x + a @ w[p + "attn.c_proj.weight"] + w[p + "attn.c_proj.bias"]
        h = torch.nn.functional.layer_norm(x, (C,), w[p + "ln_2.weight"], w[p + "ln_2.bias"], eps)
        m = gelu_new(h @ w[p + "mlp.c_fc.weight"] + w[p + "mlp.c_fc.bias"])
        x = x + m @ w[p + "mlp.c_proj.weight"] + w[p + "mlp.c_proj.bias"]
    x = torch.nn.functional.layer_norm(x, (C,), w["transformer.ln_f.weight"], w["transformer.ln_f.bias"], eps)
    logits = x @ w["transformer.wte.weight"].t()
    write_fixture("tiny-gpt2", cfg, list(w.items()), logits)


# ---------------------------------------------------------------- Llama / Qwen2

def rms_norm(x, weight, eps):
    return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + eps) * weight


def rotate_half(x):
    half = x.shape[-1] // 2
    return torch.cat((-x[..., half:], x[..., :half]), dim=-1)


def rope_inverse_frequencies(theta, D, rope_scaling):
    """HF modeling_rope_utils: _compute_default_rope_parameters, then
    _compute_linear_scaling_rope_parameters or _compute_llama3_parameters, in
    fp32 like transformers."""
    inv_freq = 1.0 / (theta ** (torch.arange(0, D, 2, dtype=torch.float32) / D))   # [D/2]
    if rope_scaling is None:
        return inv_freq
    kind = rope_scaling["rope_type"]
    factor = rope_scaling["factor"]
    if kind == "linear":
        return inv_freq / factor
    assert kind == "llama3", kind
    low_freq_factor = rope_scaling["low_freq_factor"]
    high_freq_factor = rope_scaling["high_freq_factor"]
    old_context_len = rope_scaling["original_max_position_embeddings"]
    low_freq_wavelen = old_context_len / low_freq_factor
    high_freq_wavelen = old_context_len / high_freq_factor
    wavelen = 2 * math.pi / inv_freq
    # Long wavelengths (low frequencies) are divided by factor, short ones kept,
    # the band between interpolated smoothly.
    inv_freq_llama = torch.where(wavelen > low_freq_wavelen, inv_freq / factor, inv_freq)
    smooth_factor = (old_context_len / wavelen - low_freq_factor) / (high_freq_factor - low_freq_factor)
    smoothed_inv_freq = (1 - smooth_factor) * inv_freq_llama / factor + smooth_factor * inv_freq_llama
    is_medium_freq = ~(wavelen < high_freq_wavelen) * ~(wavelen > low_freq_wavelen)
    return torch.where(is_medium_freq, smoothed_inv_freq, inv_freq_llama)


def make_llama_like(folder, model_type, attention_bias, tie, seed, kv_heads=2, max_positions=32,
                    rope_scaling=None, sliding_window=None):
    """Without the keyword arguments this writes exactly what it always wrote
    (tiny-llama, tiny-qwen2). rope_scaling: HF's rope_scaling dict;
    sliding_window: Mistral's (query i attends keys j with i - window < j <= i,
    HF masking_utils.sliding_window_overlay). Returns the largest change of
    the logits that the scaling / window makes, to show the fixture exercises it."""
    g = torch.Generator().manual_seed(seed)
    V, C, L, H, KV, I, P = 64, 32, 2, 4, kv_heads, 64, max_positions
    eps, theta = 1e-6, 10000.0
    D = C // H
    cfg = {"model_type": model_type, "vocab_size": V, "hidden_size": C, "num_hidden_layers": L,
           "num_attention_heads": H, "num_key_value_heads": KV, "intermediate_size": I,
           "max_position_embeddings": P, "rms_norm_eps": eps, "rope_theta": theta,
           "hidden_act": "silu", "tie_word_embeddings": tie}
    if model_type == "llama":
        cfg["attention_bias"] = attention_bias
    if rope_scaling is not None:
        cfg["rope_scaling"] = rope_scaling
    if model_type == "mistral":
        cfg["sliding_window"] = sliding_window

    def rnd(*shape, scale=0.2):
        return torch.randn(*shape, generator=g) * scale

    w = {}
    w["model.embed_tokens.weight"] = rnd(V, C, scale=0.5)
    for l in range(L):
        p = "model.layers.%d." % l
        w[p + "input_layernorm.weight"] = 1.0 + rnd(C, scale=0.1)
        w[p + "self_attn.q_proj.weight"] = rnd(H * D, C)      # nn.Linear: [out, in]
        w[p + "self_attn.k_proj.weight"] = rnd(KV * D, C)
        w[p + "self_attn.v_proj.weight"] = rnd(KV * D, C)
        if attention_bias:
            w[p + "self_attn.q_proj.bias"] = rnd(H * D, scale=0.1)
            w[p + "self_attn.k_proj.bias"] = rnd(KV * D, scale=0.1)
            w[p + "self_attn.v_proj.bias"] = rnd(KV * D, scale=0.1)
        w[p + "self_attn.o_proj.weight"] = rnd(C, H * D)
        w[p + "post_attention_layernorm.weight"] = 1.0 + rnd(C, scale=0.1)
        w[p + "mlp.gate_proj.weight"] = rnd(I, C)
        w[p + "mlp.up_proj.weight"] = rnd(I, C)
        w[p + "mlp.down_proj.weight"] = rnd(C, I)
    w["model.norm.weight"] = 1.0 + rnd(C, scale=0.1)
    if not tie:
        w["lm_head.weight"] = rnd(V, C)

    ids = torch.tensor(INPUT_IDS)
    T = len(INPUT_IDS)

    def lin(x, name):
        y = x @ w[name + ".weight"].t()
        if (name + ".bias") in w:
            y = y + w[name + ".bias"]
        return y

    def forward(inv_freq, window):
        freqs = torch.outer(torch.arange(T, dtype=torch.float32), inv_freq)
        emb = torch.cat((freqs, freqs), dim=-1)
        cos, sin = emb.cos(), emb.sin()   # [T, D]
        x = w["model.embed_tokens.weight"][ids]
        for l in range(L):
            p = "model.layers.%d." % l
            h = rms_norm(x, w[p + "input_layernorm.weight"], eps)
            q = lin(h, p + "self_attn.q_proj").view(T, H, D).transpose(0, 1)
            k = lin(h, p + "self_attn.k_proj").view(T, KV, D).transpose(0, 1)
            v = lin(h, p + "self_attn.v_proj").view(T, KV, D).transpose(0, 1)
            q = q * cos + rotate_half(q) * sin
            k = k * cos + rotate_half(k) * sin
            k = k.repeat_interleave(H // KV, dim=0)
            v = v.repeat_interleave(H // KV, dim=0)
            a = causal_attention(q, k, v, window).transpose(0, 1).reshape(T, H * D)
            x = x + lin(a, p + "self_attn.o_proj")
            h = rms_norm(x, w[p + "post_attention_layernorm.weight"], eps)
            m = torch.nn.functional.silu(lin(h, p + "mlp.gate_proj")) * lin(h, p + "mlp.up_proj")
            x = x + lin(m, p + "mlp.down_proj")
        x = rms_norm(x, w["model.norm.weight"], eps)
        head = w["model.embed_tokens.weight"] if tie else w["lm_head.weight"]
        return x @ head.t()   # [T, V]

    logits = forward(rope_inverse_frequencies(theta, D, rope_scaling), sliding_window)
    write_fixture(folder, cfg, list(w.items()), logits)
    plain = forward(rope_inverse_frequencies(theta, D, None), None)
    return float((logits - plain).abs().max())


if __name__ == "__main__":
    torch.manual_seed(0)
    make_gpt2()
    make_llama_like("tiny-llama", "llama", attention_bias=False, tie=False, seed=4321)
    make_llama_like("tiny-qwen2", "qwen2", attention_bias=True, tie=True, seed=987)
    # Head dim 8: inverse frequencies 1, 0.1, 0.01, 0.001 (wavelengths 6.3, 63,
    # 628, 6283). Each variant must change the logits well beyond the 1e-4 the
    # tests allow, or it would not test its feature.
    changes = {}
    changes["tiny-llama-rope-linear"] = make_llama_like(
        "tiny-llama-rope-linear", "llama", attention_bias=False, tie=False, seed=2468,
        rope_scaling={"rope_type": "linear", "factor": 2.0})
    # original_max_position_embeddings 128: wavelength 6.3 < 128/4 is kept, 63
    # lies in the smoothed band [32, 128], 628 and 6283 > 128 are divided by 8.
    changes["tiny-llama3-rope"] = make_llama_like(
        "tiny-llama3-rope", "llama", attention_bias=False, tie=False, seed=1357, max_positions=1024,
        rope_scaling={"rope_type": "llama3", "factor": 8.0, "low_freq_factor": 1.0, "high_freq_factor": 4.0,
                      "original_max_position_embeddings": 128})
    # Window 3 over 7 tokens: positions 3..6 lose their earliest keys. One K/V
    # head for four query heads (multi-query, the extreme of GQA).
    changes["tiny-mistral-window"] = make_llama_like(
        "tiny-mistral-window", "mistral", attention_bias=False, tie=False, seed=8642, kv_heads=1,
        sliding_window=3)
    for name, change in changes.items():
        print("%s: max logit change from its feature %.4g" % (name, change))
        assert change > 1e-2, name
    print("fixtures written to", HERE)
