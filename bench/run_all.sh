#!/bin/sh
# Run every benchmark with the sizes used for the published numbers and save
# each one's JSON to bench/results/<name>.json (plus machine.json).
#
#   bench/run_all.sh [BUILD_DIR] [WORK_DIR]
#
# BUILD_DIR defaults to ./build (turned to -DWB_BUILD_BENCH=ON and built here); WORK_DIR
# (default $TMPDIR/wb-bench) holds the generated corpora and projects, several
# GB at 1M records; they are reused between runs. Sizes: WB_BENCH_RECORDS
# (default 1000000) and WB_BENCH_SMALL (default 200000).
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=$(cd "${1:-$ROOT/build}" && pwd)
WORK=${2:-${TMPDIR:-/tmp}/wb-bench}
RESULTS=$ROOT/bench/results
LARGE=${WB_BENCH_RECORDS:-1000000}
SMALL=${WB_BENCH_SMALL:-200000}
PY=/usr/bin/python3
mkdir -p "$WORK" "$RESULTS"
cmake -S "$ROOT" -B "$BUILD" -DWB_BUILD_BENCH=ON >/dev/null
cmake --build "$BUILD" -j"$(nproc)"

log() { echo "run_all: $*" >&2; }

# The small corpus is the first SMALL lines of the large one (same generator).
large=$WORK/corpus_$LARGE.jsonl
small=$WORK/corpus_$SMALL.jsonl
if [ ! -s "$large" ]; then
    log "generating $large"
    $PY "$ROOT/bench/make_corpus.py" "$large.tmp" "$LARGE" && mv "$large.tmp" "$large"
fi
if [ ! -s "$small" ]; then
    head -n "$SMALL" "$large" > "$small.tmp" && mv "$small.tmp" "$small"
fi

$PY - "$RESULTS/machine.json" "$ROOT" <<'PYEOF'
import json, os, platform, subprocess, sys, time
cpu = ""
with open("/proc/cpuinfo") as f:
    for line in f:
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
mem_kb = 0
with open("/proc/meminfo") as f:
    for line in f:
        if line.startswith("MemTotal"):
            mem_kb = int(line.split()[1])
try:
    commit = subprocess.run(["git", "-C", sys.argv[2], "rev-parse", "--short", "HEAD"],
                            capture_output=True, text=True).stdout.strip()
except OSError:
    commit = ""
json.dump({"cpu": cpu, "cores": os.cpu_count(), "mem_gb": round(mem_kb / 1048576, 1),
           "os": platform.platform(), "commit": commit,
           "date": time.strftime("%Y-%m-%d %H:%M:%S %z")}, open(sys.argv[1], "w"), indent=1)
PYEOF

run() {
    name=$1
    shift
    if [ ! -x "$1" ]; then
        log "skipping $name: $1 not built"
        return 0
    fi
    log "$name: $*"
    if "$@" > "$RESULTS/$name.json.tmp"; then
        mv "$RESULTS/$name.json.tmp" "$RESULTS/$name.json"
        cat "$RESULTS/$name.json"
    else
        rm -f "$RESULTS/$name.json.tmp"
        log "$name failed"
    fi
}

label() { [ "$1" -ge 1000000 ] && echo "$(($1 / 1000000))m" || echo "$(($1 / 1000))k"; }

run "import_$(label "$SMALL")" "$BUILD/bench/bench_import" "$small" --workdir "$WORK"
run "import_$(label "$LARGE")" "$BUILD/bench/bench_import" "$large" --workdir "$WORK"
run "neardup_$(label "$LARGE")" "$BUILD/bench/bench_neardup" "$large" --threads 2 --threshold 0.8
run "table_open_$(label "$LARGE")" "$BUILD/bench/bench_table_open" "$WORK/table_$LARGE.llmwb" --corpus "$large"
run tokenizer "$BUILD/bench/bench_tokenizer"
# Batch-1 decode (fp32/bf16, 1 and 2 threads) beside an eager Python loop; writes the model into WORK.
run decode "$BUILD/bench/bench_decode" --workdir "$WORK"
# Load a 1.1B-parameter bf16 Llama (random, ~2.2 GB, written once into WORK) in child processes: time, peak RSS / file.
run model_load "$BUILD/bench/bench_model_load" --workdir "$WORK"
run projection "$BUILD/bench/bench_projection" --threads 2
