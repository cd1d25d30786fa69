#!/usr/bin/python3
"""Writes tiny-llama2c/model.bin: the tiny-llama fixture as a llama2.c legacy
checkpoint, the way llama2.c's export.py (legacy_export after load_hf_model)
writes one. Used by tests/torch/tst_model_roundtrip.cpp: importing it back must
give tiny-llama's logits, which checks that the q/k row order of llama2.c
(interleaved RoPE pairs) is undone on import.

Run with Debian's python: /usr/bin/python3 tests/data/models/make_llama2c_fixture.py
"""
import json
import os
import struct

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))


def read_safetensors(path):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        assert info["dtype"] == "F32"
        a, b = info["data_offsets"]
        out[name] = torch.from_numpy(np.frombuffer(data[a:b], dtype="<f4").copy()).reshape(info["shape"])
    return out


def main():
    src = os.path.join(HERE, "tiny-llama")
    cfg = json.load(open(os.path.join(src, "config.json")))
    w = read_safetensors(os.path.join(src, "model.safetensors"))
    dim, n_layers = cfg["hidden_size"], cfg["num_hidden_layers"]
    n_heads, n_kv = cfg["num_attention_heads"], cfg["num_key_value_heads"]
    vocab, seq_len = cfg["vocab_size"], cfg["max_position_embeddings"]
    head = dim // n_heads
    shared = cfg["tie_word_embeddings"]

    # llama2.c export.py: "huggingface permutes WQ and WK, this function reverses it"
    def permute_reverse(t, n_heads, dim1, dim2):
        return t.view(n_heads, 2, dim1 // n_heads // 2, dim2).transpose(1, 2).reshape(dim1, dim2)

    L = [f"model.layers.{i}." for i in range(n_layers)]
    arrays = [w["model.embed_tokens.weight"]]
    arrays += [w[p + "input_layernorm.weight"] for p in L]
    arrays += [permute_reverse(w[p + "self_attn.q_proj.weight"], n_heads, dim, dim) for p in L]
    arrays += [permute_reverse(w[p + "self_attn.k_proj.weight"], n_kv, n_kv * head, dim) for p in L]
    arrays += [w[p + "self_attn.v_proj.weight"] for p in L]
    arrays += [w[p + "self_attn.o_proj.weight"] for p in L]
    arrays += [w[p + "post_attention_layernorm.weight"] for p in L]
    arrays += [w[p + "mlp.gate_proj.weight"] for p in L]   # w1
    arrays += [w[p + "mlp.down_proj.weight"] for p in L]   # w2
    arrays += [w[p + "mlp.up_proj.weight"] for p in L]     # w3
    arrays.append(w["model.norm.weight"])
    # freqs_cos, freqs_sin (run.c ignores them; written as export.py does)
    freqs = 1.0 / (10000.0 ** (torch.arange(0, head, 2)[: head // 2].float() / head))
    angles = torch.outer(torch.arange(seq_len).float(), freqs)
    arrays += [torch.cos(angles), torch.sin(angles)]
    if not shared:
        arrays.append(w["lm_head.weight"])

    out_dir = os.path.join(HERE, "tiny-llama2c")
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(out_dir, "model.bin"), "wb") as f:
        f.write(struct.pack("iiiiiii", dim, cfg["intermediate_size"], n_layers, n_heads, n_kv,
                            vocab if shared else -vocab, seq_len))
        for a in arrays:
            f.write(a.detach().contiguous().to(torch.float32).numpy().astype("<f4").tobytes())


if __name__ == "__main__":
    main()
