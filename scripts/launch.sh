#!/usr/bin/env bash
# One command from a fresh Debian 12 machine to the workbench running on the
# bundled sample project: installs what is missing, builds, creates
# build/sample/sample.llmwb from datasets/sample (once) and opens it.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
project=build/sample/sample.llmwb
if [ ! -f "$project" ]; then
  mkdir -p build/sample
  tmp="$project.partial"
  rm -f "$tmp" "$tmp"-wal "$tmp"-shm
  build/app/llmwb project new "$tmp"
  for f in datasets/sample/*.json datasets/sample/*.jsonl; do
    [ -f "$f" ] || continue
    name=$(basename "${f%.*}")
    build/app/llmwb dataset import "$tmp" "$f" --dataset "$name"
  done
  mv "$tmp" "$project"
fi
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  exec build/app/llm-workbench "$project" "$@"
else
  echo "No display found: running under xvfb-run and saving a screenshot to build/screenshot.png" >&2
  exec xvfb-run -a build/app/llm-workbench "$project" --screenshot build/screenshot.png "$@"
fi
