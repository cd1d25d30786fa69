#!/usr/bin/python3
"""The Python peer of bench/bench_train.cpp: a nanoGPT-style eager training
loop (GPT-2 blocks, tied head, written-out causal attention as in nanoGPT
without flash, AdamW with decay on 2-D weights, gradient clipping, bf16 CPU
autocast) on random tokens, with Debian's python3-torch. Also measures the
fp32 and bf16 matmul peak at the same thread count. Prints one JSON object.

  train_python.py --layers 6 --hidden 384 --heads 6 --vocab 8192 --seq 256
                  --batch 4 --threads 2 --steps 5 --warmup 2 --precisions fp32,bf16
"""
import argparse
import json
import math
import resource
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class Block(nn.Module):
    def __init__(self, C, H, T):
        super().__init__()
        self.H = H
        self.ln_1 = nn.LayerNorm(C)
        self.c_attn = nn.Linear(C, 3 * C)
        self.attn_proj = nn.Linear(C, C)
        self.ln_2 = nn.LayerNorm(C)
        self.c_fc = nn.Linear(C, 4 * C)
        self.mlp_proj = nn.Linear(4 * C, C)
        self.register_buffer("mask", torch.tril(torch.ones(T, T, dtype=torch.bool)).view(1, 1, T, T))

    def forward(self, x):
        B, T, C = x.shape
        q, k, v = self.c_attn(self.ln_1(x)).split(C, dim=2)
        q = q.view(B, T, self.H, C // self.H).transpose(1, 2)
        k = k.view(B, T, self.H, C // self.H).transpose(1, 2)
        v = v.view(B, T, self.H, C // self.H).transpose(1, 2)
        att = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(k.size(-1)))
        att = att.masked_fill(~self.mask[:, :, :T, :T], float("-inf"))
        att = F.softmax(att.float(), dim=-1).to(v.dtype)
        y = (att @ v).transpose(1, 2).contiguous().view(B, T, C)
        x = x + self.attn_proj(y)
        return x + self.mlp_proj(F.gelu(self.c_fc(self.ln_2(x)), approximate="tanh"))


class GPT(nn.Module):
    def __init__(self, L, C, H, V, T):
        super().__init__()
        self.wte = nn.Embedding(V, C)
        self.wpe = nn.Embedding(T, C)
        self.h = nn.ModuleList([Block(C, H, T) for _ in range(L)])
        self.ln_f = nn.LayerNorm(C)
        self.lm_head = nn.Linear(C, V, bias=False)
        self.lm_head.weight = self.wte.weight
        for p in self.parameters():
            if p.dim() >= 2:
                nn.init.normal_(p, 0.0, 0.02)

    def forward(self, idx):
        T = idx.size(1)
        x = self.wte(idx) + self.wpe(torch.arange(T))
        for b in self.h:
            x = b(x)
        return self.lm_head(self.ln_f(x))


def matmul_gflops(dtype, n=2048, reps=8):
    a = torch.randn(n, n).to(dtype)
    b = torch.randn(n, n).to(dtype)
    torch.mm(a, b)
    best = 0.0
    for _ in range(3):
        t = time.perf_counter()
        for _ in range(reps):
            torch.mm(a, b)
        best = max(best, 2.0 * n ** 3 * reps / (time.perf_counter() - t) / 1e9)
    return best


def train(args, bf16):
    torch.manual_seed(0)
    model = GPT(args.layers, args.hidden, args.heads, args.vocab, args.seq)
    decay = [p for p in model.parameters() if p.dim() >= 2]
    no_decay = [p for p in model.parameters() if p.dim() < 2]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": 0.1}, {"params": no_decay, "weight_decay": 0.0}],
                            lr=3e-4, betas=(0.9, 0.95))
    x = torch.randint(0, args.vocab, (args.batch, args.seq))
    y = torch.randint(0, args.vocab, (args.batch, args.seq))
    times = []
    parts = []
    losses = []
    faults = 0
    for step in range(args.warmup + args.steps):
        if step == args.warmup:
            faults = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
        t = time.perf_counter()
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16):
            logits = model(x)
        loss = F.cross_entropy(logits.float().view(-1, logits.size(-1)), y.view(-1))
        losses.append(loss.item())
        t1 = time.perf_counter()
        loss.backward()
        t2 = time.perf_counter()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        opt.zero_grad(set_to_none=True)
        t3 = time.perf_counter()
        times.append(t3 - t)
        parts.append((t1 - t, t2 - t1, t3 - t2))
    faults = resource.getrusage(resource.RUSAGE_SELF).ru_minflt - faults
    measured = times[args.warmup:]
    tokens = args.batch * args.seq
    return {"tokens_per_second": tokens * len(measured) / sum(measured),
            "page_faults_per_step": faults // len(measured),
            "best_step_tokens_per_second": tokens / min(measured),
            "seconds_per_step": sum(measured) / len(measured),
            "forward_seconds": sum(p[0] for p in parts[args.warmup:]) / len(measured),
            "backward_seconds": sum(p[1] for p in parts[args.warmup:]) / len(measured),
            "optimizer_seconds": sum(p[2] for p in parts[args.warmup:]) / len(measured),
            "first_loss": losses[0], "last_loss": losses[-1]}


def main():
    p = argparse.ArgumentParser()
    for name, default in [("layers", 6), ("hidden", 384), ("heads", 6), ("vocab", 8192), ("seq", 256),
                          ("batch", 4), ("threads", 2), ("steps", 5), ("warmup", 2)]:
        p.add_argument("--" + name, type=int, default=default)
    p.add_argument("--precisions", default="fp32,bf16")
    p.add_argument("--no-peak", action="store_true")
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    out = {"torch": torch.__version__, "threads": args.threads, "results": {}}
    if not args.no_peak:
        out["matmul_gflops"] = {"fp32": matmul_gflops(torch.float32), "bf16": matmul_gflops(torch.bfloat16)}
    for prec in args.precisions.split(","):
        out["results"][prec] = train(args, prec == "bf16")
    print(json.dumps(out))


if __name__ == "__main__":
    main()
