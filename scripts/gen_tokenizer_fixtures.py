#!/usr/bin/env python3
"""Writes the reference fixtures of tests/core/tst_pretokenize.cpp, tst_nfc.cpp
and tst_hf_tokenizer.cpp into tests/data/tokenizers/:

- pretokenize_cases.json: texts and how the GPT-2, Llama 3 (cl100k) and Qwen2
  pre-tokenizer regexes split them, computed with the third-party `regex`
  module (a real regex engine with \\p{L}/\\p{N}; the C++ side is hand-coded).
- nfc_cases.json: texts and their NFC from Python's unicodedata (the same
  Unicode version as core/text/unicode_tables.inc; checked below).
- llama3_tiny.tokenizer.json, qwen2_tiny.tokenizer.json: tokenizer.json files
  shaped like Meta-Llama-3-8B's and Qwen2's (normalizer, pre_tokenizer, decoder,
  model options and special tokens as in the real files) with a tiny
  byte-level vocabulary trained here, and tiny_expected_ids.json: ids for test
  texts from an independent Python BPE (regex split, then lowest-rank-first
  merging, HF style).

Run with a python3 that has `regex` (the pyenv one here; Debian's /usr/bin/python3
does not ship it):

    python3 scripts/gen_tokenizer_fixtures.py
"""
import json
import os
import random
import re
import sys
import unicodedata

import regex

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, 'tests', 'data', 'tokenizers')

PATTERNS = {
    'gpt2': r"""'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+""",
    'cl100k': r"""(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+""",
    'qwen2': r"""(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+""",
}
COMPILED = {k: regex.compile(v) for k, v in PATTERNS.items()}

TRICKY = [
    "I'LL be there, they'RE sure we'Ve IT'S don't I'd you'M",
    "it'\u017f ok 'S 'sam ''s ' s",
    "12345 and 1234567 or 12 3",
    "Version 3.14159, $1,000,000 (approx.) 99%",
    "line one\nline two\r\nline three\n\n\nend",
    "x  \n  y\t\n\tz \n",
    "trailing spaces   ",
    "   leading spaces",
    "tabs\t\tand\u3000ideographic\u3000space",
    "nbsp\u00a0here and\u2009thin and\u2028line sep",
    "大型语言模型的数据集整理，包括去重和质量过滤。",
    "中文English混合123测试！",
    "Tokens 🦙🚀 and family 👨‍👩‍👧 emoji ✅!!",
    "def f(x):\n    return x ** 2  # square\n\n\n",
    "caf\u00e9 vs cafe\u0301 na\u00efve r\u00e9sum\u00e9",
    "Ελληνικά Русский العربية ٣٤٥ हिन्दी १२३",
    "한국어 ２０２４ ¾ Ⅻ ²³",
    "!!!\n\n?? ...\r\n",
    "a\u200bb\ufeffc\u00adz",
    "<|im_start|>user\nhello<|im_end|>",
    "",
    " ",
    "\n",
    "'",
    "x'",
]

ALPHABET = (list("aZsStTlLeErRvVmMdD'0123456789 .,!?()-_/\"#$") +
            [" ", "  ", "\t", "\n", "\r", "\r\n", "\x0b", "\x0c", "\u3000", "\u00a0", "\u2028", "\u0085",
             "\u1680", "\u2009", "\u017f", "\u00e9", "e\u0301", "\u0301", "中", "文", "，", "。", "한", "ア",
             "٣", "２", "²", "Ⅻ", "½", "🦙", "👨\u200d👩\u200d👧", "\u200b", "\ufeff", "\x00", "\x1c",
             "\u212a", "ǅ", "ß", "İ"])

NFC_TEXTS = [
    "caf\u00e9", "cafe\u0301", "e\u0301\u0323", "e\u0323\u0301", "a\u0301\u0301", "\u1e0b\u0323",
    "d\u0307\u0323", "q\u0307\u0323", "\u0041\u030a", "\u212b", "\u2126", "\u00c5\u0301",
    "\u1100\u1161\u11a8", "\u1100\u1161", "\uac00\u11a8", "\ud55c\uad6d\uc5b4", "\u1112\u1161\u11ab\u1100\u116e\u11a8",
    "\u1100\u1100\u1161", "\u1161\u11a8", "\uf900\uf901", "\u0344", "\u0340\u0341", "\u0958",
    "\u00e9\u0300", "o\u0308\u0304", "\u00f6\u0304", "a\u0328\u0301", "\u0625", "\u0627\u0655",
    "\u0b47\u0b3e", "\u0cc6\u0cc2\u0cd5", "\u09c7\u09be", "\u1025\u102e",
    "\u05d1\u05bc", "\ufb31", "\u2adc", "\u2add\u0338",
    "\u0301abc", "\u0301\u0300", "a\u0591\u0301\u0300", "x\u0300\u0315\u0301",
    "大型语言模型的数据集整理，包括去重和质量过滤。", "日本語テキスト ひらがな", "Hello, world!", "",
    "\U0001d15e", "\U0001d160", "\U0001d157\U0001d165\U0001d16e", "\U0002f800",
]


def split(name, text):
    pieces = COMPILED[name].findall(text)
    assert ''.join(pieces) == text, (name, text)
    return pieces


def pretokenize_cases():
    rnd = random.Random(20240611)
    texts = list(TRICKY)
    for _ in range(500):
        texts.append(''.join(rnd.choice(ALPHABET) for _ in range(rnd.randint(1, 14))))
    return {
        'generator': 'scripts/gen_tokenizer_fixtures.py',
        'engine': 'Python regex %s (Unicode via the regex module)' % regex.__version__,
        'patterns': PATTERNS,
        'cases': [{'text': t, **{k: split(k, t) for k in PATTERNS}} for t in texts],
    }


def nfc_cases():
    rnd = random.Random(7)
    texts = list(NFC_TEXTS)
    interesting = []
    for cp in range(0x110000):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        c = chr(cp)
        if unicodedata.combining(c) or unicodedata.decomposition(c) or unicodedata.normalize('NFC', c) != c:
            interesting.append(c)
    pool = interesting + list("aeiouAEOUnsc ") + ['\u1100', '\u1161', '\u11a8', '\uac00', '\ud55c']
    for _ in range(700):
        texts.append(''.join(rnd.choice(pool) for _ in range(rnd.randint(1, 8))))
    # Every character that decomposes or combines, alone and decomposed.
    singles = [{'text': c, 'nfc': unicodedata.normalize('NFC', c)} for c in interesting]
    nfd = [{'text': unicodedata.normalize('NFD', c), 'nfc': unicodedata.normalize('NFC', c)} for c in interesting
           if unicodedata.decomposition(c) and not unicodedata.decomposition(c).startswith('<')]
    return {
        'generator': 'scripts/gen_tokenizer_fixtures.py',
        'unicode': unicodedata.unidata_version,
        'cases': [{'text': t, 'nfc': unicodedata.normalize('NFC', t)} for t in texts] + singles + nfd,
    }


# ---- tiny byte-level BPE tokenizers ----------------------------------------

def bytes_to_unicode():
    bs = list(range(ord('!'), ord('~') + 1)) + list(range(0xA1, 0xAC + 1)) + list(range(0xAE, 0xFF + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return dict(zip(bs, [chr(c) for c in cs]))


B2U = bytes_to_unicode()

TRAIN_TEXT = """The quick brown fox jumps over the lazy dog. It's the third time they've seen it; we'll see.
Large language models are trained on text: the data is cleaned, deduplicated and tokenized.
Geoscience covers rocks, minerals, strata and the history of the Earth over 4,500,000,000 years.
def tokenize(text):\n    return [token for token in text.split()]\n\n
大型语言模型的数据集整理，包括去重和质量过滤。地质学是研究地球的科学，包括岩石、矿物和地层。
今天天气很好，我们去公园散步吧。模型训练需要大量的数据和计算资源。
"""


def train_merges(pattern, count):
    words = {}
    for piece in COMPILED[pattern].findall(unicodedata.normalize('NFC', TRAIN_TEXT)):
        key = tuple(B2U[b] for b in piece.encode('utf-8'))
        words[key] = words.get(key, 0) + 1
    merges = []
    for _ in range(count):
        pairs = {}
        for w, n in words.items():
            for a, b in zip(w, w[1:]):
                pairs[(a, b)] = pairs.get((a, b), 0) + n
        if not pairs:
            break
        best = max(sorted(pairs), key=lambda p: pairs[p])   # ties: smallest pair first
        merges.append(best)
        merged = {}
        for w, n in words.items():
            out = []
            i = 0
            while i < len(w):
                if i + 1 < len(w) and (w[i], w[i + 1]) == best:
                    out.append(w[i] + w[i + 1])
                    i += 2
                else:
                    out.append(w[i])
                    i += 1
            merged[tuple(out)] = merged.get(tuple(out), 0) + n
        words = merged
    return merges


def vocab_for(merges):
    vocab = {}
    for b in range(256):
        vocab[B2U[b]] = len(vocab)
    for a, b in merges:
        if a + b not in vocab:
            vocab[a + b] = len(vocab)
    return vocab


def reference_encode(text, pattern, vocab, merges, nfc, ignore_merges):
    """HF BPE: merge the lowest-ranked adjacent pair, leftmost first."""
    ranks = {m: i for i, m in enumerate(merges)}
    if nfc:
        text = unicodedata.normalize('NFC', text)
    ids = []
    for piece in COMPILED[pattern].findall(text):
        symbols = [B2U[b] for b in piece.encode('utf-8')]
        if ignore_merges and ''.join(symbols) in vocab:
            ids.append(vocab[''.join(symbols)])
            continue
        while len(symbols) > 1:
            best = None
            for i in range(len(symbols) - 1):
                r = ranks.get((symbols[i], symbols[i + 1]))
                if r is not None and (best is None or r < best[0]):
                    best = (r, i)
            if best is None:
                break
            i = best[1]
            symbols[i:i + 2] = [symbols[i] + symbols[i + 1]]
        ids.extend(vocab[s] for s in symbols)
    return ids


def added(id_, content):
    return {'id': id_, 'content': content, 'single_word': False, 'lstrip': False, 'rstrip': False,
            'normalized': False, 'special': True}


def llama3_json(vocab, merges):
    n = len(vocab)
    specials = ['<|begin_of_text|>', '<|end_of_text|>', '<|start_header_id|>', '<|end_header_id|>', '<|eot_id|>']
    return {
        'version': '1.0',
        'truncation': None,
        'padding': None,
        'added_tokens': [added(n + i, s) for i, s in enumerate(specials)],
        'normalizer': None,
        'pre_tokenizer': {
            'type': 'Sequence',
            'pretokenizers': [
                {'type': 'Split', 'pattern': {'Regex': PATTERNS['cl100k']}, 'behavior': 'Isolated', 'invert': False},
                {'type': 'ByteLevel', 'add_prefix_space': False, 'trim_offsets': True, 'use_regex': False},
            ],
        },
        'post_processor': {
            'type': 'Sequence',
            'processors': [
                {'type': 'ByteLevel', 'add_prefix_space': True, 'trim_offsets': False, 'use_regex': True},
                {'type': 'TemplateProcessing',
                 'single': [{'SpecialToken': {'id': '<|begin_of_text|>', 'type_id': 0}},
                            {'Sequence': {'id': 'A', 'type_id': 0}}],
                 'pair': [{'SpecialToken': {'id': '<|begin_of_text|>', 'type_id': 0}},
                          {'Sequence': {'id': 'A', 'type_id': 0}},
                          {'SpecialToken': {'id': '<|begin_of_text|>', 'type_id': 1}},
                          {'Sequence': {'id': 'B', 'type_id': 1}}],
                 'special_tokens': {'<|begin_of_text|>': {'id': '<|begin_of_text|>', 'ids': [n],
                                                          'tokens': ['<|begin_of_text|>']}}},
            ],
        },
        'decoder': {'type': 'ByteLevel', 'add_prefix_space': True, 'trim_offsets': True, 'use_regex': True},
        'model': {
            'type': 'BPE', 'dropout': None, 'unk_token': None, 'continuing_subword_prefix': None,
            'end_of_word_suffix': None, 'fuse_unk': False, 'byte_fallback': False, 'ignore_merges': True,
            'vocab': vocab, 'merges': ['%s %s' % m for m in merges],
        },
    }


def qwen2_json(vocab, merges):
    n = len(vocab)
    specials = ['<|endoftext|>', '<|im_start|>', '<|im_end|>']
    byte_level = {'type': 'ByteLevel', 'add_prefix_space': False, 'trim_offsets': False, 'use_regex': False}
    return {
        'version': '1.0',
        'truncation': None,
        'padding': None,
        'added_tokens': [added(n + i, s) for i, s in enumerate(specials)],
        'normalizer': {'type': 'NFC'},
        'pre_tokenizer': {
            'type': 'Sequence',
            'pretokenizers': [
                {'type': 'Split', 'pattern': {'Regex': PATTERNS['qwen2']}, 'behavior': 'Isolated', 'invert': False},
                byte_level,
            ],
        },
        'post_processor': byte_level,
        'decoder': byte_level,
        'model': {
            'type': 'BPE', 'dropout': None, 'unk_token': None, 'continuing_subword_prefix': '',
            'end_of_word_suffix': '', 'fuse_unk': False, 'byte_fallback': False, 'ignore_merges': False,
            'vocab': vocab, 'merges': [list(m) for m in merges],
        },
    }


ENCODE_TEXTS = [
    "The quick brown fox jumps over the lazy dog.",
    "It's the THIRD time they'VE seen it; WE'LL see 12345 times.",
    "Large language models are trained on text:\n\n  the data is cleaned   \n",
    "def tokenize(text):\n    return [token for token in text.split()]\n",
    "大型语言模型的数据集整理，包括去重和质量过滤。",
    "今天天气很好 🦙🚀 emoji ✅",
    "cafe\u0301 na\u0308ive \u212b \u1100\u1161\u11a8 \uf900",
    "Geoscience: 4,500,000,000 years!!\r\n",
    "trailing   ",
]


def write_json(name, obj):
    with open(os.path.join(OUT, name), 'w', encoding='utf-8') as f:
        json.dump(obj, f, ensure_ascii=True, indent=1 if name.startswith(('pretokenize', 'tiny')) else None)
        f.write('\n')


def main():
    with open(os.path.join(ROOT, 'core', 'text', 'unicode_tables.inc'), encoding='utf-8') as f:
        tables = re.search(r'kUnicodeVersion\[\] = "([0-9.]+)"', f.read()).group(1)
    if tables != unicodedata.unidata_version:
        sys.exit('unicodedata is Unicode %s, the C++ tables %s' % (unicodedata.unidata_version, tables))
    os.makedirs(OUT, exist_ok=True)
    write_json('pretokenize_cases.json', pretokenize_cases())
    write_json('nfc_cases.json', nfc_cases())

    expected = {'generator': 'scripts/gen_tokenizer_fixtures.py', 'texts': ENCODE_TEXTS}
    for name, pattern, build, nfc, ignore in (('llama3', 'cl100k', llama3_json, False, True),
                                              ('qwen2', 'qwen2', qwen2_json, True, False)):
        merges = train_merges(pattern, 300)
        vocab = vocab_for(merges)
        write_json('%s_tiny.tokenizer.json' % name, build(vocab, merges))
        expected[name] = [reference_encode(t, pattern, vocab, merges, nfc, ignore) for t in ENCODE_TEXTS]
    write_json('tiny_expected_ids.json', expected)


if __name__ == '__main__':
    main()
