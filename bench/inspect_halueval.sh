#!/bin/sh
# The hallucination inspector on HaluEval QA (../shared/datasets/halueval-qa),
# with and without the model-based detectors, as reported in the README.
#
#   bench/inspect_halueval.sh [BUILD_DIR] [WORK_DIR]
#
# No pretrained model can be downloaded here, so the model-based detectors use
# a model trained in the app from scratch (about 25 minutes on 2 cores): a
# 5.3M-parameter Llama (4 layers x 256, a BPE of 8,192 trained here) on
# Stanford Alpaca's 5,000-record sample plus LLaMA-Factory's alpaca_en_demo
# (2 epochs, alpaca template, loss on prompt and reply). The semantic detector
# uses the workbench embedder trained on those records and on Wikipedia and C4
# passages (LLaMA-Factory's wiki_demo and c4_demo). Neither sees HaluEval.
# Writes bench/results/inspect_halueval.json.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=$(cd "${1:-$ROOT/build}" && pwd)
WORK=${2:-${TMPDIR:-/tmp}/wb-bench-inspect}
SHARED=$ROOT/../shared/datasets
PY=/usr/bin/python3
LLMWB=$BUILD/app/llmwb
[ -d "$SHARED/halueval-qa" ] || { echo '{"skipped": "../shared/datasets/halueval-qa not found"}'; exit 0; }
cmake -S "$ROOT" -B "$BUILD" -DWB_BUILD_BENCH=ON >/dev/null
cmake --build "$BUILD" -j"$(nproc)"
mkdir -p "$WORK/tok" "$ROOT/bench/results"
cd "$WORK"
log() { echo "inspect_halueval: $*" >&2; }

if [ ! -f hm.llmwb ]; then
    "$LLMWB" project new hm.llmwb.tmp >/dev/null
    "$LLMWB" dataset import hm.llmwb.tmp "$SHARED/stanford-alpaca/alpaca_5000.json" \
        "$SHARED/llama-factory-demo/alpaca_en_demo.json" --dataset qa >&2
    "$LLMWB" dataset split hm.llmwb.tmp qa --train 0.97 --validation 0.03 --seed 1 >&2
    mv hm.llmwb.tmp hm.llmwb
fi
[ -f tok/tokenizer.json ] || "$LLMWB" tokenizer train --vocab-size 8192 --out tok/tokenizer.json \
    "$SHARED/stanford-alpaca/alpaca_5000.json" "$SHARED/llama-factory-demo/alpaca_en_demo.json" \
    "$SHARED/llama-factory-demo/wiki_demo.txt" >&2

# Passages of about five sentences from wiki_demo (one article per line) and c4_demo.
if [ ! -f passages.txt ]; then
    $PY - "$SHARED/llama-factory-demo" <<'PYEOF'
import json, re, sys
d = sys.argv[1]
out = []
for line in open(d + "/wiki_demo.txt", encoding="utf-8"):
    s = re.split(r"(?<=[.!?])\s*(?=[A-Z])", line.strip())
    out += [" ".join(s[i:i + 5]).strip() for i in range(0, len(s), 5)]
for line in open(d + "/c4_demo.jsonl", encoding="utf-8"):
    out.append(json.loads(line)["text"].strip().replace("\n\n", "\n"))
open("passages.txt", "w", encoding="utf-8").write("\n\n".join(p for p in out if len(p) > 80) + "\n")
PYEOF
fi
[ -f emb/embedder.json ] || "$LLMWB" embed train --out emb --corpus passages.txt --project hm.llmwb --dataset qa >&2

cat > run.json <<'EOF'
{
  "name": "halueval-detector-model",
  "project": "hm.llmwb",
  "dataset": "qa",
  "method": "sft",
  "template": "alpaca",
  "train_on_prompts": true,
  "model": {"new": {"family": "llama", "preset": "tiny", "hidden_size": 256, "num_layers": 4, "num_heads": 4,
                    "num_kv_heads": 4, "intermediate_size": 704, "max_position_embeddings": 1024},
            "tokenizer": "tok/tokenizer.json"},
  "seq_len": 512,
  "batch_size": 8,
  "epochs": 2,
  "learning_rate": 2e-3,
  "warmup_steps": 30,
  "weight_decay": 0.1,
  "adam_beta2": 0.95,
  "eval_every": 100,
  "eval_max_batches": 8,
  "save_every": 200
}
EOF
if [ ! -f run/final/config.json ]; then
    log "training the detector model (about 25 minutes on 2 cores)"
    if [ -d run ]; then "$LLMWB" train --resume run --quiet; else "$LLMWB" train --config run.json --run-dir run --quiet; fi
fi

log "HaluEval QA: lexical only, + semantic, + model"
"$BUILD/bench/bench_inspect" --model none > lexical.json
"$BUILD/bench/bench_inspect" --embedder emb --model run/final > model.json
$PY - lexical.json model.json "$ROOT/bench/results/inspect_halueval.json" <<'PYEOF'
import json, sys
lex, mod = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
out = {"benchmark": "inspect_halueval", "answers": lex["answers"], "folds": lex["folds"],
       "lexical": lex["without_model"], "lexical_semantic": mod["without_model"],
       "lexical_semantic_model": mod["with_model"], "model": mod.get("model"), "embedder": mod.get("embedder")}
json.dump(out, open(sys.argv[3], "w"), indent=1)
for k in ("lexical", "lexical_semantic", "lexical_semantic_model"):
    h = out[k]["held_out"]
    print(f"{k}: P {h['precision']:.3f} R {h['recall']:.3f} F1 {h['f1']:.3f} AUROC {h['auroc']:.3f}"
          f" ({out[k]['ms_per_answer']} ms/answer) detectors {out[k]['detector_auroc']}")
PYEOF
