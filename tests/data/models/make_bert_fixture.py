#!/usr/bin/python3
"""Writes tests/data/models/tiny-bert/, the fixture of tests/torch/tst_bert_model.cpp:
config.json, vocab.txt, model.safetensors (written by hand: 8-byte little-endian
header length, JSON header, raw fp32 data) and expected_embeddings.json.

Everything below is written independently of the C++ code, following the
Hugging Face formulas (transformers is not installed here):
- BERT's BasicTokenizer + WordPiece, using Python's unicodedata (full NFD and
  Unicode categories), then [CLS] ... [SEP] with truncation to
  max_position_embeddings;
- BertModel's forward pass (word + position + token type embeddings, embedding
  LayerNorm, post-LN encoder blocks, exact erf GELU or the tanh form), with the
  padding mask added to the attention scores as HF does (finfo.min);
- sentence-transformers pooling (mask-aware mean, or the [CLS] row) followed
  by L2 normalisation.
Each text is embedded on its own (no padding); a padded batch of all of them is
checked against that here before anything is written.

Run with Debian's python: /usr/bin/python3 tests/data/models/make_bert_fixture.py
"""
import json
import math
import os
import struct
import unicodedata

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
FOLDER = os.path.join(HERE, "tiny-bert")

VOCAB = (["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
         + list(",.!?'-")
         + ["the", "a", "is", "are", "of", "and", "in", "to", "hello", "world", "cat", "rock", "water",
            "run", "model", "deep", "learn", "geo", "cafe", "earth", "layer", "data"]
         + ["##s", "##ning", "##ing", "##logy", "##er", "##ed", "##y"]
         + list("深度学习模型是地质的青藏高原岩石。，")
         + ["1", "2", "##0"])

# Texts of different lengths: English with punctuation, Chinese (one token per
# character, full-width punctuation), mixed scripts with an accent to strip,
# an unknown word, and one longer than max_position_embeddings.
TEXTS = [
    "Hello, world!",
    "The cats are running in the water.",
    "深度学习模型是地质的。",
    "Café ROCKS of 青藏高原, geology!",
    "xyzzy",
    " ".join(["the rock layers of earth"] * 8),
]

CONFIG = {
    "architectures": ["BertModel"],
    "model_type": "bert",
    "vocab_size": len(VOCAB),
    "hidden_size": 32,
    "num_hidden_layers": 2,
    "num_attention_heads": 4,
    "intermediate_size": 64,
    "max_position_embeddings": 24,
    "type_vocab_size": 2,
    "layer_norm_eps": 1e-12,
    "hidden_act": "gelu",
    "pad_token_id": 0,
    "position_embedding_type": "absolute",
}


# ---------------------------------------------------------------- tokenizer

def is_punctuation(ch):
    cp = ord(ch)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(ch).startswith("P")


def is_cjk(cp):
    return (0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0x20000 <= cp <= 0x2A6DF
            or 0x2A700 <= cp <= 0x2B73F or 0x2B740 <= cp <= 0x2B81F or 0x2B820 <= cp <= 0x2CEAF
            or 0xF900 <= cp <= 0xFAFF or 0x2F800 <= cp <= 0x2FA1F)


def basic_tokenize(text):
    cleaned = []
    for ch in text:
        cp = ord(ch)
        if cp == 0 or cp == 0xFFFD or (unicodedata.category(ch).startswith("C") and ch not in "\t\n\r"):
            continue
        if is_cjk(cp):
            cleaned.append(" " + ch + " ")
        elif ch in " \t\n\r" or unicodedata.category(ch) == "Zs":
            cleaned.append(" ")
        else:
            cleaned.append(ch)
    words = []
    for word in "".join(cleaned).split():
        word = unicodedata.normalize("NFD", word.lower())
        word = "".join(c for c in word if unicodedata.category(c) != "Mn")
        current = ""
        for ch in word:
            if is_punctuation(ch):
                if current:
                    words.append(current)
                words.append(ch)
                current = ""
            else:
                current += ch
        if current:
            words.append(current)
    return words


def wordpiece(word, vocab):
    pieces, start = [], 0
    while start < len(word):
        end, found = len(word), None
        while start < end:
            sub = ("##" if start > 0 else "") + word[start:end]
            if sub in vocab:
                found = sub
                break
            end -= 1
        if found is None:
            return [vocab["[UNK]"]]
        pieces.append(vocab[found])
        start = end
    return pieces


def encode_for_model(text, vocab, max_len):
    ids = [i for w in basic_tokenize(text) for i in wordpiece(w, vocab)]
    ids = ids[:max_len - 2]   # HF truncation keeps room for [CLS] and [SEP]
    return [vocab["[CLS]"]] + ids + [vocab["[SEP]"]]


# ---------------------------------------------------------------- model

def gelu_erf(x):
    return 0.5 * x * (1.0 + torch.erf(x / math.sqrt(2.0)))


def gelu_tanh(x):
    return 0.5 * x * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * torch.pow(x, 3.0))))


def make_weights(cfg, seed):
    g = torch.Generator().manual_seed(seed)
    V, C, L, I = cfg["vocab_size"], cfg["hidden_size"], cfg["num_hidden_layers"], cfg["intermediate_size"]
    P, TV = cfg["max_position_embeddings"], cfg["type_vocab_size"]

    def rnd(*shape, scale=0.2):
        return torch.randn(*shape, generator=g) * scale

    # Names as HF BertModel.save_pretrained writes them (no "bert." prefix);
    # nn.Linear weights are [out, in].
    w = {}
    w["embeddings.word_embeddings.weight"] = rnd(V, C, scale=0.5)
    w["embeddings.position_embeddings.weight"] = rnd(P, C, scale=0.3)
    w["embeddings.token_type_embeddings.weight"] = rnd(TV, C, scale=0.3)
    w["embeddings.LayerNorm.weight"] = 1.0 + rnd(C, scale=0.1)
    w["embeddings.LayerNorm.bias"] = rnd(C, scale=0.1)
    for l in range(L):
        p = "encoder.layer.%d." % l
        for proj in ("query", "key", "value"):
            w[p + "attention.self.%s.weight" % proj] = rnd(C, C)
            w[p + "attention.self.%s.bias" % proj] = rnd(C, scale=0.1)
        w[p + "attention.output.dense.weight"] = rnd(C, C)
        w[p + "attention.output.dense.bias"] = rnd(C, scale=0.1)
        w[p + "attention.output.LayerNorm.weight"] = 1.0 + rnd(C, scale=0.1)
        w[p + "attention.output.LayerNorm.bias"] = rnd(C, scale=0.1)
        w[p + "intermediate.dense.weight"] = rnd(I, C)
        w[p + "intermediate.dense.bias"] = rnd(I, scale=0.1)
        w[p + "output.dense.weight"] = rnd(C, I)
        w[p + "output.dense.bias"] = rnd(C, scale=0.1)
        w[p + "output.LayerNorm.weight"] = 1.0 + rnd(C, scale=0.1)
        w[p + "output.LayerNorm.bias"] = rnd(C, scale=0.1)
    # BertModel's pooler (tanh dense on [CLS]); embedding models do not use it.
    w["pooler.dense.weight"] = rnd(C, C)
    w["pooler.dense.bias"] = rnd(C, scale=0.1)
    return w


def bert_hidden_states(w, cfg, input_ids, attention_mask, act):
    """input_ids, attention_mask: [B, T] -> last hidden states [B, T, C]."""
    B, T = input_ids.shape
    C, H, eps = cfg["hidden_size"], cfg["num_attention_heads"], cfg["layer_norm_eps"]
    D = C // H
    ln = torch.nn.functional.layer_norm

    def lin(x, name):
        return x @ w[name + ".weight"].t() + w[name + ".bias"]

    positions = torch.arange(T).unsqueeze(0).expand(B, T)
    token_types = torch.zeros(B, T, dtype=torch.long)
    x = (w["embeddings.word_embeddings.weight"][input_ids]
         + w["embeddings.position_embeddings.weight"][positions]
         + w["embeddings.token_type_embeddings.weight"][token_types])
    x = ln(x, (C,), w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"], eps)
    # HF's extended attention mask: 0 for real tokens, the dtype's minimum for padding.
    additive = (1.0 - attention_mask[:, None, None, :].float()) * torch.finfo(torch.float32).min
    for l in range(cfg["num_hidden_layers"]):
        p = "encoder.layer.%d." % l

        def heads(t):
            return t.view(B, T, H, D).permute(0, 2, 1, 3)   # [B, H, T, D]
        q = heads(lin(x, p + "attention.self.query"))
        k = heads(lin(x, p + "attention.self.key"))
        v = heads(lin(x, p + "attention.self.value"))
        scores = q @ k.transpose(-1, -2) / math.sqrt(D) + additive
        ctx = (torch.softmax(scores, dim=-1) @ v).permute(0, 2, 1, 3).reshape(B, T, C)
        x = ln(lin(ctx, p + "attention.output.dense") + x, (C,),
               w[p + "attention.output.LayerNorm.weight"], w[p + "attention.output.LayerNorm.bias"], eps)
        inner = act(lin(x, p + "intermediate.dense"))
        x = ln(lin(inner, p + "output.dense") + x, (C,),
               w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"], eps)
    return x


def pool(hidden, attention_mask, mode):
    """hidden [B, T, C], attention_mask [B, T] -> normalised [B, C]."""
    if mode == "cls":
        pooled = hidden[:, 0]
    else:
        m = attention_mask.unsqueeze(-1).float()
        pooled = (hidden * m).sum(1) / m.sum(1).clamp(min=1e-9)
    return torch.nn.functional.normalize(pooled, p=2, dim=1)


def embed(w, cfg, id_lists, mode, act):
    """Pads id_lists on the right into one batch and pools it."""
    T = max(len(ids) for ids in id_lists)
    input_ids = torch.zeros(len(id_lists), T, dtype=torch.long)
    mask = torch.zeros(len(id_lists), T, dtype=torch.long)
    for b, ids in enumerate(id_lists):
        input_ids[b, :len(ids)] = torch.tensor(ids)
        mask[b, :len(ids)] = 1
    return pool(bert_hidden_states(w, cfg, input_ids, mask, act), mask, mode)


# ---------------------------------------------------------------- files

def write_safetensors(path, tensors):
    """tensors: list of (name, float32 tensor) in data order."""
    header, offset, blobs = {}, 0, []
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


def rows(t):
    return [[float("%.8g" % v) for v in row] for row in t.tolist()]


def main():
    vocab = {tok: i for i, tok in enumerate(VOCAB)}
    assert len(vocab) == len(VOCAB), "duplicate vocabulary entry"
    cfg = CONFIG
    w = make_weights(cfg, seed=2024)
    id_lists = [encode_for_model(t, vocab, cfg["max_position_embeddings"]) for t in TEXTS]
    assert len(id_lists[-1]) == cfg["max_position_embeddings"], "the last text must be truncated"
    assert any(ids.count(vocab["[UNK]"]) for ids in id_lists)

    expected = {"texts": TEXTS, "input_ids": id_lists, "dim": cfg["hidden_size"]}
    with torch.no_grad():
        for key, mode, act in (("mean", "mean", gelu_erf), ("cls", "cls", gelu_erf),
                               ("mean_gelu_new", "mean", gelu_tanh)):
            one_by_one = torch.cat([embed(w, cfg, [ids], mode, act) for ids in id_lists])
            batched = embed(w, cfg, id_lists, mode, act)
            diff = (one_by_one - batched).abs().max().item()
            assert diff < 1e-5, "padded batch differs from one-by-one: %g" % diff
            expected[key] = rows(one_by_one)

    os.makedirs(FOLDER, exist_ok=True)
    with open(os.path.join(FOLDER, "config.json"), "w") as f:
        json.dump(cfg, f, indent=2, sort_keys=True)
        f.write("\n")
    with open(os.path.join(FOLDER, "vocab.txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(VOCAB) + "\n")
    write_safetensors(os.path.join(FOLDER, "model.safetensors"), list(w.items()))
    with open(os.path.join(FOLDER, "expected_embeddings.json"), "w", encoding="utf-8") as f:
        json.dump(expected, f, ensure_ascii=False)
        f.write("\n")
    print("fixture written to", FOLDER)
    for t, ids in zip(TEXTS, id_lists):
        print(len(ids), [VOCAB[i] for i in ids][:12], t[:30])


if __name__ == "__main__":
    main()
