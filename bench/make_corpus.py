#!/usr/bin/python3
"""Generate a large Alpaca JSON Lines corpus for benchmarks by varying alpaca_5000.

    /usr/bin/python3 bench/make_corpus.py OUT.jsonl N [--source alpaca_5000.json] [--seed 1]

Record i is built from source record i % 5000 (deterministic for a seed):
  - the first 5,000 are the source records unchanged;
  - ~5% are near copies (the source record with " (#i)" appended to the instruction),
    so near-duplicate detection has real groups (about 20 members per source record);
  - ~10% swap instruction and output;
  - the rest shuffle the words of instruction and output and append a counter,
    so they are distinct records with realistic word and character statistics.
"""
import argparse
import json
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_SOURCE = os.path.join(HERE, "..", "..", "shared", "datasets", "stanford-alpaca", "alpaca_5000.json")


def shuffled(rng, text):
    words = text.split(" ")
    rng.shuffle(words)
    return " ".join(words)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("n", type=int)
    ap.add_argument("--source", default=DEFAULT_SOURCE)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    with open(a.source, encoding="utf-8") as f:
        base = json.load(f)
    rng = random.Random(a.seed)
    with open(a.out, "w", encoding="utf-8") as out:
        for i in range(a.n):
            src = base[i % len(base)]
            r = {"instruction": src["instruction"], "input": src["input"], "output": src["output"]}
            if i >= len(base):
                mode = rng.random()
                if mode < 0.05:
                    r["instruction"] += f" (#{i})"
                elif mode < 0.15:
                    r["instruction"], r["output"] = r["output"], r["instruction"]
                else:
                    r["instruction"] = shuffled(rng, r["instruction"]) + f" #{i}"
                    r["output"] = shuffled(rng, r["output"])
            out.write(json.dumps(r, ensure_ascii=False))
            out.write("\n")


if __name__ == "__main__":
    main()
