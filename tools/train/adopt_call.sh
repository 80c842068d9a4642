#!/usr/bin/env bash
# After a tools/train/device_train.sh call, here in the repository root: the call's models become the shipped ones,
# their training state is kept in tools/train/state (keep_state.py: without a second copy of the weights), and
# Triton's cache goes to .device/ for the next call. Then evaluate (SynthEval) and commit.
#
#   bash tools/train/adopt_call.sh FILES_AT        # the folder the run call's files came back to
set -euo pipefail
at=${1:?usage: adopt_call.sh FILES_AT}
py=""
for candidate in python3 /usr/bin/python3; do
  if "$candidate" -c "import torch" 2>/dev/null; then py=$candidate; break; fi
done
[ -n "$py" ] || { echo "adopt_call.sh: no python3 with torch here (Debian: apt-get install python3-torch)" >&2; exit 2; }
for tarball in "$at"/synth-*.tar.gz; do
  name=$(basename "$tarball" .tar.gz)
  rm -rf "Benchmarks/models/$name"
  tar -C Benchmarks/models -xzf "$tarball"
  # The full state (with AdamW's moments) for the next call of this session: pass .device/state as RESUME.
  mkdir -p .device/state && install -m 644 "$at/state/$name.pt" .device/state/
  # The committed one, for later sessions (no weights, no moments); refused when the state's weights are not the model's.
  "$py" tools/train/keep_state.py "$at/state/$name.pt" "Benchmarks/models/$name" tools/train/state \
    || echo "adopt_call.sh: $name: not kept in tools/train/state (the state's weights are not the model's); .device/state has it" >&2
done
if [ -f "$at/triton-cache.tar.gz" ]; then mkdir -p .device && install -m 644 "$at/triton-cache.tar.gz" .device/; fi
git status --short Benchmarks/models tools/train/state
