#!/usr/bin/python3
"""Writes tests/data/models/tiny-chat: a tiny Llama-shaped chat model with a
real byte-level BPE tokenizer (trained by `llmwb tokenizer train` on the
bundled sample datasets), ChatML special tokens and a tokenizer_config.json
whose chat_template is Qwen's ChatML template. The weights are random (seeded):
the model writes nonsense, which is all the chat, generation and template tests
need (they check mechanics, not quality).

Run: /usr/bin/python3 tests/data/models/make_chat_fixture.py build/app/llmwb
"""
import json
import os
import subprocess
import sys
import tempfile

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_fixtures import write_safetensors  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
OUT = os.path.join(HERE, "tiny-chat")
SPECIAL = ["<|endoftext|>", "<|im_start|>", "<|im_end|>"]
CHATML = ("{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + "
          "'<|im_end|>' + '\\n'}}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}")


def corpus_file():
    texts = []
    for name in sorted(os.listdir(os.path.join(ROOT, "datasets", "sample"))):
        if name.endswith(".json"):
            with open(os.path.join(ROOT, "datasets", "sample", name), encoding="utf-8") as f:
                for rec in json.load(f):
                    texts.extend(str(v) for v in rec.values() if isinstance(v, str))
    f = tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8")
    f.write("\n".join(texts))
    f.close()
    return f.name


def main():
    llmwb = sys.argv[1]
    os.makedirs(OUT, exist_ok=True)
    corpus = corpus_file()
    args = [llmwb, "tokenizer", "train", "--vocab-size", "512", "--out", os.path.join(OUT, "tokenizer.json")]
    for s in SPECIAL:
        args += ["--special", s]
    subprocess.run(args + [corpus], check=True)
    os.unlink(corpus)
    with open(os.path.join(OUT, "tokenizer.json"), encoding="utf-8") as f:
        tok = json.load(f)
    vocab = len(tok["model"]["vocab"]) + sum(1 for t in tok.get("added_tokens", []) if t["content"] not in tok["model"]["vocab"])
    ids = {t["content"]: t["id"] for t in tok["added_tokens"]}
    vocab = max(vocab, max(ids.values()) + 1)

    C, L, H, KV, I = 64, 2, 4, 2, 128
    D = C // H
    config = {
        "architectures": ["LlamaForCausalLM"], "model_type": "llama", "hidden_size": C, "num_hidden_layers": L,
        "num_attention_heads": H, "num_key_value_heads": KV, "intermediate_size": I, "vocab_size": vocab,
        "max_position_embeddings": 512, "rms_norm_eps": 1e-6, "rope_theta": 10000.0, "hidden_act": "silu",
        "tie_word_embeddings": False, "bos_token_id": ids["<|endoftext|>"], "eos_token_id": ids["<|im_end|>"],
    }
    g = torch.Generator().manual_seed(1234)

    def rnd(*shape):
        return torch.randn(*shape, generator=g) * 0.5

    tensors = [("model.embed_tokens.weight", rnd(vocab, C))]
    for l in range(L):
        b = "model.layers.%d." % l
        tensors += [
            (b + "input_layernorm.weight", torch.ones(C)),
            (b + "self_attn.q_proj.weight", rnd(H * D, C)),
            (b + "self_attn.k_proj.weight", rnd(KV * D, C)),
            (b + "self_attn.v_proj.weight", rnd(KV * D, C)),
            (b + "self_attn.o_proj.weight", rnd(C, H * D)),
            (b + "post_attention_layernorm.weight", torch.ones(C)),
            (b + "mlp.gate_proj.weight", rnd(I, C)),
            (b + "mlp.up_proj.weight", rnd(I, C)),
            (b + "mlp.down_proj.weight", rnd(C, I)),
        ]
    tensors += [("model.norm.weight", torch.ones(C)), ("lm_head.weight", rnd(vocab, C))]
    write_safetensors(os.path.join(OUT, "model.safetensors"), tensors)
    with open(os.path.join(OUT, "config.json"), "w") as f:
        json.dump(config, f, indent=2, sort_keys=True)
        f.write("\n")
    with open(os.path.join(OUT, "tokenizer_config.json"), "w") as f:
        json.dump({"bos_token": None, "eos_token": "<|im_end|>", "pad_token": "<|endoftext|>",
                   "chat_template": CHATML, "model_max_length": 512}, f, indent=2)
        f.write("\n")
    with open(os.path.join(OUT, "generation_config.json"), "w") as f:
        json.dump({"bos_token_id": ids["<|endoftext|>"], "eos_token_id": ids["<|im_end|>"]}, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main()
