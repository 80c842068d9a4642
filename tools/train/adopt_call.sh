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
  if ! "$py" tools/train/keep_state.py "$at/state/$name.pt" "Benchmarks/models/$name" tools/train/state; then
    # The call selected an earlier checkpoint than its last step: keep the full state for the next call instead.
    mkdir -p .device/state && cp "$at/state/$name.pt" .device/state/
    echo "adopt_call.sh: $name: full state in .device/state/ (pass .device/state as RESUME; not committed)" >&2
  fi
done
if [ -f "$at/triton-cache.tar.gz" ]; then mkdir -p .device && cp "$at/triton-cache.tar.gz" .device/; fi
git status --short Benchmarks/models tools/train/state
