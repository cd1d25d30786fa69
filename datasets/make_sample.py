#!/usr/bin/python3
"""Regenerate datasets/sample/ from ../shared/datasets (one-off; not used at build or test time).

Selection is deterministic (first N records matching a rule, in file order), so a
re-run on the same inputs gives byte-identical files. Usage:
    /usr/bin/python3 datasets/make_sample.py [SHARED_DATASETS_DIR]
"""
import json
import os
import re
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "..", "shared", "datasets")
OUT = os.path.join(HERE, "sample")

GEO_WORDS = re.compile(
    r"\b(earth'?s?|rocks?|minerals?|soils?|weather|climate|volcan\w*|earthquakes?|erosion|erode\w*|"
    r"sediment\w*|fossils?|glaciers?|atmospher\w*|tectonic|magma|lava|crust|mantle|weathering|"
    r"landforms?|canyons?|continents?|ocean currents?|water cycle|groundwater)\b",
    re.IGNORECASE,
)


def load(rel):
    with open(os.path.join(SHARED, rel), encoding="utf-8") as f:
        return json.load(f)


def write(name, records):
    path = os.path.join(OUT, name)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(records, f, ensure_ascii=False, indent=1)
        f.write("\n")
    print(f"{name}: {len(records)} records, {os.path.getsize(path)} bytes")


def main():
    os.makedirs(os.path.join(OUT, "licences"), exist_ok=True)

    # English SFT: the first 150 records of the Alpaca 5,000 subset.
    write("alpaca_en.json", load("stanford-alpaca/alpaca_5000.json")[:150])

    # Chinese SFT: the first 150 records of LLaMA-Factory's alpaca_zh_demo.
    write("alpaca_zh.json", load("llama-factory-demo/alpaca_zh_demo.json")[:150])

    # Geoscience: the first 40 ARC questions (K2's Alpaca conversion) whose
    # instruction or choices mention an earth-science keyword.
    arc = load("k2-geoscience/arc_sft.json")
    geo = [r for r in arc if GEO_WORDS.search(r["instruction"] + " " + r["input"])][:40]
    write("geoscience_arc.json", geo)

    # Chinese preference pairs (ShareGPT chosen/rejected): the first 30 pairs of
    # dpo_zh_demo whose JSON text is at most 3,000 characters (keeps the sample small).
    dpo = load("llama-factory-demo/dpo_zh_demo.json")
    small = [r for r in dpo if len(json.dumps(r, ensure_ascii=False)) <= 3000][:30]
    write("preference_zh.json", small)

    for src, dst in [
        ("stanford-alpaca/DATA_LICENSE", "stanford-alpaca.DATA_LICENSE"),
        ("llama-factory-demo/LICENSE.LLaMA-Factory", "LICENSE.LLaMA-Factory"),
        ("k2-geoscience/LICENSE.code-Apache-2.0", "k2.LICENSE.code-Apache-2.0"),
    ]:
        shutil.copyfile(os.path.join(SHARED, src), os.path.join(OUT, "licences", dst))


if __name__ == "__main__":
    main()
