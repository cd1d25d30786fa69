#!/usr/bin/python3
"""Peer for bench_decode: an eager PyTorch GPT-2 loop with a KV cache.

    /usr/bin/python3 bench/peers/decode_python.py MODEL_DIR [--dtypes f32,bf16]
        [--threads 1,2] [--tokens 128] [--prompt 512] [--runs 3]

Reads MODEL_DIR/config.json and MODEL_DIR/model.safetensors (F32, parsed by
hand: Debian has no python3-safetensors) and runs the model the way a careful
eager script would: torch.inference_mode, a preallocated per-layer KV cache,
HF's GPT-2 math (Conv1D as addmm, tanh GELU, tied lm_head), the whole model
and its activations in the chosen dtype (model.to(torch.bfloat16) style).
For every dtype and thread count (torch.set_num_threads) it measures, best of
--runs: greedy decode tokens/s over --tokens tokens after an 8-token prompt,
and the time to first token of a --prompt-token prompt (prefill and argmax),
with prefill tokens/s. The prompts are the same ids bench_decode uses; the
first 16 greedy ids are printed so that the bench can check both sides run
the same model.
Prints one JSON object.
"""
import argparse
import json
import math
import mmap
import os
import struct
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F


def prompt_ids(n, vocab):
    # Same formula as bench_decode.cpp.
    return [(i * 7919 + 13) % vocab for i in range(n)]


def load_safetensors(path):
    with open(path, "rb") as f:
        mm = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
    (header_len,) = struct.unpack("<Q", mm[:8])
    header = json.loads(mm[8:8 + header_len])
    base = 8 + header_len
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        if info["dtype"] != "F32":
            sys.exit("decode_python.py: %s is %s; the bench writes F32" % (name, info["dtype"]))
        begin, end = info["data_offsets"]
        array = np.frombuffer(mm, dtype=np.float32, count=(end - begin) // 4, offset=base + begin)
        tensors[name] = torch.from_numpy(array.copy()).view(info["shape"])
    return tensors


class Gpt2:
    def __init__(self, config, tensors, dtype):
        self.C = config["n_embd"]
        self.H = config["n_head"]
        self.L = config["n_layer"]
        self.eps = config.get("layer_norm_epsilon", 1e-5)
        p = "transformer." if "transformer.wte.weight" in tensors else ""
        t = lambda name: tensors[p + name].to(dtype).contiguous()
        self.wte = t("wte.weight")
        self.wpe = t("wpe.weight")
        self.layers = []
        for i in range(self.L):
            b = "h.%d." % i
            self.layers.append([t(b + n) for n in (
                "ln_1.weight", "ln_1.bias", "attn.c_attn.weight", "attn.c_attn.bias", "attn.c_proj.weight",
                "attn.c_proj.bias", "ln_2.weight", "ln_2.bias", "mlp.c_fc.weight", "mlp.c_fc.bias",
                "mlp.c_proj.weight", "mlp.c_proj.bias")])
        self.lnf = (t("ln_f.weight"), t("ln_f.bias"))
        self.dtype = dtype

    def new_cache(self, capacity):
        D = self.C // self.H
        shape = (self.H, capacity, D)
        return [(torch.zeros(shape, dtype=self.dtype), torch.zeros(shape, dtype=self.dtype)) for _ in range(self.L)]

    def step(self, ids, cache, pos):
        """ids: LongTensor [T] at positions pos..pos+T-1; returns the last position's logits."""
        T, C, H = ids.shape[0], self.C, self.H
        D = C // H
        x = self.wte[ids] + self.wpe[pos:pos + T]                           # [T, C]
        mask = None
        if T > 1:
            mask = torch.full((T, pos + T), float("-inf"), dtype=self.dtype).triu(pos + 1)
        for (ln1w, ln1b, aw, ab, pw, pb, ln2w, ln2b, fw, fb, fpw, fpb), (kc, vc) in zip(self.layers, cache):
            h = F.layer_norm(x, (C,), ln1w, ln1b, self.eps)
            q, k, v = torch.addmm(ab, h, aw).split(C, dim=-1)                # [T, C] each
            q = q.view(T, H, D).transpose(0, 1)                              # [H, T, D]
            kc[:, pos:pos + T] = k.view(T, H, D).transpose(0, 1)
            vc[:, pos:pos + T] = v.view(T, H, D).transpose(0, 1)
            scores = torch.matmul(q, kc[:, :pos + T].transpose(1, 2)) * (1.0 / math.sqrt(D))
            if mask is not None:
                scores = scores + mask
            attn = torch.matmul(torch.softmax(scores, dim=-1), vc[:, :pos + T])   # [H, T, D]
            x = x + torch.addmm(pb, attn.transpose(0, 1).reshape(T, C), pw)
            h = F.layer_norm(x, (C,), ln2w, ln2b, self.eps)
            x = x + torch.addmm(fpb, F.gelu(torch.addmm(fb, h, fw), approximate="tanh"), fpw)
        x = F.layer_norm(x[-1:], (C,), self.lnf[0], self.lnf[1], self.eps)
        return F.linear(x, self.wte)[0]                                     # [V]


def measure(model, vocab, tokens, prompt_len, runs):
    short = torch.tensor(prompt_ids(8, vocab), dtype=torch.long)
    long_prompt = torch.tensor(prompt_ids(prompt_len, vocab), dtype=torch.long)
    decode_best, ttft_best, prefill_best = 0.0, float("inf"), float("inf")
    for _ in range(runs):
        cache = model.new_cache(8 + tokens + 1)
        logits = model.step(short, cache, 0)
        pos = 8
        nxt = int(torch.argmax(logits))
        greedy = [nxt]
        start = time.perf_counter()
        for _ in range(tokens):
            logits = model.step(torch.tensor([nxt]), cache, pos)
            pos += 1
            nxt = int(torch.argmax(logits))
            greedy.append(nxt)
        decode_best = max(decode_best, tokens / (time.perf_counter() - start))

        cache = model.new_cache(prompt_len + 1)
        start = time.perf_counter()
        logits = model.step(long_prompt, cache, 0)
        prefill = time.perf_counter() - start
        int(torch.argmax(logits))
        ttft_best = min(ttft_best, time.perf_counter() - start)
        prefill_best = min(prefill_best, prefill)
    return {"decode_tok_s": round(decode_best, 2), "ttft_s": round(ttft_best, 4),
            "prefill_tok_s": round(prompt_len / prefill_best, 1), "greedy_ids": greedy[:16]}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("model_dir")
    ap.add_argument("--dtypes", default="f32,bf16")
    ap.add_argument("--threads", default="1,2")
    ap.add_argument("--tokens", type=int, default=128)
    ap.add_argument("--prompt", type=int, default=512)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()

    config = json.load(open(os.path.join(args.model_dir, "config.json")))
    started = time.perf_counter()
    tensors = load_safetensors(os.path.join(args.model_dir, "model.safetensors"))
    load_s = time.perf_counter() - started
    results = []
    with torch.inference_mode():
        for name in args.dtypes.split(","):
            model = Gpt2(config, tensors, {"f32": torch.float32, "bf16": torch.bfloat16}[name])
            for threads in (int(t) for t in args.threads.split(",")):
                torch.set_num_threads(threads)
                r = measure(model, config["vocab_size"], args.tokens, args.prompt, args.runs)
                r.update({"dtype": name, "threads": threads})
                results.append(r)
    print(json.dumps({"peer": "python eager GPT-2 with KV cache", "torch": torch.__version__,
                      "load_s": round(load_s, 3), "results": results}, indent=1))


if __name__ == "__main__":
    main()
