#!/usr/bin/env bash
# Issue 14 on the 2-GPU machine (`run` kind nvidia-h200-x2, carry [".device", "samples/SampleReducer/bin"]):
#   bash tools/scale/device_two_gpus.sh OUT [test]      (test: part 1 only)
# 1. The Harness test's sweep (ScaleCliTests: 2 fixture models × stride plugin × 2 layers × 3 budgets + baselines = 14
#    runs) on one GPU and as `--gpus 0,1`, compared apart from timing by tools/scale/same_apart_from_measurements.py.
# 2. The shipped synth sweep (samples/sweeps/synth.yaml) on one GPU and on two, timed.
set -uo pipefail
out=$1
only=${2:-all}
source .device/env.sh
[ -f .device/apps.tar.xz ] && tar -C .device -xJf .device/apps.tar.xz
P="dotnet .device/app/PruneBench.Harness/prunebench.dll"
nvidia-smi -L | tee "$out/gpus.txt"
args=(sweep -m tests/fixtures/llama -m tests/fixtures/nemotron_h_groups --benchmark random --samples 2 --methods stride
      --param stride:layer=0 --param stride:layer=1 --budgets 0.6,0.75,0.9 --plugins samples/SampleReducer/bin/Release/net10.0 --device cuda --quiet)
/usr/bin/time -f "one gpu: %e s" $P "${args[@]}" --out /tmp/whole > "$out/test-whole.log" 2>&1; echo "whole rc=$?"; tail -2 "$out/test-whole.log"
/usr/bin/time -f "two gpus: %e s" $P "${args[@]}" --gpus 0,1 --out /tmp/gpus > "$out/test-gpus.log" 2>&1; echo "gpus rc=$?"; tail -4 "$out/test-gpus.log"
python3 tools/scale/same_apart_from_measurements.py /tmp/whole /tmp/gpus | tee "$out/test-compare.txt"
cut -d, -f7,8 /tmp/gpus/results.csv | sort | uniq -c | tee -a "$out/test-compare.txt"
[ "$only" = test ] && exit 0
for g in "0,1" "0"; do
  tag=$(echo $g | tr -d ,)
  start=$(date +%s.%N)
  if [ "$g" = "0" ]; then timeout 170 $P sweep -f samples/sweeps/synth.yaml --device cuda --quiet --out /tmp/synth-$tag > "$out/synth-$tag.log" 2>&1
  else timeout 170 $P sweep -f samples/sweeps/synth.yaml --device cuda --gpus $g --quiet --out /tmp/synth-$tag > "$out/synth-$tag.log" 2>&1; fi
  rc=$?; end=$(date +%s.%N)
  echo "synth on GPUs $g: rc=$rc, $(python3 -c "print(round($end - $start, 1))") s, $(($(wc -l < /tmp/synth-$tag/results.csv) - 1)) rows" | tee -a "$out/synth-timing.txt"
  tail -3 "$out/synth-$tag.log"
done
[ -f /tmp/synth-0/results.csv ] && [ -f /tmp/synth-01/results.csv ] && python3 tools/scale/same_apart_from_measurements.py /tmp/synth-0 /tmp/synth-01 | tee -a "$out/synth-timing.txt"
cp /tmp/synth-01/results.csv "$out/synth-2gpu-results.csv" 2>/dev/null
