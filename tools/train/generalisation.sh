#!/usr/bin/env bash
# Issue 15's generalisation check of the deep models, on the C# CPU engine (SynthEval), on synth-hop/test samples
# that took no part in training or checkpoint selection: 16 / 128 / 256 frames (trained on 8–128), 32 tokens per frame
# (trained on 16) and a held-out suite seed (7). Prints one SynthEval table per condition (about 25 minutes here).
#
#   bash tools/train/generalisation.sh [MODEL...]        # default: synth-qwen2-deep synth-nemotronh-deep
set -euo pipefail
cd "$(git rev-parse --show-toplevel)"
dotnet build tools/train/SynthEval -c Release -v q -nologo > /dev/null
eval_=tools/train/SynthEval/bin/Release/net10.0/SynthEval
models=("$@"); [ ${#models[@]} -gt 0 ] || models=(synth-qwen2-deep synth-nemotronh-deep)
for m in "${models[@]}"; do
  #     frames per-task tokens split seed
  for spec in "16 50 16 test 0" "128 50 16 test 0" "64 50 32 test 0" "64 50 16 test 7" "256 25 16 test 0"; do
    # shellcheck disable=SC2086
    $eval_ "$m" $spec
  done
done
